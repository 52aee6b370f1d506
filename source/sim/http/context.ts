import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultController } from '../faults.js';
import type { RateClass } from '../limits.js';
import type { FaultEndpoint } from '../scenario.js';
import type { SimState } from '../state.js';

export interface SimConfig {
  apiKey: string;
  apiSecret: string;
  redirectUrl: string;
  /** How long (real ms) a 'timeout-after-accept' response is withheld before the socket is destroyed. */
  holdMs: number;
}

export interface SimContext {
  state: SimState;
  faults: FaultController;
  config: SimConfig;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  endpoint: Exclude<FaultEndpoint, '*'>;
  rate: RateClass;
  auth: boolean;
  handler: (req: FastifyRequest, reply: FastifyReply, ctx: SimContext) => unknown;
}

type Params = Record<string, unknown>;

/** First string value of a query/body field (repeated keys arrive as arrays). */
export function field(source: unknown, key: string): string | undefined {
  const v = (source as Params | undefined)?.[key];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** All string values of a repeated field. */
export function fieldAll(source: unknown, key: string): string[] {
  const v = (source as Params | undefined)?.[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export const param = (req: FastifyRequest, key: string): string => String((req.params as Params)[key] ?? '');
