import type { EngineEvent, RunSummary } from '../core/events.js';
import { describeShortfall, type AuthorisationShortfall } from '../core/sell-authorisation.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import { describeEvent, timedText } from '../present/events.js';
import { accountLine, basketText, plannedOrderLine, plannedOrdersHeading, planTotals, skippedLine, unpricedText, warningText } from '../present/plan.js';
import { summaryLines } from '../present/summary.js';
import { PLAN_COLUMNS, stalePriceNote } from '../present/table.js';
import { planTaxLines } from '../present/tax.js';
import { span, type Line, type Style } from '../present/tone.js';
import { plain, type Paint } from './paint.js';
import { columnTable } from './text-table.js';

/** The line runner's output: the shared descriptions from present/, as lines painted for their stream. */

const one = (text: string, style?: Style): Line => [span(text, style)];

export function formatBasket(basket: Basket, paint: Paint = plain): string[] {
  const lines = [one(basketText(basket, basket.file))];
  if (basket.meta.creationDate) lines.push(one(`  created ${basket.meta.creationDate}`));
  if (basket.meta.reasonSummary) lines.push(one(`  why: ${basket.meta.reasonSummary}`, 'muted'));
  for (const w of basket.warnings) lines.push(one(`  ${warningText(w)}`, 'warning'));
  return lines.map(paint);
}

export function formatSnapshot(s: Snapshot, paint: Paint = plain): string[] {
  const lines = [accountLine(s)];
  for (const w of s.warnings) lines.push(one(`  ${warningText(w)}`, 'warning'));
  const unpriced = unpricedText(s.unpriced);
  if (unpriced) lines.push(one(`  ${unpriced}`, 'warning'));
  for (const l of s.lines) {
    if (l.notes.length > 0) lines.push(one(`  ${l.tradingsymbol}: holds ${l.quantity}, sellable ${l.sellable}: ${l.notes.join('; ')}`, 'muted'));
  }
  return lines.map(paint);
}

export function formatPlan(plan: Plan, paint: Paint = plain): string[] {
  const lines: Line[] = [];
  const note = stalePriceNote(plan.rows);
  if (note) lines.push(one(note, 'warning'));
  lines.push([], one(plannedOrdersHeading(plan)));
  for (const o of plan.orders) lines.push(plannedOrderLine(o));
  for (const s of plan.skipped) lines.push(skippedLine(s));
  lines.push(planTotals(plan, true), ...planTaxLines(plan));
  return [...columnTable(PLAN_COLUMNS, plan.rows, paint), ...lines.map(paint)];
}

export const formatSummary = (s: RunSummary, paint: Paint = plain): string[] => summaryLines(s).map(paint);

/** One line per engine event: the IST time, then the event as describeEvent words it. */
export function formatEvent(e: EngineEvent, paint: Paint = plain): string {
  const { tone, text } = describeEvent(e);
  return paint([span(timedText(e.at, text), tone)]);
}

/** What is still missing, as a key to compare two authorisation re-checks by. */
export const pendingKey = (pending: readonly AuthorisationShortfall[]): string => pending.map(describeShortfall).join();

/** Re-checks come every few seconds: print one when what is missing changes, else once a minute. */
export function shouldPrintAuthorisationCheck(e: Extract<EngineEvent, { type: 'authorisation-check' }>, last: { at: number; pending: string } | null): boolean {
  return last === null || last.pending !== pendingKey(e.pending) || e.at - last.at >= 60_000;
}

/**
 * Countdown events come every second; headless output thins them by what is left: hourly while more than an
 * hour remains, every 10 minutes within the hour, every minute in the last 10 minutes, each of the last 10 s.
 */
export function shouldPrintCountdown(e: Extract<EngineEvent, { type: 'countdown' }>, lastPrintedAt: number | null): boolean {
  if (lastPrintedAt === null) return true;
  if (e.remainingMs <= 10_000) return true;
  const every = e.remainingMs > 3_600_000 ? 3_600_000 : e.remainingMs > 600_000 ? 600_000 : 60_000;
  return e.at - lastPrintedAt >= every;
}
