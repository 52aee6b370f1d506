import { contractNote, type ChargesInput } from '../charges.js';
import { isOnTick } from '../ticks.js';
import { inputError, KiteHttpError } from './envelope.js';
import { field, param, type ApiRoute, type SimContext } from './context.js';
import type { PlaceInput } from '../order-book.js';

const MARKET_PROTECTION_REQUIRED = 'Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.';

function staticIpCheck(ctx: SimContext): void {
  if (!ctx.state.scenario.static_ip_ok) {
    throw new KiteHttpError(
      403,
      'PermissionException',
      'Orders are allowed only from the static IP registered for this app. Update the IP whitelist on developers.kite.trade.',
    );
  }
}

function required(body: unknown, key: string): string {
  const v = field(body, key);
  if (v === undefined || v === '') throw inputError(`Missing or empty field \`${key}\`.`);
  return v;
}

/** Validates a placement like Kite's API front (synchronous 4xx; no order is created). */
function parsePlacement(variety: string, body: unknown, ctx: SimContext): PlaceInput {
  if (variety !== 'regular' && variety !== 'amo') {
    throw inputError(`Variety \`${variety}\` is not supported by the simulator (use regular or amo).`);
  }
  const tradingsymbol = required(body, 'tradingsymbol');
  const exchange = required(body, 'exchange');
  const transactionType = required(body, 'transaction_type');
  const orderType = required(body, 'order_type');
  const product = required(body, 'product');
  const quantity = Number(required(body, 'quantity'));
  if (exchange !== 'NSE') throw inputError(`Exchange \`${exchange}\` is not supported by the simulator (NSE only).`);
  if (transactionType !== 'BUY' && transactionType !== 'SELL') throw inputError('Invalid `transaction_type`.');
  if (product !== 'CNC') throw inputError(`Product \`${product}\` is not supported by the simulator (CNC only).`);
  if (orderType !== 'MARKET' && orderType !== 'LIMIT') {
    throw inputError(`Order type \`${orderType}\` is not supported by the simulator (MARKET or LIMIT).`);
  }
  if (!Number.isInteger(quantity) || quantity <= 0) throw inputError('Invalid `quantity`.');
  if (!ctx.state.prices.knows(tradingsymbol)) {
    throw inputError('The instrument you are placing an order for has either expired or does not exist.');
  }
  const validity = field(body, 'validity') ?? 'DAY';
  if (validity !== 'DAY') throw inputError(`Validity \`${validity}\` is not supported by the simulator (DAY only).`);
  const tag = field(body, 'tag') ?? null;
  if (tag !== null && !/^[A-Za-z0-9]{1,20}$/.test(tag)) {
    throw inputError('Invalid `tag`: at most 20 alphanumeric characters.');
  }
  let price = 0;
  let marketProtection = 0;
  if (orderType === 'LIMIT') {
    price = Number(field(body, 'price') ?? NaN);
    if (!(price > 0)) throw inputError('Invalid `price`.');
    const tick = ctx.state.prices.tick(tradingsymbol);
    if (!isOnTick(price, tick)) {
      throw inputError(`Tick size for this script is ${tick.toFixed(2)}. Kindly enter price in the multiple of tick size for this script.`);
    }
  } else {
    const mp = field(body, 'market_protection');
    marketProtection = mp === undefined || mp === '' ? 0 : Number(mp);
    if (!Number.isFinite(marketProtection)) {
      throw inputError(`Invalid request (failed to decode market_protection, got: ${mp} (expected decimal))`);
    }
    if (marketProtection === 0) throw inputError(MARKET_PROTECTION_REQUIRED);
    if (marketProtection !== -1 && (marketProtection < 0 || marketProtection > 100)) {
      throw inputError('Invalid `market_protection`: use -1 (auto) or a percentage between 0 and 100.');
    }
  }
  const open = ctx.state.calendar.isOpen(ctx.state.clock.now());
  if (variety === 'amo' && open) {
    throw inputError('AMO orders can be placed only outside market hours. Place a regular order instead.');
  }
  return {
    variety,
    tradingsymbol,
    transaction_type: transactionType,
    order_type: orderType,
    quantity,
    price,
    market_protection: marketProtection,
    tag,
  };
}

function unauthorisedSellCheck(input: PlaceInput, ctx: SimContext): void {
  if (ctx.state.scenario.ddpi || input.transaction_type !== 'SELL') return;
  const n = ctx.state.ledger.unauthorisedFor(input.tradingsymbol, input.quantity, ctx.state.clock.now());
  if (n > 0) {
    throw new KiteHttpError(
      428,
      'InputException',
      `${n} quantity of ${input.tradingsymbol} needs authorisation at the depository (CDSL TPIN) before it can be sold.`,
    );
  }
}

export const orderRoutes: ApiRoute[] = [
  {
    method: 'POST',
    url: '/orders/:variety',
    endpoint: 'place_order',
    rate: 'order',
    auth: true,
    handler: (req, _reply, ctx) => {
      staticIpCheck(ctx);
      const input = parsePlacement(param(req, 'variety'), req.body, ctx);
      unauthorisedSellCheck(input, ctx);
      const order = ctx.state.book.place(input, ctx.state.now());
      return { order_id: order.order_id };
    },
  },
  {
    method: 'DELETE',
    url: '/orders/:variety/:order_id',
    endpoint: 'cancel_order',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      staticIpCheck(ctx);
      const orderId = param(req, 'order_id');
      const problem = ctx.state.book.cancel(orderId, ctx.state.now());
      if (problem) throw new KiteHttpError(400, 'InputException', problem);
      return { order_id: orderId };
    },
  },
  {
    method: 'GET',
    url: '/orders',
    endpoint: 'orders',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => ctx.state.orders(),
  },
  {
    method: 'GET',
    url: '/orders/:order_id',
    endpoint: 'order_history',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      const history = ctx.state.orderHistory(param(req, 'order_id'));
      if (!history) throw new KiteHttpError(400, 'InputException', 'Invalid `order_id`.');
      return history;
    },
  },
  {
    method: 'GET',
    url: '/orders/:order_id/trades',
    endpoint: 'order_trades',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      const orderId = param(req, 'order_id');
      if (!ctx.state.orderHistory(orderId)) throw new KiteHttpError(400, 'InputException', 'Invalid `order_id`.');
      return ctx.state.trades(orderId);
    },
  },
  {
    method: 'GET',
    url: '/trades',
    endpoint: 'trades',
    rate: 'other',
    auth: true,
    handler: (_req, _reply, ctx) => ctx.state.trades(),
  },
  {
    method: 'POST',
    url: '/charges/orders',
    endpoint: 'charges',
    rate: 'other',
    auth: true,
    handler: (req, _reply, ctx) => {
      if (!Array.isArray(req.body)) throw inputError('Expected a JSON array of orders.');
      return contractNote(req.body as ChargesInput[], ctx.state.now());
    },
  },
];
