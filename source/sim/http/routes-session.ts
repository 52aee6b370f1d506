import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { kiteTimestamp } from '../time.js';
import { inputError, KiteHttpError } from './envelope.js';
import { errorPage, loginPage } from './login-page.js';
import { field, type ApiRoute, type SimContext } from './context.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function profileData(ctx: SimContext): Record<string, unknown> {
  const { user_id, user_name } = ctx.state.scenario.user;
  return {
    user_id,
    user_type: 'individual',
    email: `${user_id.toLowerCase()}@paper.invalid`,
    user_name,
    user_shortname: user_name.split(' ')[0] ?? user_name,
    broker: 'ZERODHA',
    exchanges: ['NSE', 'BSE'],
    products: ['CNC', 'NRML', 'MIS', 'BO', 'CO'],
    order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
    avatar_url: null,
    // What Kite means by each value is undocumented ('consent' is very likely online eDIS consent, which still
    // needs a TPIN each day); the scenario chooses it apart from whether sells really need authorisation (`ddpi`).
    meta: { demat_consent: ctx.state.scenario.demat_consent ?? (ctx.state.scenario.ddpi ? 'physical' : '') },
  };
}

export const sessionRoutes: ApiRoute[] = [
  {
    method: 'POST',
    url: '/session/token',
    endpoint: 'session_token',
    rate: 'other',
    auth: false,
    handler: (req, _reply, ctx) => {
      const apiKey = field(req.body, 'api_key');
      const requestToken = field(req.body, 'request_token');
      const checksum = field(req.body, 'checksum');
      if (!apiKey) throw inputError('Missing or empty field `api_key`.');
      if (!requestToken) throw inputError('Missing or empty field `request_token`.');
      if (!checksum) throw inputError('Missing or empty field `checksum`.');
      if (apiKey !== ctx.config.apiKey) throw new KiteHttpError(403, 'TokenException', 'Invalid `api_key`.');
      if (!ctx.state.hasRequestToken(requestToken)) {
        throw new KiteHttpError(403, 'TokenException', 'Token is invalid or has expired.');
      }
      if (checksum.toLowerCase() !== sha256(apiKey + requestToken + ctx.config.apiSecret)) {
        throw new KiteHttpError(403, 'TokenException', 'Invalid `checksum`.');
      }
      const userId = ctx.state.redeemRequestToken(requestToken);
      if (userId === null) throw new KiteHttpError(403, 'TokenException', 'Token is invalid or has expired.');
      const accessToken = ctx.state.issueAccessToken(userId);
      return {
        ...profileData(ctx),
        api_key: apiKey,
        access_token: accessToken,
        public_token: accessToken.slice(0, 16),
        enctoken: '',
        refresh_token: '',
        silo: '',
        login_time: kiteTimestamp(ctx.state.clock.now()),
      };
    },
  },
  {
    method: 'DELETE',
    url: '/session/token',
    endpoint: 'session_token',
    rate: 'other',
    auth: false,
    handler: (req, _reply, ctx) => {
      const apiKey = field(req.query, 'api_key');
      if (apiKey !== undefined && apiKey !== ctx.config.apiKey) {
        throw new KiteHttpError(403, 'TokenException', 'Invalid `api_key`.');
      }
      const header = /^token [^:]+:(.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = field(req.query, 'access_token') ?? header;
      if (!token) throw inputError('Missing or empty field `access_token`.');
      ctx.state.invalidateAccessToken(token);
      return true;
    },
  },
  {
    method: 'GET',
    url: '/user/profile',
    endpoint: 'profile',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => profileData(ctx),
  },
];

/** The login page stand-in: GET shows the form, POST redirects to the registered redirect URL. */
export function registerLoginPage(app: FastifyInstance, ctx: SimContext): void {
  app.get('/connect/login', async (req, reply) => {
    const apiKey = field(req.query, 'api_key') ?? '';
    reply.header('content-type', 'text/html; charset=utf-8');
    if (apiKey !== ctx.config.apiKey) return reply.code(400).send(errorPage('Invalid api_key.'));
    return reply.send(
      loginPage({
        apiKey,
        redirectParams: field(req.query, 'redirect_params') ?? '',
        userId: ctx.state.scenario.user.user_id,
        userName: ctx.state.scenario.user.user_name,
      }),
    );
  });

  app.post('/connect/login', async (req, reply) => {
    const apiKey = field(req.body, 'api_key') ?? '';
    if (apiKey !== ctx.config.apiKey) {
      return reply.code(400).header('content-type', 'text/html; charset=utf-8').send(errorPage('Invalid api_key.'));
    }
    const extra = field(req.body, 'redirect_params') ?? '';
    const cancelled = field(req.body, 'action') === 'cancel';
    const params = cancelled
      ? 'action=login&type=login&status=cancelled'
      : `action=login&type=login&status=success&request_token=${ctx.state.issueRequestToken()}`;
    const base = ctx.config.redirectUrl;
    const location = `${base}${base.includes('?') ? '&' : '?'}${params}${extra ? `&${extra}` : ''}`;
    return reply.code(302).header('location', location).send();
  });
}
