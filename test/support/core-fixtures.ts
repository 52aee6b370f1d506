import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KiteEquityMargins, KiteHolding, KitePositions } from '../../source/broker/kite-types.js';
import type { Basket, Snapshot, SnapshotLine } from '../../source/core/types.js';

export const sharedDir = join(import.meta.dirname, '..', '..', '..', 'shared');
export const mocksDir = join(sharedDir, 'kite-mocks');
export const basketsDir = join(sharedDir, 'baskets');
export const hasMocks = existsSync(join(mocksDir, 'holdings.json'));
export const hasBaskets = existsSync(basketsDir);

const readMock = <T>(name: string): T => (JSON.parse(readFileSync(join(mocksDir, name), 'utf8')) as { data: T }).data;
/** Fresh copies of Zerodha's official mock payloads (../shared/kite-mocks), read at test time. */
export const mockHoldings = (): KiteHolding[] => readMock<KiteHolding[]>('holdings.json');
export const mockPositions = (): KitePositions => readMock<KitePositions>('positions.json');
export const mockEquityMargins = (): KiteEquityMargins => readMock<KiteEquityMargins>('margins_equity.json');
export const mockMarginsEquityFromAll = (): KiteEquityMargins => readMock<{ equity: KiteEquityMargins }>('margins.json').equity;

export function line(symbol: string, price: number | null, quantity: number, extra: Partial<SnapshotLine> = {}): SnapshotLine {
  return {
    tradingsymbol: symbol,
    exchange: 'NSE',
    quantity,
    sellable: quantity,
    t1Quantity: 0,
    collateralQuantity: 0,
    unauthorisedQuantity: 0,
    price,
    priceSource: price === null ? null : 'ltp',
    stale: false,
    notes: [],
    ...extra,
  };
}

export function snapshotOf(cash: number, lines: SnapshotLine[]): Snapshot {
  const holdingsValue = lines.reduce((s, l) => s + (l.price === null ? 0 : l.price * l.quantity), 0);
  return {
    cash,
    lines,
    holdingsValue,
    positionsValue: 0,
    totalValue: holdingsValue + cash,
    unpriced: lines.filter((l) => l.price === null).map((l) => l.tradingsymbol),
    warnings: [],
  };
}

export function basketOf(weights: Record<string, number>): Basket {
  const sum = Object.values(weights).reduce((s, w) => s + w, 0);
  return { file: 'test.json', weights, cashWeight: Math.max(0, 1 - sum), warnings: [], meta: { format: 'stocks' } };
}
