/** NSE cash-equity tick size by price band (effective 2025-04-15, kite-api.md §7.1). */
export function tickFor(price: number): number {
  if (price < 250) return 0.01;
  if (price <= 1000) return 0.05;
  if (price <= 5000) return 0.1;
  if (price <= 10000) return 0.5;
  if (price <= 20000) return 1;
  return 5;
}

export const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;

export function roundToTick(price: number, tick: number, mode: 'nearest' | 'down' | 'up' = 'nearest'): number {
  const n = price / tick;
  const k = mode === 'down' ? Math.floor(n + 1e-9) : mode === 'up' ? Math.ceil(n - 1e-9) : Math.round(n);
  return round2(k * tick);
}

export function isOnTick(price: number, tick: number): boolean {
  return Math.abs(price / tick - Math.round(price / tick)) < 1e-6;
}
