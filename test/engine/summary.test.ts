import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../source/engine/context.js';
import { summarize } from '../../source/engine/summary.js';

const leg = (status: string) => ({
  leg: { legId: 'r1-S-000', tag: 'Kab12cd341S000', round: 1, order: { tradingsymbol: 'ITC', transaction_type: 'SELL', quantity: 10 } },
  view: {
    legId: 'r1-S-000',
    tag: 'Kab12cd341S000',
    tradingsymbol: 'ITC',
    transaction_type: 'SELL',
    quantity: 10,
    order_id: '1',
    status,
    filled_quantity: 10,
    average_price: 400,
    status_message: null,
  },
});
const ctx = (legs: unknown[]) => ({ runId: 'ab12cd34', legs, refusals: new Map() }) as unknown as RunContext;

describe('run summary wording', () => {
  it('every order filled and close to the basket: complete', () => {
    const s = summarize(ctx([leg('COMPLETE')]), { settled: true, driftAfter: 0.006 });
    expect(s).toMatchObject({ complete: true, message: 'Rebalance complete: every order filled.' });
  });

  it('every order filled but far from the basket (holdings that could not be sold): says so', () => {
    const s = summarize(ctx([leg('COMPLETE')]), { settled: true, driftAfter: 0.3175 });
    expect(s.message).toBe('Every placed order filled, but the account is still 31.75% away from the basket: see the symbols the plan skipped.');
  });
});
