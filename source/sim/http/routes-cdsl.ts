import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorisationItem } from '../cdsl.js';
import { cdslDonePage, cdslErrorPage, cdslPage } from './cdsl-page.js';
import { field, fieldAll, param, type ApiRoute, type SimContext } from './context.js';
import { inputError, KiteHttpError } from './envelope.js';

/** Repeated `isin` + `quantity` fields, paired in order. */
function pairs(source: unknown): { isin: string; quantity: string }[] {
  const isins = fieldAll(source, 'isin');
  const quantities = fieldAll(source, 'quantity');
  if (isins.length !== quantities.length) throw inputError('Each `isin` needs a `quantity`.');
  return isins.map((isin, i) => ({ isin, quantity: quantities[i]! }));
}

/** `POST /portfolio/holdings/authorise`: 403 PermissionException for apps Kite does not allow (scenario), else a request id. */
export const cdslRoutes: ApiRoute[] = [
  {
    method: 'POST',
    url: '/portfolio/holdings/authorise',
    endpoint: 'holdings_authorise',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      if (ctx.state.scenario.holdings_authorise_api === 'forbidden') {
        throw new KiteHttpError(403, 'PermissionException', 'Insufficient permission for that call.');
      }
      const given = pairs(req.body);
      // Without pairs Kite offers every holding for authorisation.
      const wanted = given.length ? given : ctx.state.ledger.authorisableHoldings().map((h) => ({ isin: h.isin, quantity: String(h.quantity) }));
      const items = ctx.state.cdsl.items(wanted);
      if (typeof items === 'string') throw inputError(items);
      return { request_id: ctx.state.cdsl.open(items) };
    },
  },
];

const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

/** Where the app sends the user: the simulator's counterpart of kite.zerodha.com/connect/portfolio/authorise/holdings/… */
export const cdslRequestPath = (apiKey: string, requestId: string) =>
  `/connect/portfolio/authorise/holdings/${encodeURIComponent(apiKey)}/${encodeURIComponent(requestId)}`;

/** The counterpart of Kite web's Holdings → Authorisation, for apps whose API request is refused. */
export const CDSL_WEB_PATH = '/web/holdings/authorise';

/**
 * The CDSL pages: one that confirms a request made through the API (fixed quantities), and one where the
 * user picks quantities themselves. Both take the TPIN and authorise for the rest of the IST day.
 */
export function registerCdslPages(app: FastifyInstance, ctx: SimContext): void {
  const requestUrl = '/connect/portfolio/authorise/holdings/:api_key/:request_id';
  const known = (req: FastifyRequest): AuthorisationItem[] | string => {
    if (param(req, 'api_key') !== ctx.config.apiKey) return 'Invalid api_key.';
    return ctx.state.cdsl.pending(param(req, 'request_id')) ?? 'This authorisation request is unknown, used or expired.';
  };

  app.get(requestUrl, async (req, reply) => {
    const items = known(req);
    if (typeof items === 'string') return html(reply, 400, cdslErrorPage(items));
    return html(reply, 200, cdslPage({ action: cdslRequestPath(ctx.config.apiKey, param(req, 'request_id')), items, editable: false }));
  });

  app.post(requestUrl, async (req, reply) => {
    const items = known(req);
    if (typeof items === 'string') return html(reply, 400, cdslErrorPage(items));
    const requestId = param(req, 'request_id');
    const done = ctx.state.cdsl.complete(requestId, field(req.body, 'tpin') ?? '');
    if (done === 'wrong-tpin') {
      return html(reply, 401, cdslPage({ action: cdslRequestPath(ctx.config.apiKey, requestId), items, editable: false, error: 'Invalid TPIN.' }));
    }
    // Kite's webview ends on …/finish?status=success (kite-api.md): mobile apps watch for this URL.
    return reply
      .code(302)
      .header('location', `${cdslRequestPath(ctx.config.apiKey, requestId)}/finish?status=success`)
      .send();
  });

  app.get(`${requestUrl}/finish`, async (req, reply) =>
    field(req.query, 'status') === 'success' ? html(reply, 200, cdslDonePage([])) : html(reply, 200, cdslErrorPage('Authorisation was not completed.')),
  );

  app.get(CDSL_WEB_PATH, async (req, reply) => {
    const asked = pairs(req.query);
    const holdings = ctx.state.ledger.authorisableHoldings();
    const items = asked.length ? ctx.state.cdsl.items(asked) : holdings;
    if (typeof items === 'string') return html(reply, 400, cdslErrorPage(items));
    return html(reply, 200, cdslPage({ action: CDSL_WEB_PATH, items, editable: true }));
  });

  app.post(CDSL_WEB_PATH, async (req, reply) => {
    const chosen = pairs(req.body).filter((p) => p.quantity.trim() !== '' && Number(p.quantity) !== 0);
    const items = ctx.state.cdsl.items(chosen);
    if (typeof items === 'string') return html(reply, 400, cdslErrorPage(items));
    if (!ctx.state.cdsl.authorise(items, field(req.body, 'tpin') ?? '')) {
      return html(reply, 401, cdslPage({ action: CDSL_WEB_PATH, items, editable: true, error: 'Invalid TPIN.' }));
    }
    return html(reply, 200, cdslDonePage(items));
  });
}
