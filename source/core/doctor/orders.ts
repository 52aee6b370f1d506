import { isOpenStatus } from '../order-status.js';
import { failedRead, type DoctorCheck, type DoctorInput, type DoctorOrder } from './types.js';

/** Open as the app's own refusal counts it: an unknown status never blocks a run (see core/order-status.ts). */
export const isOpenOrder = (o: DoctorOrder) => isOpenStatus(o.status);

const orderText = (o: DoctorOrder) => `${o.transaction_type} ${o.quantity} ${o.tradingsymbol} (${o.status}${o.tag ? `, tag ${o.tag}` : ''})`;
const rawOrder = (o: DoctorOrder) => ({
  order_id: o.order_id,
  status: o.status,
  tradingsymbol: o.tradingsymbol,
  exchange: o.exchange,
  product: o.product,
  transaction_type: o.transaction_type,
  quantity: o.quantity,
  filled_quantity: o.filled_quantity ?? null,
  tag: o.tag,
  order_timestamp: o.order_timestamp ?? null,
  run_id: o.run_id,
});

/**
 * Open orders in today's book. An earlier kite-rebalance run's open orders make a new run refuse to start
 * (it would place them twice: `resume` finishes that run); anyone else's open CNC sells come off what the
 * app may sell.
 */
export function openOrdersCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'open-orders' as const, title: 'Open orders' };
  if (!input.orders.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the order book', input.orders.error)}.`, fields: { orders_error: input.orders.error } };
  const open = input.orders.value.filter(isOpenOrder);
  const ours = open.filter((o) => o.run_id !== null);
  const others = open.filter((o) => o.run_id === null);
  const fields = { open_orders: open.map(rawOrder), orders_today: input.orders.value.length };
  if (ours.length > 0) {
    const runs = [...new Set(ours.map((o) => o.run_id as string))];
    return {
      ...base,
      fields,
      verdict: 'problem',
      sentence: `run ${runs.join(', ')} of kite-rebalance still has ${ours.length} open order(s) (${ours.map(orderText).join(', ')}): a new run would refuse to start; finish it with \`kite-rebalance resume ${runs[0]}\` or cancel those orders in Kite.`,
    };
  }
  if (others.length > 0) {
    return {
      ...base,
      fields,
      verdict: 'warning',
      sentence: `${others.length} open order(s) not placed by kite-rebalance: ${others.map(orderText).join(', ')}; the app does not plan them again, and open sells come off what it may sell.`,
    };
  }
  return { ...base, fields, verdict: 'ok', sentence: `no open orders (${input.orders.value.length} order(s) in today's book).` };
}

/** Pledged (collateral) shares are never sold by the app. */
export function pledgedCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'pledged' as const, title: 'Pledged' };
  if (!input.holdings.ok)
    return { ...base, verdict: 'problem', sentence: `${failedRead('the holdings', input.holdings.error)}.`, fields: { holdings_error: input.holdings.error } };
  const pledged = input.holdings.value.filter((h) => (h.collateral_quantity ?? 0) > 0);
  const fields = {
    pledged: pledged.map((h) => ({
      tradingsymbol: h.tradingsymbol,
      exchange: h.exchange,
      collateral_quantity: h.collateral_quantity,
      collateral_type: h.collateral_type ?? null,
      quantity: h.quantity,
    })),
  };
  if (pledged.length === 0) return { ...base, fields, verdict: 'ok', sentence: 'nothing is pledged as collateral.' };
  return {
    ...base,
    fields,
    verdict: 'warning',
    sentence: `${pledged.map((h) => `${h.collateral_quantity} ${h.tradingsymbol}`).join(', ')} pledged as collateral: counted as held but never sold by the app; unpledge in Kite (Console) to sell them.`,
  };
}

/** Today's positions: CNC trades count towards what is held; anything else (MIS, F&O, commodity) is not rebalanced. */
export function positionsCheck(input: DoctorInput): DoctorCheck {
  const base = { id: 'positions' as const, title: 'Positions' };
  if (!input.positions.ok)
    return {
      ...base,
      verdict: 'problem',
      sentence: `${failedRead('the positions', input.positions.error)}.`,
      fields: { positions_error: input.positions.error },
    };
  const open = input.positions.value.filter((p) => p.quantity !== 0);
  const delivery = open.filter((p) => p.product === 'CNC' && (p.exchange === 'NSE' || p.exchange === 'BSE'));
  const other = open.filter((p) => !delivery.includes(p));
  const fields = { net: open.map((p) => ({ tradingsymbol: p.tradingsymbol, exchange: p.exchange, product: p.product, quantity: p.quantity })) };
  const cnc = delivery.length
    ? `today's delivery trades count as held: ${delivery.map((p) => `${p.tradingsymbol} ${p.quantity > 0 ? '+' : ''}${p.quantity}`).join(', ')}`
    : '';
  if (other.length > 0) {
    const names = other.map((p) => `${p.tradingsymbol} ${p.product} ${p.quantity}`).join(', ');
    return {
      ...base,
      fields,
      verdict: 'warning',
      sentence: `${other.length} open non-delivery position(s) (${names}) are not part of the rebalance${cnc ? `; ${cnc}` : ''}.`,
    };
  }
  return { ...base, fields, verdict: 'ok', sentence: cnc ? `${cnc}.` : 'no open positions today.' };
}
