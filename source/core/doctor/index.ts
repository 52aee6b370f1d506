import { dematCheck, fundsCheck, quotesCheck, sessionCheck } from './account-checks.js';
import { holdingsReadingCheck } from './holdings-reading.js';
import { openOrdersCheck, pledgedCheck, positionsCheck } from './orders.js';
import { pricesCheck, symbolsCheck } from './symbols.js';
import type { DoctorCheck, DoctorInput, Verdict } from './types.js';

export type { DoctorCheck, DoctorInput, Verdict } from './types.js';
export { ltpInstruments } from './symbols.js';

/** Every check of `kite-rebalance doctor`, in the order they are shown. Pure: raw Kite data in, checks out. */
export function diagnose(input: DoctorInput): DoctorCheck[] {
  return [
    sessionCheck(input),
    quotesCheck(input),
    dematCheck(input),
    holdingsReadingCheck(input),
    symbolsCheck(input),
    pricesCheck(input),
    pledgedCheck(input),
    positionsCheck(input),
    openOrdersCheck(input),
    fundsCheck(input),
  ];
}

export function tally(checks: readonly DoctorCheck[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { ok: 0, warning: 0, problem: 0 };
  for (const c of checks) t[c.verdict] += 1;
  return t;
}
