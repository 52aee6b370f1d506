import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBasketFile, MAX_BASKET_BYTES } from '../../source/app/basket-file.js';
import { MAX_REASON_CHARS, parseBasket } from '../../source/core/basket.js';
import { scanJsonKeys } from '../../source/core/json-keys.js';
import { AppError } from '../../source/core/errors.js';

/** Issue 10's basket findings: each of these hung, misread or was silently resolved before. */
function basketError(text: string): string {
  try {
    parseBasket(text, 'b.json');
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).message;
  }
  throw new Error('expected the basket to be refused');
}

describe('basket text that once hung or was misread', () => {
  it('reads an old-format weight written in far more than 64 characters (the scanner looped forever)', () => {
    const long = `0.${'1'.repeat(200)}`;
    const b = parseBasket(`{"weights":{"INFY":${long},"TCS":0.5,"INFY":0.1}}`, 'old.json');
    expect(b.weights.INFY).toBeCloseTo(0.2111111, 6);
    expect(b.weights.TCS).toBe(0.5);
    const big = `1${'0'.repeat(300)}e-300`;
    expect(parseBasket(`{"weights":{"INFY":${big}}}`, 'old.json').weights.INFY).toBeCloseTo(1, 9);
  });

  it('refuses a repeated "stocks", "weights" or "weight" key instead of keeping the last', () => {
    expect(basketError('{"stocks":[{"stock_ticker":"INFY","weight":0.5}],"stocks":[{"stock_ticker":"TCS","weight":0.5}]}')).toMatch(
      /the key "stocks" appears more than once/,
    );
    expect(basketError('{"stocks":[{"stock_ticker":"INFY","weight":0.5,"weight":0.3}]}')).toMatch(/the key "weight" in stocks\[0\] appears more than once/);
    expect(basketError('{"stocks":[{"stock_ticker":"INFY","stock_ticker":"TCS","weight":1}]}')).toMatch(/"stock_ticker" in stocks\[0\]/);
    expect(basketError('{"weights":{"INFY":1},"weights":{"TCS":1}}')).toMatch(/the key "weights" appears more than once/);
  });

  it('refuses a basket whose weights are all 0 (it would sell every holding)', () => {
    expect(basketError('{"stocks":[{"stock_ticker":"INFY","weight":0}]}')).toMatch(/every weight is 0/);
    expect(basketError('{"weights":{"INFY":0,"TCS":0}}')).toMatch(/every weight is 0/);
  });

  it('keeps a huge reason_summary out of the basket the journal stores', () => {
    const b = parseBasket(JSON.stringify({ reason_summary: 'x'.repeat(1_000_000), stocks: [{ stock_ticker: 'INFY', weight: 1 }] }), 'b.json');
    expect([...(b.meta.reasonSummary ?? '')].length).toBe(MAX_REASON_CHARS + 1);
  });

  it('names a lowercase ticker as NSE writes it, and quotes control characters and long tickers on one short line', () => {
    expect(basketError('{"stocks":[{"stock_ticker":"infy","weight":1}]}')).toMatch(/NSE writes it "INFY"/);
    const control = basketError(JSON.stringify({ stocks: [{ stock_ticker: 'IN\nFY\u0007', weight: 1 }] }));
    expect(control.includes('\n') || control.includes('\u0007')).toBe(false);
    expect(basketError(JSON.stringify({ stocks: [{ stock_ticker: 'A'.repeat(5000) + 'a', weight: 1 }] })).length).toBeLessThan(200);
  });

  it('scans any nesting depth without recursion', () => {
    const deep = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)},"x":1}`;
    expect(scanJsonKeys(deep).duplicates).toEqual([{ path: '', key: 'x' }]);
  });
});

describe('basket files that once blocked or were read whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-basket-hostile-'));

  it('refuses a FIFO at once instead of blocking for a writer', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    await expect(loadBasketFile(fifo)).rejects.toMatchObject({ kind: 'basket', message: `${fifo}: not a regular file (a pipe, a device or a socket)` });
  });

  it('refuses /dev/zero and a file over the size limit without reading them whole', async () => {
    await expect(loadBasketFile('/dev/zero')).rejects.toMatchObject({
      kind: 'basket',
      message: '/dev/zero: not a regular file (a pipe, a device or a socket)',
    });
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    await expect(loadBasketFile(big)).rejects.toMatchObject({
      kind: 'basket',
      message: `${big}: too large (50 MB; at most ${MAX_BASKET_BYTES / 1024 / 1024} MB)`,
    });
  });

  it('says a path through a file is not a folder', async () => {
    const file = join(dir, 'plain.json');
    writeFileSync(file, '{}');
    await expect(loadBasketFile(join(file, 'x.json'))).rejects.toMatchObject({
      kind: 'basket',
      message: `${join(file, 'x.json')}: a folder on its path is a file`,
    });
  });
});
