import { describe, expect, it } from 'vitest';
import { nseListing } from '../../source/core/nse-listing.js';
import { authorisationBasis, authorisedToday, holdingAuthorisations, shortfalls, type HoldingAuthorisation } from '../../source/core/sell-authorisation.js';

const TODAY = '2026-11-23';
const holding = (
  tradingsymbol: string,
  authorisedQuantity: number,
  authorisedDate: string | null = TODAY,
  isin: string | null = `INE${tradingsymbol}`,
): HoldingAuthorisation => ({
  tradingsymbol,
  isin,
  authorisedQuantity,
  authorisedDate,
});
const none = new Map<string, { sold: number; bought: number }>();

describe('whether sells need a CDSL authorisation', () => {
  it('a POA ("physical") needs none', () => {
    expect(authorisationBasis({ dematConsent: 'physical', holdings: [], tradedToday: none, today: TODAY })).toMatchObject({ needed: false });
  });

  it('"consent" is not read as DDPI: it very likely is eDIS consent, which still needs the TPIN', () => {
    const b = authorisationBasis({ dematConsent: 'consent', holdings: [holding('ITC', 0)], tradedToday: none, today: TODAY });
    expect(b).toEqual({ needed: true, why: expect.stringMatching(/"consent" \(very likely online eDIS consent/) });
  });

  it.each([[''], [undefined], ['something-new']])('%j needs it', (consent) => {
    expect(authorisationBasis({ dematConsent: consent, holdings: [holding('ITC', 0)], tradedToday: none, today: TODAY }).needed).toBe(true);
  });

  it('evidence: holdings sold today with no authorisation dated today → DDPI, none needed', () => {
    const b = authorisationBasis({
      dematConsent: 'consent',
      holdings: [holding('ITC', 0, '2026-11-20')],
      tradedToday: new Map([['ITC', { sold: 10, bought: 0 }]]),
      today: TODAY,
    });
    expect(b).toEqual({ needed: false, why: '10 ITC from holdings sold today with no CDSL authorisation dated today (DDPI)' });
  });

  it('no evidence: a sale covered by an authorisation dated today, a sale of shares bought today, or no date at all', () => {
    const sold = new Map([['ITC', { sold: 10, bought: 0 }]]);
    expect(authorisationBasis({ dematConsent: 'consent', holdings: [holding('ITC', 0, TODAY)], tradedToday: sold, today: TODAY }).needed).toBe(true);
    expect(authorisationBasis({ dematConsent: 'consent', holdings: [holding('ITC', 0, null)], tradedToday: sold, today: TODAY }).needed).toBe(true);
    const roundTrip = new Map([['ITC', { sold: 10, bought: 10 }]]);
    expect(authorisationBasis({ dematConsent: '', holdings: [holding('ITC', 0, '2026-11-20')], tradedToday: roundTrip, today: TODAY }).needed).toBe(true);
  });
});

describe('what each sell still needs', () => {
  it('an authorisation from another day has lapsed; one without a date is taken as given', () => {
    expect(authorisedToday(holding('ITC', 40, TODAY), TODAY)).toBe(40);
    expect(authorisedToday(holding('ITC', 40, '2026-11-20'), TODAY)).toBe(0);
    expect(authorisedToday(holding('ITC', 40, null), TODAY)).toBe(40);
  });

  it("lists sells above today's authorisation, summed per symbol (a BSE and an NSE row of one stock too); sells of unlisted holdings need none", () => {
    const h = [holding('ITC', 40), holding('INFY', 20), holding('INFY', 5), holding('TCS', 3, '2026-11-20')];
    const sells = [
      { tradingsymbol: 'ITC', quantity: 100 },
      { tradingsymbol: 'INFY', quantity: 25 },
      { tradingsymbol: 'TCS', quantity: 3 },
      { tradingsymbol: 'NEWBUY', quantity: 5 },
    ];
    expect(shortfalls(sells, h, TODAY)).toEqual([
      { tradingsymbol: 'ITC', isin: 'INEITC', sell: 100, authorised: 40 },
      { tradingsymbol: 'TCS', isin: 'INETCS', sell: 3, authorised: 0 },
    ]);
  });
});

describe('holdings reported under another symbol meet the sells planned under NSE’s', () => {
  it('an old name (same instrument token) and a series symbol are filed under the NSE symbol', () => {
    const listing = nseListing([
      { instrument_token: '1304833', tradingsymbol: 'ETERNAL', instrument_type: 'EQ', segment: 'NSE', exchange: 'NSE' },
      { instrument_token: '2', tradingsymbol: 'XYZ', instrument_type: 'EQ', segment: 'NSE', exchange: 'NSE' },
    ]);
    const row = (tradingsymbol: string, instrument_token: number, isin: string) =>
      ({ tradingsymbol, instrument_token, isin, exchange: 'NSE', quantity: 10, authorised_quantity: 0, authorised_date: null }) as never;
    const records = holdingAuthorisations([row('ZOMATO', 1304833, 'INE758T01015'), row('XYZ-BE', 2, 'INE000X01011')], listing);
    expect(records.map((r) => r.tradingsymbol)).toEqual(['ETERNAL', 'XYZ']);
    // Without the listing they would keep the reported symbols, and a sell of ETERNAL would find no holding to authorise.
    expect(holdingAuthorisations([row('ZOMATO', 1304833, 'INE758T01015')]).map((r) => r.tradingsymbol)).toEqual(['ZOMATO']);
  });
});
