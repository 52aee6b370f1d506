import { commodityMargins } from '../ledger.js';
import { inputError, KiteHttpError, RawBody } from './envelope.js';
import { fieldAll, param, type ApiRoute } from './context.js';
import { instrumentsCsv, universeSymbols } from '../instruments.js';

const MAX_LTP_INSTRUMENTS = 1000;

export const accountRoutes: ApiRoute[] = [
  {
    method: 'GET',
    url: '/user/margins',
    endpoint: 'margins',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => ({ equity: ctx.state.margins(), commodity: commodityMargins() }),
  },
  {
    method: 'GET',
    url: '/user/margins/:segment',
    endpoint: 'margins',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      const segment = param(req, 'segment');
      if (segment === 'equity') return ctx.state.margins();
      if (segment === 'commodity') return commodityMargins();
      throw inputError('Invalid segment. Use `equity` or `commodity`.');
    },
  },
  {
    method: 'GET',
    url: '/portfolio/holdings',
    endpoint: 'holdings',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => ctx.state.holdings(),
  },
  {
    method: 'GET',
    url: '/portfolio/positions',
    endpoint: 'positions',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => ctx.state.positions(),
  },
];

export const marketRoutes: ApiRoute[] = [
  {
    method: 'GET',
    url: '/quote/ltp',
    endpoint: 'ltp',
    rate: 'quote',
    auth: true,
    handler: (req, _reply, ctx) => {
      if (!ctx.state.scenario.ltp_permission) {
        throw new KiteHttpError(403, 'PermissionException', 'Insufficient permission for that call.');
      }
      const instruments = fieldAll(req.query, 'i');
      if (instruments.length > MAX_LTP_INSTRUMENTS) {
        throw inputError(`Too many instruments: ${instruments.length}. At most ${MAX_LTP_INSTRUMENTS} per call.`);
      }
      const now = ctx.state.now();
      const data: Record<string, { instrument_token: number; last_price: number }> = {};
      for (const key of instruments) {
        const sep = key.indexOf(':');
        const exchange = key.slice(0, sep);
        const symbol = key.slice(sep + 1);
        if (sep < 0 || exchange !== 'NSE' || !ctx.state.prices.knows(symbol)) continue; // unknown: just absent
        data[key] = {
          instrument_token: ctx.state.prices.instrumentToken(symbol),
          last_price: ctx.state.prices.ltp(symbol, now),
        };
      }
      return data;
    },
  },
  ...['/instruments', '/instruments/:exchange'].map((url): ApiRoute => ({
    method: 'GET',
    url,
    endpoint: 'instruments',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      const exchange = url.endsWith(':exchange') ? param(req, 'exchange') : 'NSE';
      const s = ctx.state.scenario;
      const symbols =
        exchange === 'NSE'
          ? [...universeSymbols(), ...Object.keys(s.prices), ...s.holdings.map((h) => h.tradingsymbol), ...s.positions.map((p) => p.tradingsymbol)]
          : [];
      return new RawBody('text/csv', instrumentsCsv(symbols, ctx.state.prices, s.instruments_last_price));
    },
  })),
];
