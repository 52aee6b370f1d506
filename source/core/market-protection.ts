/**
 * What the app assumes about Kite's protected MARKET orders when it sizes buys.
 *
 * A MARKET order with `market_protection` p becomes a limit at LTP ± p %, and Kite very likely blocks a buy's
 * funds at that limit price, not at the LTP; `-1` asks for Kite's automatic protection, whose percentage Kite
 * does not publish (kite-api.md, "Added 2026-11-28: where the docs and live accounts may disagree", "Protected
 * MARKET orders", UNCONFIRMED; §4.7, the `market_protection` row).
 */

/** Kite's wire value for its automatic protection. */
export const AUTO_MARKET_PROTECTION = -1;

/**
 * The percentage assumed for `-1` (auto), since Kite publishes none: 3 %. It is the one place this number lives;
 * a user who knows better sets the run option `autoProtectionPct` (--auto-protection-pct).
 */
export const AUTO_MARKET_PROTECTION_ASSUMED_PCT = 3;

/**
 * The LTP can move between the price buys are sized at and Kite's funds check when each order arrives:
 * this much of a buy's value is kept aside for that, on top of the protection.
 */
export const PRICE_MOVE_ALLOWANCE = 0.005;

/** The percentage a protected MARKET order may move from the LTP: p itself, or the assumption for auto. */
export function protectionPct(marketProtection: number, autoPct: number = AUTO_MARKET_PROTECTION_ASSUMED_PCT): number {
  return marketProtection === AUTO_MARKET_PROTECTION ? autoPct : marketProtection;
}

/**
 * Share of a MARKET buy's value at the LTP kept aside on top of it, so that Σ qty × LTP × (1 + buffer) + charges
 * covers the funds Kite blocks at the protection price (`pct` %) even after the LTP moves by `priceMove`.
 */
export function fundsBuffer(pct: number, priceMove: number = PRICE_MOVE_ALLOWANCE): number {
  return (1 + pct / 100) * (1 + priceMove) - 1;
}

/** `fundsBuffer` for a run's `market_protection` (-1 = auto, taken to be `autoPct`). */
export function buyFundsBuffer(marketProtection: number, autoPct: number = AUTO_MARKET_PROTECTION_ASSUMED_PCT): number {
  return fundsBuffer(protectionPct(marketProtection, autoPct));
}
