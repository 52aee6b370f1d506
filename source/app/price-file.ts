import { readBoundedFile, UnreadableFile } from '../config/bounded-read.js';
import { basename, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DateTime } from 'luxon';
import type { MarketCalendar } from '../core/calendar.js';
import { AppError } from '../core/errors.js';
import { parsePriceFile, type PriceFile } from '../core/price-file.js';

export interface LoadedPriceFile extends PriceFile {
  /** The file's name as the user gave it (shown with the prices). */
  label: string;
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/**
 * The one CSV inside a zip, as NSE serves its bhavcopies (`….csv.zip`): read through the central directory, stored or
 * deflated entries only. Null when the archive holds no single CSV.
 */
function csvFromZip(zip: Buffer): Buffer | null {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const csvs: { method: number; size: number; local: number }[] = [];
  for (let n = 0; n < count && at + 46 <= zip.length && zip.readUInt32LE(at) === ZIP_CENTRAL; n++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (/\.csv$/i.test(name)) csvs.push({ method: zip.readUInt16LE(at + 10), size: zip.readUInt32LE(at + 20), local: zip.readUInt32LE(at + 42) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  const entry = csvs.length === 1 ? csvs[0]! : null;
  if (!entry || zip.readUInt32LE(entry.local) !== ZIP_LOCAL) return null;
  const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
  const data = zip.subarray(start, start + entry.size);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  return null;
}

/** NSE's full bhavcopy is about 1 MB; a FIFO, a device or a huge file is refused, never read whole. */
const MAX_PRICE_FILE_BYTES = 64 * 1024 * 1024;

/** Reads `--prices FILE` (a CSV, or NSE's zipped bhavcopy as downloaded). Any problem: one line naming the file. */
export function loadPriceFile(file: string, cwd: string): LoadedPriceFile {
  const label = basename(file);
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(resolve(cwd, file), MAX_PRICE_FILE_BYTES);
  } catch (e) {
    const why = e instanceof UnreadableFile ? (e.code === 'ENOENT' ? 'no such file' : e.message) : 'unreadable';
    throw new AppError('usage', `--prices ${file}: cannot read the file (${why})`);
  }
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === ZIP_LOCAL) {
    let csv: Buffer | null;
    try {
      csv = csvFromZip(bytes);
    } catch {
      csv = null;
    }
    if (!csv) throw new AppError('usage', `--prices ${file}: a zip archive without exactly one readable CSV in it; unzip it and give the CSV`);
    bytes = csv;
  }
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) throw new AppError('usage', `--prices ${file}: not a text (CSV) file`);
  return { ...parsePriceFile(text, label), label };
}

/**
 * The line that introduces the file's prices, and a warning when its close is older than the last session's (a
 * bhavcopy of an earlier day still prices the plan, but further from today's prices).
 */
export function priceFileNotice(f: LoadedPriceFile, calendar: MarketCalendar, nowMs: number): string[] {
  const what = f.format === 'plain' ? 'symbol,price file' : 'NSE bhavcopy';
  const be = f.fromBeSeries.length ? `; BE series for ${f.fromBeSeries.join(', ')}` : '';
  const lines = [
    `Prices file ${f.label} (${what}, ${f.date ? `close of ${f.date}` : 'undated'}): ${Object.keys(f.prices).length} price(s), used only where Kite gives none, flagged stale${be}`,
  ];
  const last = lastClosedSession(calendar, nowMs);
  if (f.date && last && f.date < last)
    lines.push(`warning: ${f.label} is the close of ${f.date}, but NSE closed a later session on ${last}: download the latest bhavcopy`);
  return lines;
}

/** The IST date of the latest session that has closed by `nowMs` (searching 15 days back). */
function lastClosedSession(calendar: MarketCalendar, nowMs: number): string | null {
  let day = DateTime.fromMillis(nowMs, { zone: 'Asia/Kolkata' }).startOf('day');
  for (let i = 0; i < 15; i++, day = day.minus({ days: 1 })) {
    const s = calendar.sessionOn(day.toFormat('yyyy-MM-dd'));
    if (s && s.closeMs <= nowMs) return s.date;
  }
  return null;
}
