import type { Leg, PlannedOrder, Side } from '../core/types.js';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** 8 lowercase base36 characters: short enough for the Kite tag, random enough per account. */
export function newRunId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += BASE36[Math.floor(random() * 36) % 36];
  return id;
}

const pad3 = (n: number) => String(n).padStart(3, '0');

/** Kite order tag: `K` + run id + round digit + S|B + 3-digit leg index, e.g. `Kab12cd341S007` (≤ 20 alphanumerics). */
export function legTag(runId: string, round: number, side: Side, index: number): string {
  if (!/^[a-z0-9]{1,8}$/.test(runId)) throw new RangeError(`run id must be 1–8 lowercase base36 characters: ${runId}`);
  if (!Number.isInteger(round) || round < 1 || round > 9) throw new RangeError(`round must be 1–9: ${round}`);
  if (!Number.isInteger(index) || index < 0 || index > 999) throw new RangeError(`leg index must be 0–999: ${index}`);
  return `K${runId}${round}${side === 'SELL' ? 'S' : 'B'}${pad3(index)}`;
}

export const legIdOf = (round: number, side: Side, index: number) => `r${round}-${side === 'SELL' ? 'S' : 'B'}-${pad3(index)}`;

/** Legs of one side of a round, numbered from 0 in plan order. */
export function buildLegs(runId: string, round: number, side: Side, orders: readonly PlannedOrder[]): Leg[] {
  return orders
    .filter((o) => o.transaction_type === side)
    .map((order, index) => ({ legId: legIdOf(round, side, index), tag: legTag(runId, round, side, index), round, order }));
}

/** The run id inside one of our tags (`K` + run id + round + S|B + 3 digits), or null for anyone else's tag. */
export function runIdOfTag(tag: string | null | undefined): string | null {
  const m = /^K([a-z0-9]{1,8})[1-9][SB]\d{3}$/.exec(tag ?? '');
  return m ? (m[1] as string) : null;
}
