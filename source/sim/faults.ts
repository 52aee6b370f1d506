import type { FaultEndpoint, FaultKind, FaultSpec } from './scenario.js';

/**
 * Injected failures. Each fault lets the first `after` matching requests through, then fires for the next
 * `count` of them; when several are due, the oldest fires (the others still count the request as seen).
 * - 429 / 500 / 503 / token: an error envelope instead of the real answer (nothing is done; for
 *   place_order no order is created);
 * - 502: an HTML "Bad Gateway" page, as a proxy in front of the API answers (nothing is done);
 * - drop: the socket is destroyed without a response, before anything is done (no order is created);
 * - timeout-after-accept: the request IS carried out (for place_order the order exists), then the
 *   response is withheld until the client gives up (the socket is destroyed after a while);
 * - unheeded (cancel_order only): answered with success, but the exchange refuses the cancellation and the
 *   order stays as it was.
 */
export class FaultController {
  private readonly faults: { endpoint: FaultEndpoint; kind: FaultKind; skip: number; left: number }[] = [];

  constructor(initial: FaultSpec[] = []) {
    for (const f of initial) this.inject(f);
  }

  inject(f: { endpoint: FaultEndpoint; kind: FaultKind; count?: number; after?: number }): void {
    const count = f.count ?? 1;
    const after = f.after ?? 0;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('fault count must be a positive integer');
    if (!Number.isInteger(after) || after < 0) throw new RangeError('fault after must be a non-negative integer');
    if (f.kind === 'unheeded' && f.endpoint !== 'cancel_order') throw new RangeError('an unheeded fault is for cancel_order only');
    this.faults.push({ endpoint: f.endpoint, kind: f.kind, skip: after, left: count });
  }

  clear(): void {
    this.faults.length = 0;
  }

  pending(): { endpoint: FaultEndpoint; kind: FaultKind; count: number; after?: number }[] {
    return this.faults.map((f) => ({ endpoint: f.endpoint, kind: f.kind, count: f.left, ...(f.skip > 0 ? { after: f.skip } : {}) }));
  }

  /** The fault to apply to this request, if any (consumes one count). */
  take(endpoint: Exclude<FaultEndpoint, '*'>): FaultKind | null {
    let fired: FaultKind | null = null;
    for (const f of this.faults.filter((f) => f.endpoint === endpoint || f.endpoint === '*')) {
      if (f.skip > 0) f.skip--;
      else if (fired === null) {
        fired = f.kind;
        f.left--;
      }
    }
    for (let i = this.faults.length - 1; i >= 0; i--) if (this.faults[i]!.left <= 0) this.faults.splice(i, 1);
    return fired;
  }
}
