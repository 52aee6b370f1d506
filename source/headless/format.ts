import { DateTime } from 'luxon';
import type { EngineEvent } from '../core/events.js';
import { describeShortfall } from '../core/sell-authorisation.js';
import { formatInr } from '../core/money.js';
import type { Basket, Plan, Snapshot } from '../core/types.js';
import { textTable } from './text-table.js';

const pct = (f: number) => `${(f * 100).toFixed(2)}%`;
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
export const istTime = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toFormat('HH:mm:ss');
export const istDateTime = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toFormat("ccc d LLL yyyy HH:mm 'IST'");

export function formatBasket(basket: Basket): string[] {
  const lines = [`Basket ${basket.file}: ${Object.keys(basket.weights).length} symbols, cash target ${pct(basket.cashWeight)}`];
  if (basket.meta.creationDate) lines.push(`  created ${basket.meta.creationDate}`);
  if (basket.meta.reasonSummary) lines.push(`  why: ${basket.meta.reasonSummary}`);
  for (const w of basket.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function formatSnapshot(s: Snapshot): string[] {
  const lines = [
    `Account: cash ${formatInr(s.cash)}, holdings ${formatInr(s.holdingsValue)}, positions ${formatInr(s.positionsValue)}, total ${formatInr(s.totalValue)}`,
  ];
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  if (s.unpriced.length > 0) lines.push(`  no price (left out): ${s.unpriced.join(', ')}`);
  for (const l of s.lines) {
    if (l.notes.length > 0) lines.push(`  ${l.tradingsymbol}: holds ${l.quantity}, sellable ${l.sellable}: ${l.notes.join('; ')}`);
  }
  return lines;
}

export function formatPlan(plan: Plan): string[] {
  const rows = plan.rows.map((r) => [
    r.tradingsymbol,
    r.price === null ? 'n/a' : `${r.price.toFixed(2)}${r.stale ? '*' : ''}`,
    String(r.quantity),
    pct(r.currentWeight),
    pct(r.targetWeight),
    pct(r.drift),
    r.plannedDelta === 0 ? '' : signed(r.plannedDelta),
    pct(r.weightAfter),
  ]);
  const lines = textTable(
    ['symbol', 'price', 'held', 'weight', 'target', 'drift', 'trade', 'after'],
    rows,
    [false, true, true, true, true, true, true, true],
  );
  if (plan.rows.some((r) => r.stale)) lines.push('* stale price (no live quote): holdings, positions, instruments or --prices file');
  lines.push('');
  if (plan.orders.length === 0) lines.push('Planned orders: none');
  else {
    lines.push(`Planned orders (${plan.orders.length}):`);
    for (const o of plan.orders) {
      lines.push(`  ${o.transaction_type.padEnd(4)} ${String(o.quantity).padStart(6)} ${o.tradingsymbol.padEnd(12)} ≈ ${formatInr(o.value)}  ${o.reason}`);
    }
  }
  for (const s of plan.skipped) lines.push(`  skip ${s.tradingsymbol}: ${s.reason}`);
  lines.push(
    `Drift ${pct(plan.drift_before)} → ${pct(plan.drift_after)}; charges ≈ ${formatInr(plan.charges)}; cash left ≈ ${formatInr(plan.cash_after)} (planner: ${plan.solver.method}, ${plan.solver.status}, ${plan.solver.ms} ms)`,
  );
  return lines;
}

/** One plain line per engine event (time, symbol, action, state); null when the event has no line. */
export function formatEvent(e: EngineEvent): string | null {
  const t = istTime(e.at);
  switch (e.type) {
    case 'run-started':
      return `${t} run ${e.runId} started (${e.mode}, ${e.legs} orders planned)`;
    case 'waiting':
      return `${t} waiting until ${istDateTime(e.until)}: ${e.detail}`;
    case 'countdown': {
      const s = Math.ceil(e.remainingMs / 1000);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      return `${t} ${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s until ${istTime(e.until)} IST`;
    }
    case 'wait-over':
      return `${t} wait over: placing orders`;
    case 'batch':
      return `${t} round ${e.round}: ${e.orders.length} ${e.side === 'SELL' ? 'sell' : 'buy'} order(s) ready`;
    case 'batch-confirmed':
      return `${t} round ${e.round}: ${e.side === 'SELL' ? 'sells' : 'buys'} ${e.confirmed ? 'confirmed' : 'declined'}`;
    case 'order': {
      const o = e.order;
      const fill = o.filled_quantity > 0 ? ` filled ${o.filled_quantity}/${o.quantity}${o.average_price ? ` @ ${o.average_price.toFixed(2)}` : ''}` : '';
      const msg = o.status_message ? ` (${o.status_message})` : '';
      return `${t} ${o.tradingsymbol} ${o.transaction_type} ${o.quantity} ${o.status}${fill}${o.order_id ? ` #${o.order_id}` : ''}${msg}`;
    }
    case 'retry':
      return `${t} retry ${e.legId} #${e.attempt} in ${(e.delayMs / 1000).toFixed(1)}s: ${e.reason}`;
    case 'replanned':
      return `${t} round ${e.round} re-planned: ${e.plan.orders.length} order(s) (${e.reason})`;
    case 'cash':
      return `${t} cash available ${formatInr(e.available)}: ${e.note}`;
    case 'warning':
      return `${t} warning: ${e.message}${e.hint ? ` (hint: ${e.hint})` : ''}`;
    case 'reauth-needed':
      return `${t} session expired: ${e.message}`;
    case 'run-finished':
      return `${t} run ${e.summary.runId} finished: ${e.summary.message}`;
    case 'authorisation-needed':
      return [
        `${t} CDSL authorisation (TPIN) needed before selling: ${e.shortfalls.map(describeShortfall).join(', ')}`,
        e.url ? `  open ${e.url} and enter your CDSL TPIN` : `  ${e.instructions}`,
        `  re-checking the holdings until ${istTime(e.until)} IST; sells still not authorised then are skipped`,
      ].join('\n');
    case 'authorisation-check':
      return `${t} waiting for CDSL authorisation of ${e.pending.map(describeShortfall).join(', ')} (${Math.ceil(e.remainingMs / 1000)}s left)`;
    case 'authorisation-done':
      return `${t} CDSL authorisation: ${e.authorised.length ? `${e.authorised.join(', ')} authorised` : 'nothing authorised'}${e.skipped.length ? `; still short: ${e.skipped.map(describeShortfall).join(', ')} (${e.reason ?? 'not authorised'})` : ''}`;
  }
}

/** Re-checks come every few seconds: print one when what is missing changes, else once a minute. */
export function shouldPrintAuthorisationCheck(e: Extract<EngineEvent, { type: 'authorisation-check' }>, last: { at: number; pending: string } | null): boolean {
  return last === null || last.pending !== e.pending.map(describeShortfall).join() || e.at - last.at >= 60_000;
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
