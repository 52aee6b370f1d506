import { failedRead, type DoctorCheck, type DoctorHolding, type DoctorInput } from './types.js';

/**
 * Which reading of `/portfolio/holdings` the account's own rows support (docs/kite-assumptions.md):
 * - documented (Kite's docs): `quantity` = T1 + realised, so `quantity − t1_quantity = realised_quantity`;
 * - observed (live reports): `quantity` is the free quantity, with T1 and pledged on top, so
 *   `quantity + collateral_quantity = realised_quantity`.
 * Both say the same when a row has no T1 and nothing pledged: only such a row decides. `quantity` may also
 * have today's sales taken off already (`quantity + used_quantity` = the start-of-day figure); a row fits a
 * reading when either start-of-day figure does.
 */
export type Reading = 'documented' | 'observed';

const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function startFigures(h: DoctorHolding): number[] {
  const used = n(h.used_quantity);
  return used > 0 ? [h.quantity, h.quantity + used] : [h.quantity];
}

/** The readings this row fits; null when the row cannot decide (no T1, nothing pledged, or no realised_quantity). */
export function readingsOf(h: DoctorHolding): Reading[] | null {
  const t1 = n(h.t1_quantity);
  const pledged = n(h.collateral_quantity);
  if ((t1 === 0 && pledged === 0) || typeof h.realised_quantity !== 'number') return null;
  const realised = h.realised_quantity;
  const fits: Reading[] = [];
  if (startFigures(h).some((q) => q - t1 === realised && q >= t1 + pledged)) fits.push('documented');
  if (startFigures(h).some((q) => q + pledged === realised)) fits.push('observed');
  return fits;
}

const rawFields = (h: DoctorHolding) => ({
  tradingsymbol: h.tradingsymbol,
  exchange: h.exchange,
  quantity: h.quantity,
  t1_quantity: h.t1_quantity ?? null,
  realised_quantity: h.realised_quantity ?? null,
  opening_quantity: h.opening_quantity ?? null,
  used_quantity: h.used_quantity ?? null,
  collateral_quantity: h.collateral_quantity ?? null,
});

const describe = (h: DoctorHolding) =>
  `${h.tradingsymbol}: quantity ${h.quantity}, t1 ${n(h.t1_quantity)}, realised ${h.realised_quantity ?? '–'}, pledged ${n(h.collateral_quantity)}, used today ${n(h.used_quantity)}`;

const MEANING: Record<Reading, string> = {
  documented: "Kite's documented reading: quantity includes T1 (quantity − t1 = realised)",
  observed: 'the reading reported from live accounts: quantity is the free quantity, T1 and pledged shares come on top',
};

export function holdingsReadingCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'holdings-reading' as const, title: 'Holdings quantities' };
  if (!input.holdings.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the holdings', input.holdings.error)}.`, fields: { holdings_error: input.holdings.error } };
  const deciding = input.holdings.value.map((h) => ({ h, fits: readingsOf(h) })).filter((r): r is { h: DoctorHolding; fits: Reading[] } => r.fits !== null);
  const fields = { deciding_rows: deciding.map(({ h, fits }) => ({ ...rawFields(h), fits })) };
  if (deciding.length === 0) {
    return {
      ...base,
      fields,
      verdict: 'ok',
      sentence:
        'cannot tell yet (no T1 holding today): no holding has t1_quantity or a pledged quantity, where the two readings differ; run doctor again on the trading day after a buy.',
    };
  }
  const misfits = deciding.filter((r) => r.fits.length === 0);
  if (misfits.length > 0) {
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `the holdings fields fit neither reading for ${misfits.map((r) => describe(r.h)).join('; ')}: the number held cannot be known, so the app leaves ${misfits.length === 1 ? 'it' : 'them'} untraded; please report these fields.`,
    };
  }
  const supported = (['documented', 'observed'] as const).filter((reading) => deciding.every((r) => r.fits.includes(reading)));
  if (supported.length === 1) {
    const reading = supported[0] as Reading;
    const example = deciding[0] as { h: DoctorHolding };
    return { ...base, fields: { ...fields, reading }, verdict: 'ok', sentence: `the account follows ${MEANING[reading]}, e.g. ${describe(example.h)}.` };
  }
  if (supported.length === 2) {
    return {
      ...base,
      fields,
      verdict: 'ok',
      sentence: `cannot tell yet: the rows with T1 or pledged shares fit both readings once today's sales are counted (${deciding.map((r) => describe(r.h)).join('; ')}); run doctor again before selling on a day after a buy.`,
    };
  }
  const by = (reading: Reading) => deciding.filter((r) => r.fits.includes(reading)).map((r) => r.h.tradingsymbol);
  return {
    ...base,
    fields,
    verdict: 'problem',
    sentence: `the holdings disagree: ${by('documented').join(', ')} fit the documented reading, ${by('observed').join(', ')} the observed one; please report these fields.`,
  };
}
