import { csvRows } from '../csv.js';
import { AppError } from '../errors.js';
import { byExecution, tradeKey, type Trade } from './trades.js';

/**
 * Zerodha Console's equity tradebook (Reports → Tradebook → Equity, one CSV per financial year), exactly as
 * downloaded. Parsing is pure; reading the files happens in the app.
 */
export const TRADEBOOK_COLUMNS = [
  'symbol',
  'isin',
  'trade_date',
  'exchange',
  'segment',
  'series',
  'trade_type',
  'auction',
  'quantity',
  'price',
  'trade_id',
  'order_id',
  'order_execution_time',
] as const;

type Column = (typeof TRADEBOOK_COLUMNS)[number];

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
const SYMBOL = /^[A-Z0-9][A-Z0-9&_.-]*$/;

/** yyyy-MM-dd from "2025-04-07" (Console) or "07-04-2025" / "07/04/2025" (the file saved again by a spreadsheet). */
function isoDate(raw: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) return validDate(m[1]!, m[2]!, m[3]!);
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(raw);
  return m ? validDate(m[3]!, m[2]!.padStart(2, '0'), m[1]!.padStart(2, '0')) : null;
}

function validDate(y: string, m: string, d: string): string | null {
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? null : `${y}-${m}-${d}`;
}

/** Parses one tradebook file; `label` names it in errors ("<label>: row N: …"). */
export function parseTradebook(text: string, label: string): Trade[] {
  const bad = (row: number | null, why: string) => new AppError('usage', `${label}: ${row === null ? '' : `row ${row}: `}${why}`);
  const rows = csvRows(text.replace(/^\uFEFF/, ''))
    .map((fields, i) => ({ row: i + 1, fields: fields.map((f) => f.trim()) }))
    .filter((r) => r.fields.some((f) => f !== ''));
  const header = rows[0];
  if (!header) throw bad(null, 'the file is empty');
  const names = header.fields.map((f) => f.toLowerCase());
  const missing = TRADEBOOK_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw bad(header.row, `not a Zerodha Console equity tradebook (no column ${missing.join(', ')}): download it from Console → Reports → Tradebook`);
  }
  const col = Object.fromEntries(TRADEBOOK_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
  const trades: Trade[] = [];
  for (const { row, fields } of rows.slice(1)) {
    if (fields.length < header.fields.length) throw bad(row, `${fields.length} fields where the header has ${header.fields.length}`);
    const get = (c: Column) => fields[col[c]]!;
    const segment = get('segment').toUpperCase();
    if (segment !== 'EQ') throw bad(row, `segment "${get('segment')}": only the equity tradebook (segment EQ) can be imported`);
    const symbol = get('symbol').toUpperCase();
    if (!SYMBOL.test(symbol)) throw bad(row, `"${get('symbol')}" is not a stock symbol`);
    const isin = get('isin').toUpperCase();
    if (!ISIN.test(isin)) throw bad(row, `${symbol}: "${get('isin')}" is not an ISIN`);
    const date = isoDate(get('trade_date'));
    if (date === null) throw bad(row, `${symbol}: the trade date "${get('trade_date')}" is not a date`);
    const type = get('trade_type').toLowerCase();
    if (type !== 'buy' && type !== 'sell') throw bad(row, `${symbol}: trade type "${get('trade_type')}" is neither buy nor sell`);
    const quantity = Number(get('quantity'));
    if (get('quantity') === '' || !Number.isInteger(quantity) || quantity <= 0) {
      throw bad(row, `${symbol}: the quantity "${get('quantity')}" is not a whole number of shares`);
    }
    const price = Number(get('price'));
    if (get('price') === '' || !Number.isFinite(price) || price < 0) throw bad(row, `${symbol}: the price "${get('price')}" is not a price`);
    const tradeId = get('trade_id');
    if (tradeId === '') throw bad(row, `${symbol}: no trade id`);
    const exchange = get('exchange').toUpperCase();
    if (exchange !== 'NSE' && exchange !== 'BSE') throw bad(row, `${symbol}: exchange "${get('exchange')}" is neither NSE nor BSE`);
    trades.push({
      symbol,
      isin,
      date,
      exchange,
      side: type,
      quantity,
      price,
      tradeId,
      orderId: get('order_id'),
      executedAt: get('order_execution_time'),
      source: 'tradebook',
    });
  }
  if (trades.length === 0) throw bad(null, 'no trades in the file');
  return trades;
}

export interface MergedTrades {
  trades: Trade[];
  /** The trades not already stored, oldest first. */
  added: Trade[];
  /** Rows that appeared in more than one file (or twice in one), counted once. */
  duplicates: number;
}

const sameTrade = (a: Trade, b: Trade) => a.isin === b.isin && a.side === b.side && a.quantity === b.quantity && a.price === b.price && a.date === b.date;

/**
 * Several tradebook files (overlapping years, the same year downloaded twice) into one list, oldest first: a trade id
 * seen again is counted once; the same id with different contents is an error naming both places.
 */
export function mergeTradebooks(files: readonly { label: string; trades: readonly Trade[] }[], already: readonly Trade[] = []): MergedTrades {
  const seen = new Map<string, { trade: Trade; where: string }>();
  for (const t of already) seen.set(tradeKey(t), { trade: t, where: 'the lots already imported' });
  let duplicates = 0;
  const added: Trade[] = [];
  for (const f of files) {
    for (const t of f.trades) {
      const key = tradeKey(t);
      const before = seen.get(key);
      if (!before) {
        seen.set(key, { trade: t, where: f.label });
        added.push(t);
        continue;
      }
      if (!sameTrade(before.trade, t)) {
        throw new AppError(
          'usage',
          `${f.label}: trade ${t.exchange} ${t.tradeId} (${t.symbol}) differs from the same trade id in ${before.where}: is one of the files edited?`,
        );
      }
      duplicates += 1;
    }
  }
  return { trades: [...already, ...added].sort(byExecution), added: added.sort(byExecution), duplicates };
}
