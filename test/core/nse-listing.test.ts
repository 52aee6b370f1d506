import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBasketSymbols, closestListed, listedSymbol, nseListing, unlistedMessage, type InstrumentRow } from '../../source/core/nse-listing.js';
import { hasMocks, mocksDir } from '../support/core-fixtures.js';

/** The official mock of `/instruments/NSE` (../shared/kite-mocks/instruments_nse.csv): EQ, BE, BL, bond series. */
function mockInstruments(): InstrumentRow[] {
  const [header, ...rows] = readFileSync(join(mocksDir, 'instruments_nse.csv'), 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  return rows.map(
    (r) =>
      Object.fromEntries(
        r
          .trim()
          .split(',')
          .map((v, i) => [cols[i], v]),
      ) as unknown as InstrumentRow,
  );
}

if (!hasMocks) console.warn(`SKIPPED NSE listing from the official instruments mock: ${mocksDir} not found (needs ../shared next to the repo)`);

describe.skipIf(!hasMocks)('NSE listing from the official instruments mock', () => {
  const listing = nseListing([
    ...(hasMocks ? mockInstruments() : []),
    { instrument_token: '1', tradingsymbol: 'NIFTY 50', instrument_type: 'EQ', segment: 'INDICES', exchange: 'NSE' },
  ]);

  it('lists the cash-equity rows only, and maps a symbol onto the one NSE trades', () => {
    expect(listing.symbols.has('NIFTY 50')).toBe(false);
    expect(listing.symbols.has('ADANIPORTS')).toBe(true);
    expect(listedSymbol(listing, 'ADANIPORTS')).toBe('ADANIPORTS');
    expect(listedSymbol(listing, 'CENTRALBK')).toBe('CENTRALBK-BE'); // only the trade-to-trade series is listed
    expect(listedSymbol(listing, 'CENTRALBK-BE')).toBe('CENTRALBK-BE');
    expect(listedSymbol(listing, 'CDSL-BE')).toBe('CDSL'); // the EQ series is listed too
    expect(listedSymbol(listing, 'EMMBI')).toBeNull(); // only the block-deal window is listed
    expect(listing.byToken.get('3861249')).toBe('ADANIPORTS');
  });

  it('names the closest listed symbols for a ticker NSE does not list', () => {
    expect(closestListed(listing, 'ADANIPORT')).toEqual(['ADANIPORTS']);
    expect(closestListed(listing, 'QWERTYUIOPAS')).toEqual([]);
    const checked = checkBasketSymbols(listing, ['ADANIPORTS', 'CENTRALBK', 'DEEPAKNITRO', 'QWERTYUIOPAS']);
    expect(checked.renamed).toEqual({ CENTRALBK: 'CENTRALBK-BE' });
    expect(checked.unlisted.map((u) => u.symbol)).toEqual(['DEEPAKNITRO', 'QWERTYUIOPAS']);
    expect(unlistedMessage(checked.unlisted)).toBe(
      `NSE does not list these 2 basket tickers: DEEPAKNITRO (closest listed: DEEPAKNITR, ${checked.unlisted[0]!.closest.slice(1).join(', ')}); QWERTYUIOPAS (nothing close is listed)`,
    );
  });
});
