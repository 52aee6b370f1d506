import { parse as parseQuery } from 'node:querystring';
import type { Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { MarketCalendar } from '../core/calendar.js';
import { FaultController } from './faults.js';
import { defaultScenario, type Scenario } from './scenario.js';
import { SimState } from './state.js';
import { KiteHttpError, sendError, sendJson, sendSuccess, tokenError } from './http/envelope.js';
import type { ApiRoute, SimContext } from './http/context.js';
import { registerLoginPage, sessionRoutes } from './http/routes-session.js';
import { accountRoutes, marketRoutes } from './http/routes-account.js';
import { orderRoutes } from './http/routes-orders.js';
import { cdslRoutes, registerCdslPages } from './http/routes-cdsl.js';

export const SIM_DEFAULTS = {
  apiKey: 'paper_api_key',
  apiSecret: 'paper_api_secret',
  redirectUrl: 'http://localhost:8080/callback',
  host: '127.0.0.1',
};

export interface StartSimOptions {
  clock: Clock;
  scenario?: Scenario;
  /** 0 = any free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  apiKey?: string;
  apiSecret?: string;
  redirectUrl?: string;
  quiet?: boolean;
  /** Real ms a 'timeout-after-accept' response is withheld before the socket is destroyed (default 10 000). */
  timeoutHoldMs?: number;
  calendar?: MarketCalendar;
}

/** One HTTP request as it reached the simulator (path without the query, which may carry a token). */
export interface SimRequest {
  method: string;
  path: string;
  /** Clock ms when it arrived. */
  at: number;
}

export interface RunningSim {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
  /** Read-only inspection for tests: orders(), holdings(), positions(), cash(), margins(), trades(), tokens. */
  state: SimState;
  faults: FaultController;
  /** Every request received, in order (tests use it to prove a command made no write call). */
  requests: readonly SimRequest[];
  /** Test helper: a valid access token without the login dance. */
  issueAccessToken(userId?: string): string;
  apiKey: string;
  apiSecret: string;
}

const API_VERSION = '3';

/** What a proxy in front of the API answers when the API behind it fails. */
const BAD_GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/** node:querystring decodes '+' and %26 like Kite; maxKeys 0 lifts its default cap of 1000 keys. */
const parseAll = (s: string) => parseQuery(s, '&', '=', { maxKeys: 0 });

export async function startSimulator(opts: StartSimOptions): Promise<RunningSim> {
  const scenario = opts.scenario ?? defaultScenario();
  const state = new SimState(scenario, opts.clock, opts.calendar);
  const faults = new FaultController(scenario.faults);
  const ctx: SimContext = {
    state,
    faults,
    config: {
      apiKey: opts.apiKey ?? SIM_DEFAULTS.apiKey,
      apiSecret: opts.apiSecret ?? SIM_DEFAULTS.apiSecret,
      redirectUrl: opts.redirectUrl ?? SIM_DEFAULTS.redirectUrl,
      holdMs: opts.timeoutHoldMs ?? scenario.fault_hold_ms ?? 10_000,
    },
  };
  const held = new Set<Socket>();

  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    routerOptions: { querystringParser: parseAll },
  });

  const requests: SimRequest[] = [];
  app.addHook('onRequest', async (req) => {
    requests.push({ method: req.method, path: req.url.split('?')[0] ?? req.url, at: opts.clock.now() });
  });

  // kiteconnect sends `Content-Type: application/x-www-form-urlencoded` even on GET/DELETE without a body
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseAll(String(body)));
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new KiteHttpError(400, 'InputException', 'Invalid JSON body.'), undefined);
    }
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof KiteHttpError) return sendError(reply, err);
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, new KiteHttpError(status, 'InputException', (err as Error).message));
    }
    return sendError(reply, new KiteHttpError(500, 'GeneralException', 'Internal simulator error.'));
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, new KiteHttpError(404, 'GeneralException', 'Route not found')));

  const hold = (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    const socket = req.raw.socket;
    held.add(socket);
    const timer = setTimeout(() => socket.destroy(), ctx.config.holdMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      held.delete(socket);
    });
  };

  const drop = (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    req.raw.socket.destroy();
  };

  const register = (route: ApiRoute) => {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req, reply) => {
        if (req.headers['x-kite-version'] !== API_VERSION) {
          return sendError(reply, new KiteHttpError(400, 'InputException', 'Missing or invalid `X-Kite-Version` header (expected 3).'));
        }
        if (route.auth && !authorised(req.headers.authorization, ctx)) return sendError(reply, tokenError());
        const fault = faults.take(route.endpoint);
        switch (fault) {
          case '429':
            return sendError(reply, new KiteHttpError(429, 'NetworkException', 'Too many requests'));
          case '500':
            return sendError(reply, new KiteHttpError(500, 'GeneralException', 'Something went wrong. Please try again.'));
          case '502':
            return reply.code(502).header('content-type', 'text/html').send(BAD_GATEWAY_PAGE);
          case '503':
            return sendError(reply, new KiteHttpError(503, 'NetworkException', 'Service unavailable. Please try again.'));
          case 'token':
            return sendError(reply, tokenError());
          case 'drop':
            return drop(req, reply);
          case 'unheeded':
            // Acknowledged, then refused by the exchange: the order stays as it was.
            return sendSuccess(reply, { order_id: (req.params as { order_id?: string }).order_id });
          default:
            break;
        }
        const verdict = state.limiter.check(route.rate, state.clock.now());
        if (!verdict.ok) return sendError(reply, new KiteHttpError(429, 'NetworkException', verdict.message));
        state.now();
        let data: unknown;
        try {
          data = await route.handler(req, reply, ctx);
        } catch (e) {
          if (fault === 'timeout-after-accept') return hold(req, reply);
          throw e;
        }
        if (fault === 'timeout-after-accept') return hold(req, reply);
        return sendSuccess(reply, data);
      },
    });
  };

  for (const r of [...sessionRoutes, ...accountRoutes, ...marketRoutes, ...orderRoutes, ...cdslRoutes]) register(r);
  registerLoginPage(app, ctx);
  registerCdslPages(app, ctx);
  app.get('/', async (_req, reply) => sendJson(reply, 200, { status: 'success', data: { name: 'kite-rebalance simulator', api_key: ctx.config.apiKey } }));

  const host = opts.host ?? SIM_DEFAULTS.host;
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host}:${port}`,
    state,
    faults,
    requests,
    apiKey: ctx.config.apiKey,
    apiSecret: ctx.config.apiSecret,
    issueAccessToken: (userId?: string) => state.issueAccessToken(userId),
    close: () => {
      closing ??= (async () => {
        for (const s of held) s.destroy();
        await app.close();
      })();
      return closing;
    },
  };
}

function authorised(header: string | undefined, ctx: SimContext): boolean {
  const m = /^token ([^:\s]+):(\S+)$/.exec(header ?? '');
  if (!m) return false;
  return m[1] === ctx.config.apiKey && ctx.state.accessTokenValid(m[2]!);
}
