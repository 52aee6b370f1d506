/**
 * How many shares a Kite holding row stands for, under every reading of its fields that Kite's docs and
 * live accounts leave open (docs/kite-assumptions.md):
 * - documented: `quantity` = T1 + realised (pledged shares included); observed (live reports): `quantity`
 *   is the free quantity only, with `t1_quantity` and `collateral_quantity` on top;
 * - `quantity` either keeps its start-of-day value after a same-day sale, or drops by `used_quantity`
 *   (the sale also shows as a negative CNC position either way, so counting both would subtract it twice).
 * Each reading predicts the other fields (`realised_quantity`, `opening_quantity`); a reading whose
 * predictions the row contradicts is ruled out. When the readings left disagree on the number held, or none
 * is left, the number held cannot be known.
 */
export type HoldingsReading = 'documented' | 'observed';

export interface Reading {
  semantics: HoldingsReading;
  /** `quantity` already has today's sales taken off (by `used_quantity`). */
  dropsAfterSale: boolean;
}

export const READINGS: readonly Reading[] = [
  { semantics: 'documented', dropsAfterSale: false },
  { semantics: 'documented', dropsAfterSale: true },
  { semantics: 'observed', dropsAfterSale: false },
  { semantics: 'observed', dropsAfterSale: true },
];

/** The quantity fields of one holding row (absent or non-numeric fields are undefined and not checked). */
export interface HoldingFields {
  quantity: number;
  t1: number;
  collateral: number;
  used: number;
  realised: number | undefined;
  opening: number | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function holdingFields(h: {
  quantity: number;
  t1_quantity?: number;
  collateral_quantity?: number;
  used_quantity?: number;
  realised_quantity?: number;
  opening_quantity?: number;
}): HoldingFields {
  return {
    quantity: num(h.quantity) ?? 0,
    t1: num(h.t1_quantity) ?? 0,
    collateral: num(h.collateral_quantity) ?? 0,
    used: num(h.used_quantity) ?? 0,
    realised: num(h.realised_quantity),
    opening: num(h.opening_quantity),
  };
}

/** `quantity` as it was at the start of the day under this reading. */
const startQuantity = (f: HoldingFields, r: Reading): number => f.quantity + (r.dropsAfterSale ? f.used : 0);

/** Shares the row stood for at the start of the day (T1 and pledged included), under this reading. */
export function heldAtStart(f: HoldingFields, r: Reading): number {
  const q = startQuantity(f, r);
  return r.semantics === 'documented' ? q : q + f.t1 + f.collateral;
}

/** Why the row contradicts this reading, or null when it fits. */
export function contradiction(f: HoldingFields, r: Reading): string | null {
  if ([f.quantity, f.t1, f.collateral, f.used].some((n) => n < 0 || !Number.isInteger(n))) return 'a quantity is negative or fractional';
  const q = startQuantity(f, r);
  if (r.semantics === 'documented') {
    if (q < f.t1 + f.collateral) return 'quantity is smaller than t1 + pledged';
    if (f.realised !== undefined && q !== f.realised + f.t1) return 'quantity ≠ realised + t1';
  } else if (f.realised !== undefined && q + f.collateral !== f.realised) {
    return 'quantity + pledged ≠ realised';
  }
  if (f.opening !== undefined && q !== f.opening) return r.dropsAfterSale ? 'quantity + used ≠ opening' : 'quantity ≠ opening';
  if (f.used > heldAtStart(f, r)) return 'more used today than held';
  return null;
}

export interface SymbolHoldings {
  rows: HoldingFields[];
  /** Today's net CNC position (buys − sells) of the same stock. */
  position: number;
}

export type HeldResult = { known: true; heldAtStart: number; readings: Reading[] } | { known: false; lowestHeldAtStart: number; why: string };

const readingName = (r: Reading) => `${r.semantics}${r.dropsAfterSale ? ', quantity drops after a sale' : ''}`;

const describe = (s: SymbolHoldings): string => {
  const rows = s.rows.map(
    (f) => `quantity ${f.quantity}, t1 ${f.t1}, realised ${f.realised ?? '–'}, opening ${f.opening ?? '–'}, used ${f.used}, pledged ${f.collateral}`,
  );
  return `${rows.join(' | ')}; CNC position today ${s.position}`;
};

/**
 * The shares held at the start of the day, if every reading the fields still allow agrees on it. A reading
 * where `quantity` dropped after a sale must also account for the sale the positions show
 * (`used_quantity` ≥ the net sold today); the result never goes negative once today's position is added.
 */
export function heldAcrossReadings(s: SymbolHoldings): HeldResult {
  const soldNet = Math.max(0, -s.position);
  const fitting = READINGS.filter((r) => {
    if (s.rows.some((f) => contradiction(f, r) !== null)) return false;
    const used = s.rows.reduce((n, f) => n + f.used, 0);
    if (r.dropsAfterSale && used < soldNet) return false;
    const start = s.rows.reduce((n, f) => n + heldAtStart(f, r), 0);
    return start + s.position >= 0;
  });
  const values = [...new Set(fitting.map((r) => s.rows.reduce((n, f) => n + heldAtStart(f, r), 0)))];
  if (values.length === 1) return { known: true, heldAtStart: values[0]!, readings: fitting };
  const all = READINGS.map((r) => s.rows.reduce((n, f) => n + heldAtStart(f, r), 0));
  const lowest = Math.max(0, Math.min(...(fitting.length ? values : all)));
  if (fitting.length === 0) {
    return { known: false, lowestHeldAtStart: lowest, why: `the holdings fields contradict each other (${describe(s)}), so the number held cannot be known` };
  }
  const byValue = new Map<number, Reading[]>();
  for (const r of fitting) {
    const held = s.rows.reduce((n, f) => n + heldAtStart(f, r), 0) + s.position;
    byValue.set(held, [...(byValue.get(held) ?? []), r]);
  }
  const options = [...byValue].map(([held, rs]) => {
    // Both variants of a reading giving the same number: name the reading once.
    const names = rs
      .filter((r) => !(r.dropsAfterSale && rs.some((o) => o.semantics === r.semantics && !o.dropsAfterSale)))
      .map((r) => (rs.filter((o) => o.semantics === r.semantics).length === 2 ? r.semantics : readingName(r)));
    return `${held} (${names.join(', ')})`;
  });
  return { known: false, lowestHeldAtStart: lowest, why: `the holdings fields fit more than one reading (${describe(s)}): holds ${options.join(' or ')}` };
}

/**
 * The readings that every holding of the account fits (for `doctor`: which reading the account's own data
 * supports). All four when nothing tells them apart (no T1, no pledged shares, nothing sold today).
 */
export function readingsSupported(symbols: readonly SymbolHoldings[]): Reading[] {
  return READINGS.filter((r) => symbols.every((s) => s.rows.every((f) => contradiction(f, r) === null)));
}
