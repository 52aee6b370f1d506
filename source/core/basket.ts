import { AppError } from './errors.js';
import { formatPct } from './money.js';
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

function readEntries(doc: Record<string, unknown>, text: string, file: string): { entries: Entry[]; format: BasketMeta['format']; warnings: string[] } {
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
    // The last "weights" member is the one JSON.parse kept; its entries are read again with duplicates.
    const raw = memberEntries(text, 'weights') ?? Object.entries(weights);
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

  const { entries, format, warnings } = readEntries(doc, text, file);
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
    warnings.push(`weights add up to ${round6(sum)}; the remaining ${formatPct(cashWeight)} is kept as cash`);
  }

  const meta: BasketMeta = { format };
  if (typeof doc.reason_summary === 'string' && doc.reason_summary.trim() !== '') meta.reasonSummary = doc.reason_summary;
  if (typeof doc.creation_date === 'string' && doc.creation_date.trim() !== '') meta.creationDate = doc.creation_date;

  return { file, weights, cashWeight, warnings, meta };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * JSON.parse keeps only the last of duplicate object keys. For a basket's `{"weights": {…}}` a repeated
 * ticker must be seen (and merged with a warning), so this reads the entries of one top-level object
 * member in order, duplicates included. The text must already be valid JSON (JSON.parse succeeded).
 */
function memberEntries(text: string, member: string): [string, unknown][] | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): unknown => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      const start = i;
      let depth = 0;
      do {
        const ch = text[i];
        if (ch === '"') {
          str();
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        if (ch === '}' || ch === ']') depth--;
        i++;
      } while (depth > 0);
      return JSON.parse(text.slice(start, i));
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    const token = m?.[0] ?? '';
    i += token.length;
    return JSON.parse(token);
  };
  const entries = (): [string, unknown][] => {
    const out: [string, unknown][] = [];
    i++; // {
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      const key = str();
      ws();
      i++; // :
      ws();
      out.push([key, text[i] === '{' ? Object.fromEntries(entries()) : skipValue()]);
      ws();
      if (text[i++] === '}') return out;
    }
  };
  ws();
  if (text[i] !== '{') return null;
  i++;
  ws();
  if (text[i] === '}') return null;
  let found: [string, unknown][] | null = null; // like JSON.parse, the last occurrence wins
  for (;;) {
    ws();
    const key = str();
    ws();
    i++; // :
    ws();
    if (key === member) found = text[i] === '{' ? entries() : (skipValue(), null);
    else skipValue();
    ws();
    if (text[i++] === '}') return found;
  }
}
