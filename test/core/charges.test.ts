import { describe, expect, it } from 'vitest';
import { DP_CHARGE_PER_SCRIP, deliveryCharges } from '../../source/core/charges.js';
import { drift } from '../../source/core/drift.js';

describe('deliveryCharges (nse-market.md §3)', () => {
  it('matches the worked ₹1,00,000 buy after 2026-03-01', () => {
    expect(deliveryCharges('BUY', 100_000, '2026-03-02')).toEqual({ stt: 100, exchange: 3.07, sebi: 0.1, stamp: 15, gst: 0.57, total: 118.74 });
  });

  it('charges no stamp duty on sells', () => {
    expect(deliveryCharges('SELL', 100_000, '2026-03-02')).toEqual({ stt: 100, exchange: 3.07, sebi: 0.1, stamp: 0, gst: 0.57, total: 103.74 });
  });

  it('rounds STT to the rupee and the other components to the paisa', () => {
    const c = deliveryCharges('BUY', 1_499, '2026-03-02');
    expect(c.stt).toBe(1); // 1.499 → 1
    expect(deliveryCharges('BUY', 2_500, '2026-03-02').stt).toBe(3); // 2.5 → 3
    expect(c.stamp).toBe(0.22); // 0.22485 → 0.22
    expect(c.exchange).toBe(0.05); // 0.046 → 0.05
    expect(c.total).toBeCloseTo(c.stt + c.exchange + c.sebi + c.stamp + c.gst, 10);
  });

  it('charges nothing for nothing', () => {
    expect(deliveryCharges('SELL', 0, '2026-03-02').total).toBe(0);
  });

  it('uses the 2024-10 uniform exchange charge before 2026-03-01 (same ₹307/crore total)', () => {
    expect(deliveryCharges('BUY', 1e7, '2025-06-01').exchange).toBe(307);
    expect(deliveryCharges('BUY', 1e7, '2026-06-01').exchange).toBe(307);
  });

  it('DP charge is ₹13 + 18% GST per scrip', () => {
    expect(DP_CHARGE_PER_SCRIP).toBe(15.34);
  });
});

describe('drift', () => {
  it('is half the L1 distance with cash as a symbol', () => {
    expect(drift({ A: 0.5, B: 0.5 }, { A: 0.5, B: 0.5 }, 0, 0)).toBe(0);
    expect(drift({ A: 0.6, B: 0.3 }, { A: 0.5, B: 0.5 }, 0.1, 0)).toBeCloseTo(0.2, 12);
  });

  it('counts targets that are not held and holdings that are not targeted', () => {
    expect(drift({ X: 0.4 }, { A: 0.5, B: 0.5 }, 0.6, 0)).toBeCloseTo(1, 12);
    expect(drift({}, { A: 1 }, 1, 0)).toBe(1);
  });
});
