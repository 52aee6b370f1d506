import { describe, expect, it } from 'vitest';
import { IdMaker } from '../../source/sim/ids.js';

describe('simulator order ids', () => {
  it('are 19-digit strings, also at a fractional clock time (a manual clock after a jittered backoff)', () => {
    const ids = new IdMaker();
    const a = ids.orderId(1_795_000_000_000);
    const b = ids.orderId(1_795_000_000_123.84);
    expect(a).toMatch(/^\d{19}$/);
    expect(b).toMatch(/^\d{19}$/);
    expect(b > a).toBe(true);
  });
});
