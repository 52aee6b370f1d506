import { istDate } from '../core/ist.js';
import type { Basket } from '../core/types.js';
import { pct } from './format.js';

/** "nifty50-momentum.json · 5 stocks · created 2026-11-20 · cash 5.00% · 1 warning" */
export function basketSummary(basket: Basket, file: string): string {
  const n = Object.keys(basket.weights).length;
  const parts = [file, `${n} ${n === 1 ? 'stock' : 'stocks'}`];
  const created = basket.meta.creationDate;
  if (created) parts.push(`created ${Number.isFinite(Date.parse(created)) ? istDate(Date.parse(created)) : created}`);
  parts.push(`cash ${pct(basket.cashWeight)}`);
  const w = basket.warnings.length;
  if (w) parts.push(`${w} ${w === 1 ? 'warning' : 'warnings'}`);
  return parts.join(' · ');
}

/** Words wrapped to `width` columns (a word longer than a line is cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = word.slice(0, width);
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}
