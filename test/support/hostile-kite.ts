import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSim } from '../../source/sim/index.js';

/** What the hostile server sends instead of the simulator's answer. */
export interface HostileReply {
  status?: number;
  contentType?: string;
  body: string;
  /** Real milliseconds to wait before answering (a slow Kite). */
  delayMs?: number;
}

/** Given a request, the reply to send instead of the simulator's, or null to pass it through. */
export type Tamper = (req: { method: string; path: string }) => HostileReply | null;

export interface HostileKite {
  url: string;
  /** A case's access token: its requests go through `tamper`; its placements are counted. */
  register(token: string, tamper: Tamper | null): void;
  /** Placement requests (POST /orders/…) the case's token sent; each is refused, never forwarded. */
  placements(token: string): number;
  close(): Promise<void>;
}

/**
 * A tiny Kite stand-in in front of the simulator: each case has its own access token, and the server answers that
 * case's requests with its hostile reply where it has one, or passes them to the simulator (with the simulator's own
 * token). Every placement attempt is recorded here, before anything is forwarded, so "no order placed" is checked
 * on the wire, not on the app's word.
 */
export async function startHostileKite(sim: RunningSim, simToken: string): Promise<HostileKite> {
  const tampers = new Map<string, Tamper | null>();
  const placed = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://hostile');
        const method = req.method ?? 'GET';
        const auth = String(req.headers.authorization ?? '');
        const token = auth.slice(auth.indexOf(':') + 1);
        if (method === 'POST' && url.pathname.startsWith('/orders')) {
          // Recorded and refused: the simulator's account, shared by every case, never changes.
          placed.set(token, (placed.get(token) ?? 0) + 1);
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'error', error_type: 'InputException', message: 'placement refused by the hostile-input suite', data: null }));
          return;
        }
        const reply = tampers.get(token)?.({ method, path: url.pathname }) ?? null;
        if (reply) {
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
          res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
          res.end(reply.body);
          return;
        }
        const headers: Record<string, string> = { 'x-kite-version': '3', authorization: `token ${sim.apiKey}:${simToken}` };
        if (req.headers['content-type']) headers['content-type'] = String(req.headers['content-type']);
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(sim.url + url.pathname + url.search, { method, headers, ...(body ? { body } : {}) });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch(() => {
        res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    register: (token, tamper) => void tampers.set(token, tamper),
    placements: (token) => placed.get(token) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
