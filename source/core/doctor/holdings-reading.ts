import { contradiction, heldAtStart, holdingFields, READINGS, type Reading } from '../holding-readings.js';
import { failedRead, type DoctorCheck, type DoctorHolding, type DoctorInput } from './types.js';

/**
 * Which reading of `/portfolio/holdings` the account's own rows support (docs/kite-assumptions.md):
 * - documented (Kite's docs): `quantity` = T1 + realised (pledged included): `quantity − t1_quantity = realised_quantity`;
 * - observed (live reports): `quantity` is the free quantity, T1 and pledged on top: `quantity + collateral_quantity = realised_quantity`;
 * and, apart from that, whether `quantity` drops after a same-day sale (then `quantity + used_quantity` is the
 * start-of-day figure, which `opening_quantity` shows). Only rows with T1, pledged or sold shares can tell the
 * readings apart; a row whose fields fit no reading, or fit readings that disagree on the shares held, is one the
 * app cannot count, so it leaves that stock untraded.
 */
export type { Reading } from '../holding-readings.js';

const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Whether the row fits the reading: the snapshot's own test (core/holding-readings.ts), so doctor and a run agree. */
export const fits = (h: DoctorHolding, r: Reading): boolean => contradiction(holdingFields(h), r) === null;

/** A row with nothing in T1, nothing pledged and nothing sold today reads the same under every reading. */
const decides = (h: DoctorHolding) => n(h.t1_quantity) > 0 || n(h.collateral_quantity) > 0 || n(h.used_quantity) > 0;

const rawFields = (h: DoctorHolding, fitting: Reading[]) => ({
  tradingsymbol: h.tradingsymbol,
  exchange: h.exchange,
  quantity: h.quantity,
  t1_quantity: h.t1_quantity ?? null,
  realised_quantity: h.realised_quantity ?? null,
  opening_quantity: h.opening_quantity ?? null,
  used_quantity: h.used_quantity ?? null,
  collateral_quantity: h.collateral_quantity ?? null,
  // Nothing sold today: whether quantity drops after a sale does not apply to the row.
  fits: [
    ...new Set(fitting.map((r) => (n(h.used_quantity) > 0 ? `${r.semantics}, quantity ${r.dropsAfterSale ? 'drops' : 'kept'} after a sale` : r.semantics))),
  ],
});

const describe = (h: DoctorHolding) =>
  `${h.tradingsymbol}: quantity ${h.quantity}, t1 ${n(h.t1_quantity)}, realised ${h.realised_quantity ?? '–'}, opening ${h.opening_quantity ?? '–'}, pledged ${n(h.collateral_quantity)}, used today ${n(h.used_quantity)}`;

const SEMANTICS = {
  documented: "Kite's documented reading: quantity includes T1 (quantity − t1 = realised)",
  observed: 'the reading reported from live accounts: quantity is the free quantity, T1 and pledged shares come on top',
};

/** The one value every reading in `rs` agrees on, or null. */
const agreed = <T>(rs: readonly Reading[], pick: (r: Reading) => T): T | null => {
  const values = [...new Set(rs.map(pick))];
  return values.length === 1 ? (values[0] as T) : null;
};

export function holdingsReadingCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'holdings-reading' as const, title: 'Holdings quantities' };
  if (!input.holdings.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the holdings', input.holdings.error)}.`, fields: { holdings_error: input.holdings.error } };
  const rows = input.holdings.value.filter(decides).map((h) => ({ h, fitting: READINGS.filter((r) => fits(h, r)) }));
  const common = READINGS.filter((r) => rows.every((row) => row.fitting.includes(r)));
  const semantics = agreed(common, (r) => r.semantics);
  const drops = agreed(common, (r) => r.dropsAfterSale);
  const fields = {
    deciding_rows: rows.map(({ h, fitting }) => rawFields(h, fitting)),
    reading: rows.length ? semantics : null,
    quantity_drops_after_sale: rows.length ? drops : null,
  };

  const misfits = rows.filter((r) => r.fitting.length === 0);
  if (misfits.length > 0) {
    const list = misfits.map((r) => describe(r.h)).join('; ');
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `the holdings fields fit no reading for ${list}: the number held cannot be known, so the app leaves ${misfits.length === 1 ? 'it' : 'them'} untraded; please report these fields.`,
    };
  }
  if (common.length === 0) {
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `the holdings rows disagree on how Kite counts them (${rows.map((r) => describe(r.h)).join('; ')}); please report these fields.`,
    };
  }
  const unknowable = rows.filter((r) => agreed(r.fitting, (x) => heldAtStart(holdingFields(r.h), x)) === null);
  if (unknowable.length > 0) {
    const list = unknowable.map((r) => describe(r.h)).join('; ');
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `the fields fit readings that disagree on the shares held for ${list}: the app leaves ${unknowable.length === 1 ? 'it' : 'them'} untraded until they decide; please report these fields.`,
    };
  }
  const withT1 = rows.filter((r) => n(r.h.t1_quantity) > 0 || n(r.h.collateral_quantity) > 0);
  const sold = rows.filter((r) => n(r.h.used_quantity) > 0);
  const reading = !withT1[0]
    ? 'cannot tell yet (no T1 holding today): the documented and observed readings differ only for a holding with T1 or pledged shares; run doctor again on the trading day after a buy'
    : semantics
      ? `the account follows ${SEMANTICS[semantics]}, e.g. ${describe(withT1[0].h)}`
      : `cannot tell yet: the rows with T1 or pledged shares fit both readings once today's sales are counted (${withT1.map((r) => describe(r.h)).join('; ')})`;
  const afterSale =
    drops !== null && sold[0]
      ? `; after a sale today, quantity ${drops ? 'drops by used_quantity' : 'keeps its start-of-day value'} (${describe(sold[0].h)})`
      : sold.length > 0
        ? '; whether quantity drops after a sale cannot be told from these rows'
        : '';
  return { ...base, fields, verdict: 'ok', sentence: `${reading}${afterSale}.` };
}
