import { describe, expect, it } from 'vitest';
import { parseBasket } from '../../source/core/basket.js';

describe('basket files saved with a UTF-8 byte-order mark', () => {
  it('are read like any other', () => {
    const basket = parseBasket('\uFEFF{"stocks":[{"stock_ticker":"INFY","weight":1}]}', 'b.json');
    expect(basket.weights).toEqual({ INFY: 1 });
  });
});
