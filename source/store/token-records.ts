import type { TokenRecord } from './ports.js';

export function sortNewestFirst(records: TokenRecord[]): TokenRecord[] {
  return [...records].sort((a, b) => Date.parse(b.created_time) - Date.parse(a.created_time));
}
