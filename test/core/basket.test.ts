import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBasketFile } from '../../source/app/basket-file.js';
import { parseBasket } from '../../source/core/basket.js';
import { AppError } from '../../source/core/errors.js';
import { basketsDir, hasBaskets } from '../support/core-fixtures.js';

if (!hasBaskets) console.warn(`SKIPPED real basket files: ${basketsDir} not found (needs ../shared next to the repo)`);

const stocks = (entries: unknown[], extra: object = {}) => JSON.stringify({ stocks: entries, ...extra });

function basketError(text: string, file = 'b.json'): AppError {
  try {
    parseBasket(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.kind).toBe('basket');
    expect(err.exitCode).toBe(2);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain(file);
    return err;
  }
  throw new Error('expected parseBasket to throw');
}

describe.skipIf(!hasBaskets)('real basket files (../shared/baskets)', () => {
  const files = hasBaskets ? readdirSync(basketsDir).filter((f) => f.endsWith('.json')) : [];

  it('parses every real basket with weights summing to at most 1', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const b = parseBasket(readFileSync(join(basketsDir, f), 'utf8'), f);
      const sum = Object.values(b.weights).reduce((s, w) => s + w, 0);
      expect(sum).toBeLessThanOrEqual(1 + 1e-6);
      expect(b.cashWeight).toBeCloseTo(Math.max(0, 1 - sum), 9);
      expect(Object.keys(b.weights).length).toBeGreaterThan(0);
      expect(b.meta.reasonSummary?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('reads the "stocks" format with its metadata and symbols like M&M', () => {
    const f = files.find((x) => x.startsWith('NIFTY 50__Jul_27_2025'));
    expect(f).toBeDefined();
    const raw = JSON.parse(readFileSync(join(basketsDir, f!), 'utf8')) as { stocks: { stock_ticker: string; weight: number }[]; creation_date: string };
    const b = parseBasket(JSON.stringify(raw), f!);
    expect(b.meta.format).toBe('stocks');
    expect(b.meta.creationDate).toBe(raw.creation_date);
    for (const s of raw.stocks) expect(b.weights[s.stock_ticker]).toBeCloseTo(s.weight, 12);
    expect(b.weights['M&M']).toBeGreaterThan(0);
  });

  it('reads the older "stocks_picked"/"weights" format', () => {
    const f = files.find((x) => x.startsWith('NIFTY 50__Jun_02_2025'));
    expect(f).toBeDefined();
    const b = parseBasket(readFileSync(join(basketsDir, f!), 'utf8'), f!);
    expect(b.meta.format).toBe('weights');
    expect(b.weights).toEqual({ ONGC: 0.2, ETERNAL: 0.25, HEROMOTOCO: 0.15, ADANIPORTS: 0.2, NTPC: 0.2 });
    expect(b.meta.creationDate).toBeUndefined();
    expect(b.meta.reasonSummary).toMatch(/ETERNAL/);
  });
});

describe('basket rules', () => {
  it('accepts NSE symbols with & and -', () => {
    const b = parseBasket(
      stocks([
        { stock_ticker: 'M&M', weight: 0.5 },
        { stock_ticker: 'BAJAJ-AUTO', weight: 0.5 },
      ]),
      'b.json',
    );
    expect(b.weights).toEqual({ 'M&M': 0.5, 'BAJAJ-AUTO': 0.5 });
    expect(b.cashWeight).toBe(0);
    expect(b.warnings).toEqual([]);
  });

  it('rejects a ticker that is not an NSE symbol, naming the entry', () => {
    const err = basketError(
      stocks([
        { stock_ticker: 'INFY', weight: 0.5 },
        { stock_ticker: 'tcs', weight: 0.5 },
      ]),
    );
    expect(err.message).toMatch(/stocks\[1\]/);
    expect(err.message).toMatch(/"tcs"/);
    expect(basketError(stocks([{ stock_ticker: 'NSE:INFY', weight: 1 }])).message).toMatch(/stocks\[0\]/);
    expect(basketError(stocks([{ stock_ticker: ' INFY', weight: 1 }])).message).toMatch(/stocks\[0\]/);
    expect(basketError(stocks([{ weight: 1 }])).message).toMatch(/stocks\[0\]/);
    expect(basketError(JSON.stringify({ weights: { 'in fy': 1 } })).message).toMatch(/weights\["in fy"\]/);
  });

  it('rejects weights that are negative, not numbers or not finite, naming the entry', () => {
    expect(basketError(stocks([{ stock_ticker: 'INFY', weight: -0.1 }])).message).toMatch(/stocks\[0\] \(INFY\).*finite number ≥ 0/);
    expect(basketError(stocks([{ stock_ticker: 'INFY', weight: '0.5' }])).message).toMatch(/INFY/);
    expect(basketError('{"stocks":[{"stock_ticker":"INFY","weight":1e400}]}').message).toMatch(/INFY/);
    expect(basketError(JSON.stringify({ weights: { TCS: null } })).message).toMatch(/TCS/);
  });

  it('rejects a sum above 1 beyond 1e-6 but tolerates rounding noise', () => {
    expect(
      basketError(
        stocks([
          { stock_ticker: 'A', weight: 0.6 },
          { stock_ticker: 'B', weight: 0.41 },
        ]),
      ).message,
    ).toMatch(/add up to 1\.01/);
    const b = parseBasket(
      stocks([
        { stock_ticker: 'A', weight: 0.6 },
        { stock_ticker: 'B', weight: 0.4000005 },
      ]),
      'b.json',
    );
    expect(b.cashWeight).toBe(0);
  });

  it('keeps the rest of a sum below 1 as a cash target, with a warning', () => {
    const b = parseBasket(
      stocks([
        { stock_ticker: 'A', weight: 0.5 },
        { stock_ticker: 'B', weight: 0.3 },
      ]),
      'b.json',
    );
    expect(b.cashWeight).toBeCloseTo(0.2, 12);
    expect(b.warnings).toHaveLength(1);
    expect(b.warnings[0]).toMatch(/20\.00% is kept as cash/);
  });

  it('merges a ticker listed twice by summing its weights, with a warning naming it', () => {
    const b = parseBasket(
      stocks([
        { stock_ticker: 'INFY', weight: 0.3 },
        { stock_ticker: 'TCS', weight: 0.4 },
        { stock_ticker: 'INFY', weight: 0.3 },
      ]),
      'b.json',
    );
    expect(b.weights).toEqual({ INFY: 0.6, TCS: 0.4 });
    expect(b.warnings.some((w) => w.includes('INFY') && /more than once/.test(w))).toBe(true);
  });

  it('fails with one line naming the file for text that is not JSON, empty, or of neither format', () => {
    expect(basketError('{not json', 'x/bad.json').message).toMatch(/^x\/bad\.json: not valid JSON/);
    expect(basketError('   \n', 'empty.json').message).toBe('empty.json: the basket file is empty');
    expect(basketError('[1,2]').message).toMatch(/top level must be a JSON object/);
    expect(basketError(JSON.stringify({ tickers: ['INFY'] })).message).toMatch(/not a basket/);
    expect(basketError(JSON.stringify({ stocks: [] })).message).toMatch(/no stocks/);
  });

  it('sees a ticker repeated inside "weights" (which JSON.parse would silently drop) and merges it', () => {
    const text = '{"stocks_picked":["INFY","TCS"],"weights":{"INFY":0.25,"TCS":0.5,"INFY":0.25},"meta":{"x":[1,{"y":"}"}]}}';
    const b = parseBasket(text, 'old.json');
    expect(b.weights).toEqual({ INFY: 0.5, TCS: 0.5 });
    expect(b.cashWeight).toBe(0);
    expect(b.warnings.some((w) => w.includes('INFY') && /more than once/.test(w))).toBe(true);
    expect(basketError('{"weights":{"A":0.6,"B":0.3,"A":0.2}}').message).toMatch(/add up to 1\.1/);
  });

  it('warns about stocks_picked entries that have no weight', () => {
    const b = parseBasket(JSON.stringify({ stocks_picked: ['A', 'B'], weights: { A: 1 } }), 'b.json');
    expect(b.weights).toEqual({ A: 1 });
    expect(b.warnings.some((w) => w.startsWith('B '))).toBe(true);
  });
});

describe('loadBasketFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-basket-'));

  it('reads and parses a file', async () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, stocks([{ stock_ticker: 'INFY', weight: 1 }]));
    const b = await loadBasketFile(path);
    expect(b.file).toBe(path);
    expect(b.weights).toEqual({ INFY: 1 });
  });

  it('reports a missing file or a directory as a basket error naming the path', async () => {
    const missing = join(dir, 'nope.json');
    await expect(loadBasketFile(missing)).rejects.toMatchObject({ kind: 'basket', message: `${missing}: file not found` });
    await expect(loadBasketFile(dir)).rejects.toMatchObject({ kind: 'basket', message: `${dir}: is a directory, not a file` });
  });
});
