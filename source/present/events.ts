import type { EngineEvent, OrderStatusView } from '../core/events.js';
import { describeShortfall, type AuthorisationShortfall } from '../core/sell-authorisation.js';
import { clockTime, duration, inr, istDateTime, sideWord } from './format.js';
import { statusTone, type Tone } from './tone.js';

/** How one engine event reads, the same in the Ink TUI's log and on the line runner's stderr. */
export interface EventDescription {
  tone: Tone;
  text: string;
}

/** "ITC SELL 300 COMPLETE filled 300/300 @ 404.85 #9488… (Kite's message)" */
export function orderLine(o: OrderStatusView): string {
  const fill = o.filled_quantity > 0 ? ` filled ${o.filled_quantity}/${o.quantity}${o.average_price ? ` @ ${o.average_price.toFixed(2)}` : ''}` : '';
  const msg = o.status_message ? ` (${o.status_message})` : '';
  return `${o.tradingsymbol} ${o.transaction_type} ${o.quantity} ${o.status}${fill}${o.order_id ? ` #${o.order_id}` : ''}${msg}`;
}

/** "waiting until Mon 30 Nov 2026 09:14 IST: weekend": the waiting event and the TUI's live countdown line. */
export const waitingText = (until: number, detail: string): string => `waiting until ${istDateTime(until)}: ${detail}`;

const shortfallList = (shortfalls: readonly AuthorisationShortfall[]): string => shortfalls.map(describeShortfall).join(', ');

/** "CDSL authorisation (TPIN) needed before selling: ITC 300 (40 authorised today)": the event and the TUI's live line. */
export const authorisationNeededText = (shortfalls: readonly AuthorisationShortfall[]): string =>
  `CDSL authorisation (TPIN) needed before selling: ${shortfallList(shortfalls)}`;

/** Where to authorise: Kite's page when the API gave one, else the step's instructions (where to click in Kite). */
export const authorisationWhereText = (url: string | null, instructions: string): string => (url ? `open ${url} and enter your CDSL TPIN` : instructions);

/**
 * Every engine event, described once. The TUI shows countdowns and authorisation re-checks on a live line
 * instead of logging them.
 */
export function describeEvent(e: EngineEvent): EventDescription {
  switch (e.type) {
    case 'run-started':
      return { tone: 'muted', text: `run ${e.runId} started (${e.mode}, ${e.legs} orders planned)` };
    case 'waiting':
      return { tone: 'warning', text: waitingText(e.until, e.detail) };
    case 'countdown':
      return { tone: 'muted', text: `${duration(e.remainingMs)} until ${clockTime(e.until)} IST` };
    case 'wait-over':
      return { tone: 'info', text: 'wait over: placing orders' };
    case 'batch':
      return { tone: 'info', text: `round ${e.round}: ${e.orders.length} ${sideWord(e.side, false)} order(s) ready` };
    case 'batch-confirmed':
      return { tone: e.confirmed ? 'success' : 'warning', text: `round ${e.round}: ${sideWord(e.side)} ${e.confirmed ? 'confirmed' : 'declined'}` };
    case 'order':
      return { tone: statusTone(e.order.status), text: orderLine(e.order) };
    case 'retry':
      return {
        tone: 'warning',
        text: `${e.tradingsymbol} ${e.side}: trying again (attempt ${e.attempt + 1}) in ${(e.delayMs / 1000).toFixed(1)}s: ${e.reason}`,
      };
    case 'replanned':
      return { tone: 'info', text: `round ${e.round} re-planned: ${e.plan.orders.length} order(s) (${e.reason})` };
    case 'cash':
      return { tone: 'muted', text: `cash available ${inr(e.available)}: ${e.note}` };
    case 'warning':
      return { tone: 'warning', text: `warning: ${e.message}${e.hint ? ` (hint: ${e.hint})` : ''}` };
    case 'reauth-needed':
      return { tone: 'warning', text: `session expired: ${e.message}` };
    case 'authorisation-needed':
      return {
        tone: 'warning',
        text: [
          authorisationNeededText(e.shortfalls),
          `  ${authorisationWhereText(e.url, e.instructions)}`,
          `  re-checking the holdings until ${clockTime(e.until)} IST; sells still not authorised then are skipped`,
        ].join('\n'),
      };
    case 'authorisation-check':
      return { tone: 'muted', text: `waiting for CDSL authorisation of ${shortfallList(e.pending)} (${Math.ceil(e.remainingMs / 1000)}s left)` };
    case 'authorisation-done': {
      const authorised = e.authorised.length ? `${e.authorised.join(', ')} authorised` : 'nothing authorised';
      const left = e.skipped.length ? `; still short: ${shortfallList(e.skipped)} (${e.reason ?? 'not authorised'})` : '';
      return { tone: e.skipped.length ? 'warning' : 'success', text: `CDSL authorisation: ${authorised}${left}` };
    }
    case 'run-finished':
      return { tone: e.summary.complete ? 'success' : 'warning', text: `run ${e.summary.runId} finished: ${e.summary.message}` };
  }
}

/** An event's line in a log: the IST clock time, then its description. */
export const timedText = (at: number, text: string): string => `${clockTime(at)} ${text}`;
