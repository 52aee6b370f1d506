import type { PriceBook } from './prices.js';
import { KNOWN_NSE_NAMES } from './universe.js';

const HEADER = 'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The NSE instrument dump (CSV, no trailing newline: the kiteconnect client would parse a blank row). Kite's own
 * mock has `last_price` 0.0 on every NSE EQ row; `lastPrice: 'previous_close'` fills in the reference price.
 */
export function instrumentsCsv(symbols: string[], prices: PriceBook, lastPrice: 'zero' | 'previous_close' = 'zero'): string {
  const rows = [...new Set(symbols)]
    .filter((s) => prices.knows(s))
    .sort()
    .map((s) =>
      [
        prices.instrumentToken(s),
        prices.exchangeToken(s),
        csvField(s),
        csvField(KNOWN_NSE_NAMES[s] ?? s),
        lastPrice === 'zero' ? '0.0' : prices.anchor(s),
        '',
        '0.0',
        prices.tick(s),
        1,
        'EQ',
        'NSE',
        'NSE',
      ].join(','),
    );
  return [HEADER, ...rows].join('\n');
}

export const universeSymbols = (): string[] => Object.keys(KNOWN_NSE_NAMES);
