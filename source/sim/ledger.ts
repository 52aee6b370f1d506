import type { Scenario } from './scenario.js';
import type { PriceBook } from './prices.js';
import { emptyActivity, equityMarginsRow, holdingRow, positionRow, type DayActivity, type Holding, type HoldingsView } from './account-wire.js';
import { hashString } from './hash.js';
import { round2 } from './ticks.js';
import { istDate } from './time.js';

export type { HoldingsView } from './account-wire.js';
export { commodityMargins } from './account-wire.js';

function syntheticIsin(symbol: string): string {
  const h = hashString(symbol, 99).toString(36).toUpperCase().padStart(7, '0').slice(-6);
  return `INE${h}01${hashString(symbol, 3) % 10}`;
}

/**
 * Cash, holdings and today's positions of the one simulated account (Kite semantics):
 * - holdings keep their start-of-day quantities (T1 and pledged included); today's sells show as
 *   `used_quantity`; how `/portfolio/holdings` presents them follows the scenario's `holdings_semantics`
 *   and `quantity_drops_after_sale` (the ledger itself does not change);
 * - today's trades show in positions (net CNC position = buys − sells, negative after selling holdings);
 * - so "held now" = holdings.quantity + net position quantity;
 * - proceeds of selling settled holdings (and shares bought today) are usable at once; of T1 holdings, tomorrow;
 * - money for an open buy order is blocked from validation until it fills or is cancelled.
 */
export class Ledger {
  private readonly holdings = new Map<string, Holding>();
  private readonly activity = new Map<string, DayActivity>();
  private readonly openingCash: number;
  private spent = 0;
  private usableProceeds = 0;
  private unsettledProceeds = 0;
  private blocked = 0;
  /** Shares promised to open sell orders. */
  private readonly reservedSells = new Map<string, number>();

  constructor(
    scenario: Scenario,
    private readonly prices: PriceBook,
    startMs: number,
    private readonly view: HoldingsView = { semantics: 'documented', quantityDropsAfterSale: false },
  ) {
    this.openingCash = scenario.cash;
    for (const h of scenario.holdings) {
      this.holdings.set(h.tradingsymbol, {
        tradingsymbol: h.tradingsymbol,
        exchange: h.exchange ?? 'NSE',
        reportedAs: h.reported_as ?? h.tradingsymbol,
        isin: h.isin ?? syntheticIsin(h.tradingsymbol),
        quantity: h.quantity,
        t1: h.t1_quantity ?? 0,
        collateral: h.collateral_quantity ?? 0,
        averagePrice: h.average_price ?? prices.anchor(h.tradingsymbol),
        authorised: h.authorised_quantity ?? 0,
        authorisedOn: istDate(startMs),
      });
    }
    for (const p of scenario.positions) {
      const price = p.average_price ?? prices.anchor(p.tradingsymbol);
      const a = this.activityOf(p.tradingsymbol);
      if (p.quantity > 0) {
        a.buyQty += p.quantity;
        a.buyValue += p.quantity * price;
      } else if (p.quantity < 0) {
        a.sellQty += -p.quantity;
        a.sellValue += -p.quantity * price;
        this.takeFromHoldings(p.tradingsymbol, -p.quantity);
      }
    }
  }

  private activityOf(symbol: string): DayActivity {
    let a = this.activity.get(symbol);
    if (!a) {
      a = emptyActivity();
      this.activity.set(symbol, a);
    }
    return a;
  }

  /** Cash before blocks: opening + usable sale proceeds − cost of buys. */
  cash(): number {
    return round2(this.openingCash + this.usableProceeds - this.spent);
  }

  /** What a new buy can use now. */
  available(): number {
    return round2(this.cash() - this.blocked);
  }

  block(amount: number): void {
    this.blocked += amount;
  }

  release(amount: number): void {
    this.blocked = Math.max(0, this.blocked - amount);
  }

  /** Shares that a new sell order may still sell (held now, minus pledged, minus open sells). */
  sellable(symbol: string): number {
    const h = this.holdings.get(symbol);
    const a = this.activity.get(symbol) ?? emptyActivity();
    const held = (h?.quantity ?? 0) + a.buyQty - a.sellQty;
    return Math.max(0, held - (h?.collateral ?? 0) - (this.reservedSells.get(symbol) ?? 0));
  }

  /** Settled shares still in demat (not T1, not pledged, not sold today, not promised to open sells). */
  private inDemat(h: Holding, a: DayActivity): number {
    return Math.max(0, h.quantity - h.t1 - h.collateral - a.soldSettled - (this.reservedSells.get(h.tradingsymbol) ?? 0));
  }

  /** What is left today of the holding's CDSL authorisation (0 once the day it was given has ended). */
  private authorisedLeft(h: Holding, a: DayActivity, nowMs: number): number {
    return h.authorisedOn === istDate(nowMs) ? Math.max(0, h.authorised - a.authUsed) : 0;
  }

