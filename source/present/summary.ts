import type { RunSummary } from '../core/events.js';
import { inr, pct } from './format.js';
import { sideStyle, span, statusTone, type Line } from './tone.js';

/** The end of a run: its message and the counts, every order's end state (one line each), the drift and the cash left after. */
export function summaryParts(s: RunSummary): { head: Line[]; orders: Line[]; tail: Line[] } {
  const head: Line[] = [
    [span(`Run ${s.runId}: ${s.message}`, s.complete ? 'success' : 'warning', true)],
    [
      span(`placed ${s.placed} · `),
      span(`filled ${s.filled}`, 'success'),
      span(' · '),
      span(`rejected ${s.rejected}`, s.rejected ? 'danger' : undefined),
      span(' · '),
      span(`skipped ${s.skipped}`, s.skipped ? 'warning' : undefined),
    ],
  ];
  const orders = s.orders.map((o): Line => [
    span('  '),
    span(o.transaction_type.padEnd(4), sideStyle(o.transaction_type)),
    span(` ${String(o.quantity).padStart(6)} ${o.tradingsymbol.padEnd(12)} `),
    span(o.status, statusTone(o.status)),
    span(` ${o.filled_quantity}/${o.quantity}${o.average_price ? ` @ ${o.average_price.toFixed(2)}` : ''}`),
    ...(o.status_message ? [span(` (${o.status_message})`, 'muted')] : []),
  ]);
  const tail: Line[] = [
    ...(s.driftAfter !== null ? [[span(`drift after ≈ ${pct(s.driftAfter)}`)]] : []),
    ...(s.cashLeft !== undefined ? [[span(`cash left ${inr(s.cashLeft)}`)]] : []),
  ];
  return { head, orders, tail };
}

export function summaryLines(s: RunSummary): Line[] {
  const { head, orders, tail } = summaryParts(s);
  return [...head, ...orders, ...tail];
}
