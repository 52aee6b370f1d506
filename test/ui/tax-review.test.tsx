import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../source/core/types.js';
import { App } from '../../source/ui/app.js';
import { basket, plan, snapshot } from '../support/ui-fixtures.js';
import { waitForFrame } from '../support/ui-render.js';

let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

const taxed: Plan = {
  ...plan,
  orders: plan.orders.map((o) =>
    o.transaction_type === 'SELL'
      ? {
          ...o,
          tax: {
            lots: [{ bought: '2026-03-02', quantity: o.quantity, cost: 300, gain: 10_000, term: 'short' }],
            gain: 10_000,
            short_term_gain: 10_000,
            long_term_gain: 0,
            tax: 2080,
            unknown_date: 0,
          },
        }
      : o,
  ),
  tax: {
    financial_year: '2026-27',
    lots_from: 'tradebook',
    realised_short_term: 0,
    realised_long_term: 30_000,
    short_term_gain: 10_000,
    long_term_gain: 0,
    tax: 2080,
    exemption: 125_000,
    exemption_left_before: 95_000,
    exemption_left_after: 95_000,
    tax_weight: 1,
    max_tax: null,
    notes: ['INFY: the trades explain 10 of the 20 held: 10 taken as bought on an unknown date at the average price ₹1,400.00 (counted short-term)'],
  },
};

describe('TUI review with a tax estimate', () => {
  it("shows each sell's tax, the plan's tax with the year's realised gains and the exemption left, and what was assumed", async () => {
    instance = render(
      <App
        basket={basket}
        snapshot={snapshot}
        plan={taxed}
        mode="dry-run"
        broker="paper"
        userId="PA0001"
        notices={[]}
        execute={null}
        controller={new AbortController()}
      />,
    );
    const f = await waitForFrame(instance, 'Dry run: nothing was placed');
    expect(f).toMatch(/SELL\s+100 ITC\s+≈ ₹40,000\.00\s+tax ≈ ₹2,080\.00 \(ST ₹10,000\.00; 1 lot\)/);
    expect(f).toContain('Tax ≈ ₹2,080.00 on gains: ST ₹10,000.00');
    expect(f).toContain('FY 2026-27: realised LT ₹30,000.00 · LT exemption left ₹95,000.00 → ₹95,000.00');
    expect(f).toContain('tax: INFY: the trades explain 10 of the 20 held');
  });
});
