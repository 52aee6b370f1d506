import { AppError } from './errors.js';
import type { Basket, BasketMeta } from './types.js';

/** NSE symbols: upper-case letters, digits, `&` and `-` (e.g. `M&M`, `BAJAJ-AUTO`). */
const NSE_SYMBOL = /^[A-Z0-9&-]+$/;
/** Sums above 1 by more than this are an error; below 1 by more than this leave a cash target. */
const SUM_TOLERANCE = 1e-6;

interface Entry {
  ticker: unknown;
  weight: unknown;
  label: string; // how the entry is named in errors, e.g. `stocks[2]` or `weights["INFY"]`
}

const fail = (file: string, message: string): never => {
  throw new AppError('basket', `${file}: ${message}`);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readEntries(doc: Record<string, unknown>, file: string): { entries: Entry[]; format: BasketMeta['format']; warnings: string[] } {
  const warnings: string[] = [];
  if (Array.isArray(doc.stocks)) {
    const entries = doc.stocks.map((item, i): Entry => {
      if (!isRecord(item)) return fail(file, `stocks[${i}] is not an object with "stock_ticker" and "weight"`);
      return { ticker: item.stock_ticker, weight: item.weight, label: `stocks[${i}]` };
    });
    return { entries, format: 'stocks', warnings };
  }
  if (isRecord(doc.weights)) {
    const weights = doc.weights;
    const entries = Object.entries(weights).map(([ticker, weight]): Entry => ({ ticker, weight, label: `weights[${JSON.stringify(ticker)}]` }));
    if (Array.isArray(doc.stocks_picked)) {
      for (const picked of doc.stocks_picked) {
        if (typeof picked === 'string' && !(picked in weights)) warnings.push(`${picked} is in stocks_picked but has no weight; it gets none`);
      }
    }
    return { entries, format: 'weights', warnings };
  }
  return fail(file, 'not a basket: expected {"stocks":[{"stock_ticker","weight"}]} or {"weights":{"SYMBOL":w}}');
}

/**
 * Parses and validates a basket file's text (both real formats). Throws AppError('basket') with one line
 * naming the file and, where it applies, the entry. Duplicates are merged (weights summed) with a warning;
 * a sum below 1 leaves the rest as a cash target (warning); a sum above 1 is an error.
 */
export function parseBasket(text: string, file: string): Basket {
  if (text.trim() === '') return fail(file, 'the basket file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(file, `not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : 'parse error'})`);
  }
  if (!isRecord(doc)) return fail(file, 'not a basket: the top level must be a JSON object');

  const { entries, format, warnings } = readEntries(doc, file);
  if (entries.length === 0) fail(file, 'the basket lists no stocks');

  const weights: Record<string, number> = {};
  const duplicates = new Set<string>();
  for (const { ticker, weight, label } of entries) {
    if (typeof ticker !== 'string' || !NSE_SYMBOL.test(ticker)) {
      fail(file, `${label}: ${JSON.stringify(ticker ?? null)} is not an NSE symbol (upper-case letters, digits, & and - only)`);
    }
    const symbol = ticker as string;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      fail(file, `${label} (${symbol}): weight ${JSON.stringify(weight ?? null)} must be a finite number ≥ 0`);
    }
    if (symbol in weights) duplicates.add(symbol);
    weights[symbol] = (weights[symbol] ?? 0) + (weight as number);
  }
  for (const symbol of duplicates) {
    warnings.push(`${symbol} is listed more than once; its weights were added up to ${round6(weights[symbol] ?? 0)}`);
  }

  const sum = Object.values(weights).reduce((s, w) => s + w, 0);
  if (sum > 1 + SUM_TOLERANCE) fail(file, `weights add up to ${round6(sum)}, more than 1`);
  let cashWeight = 0;
  if (sum < 1 - SUM_TOLERANCE) {
    cashWeight = 1 - sum;
    warnings.push(`weights add up to ${round6(sum)}; the remaining ${(cashWeight * 100).toFixed(2)}% is kept as cash`);
  }

  const meta: BasketMeta = { format };
  if (typeof doc.reason_summary === 'string' && doc.reason_summary.trim() !== '') meta.reasonSummary = doc.reason_summary;
  if (typeof doc.creation_date === 'string' && doc.creation_date.trim() !== '') meta.creationDate = doc.creation_date;

  return { file, weights, cashWeight, warnings, meta };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
