import { AppError } from './errors.js';
import { scanJsonKeys } from './json-keys.js';
import { formatPct } from './money.js';
import type { Basket, BasketMeta } from './types.js';

/** NSE symbols: upper-case letters, digits, `&` and `-` (e.g. `M&M`, `BAJAJ-AUTO`). */
const NSE_SYMBOL = /^[A-Z0-9&-]+$/;
/** Sums above 1 by more than this are an error; below 1 by more than this leave a cash target. */
const SUM_TOLERANCE = 1e-6;
/** The basket travels inside the run's journal record, rewritten at every update: its free text is kept short. */
export const MAX_REASON_CHARS = 2000;

interface Entry {
  ticker: unknown;
  weight: unknown;
  label: string; // how the entry is named in errors, e.g. `stocks[2]` or `weights["INFY"]`
}

const fail = (file: string, message: string): never => {
  throw new AppError('basket', `${file}: ${message}`);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readEntries(
  doc: Record<string, unknown>,
  weightsInOrder: [string, unknown][] | null,
  file: string,
): { entries: Entry[]; format: BasketMeta['format']; warnings: string[] } {
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
    // Its entries as written, a repeated ticker included (JSON.parse keeps only the last).
    const raw = weightsInOrder ?? Object.entries(weights);
    const entries = raw.map(([ticker, weight]): Entry => ({ ticker, weight, label: `weights[${JSON.stringify(ticker)}]` }));
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
export function parseBasket(raw: string, file: string): Basket {
  // Editors on Windows save JSON with a byte-order mark; it is not part of the document.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return fail(file, 'the basket file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(file, `not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : 'parse error'})`);
  }
  if (!isRecord(doc)) return fail(file, 'not a basket: the top level must be a JSON object');

  const scan = scanJsonKeys(text);
  // A repeated ticker inside "weights" is merged below; any other repeated key ("stocks", "weight", …) would
  // silently be resolved to its last value, so the basket is refused.
  const repeated = scan.duplicates.find((d) => d.path !== 'weights');
  if (repeated) {
    fail(file, `the key ${shown(repeated.key)}${repeated.path ? ` in ${repeated.path}` : ''} appears more than once; keep only the one you mean`);
  }

  const { entries, format, warnings } = readEntries(doc, scan.weights, file);
  if (entries.length === 0) fail(file, 'the basket lists no stocks');

  const weights: Record<string, number> = {};
  const duplicates = new Set<string>();
  for (const { ticker, weight, label } of entries) {
    if (typeof ticker !== 'string' || !NSE_SYMBOL.test(ticker)) {
      // Deliberately not upper-cased for the user: a symbol is written exactly as NSE lists it.
      const asNse = typeof ticker === 'string' && NSE_SYMBOL.test(ticker.toUpperCase()) ? `; NSE writes it ${shown(ticker.toUpperCase())}` : '';
      fail(file, `${label}: ${shown(ticker ?? null)} is not an NSE symbol (upper-case letters, digits, & and - only${asNse})`);
    }
    const symbol = ticker as string;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      fail(file, `${label} (${symbol}): weight ${shown(weight ?? null)} must be a finite number ≥ 0`);
    }
    if (symbol in weights) duplicates.add(symbol);
    weights[symbol] = (weights[symbol] ?? 0) + (weight as number);
  }
  for (const symbol of duplicates) {
    warnings.push(`${symbol} is listed more than once; its weights were added up to ${round6(weights[symbol] ?? 0)}`);
  }

  const sum = Object.values(weights).reduce((s, w) => s + w, 0);
  if (sum > 1 + SUM_TOLERANCE) fail(file, `weights add up to ${round6(sum)}, more than 1`);
  if (sum === 0) fail(file, 'every weight is 0: this basket would sell every holding for cash');
  let cashWeight = 0;
  if (sum < 1 - SUM_TOLERANCE) {
    cashWeight = 1 - sum;
    warnings.push(`weights add up to ${round6(sum)}; the remaining ${formatPct(cashWeight)} is kept as cash`);
  }

  const meta: BasketMeta = { format };
  if (typeof doc.reason_summary === 'string' && doc.reason_summary.trim() !== '') meta.reasonSummary = capped(doc.reason_summary, MAX_REASON_CHARS);
  if (typeof doc.creation_date === 'string' && doc.creation_date.trim() !== '') meta.creationDate = doc.creation_date;

  return { file, weights, cashWeight, warnings, meta };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A value quoted in an error line: JSON (control characters escaped), cut short so the line stays one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return capped(text, 40);
}

const capped = (text: string, max: number): string => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);
