import { csvRows } from './csv.js';
import { AppError } from './errors.js';

/**
 * Prices a user gives with `--prices FILE` when Kite gives none (the free Personal plan has no quotes, and the
 * instruments dump's `last_price` is 0 for NSE equities). Accepted, exactly as downloaded from NSE:
 * - the CM UDiFF bhavcopy (`BhavCopy_NSE_CM_0_0_0_<yyyymmdd>_F_0000.csv`, since 2024-07-08): TckrSymb, SctySrs, ClsPric, TradDt;
 * - the legacy CM bhavcopy (`cm<ddMMMyyyy>bhav.csv`): SYMBOL, SERIES, CLOSE, TIMESTAMP;
 * - the full bhavcopy (`sec_bhavdata_full_<ddmmyyyy>.csv`): SYMBOL, SERIES, CLOSE_PRICE, DATE1;
 * or a plain `symbol,price` CSV (header optional). Only EQ rows are used, and a BE (trade-for-trade) row when the
 * symbol has no EQ row. Parsing is pure; reading the file (and unzipping it) happens in the app.
 */
export type PriceFileFormat = 'udiff' | 'legacy' | 'full' | 'plain';

export interface PriceFile {
  /** How the file was read. */
  format: PriceFileFormat;
  /** Trading date (yyyy-MM-dd) of the closing prices, when the file says (bhavcopies do; a plain CSV does not). */
  date: string | null;
  /** NSE symbol → closing price (₹). */
  prices: Record<string, number>;
  /** Symbols priced from their BE-series row (no EQ row in the file). */
  fromBeSeries: string[];
}

/**
 * Share of a file-priced buy's value kept aside in the cash check, instead of the usual 0.5 %. A file price is the
 * previous close: a MARKET buy fills at today's price, and on the free plan the app cannot see it beforehand. 5 %
 * covers a large overnight-and-intraday move of a large-cap stock while still letting most of the cash be spent;
 * NSE's price bands (2–20 %) bound the worst case. A bigger move makes Kite refuse the last buy for funds (money is
 * never overspent), and the next round re-plans from the fill prices.
 */
export const FILE_PRICE_BUFFER = 0.05;

/** How to fix "no price": shown with every unpriced symbol. */
export const PRICES_FILE_HINT =
  "give yesterday's closing prices with --prices FILE: NSE's CM bhavcopy as downloaded (nseindia.com → All Reports → Equities → " +
  "'CM-UDiFF Common Bhavcopy Final (zip)'), or a CSV of symbol,price lines (live quotes need Kite Connect's paid plan)";

const SYMBOL = /^[A-Z0-9][A-Z0-9&_.-]*$/;
const MONTHS: Record<string, string> = {
  JAN: '01',
  FEB: '02',
  MAR: '03',
  APR: '04',
  MAY: '05',
  JUN: '06',
  JUL: '07',
  AUG: '08',
  SEP: '09',
  OCT: '10',
  NOV: '11',
  DEC: '12',
};

interface Layout {
  format: Exclude<PriceFileFormat, 'plain'>;
  symbol: string;
  series: string;
  close: string;
  date: string;
  /** Only rows of this segment (UDiFF files of other segments share the header). */
  segment?: string;
}

const LAYOUTS: Layout[] = [
  { format: 'udiff', symbol: 'TckrSymb', series: 'SctySrs', close: 'ClsPric', date: 'TradDt', segment: 'Sgmt' },
  { format: 'legacy', symbol: 'SYMBOL', series: 'SERIES', close: 'CLOSE', date: 'TIMESTAMP' },
  { format: 'full', symbol: 'SYMBOL', series: 'SERIES', close: 'CLOSE_PRICE', date: 'DATE1' },
];

/** One CSV line into fields (double quotes allowed, as NSE quotes names with commas); fields are trimmed. */
const splitCsvLine = (line: string): string[] => (csvRows(line)[0] ?? ['']).map((f) => f.trim());

/** yyyy-MM-dd from "2026-11-24" (UDiFF) or "24-NOV-2026" / "24-Nov-2026" (legacy, full); null if neither. */
function isoDate(raw: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(raw);
  const month = m ? MONTHS[m[2]!.toUpperCase()] : undefined;
  return m && month ? `${m[3]}-${month}-${m[1]!.padStart(2, '0')}` : null;
}

const price = (raw: string): number | null => {
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) && n > 0 ? n : null;
};

