import type { FaultEndpoint, FaultKind, FaultSpec } from './scenario.js';

/**
 * Injected failures. Each fault fires for the next `count` matching requests (oldest fault first).
 * - 429 / 500 / 503 / token: an error envelope instead of the real answer (nothing is done; for
 *   place_order no order is created);
 * - drop: the socket is destroyed without a response, before anything is done (no order is created);
 * - timeout-after-accept: the request IS carried out (for place_order the order exists), then the
 *   response is withheld until the client gives up (the socket is destroyed after a while).
 */
export class FaultController {
  private readonly faults: { endpoint: FaultEndpoint; kind: FaultKind; left: number }[] = [];

  constructor(initial: FaultSpec[] = []) {
    for (const f of initial) this.inject(f);
  }

  inject(f: { endpoint: FaultEndpoint; kind: FaultKind; count?: number }): void {
    const count = f.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('fault count must be a positive integer');
    this.faults.push({ endpoint: f.endpoint, kind: f.kind, left: count });
  }

  clear(): void {
    this.faults.length = 0;
  }

  pending(): { endpoint: FaultEndpoint; kind: FaultKind; count: number }[] {
    return this.faults.map((f) => ({ endpoint: f.endpoint, kind: f.kind, count: f.left }));
  }

  /** The fault to apply to this request, if any (consumes one count). */
  take(endpoint: Exclude<FaultEndpoint, '*'>): FaultKind | null {
    const i = this.faults.findIndex((f) => f.endpoint === endpoint || f.endpoint === '*');
    if (i < 0) return null;
    const f = this.faults[i]!;
    if (--f.left <= 0) this.faults.splice(i, 1);
    return f.kind;
  }
}