  /** Quantity of a sell that would come out of demat holdings without CDSL authorisation (no DDPI). */
  unauthorisedFor(symbol: string, quantity: number, nowMs: number): number {
    const h = this.holdings.get(symbol);
    if (!h) return 0;
    const a = this.activity.get(symbol) ?? emptyActivity();
    const fromDemat = Math.min(quantity, this.inDemat(h, a));
    return Math.max(0, fromDemat - this.authorisedLeft(h, a, nowMs));
  }

  /** The holding with this ISIN, by symbol. */
  symbolOfIsin(isin: string): string | undefined {
    for (const h of this.holdings.values()) if (h.isin === isin) return h.tradingsymbol;
    return undefined;
  }

  /** Most a CDSL authorisation can cover now: the settled shares still in demat. */
  authorisable(symbol: string): number {
    const h = this.holdings.get(symbol);
    return h ? this.inDemat(h, this.activity.get(symbol) ?? emptyActivity()) : 0;
  }

  /** Every holding with settled shares in demat, and how many could be authorised now. */
  authorisableHoldings(): { isin: string; tradingsymbol: string; quantity: number }[] {
    return [...this.holdings.values()]
      .map((h) => ({ isin: h.isin, tradingsymbol: h.tradingsymbol, quantity: this.authorisable(h.tradingsymbol) }))
      .filter((h) => h.quantity > 0);
  }

  /**
   * CDSL authorises `quantity` more shares for sale today (on top of what is left of today's authorisation,
   * capped at the settled shares in demat); an authorisation from an earlier day has lapsed.
   */
  authorise(symbol: string, quantity: number, nowMs: number): void {
    const h = this.holdings.get(symbol);
    if (!h) return;
    const a = this.activityOf(symbol);
    const left = Math.min(this.inDemat(h, a), this.authorisedLeft(h, a, nowMs) + quantity);
    h.authorisedOn = istDate(nowMs);
    h.authorised = a.authUsed + left;
  }

  reserveSell(symbol: string, qty: number): void {
    this.reservedSells.set(symbol, (this.reservedSells.get(symbol) ?? 0) + qty);
  }

  unreserveSell(symbol: string, qty: number): void {
    this.reservedSells.set(symbol, Math.max(0, (this.reservedSells.get(symbol) ?? 0) - qty));
  }

  applyBuy(symbol: string, qty: number, price: number): void {
    const a = this.activityOf(symbol);
    a.buyQty += qty;
    a.buyValue += qty * price;
    this.spent += qty * price;
  }

  /** Which holdings a sale of `qty` came out of: settled free shares first, then T1 (the rest was bought today). */
  private takeFromHoldings(symbol: string, qty: number): { fromSettled: number; fromT1: number } {
    const a = this.activityOf(symbol);
    const h = this.holdings.get(symbol);
    const settledLeft = h ? Math.max(0, h.quantity - h.t1 - h.collateral - a.soldSettled) : 0;
    const fromSettled = Math.min(qty, settledLeft);
    const t1Left = h ? Math.max(0, h.t1 - a.soldT1) : 0;
    const fromT1 = Math.min(qty - fromSettled, t1Left);
    a.soldSettled += fromSettled;
    a.soldT1 += fromT1;
    a.authUsed += fromSettled;
    return { fromSettled, fromT1 };
  }

  applySell(symbol: string, qty: number, price: number): void {
    const a = this.activityOf(symbol);
    const { fromT1 } = this.takeFromHoldings(symbol, qty);
    a.sellQty += qty;
    a.sellValue += qty * price;
    this.usableProceeds += (qty - fromT1) * price;
    this.unsettledProceeds += fromT1 * price;
  }

  holdingsView(nowMs: number): Record<string, unknown>[] {
    return [...this.holdings.values()].map((h) => {
      const a = this.activity.get(h.tradingsymbol) ?? emptyActivity();
      return holdingRow(h, a, this.view, {
        last: this.prices.ltp(h.tradingsymbol, nowMs),
        close: this.prices.anchor(h.tradingsymbol),
        token: this.prices.instrumentToken(h.tradingsymbol),
        authorisedLeft: this.authorisedLeft(h, a, nowMs),
      });
    });
  }

  positionsView(nowMs: number): { net: Record<string, unknown>[]; day: Record<string, unknown>[] } {
    const rows = [...this.activity.entries()]
      .filter(([, a]) => a.buyQty > 0 || a.sellQty > 0)
      .map(([symbol, a]) =>
        positionRow(symbol, a, { last: this.prices.ltp(symbol, nowMs), close: this.prices.anchor(symbol), token: this.prices.instrumentToken(symbol) }),
      );
    return { net: rows, day: rows.map((r) => ({ ...r })) };
  }

  equityMargins(): Record<string, unknown> {
    return equityMarginsRow({
      cash: this.cash(),
      live: this.available(),
      openingCash: this.openingCash,
      sold: [...this.activity.values()].reduce((s, a) => s + a.sellValue, 0),
      debits: this.spent + this.blocked,
      unsettled: this.unsettledProceeds,
    });
  }
}