/** Parses the text of a prices file; `label` names the file in errors ("<label>: row N: …"). */
export function parsePriceFile(text: string, label: string): PriceFile {
  const bad = (row: number | null, why: string) => new AppError('usage', `${label}: ${row === null ? '' : `row ${row}: `}${why}`);
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ row: i + 1, fields: splitCsvLine(l), blank: l.trim() === '' }));
  const rows = lines.filter((l) => !l.blank);
  const header = rows[0];
  if (!header) throw bad(null, 'the file is empty');
  const layout = LAYOUTS.find((l) => [l.symbol, l.series, l.close, l.date].every((c) => header.fields.includes(c)));
  return layout ? parseBhavcopy(layout, header.fields, rows.slice(1), bad) : parsePlain(rows, bad);
}

function parseBhavcopy(
  layout: Layout,
  header: string[],
  rows: { row: number; fields: string[] }[],
  bad: (row: number | null, why: string) => AppError,
): PriceFile {
  const col = (name: string) => header.indexOf(name);
  const [iSym, iSeries, iClose, iDate] = [col(layout.symbol), col(layout.series), col(layout.close), col(layout.date)];
  const iSegment = layout.segment ? col(layout.segment) : -1;
  const eq: Record<string, number> = {};
  const be: Record<string, number> = {};
  let date: string | null = null;
  for (const { row, fields } of rows) {
    if (fields.length !== header.length) throw bad(row, `${fields.length} fields where the header has ${header.length}`);
    if (iSegment >= 0 && fields[iSegment] !== 'CM') continue;
    const series = fields[iSeries]!;
    if (series !== 'EQ' && series !== 'BE') continue;
    const symbol = fields[iSym]!;
    if (!SYMBOL.test(symbol)) throw bad(row, `"${symbol}" is not an NSE symbol`);
    const close = price(fields[iClose]!);
    if (close === null) throw bad(row, `${symbol}: the close "${fields[iClose]}" is not a price`);
    const day = isoDate(fields[iDate]!);
    if (day === null) throw bad(row, `the date "${fields[iDate]}" is not a date`);
    if (date !== null && day !== date) throw bad(row, `the file mixes trading dates (${date} and ${day})`);
    date = day;
    const into = series === 'EQ' ? eq : be;
    if (symbol in into) throw bad(row, `${symbol} ${series} appears twice`);
    into[symbol] = close;
  }
  const fromBeSeries = Object.keys(be)
    .filter((s) => !(s in eq))
    .sort();
  const prices = { ...Object.fromEntries(fromBeSeries.map((s) => [s, be[s]!])), ...eq };
  if (Object.keys(prices).length === 0) {
    throw bad(null, 'no EQ-series rows of the capital market segment: is this the CM (equities) bhavcopy?');
  }
  return { format: layout.format, date, prices, fromBeSeries };
}

function parsePlain(rows: { row: number; fields: string[] }[], bad: (row: number | null, why: string) => AppError): PriceFile {
  let body = rows;
  const first = rows[0]!;
  const numeric = (raw: string) => raw !== '' && Number.isFinite(Number(raw));
  if (first.fields.length >= 2 && !numeric(first.fields[1]!)) {
    if (!/^(trading)?symbol$/i.test(first.fields[0]!) || !/^(price|close|ltp|last_price)$/i.test(first.fields[1]!)) {
      throw bad(first.row, `expected a header "symbol,price", an NSE bhavcopy header, or symbol,price rows (got "${first.fields.join(',')}")`);
    }
    body = rows.slice(1);
  }
  const prices: Record<string, number> = {};
  for (const { row, fields } of body) {
    const cells = fields.length === 3 && fields[2] === '' ? fields.slice(0, 2) : fields;
    if (cells.length !== 2) throw bad(row, `expected symbol,price (got ${fields.length} fields)`);
    const symbol = cells[0]!.toUpperCase().replace(/^NSE:/, '');
    if (!SYMBOL.test(symbol)) throw bad(row, `"${cells[0]}" is not an NSE symbol`);
    const p = price(cells[1]!);
    if (p === null) throw bad(row, `${symbol}: "${cells[1]}" is not a price`);
    if (symbol in prices) throw bad(row, `${symbol} appears twice`);
    prices[symbol] = p;
  }
  if (Object.keys(prices).length === 0) throw bad(null, 'no prices in the file');
  return { format: 'plain', date: null, prices, fromBeSeries: [] };
}
