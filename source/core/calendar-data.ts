/**
 * NSE Capital Market trading calendar as data. Sources (see ../shared/reference/nse-market.md §1):
 * - 2025: NSE circular NSE/CMTR/65587 (2024-12-13); cross-checked with exchange_calendars XBOM,
 *   pandas_market_calendars and NSE's holiday API feed.
 * - 2026: NSE/CMTR/71775 (2025-12-12) as changed by NSE/CMTR/72260 (2026-01-12, adds 2026-01-15).
 * - Special sessions: 2025-02-01 (Sat) and 2026-02-01 (Sun, NSE/CMTR/72349) Union Budget full sessions;
 *   2025-10-21 Diwali Muhurat (NSE circulars of 2025-09-22/25), normal market 13:45–14:45.
 * - 2026-11-08 (Sun) Diwali Muhurat: timings not notified in any circular we have, so it is NOT listed
 *   and the day counts as closed (weekend). Add it with `mergeCalendarData` once NSE publishes the timings.
 * - 2027: no official list yet, so 2027 is not in `years` (`covers(2027)` is false).
 * Only weekday trading holidays are listed; weekend holidays change nothing.
 */
export const NSE_HOLIDAYS: Record<string, string> = {
  // 2025 (14)
  '2025-02-26': 'Mahashivratri',
  '2025-03-14': 'Holi',
  '2025-03-31': 'Id-Ul-Fitr (Ramadan Eid)',
  '2025-04-10': 'Shri Mahavir Jayanti',
  '2025-04-14': 'Dr. Baba Saheb Ambedkar Jayanti',
  '2025-04-18': 'Good Friday',
  '2025-05-01': 'Maharashtra Day',
  '2025-08-15': 'Independence Day / Parsi New Year',
  '2025-08-27': 'Shri Ganesh Chaturthi',
  '2025-10-02': 'Mahatma Gandhi Jayanti / Dussehra',
  '2025-10-21': 'Diwali Laxmi Pujan',
  '2025-10-22': 'Diwali Balipratipada',
  '2025-11-05': 'Prakash Gurpurb Sri Guru Nanak Dev',
  '2025-12-25': 'Christmas',
  // 2026 (16)
  '2026-01-15': 'Municipal Corporation Election, Maharashtra',
  '2026-01-26': 'Republic Day',
  '2026-03-03': 'Holi',
  '2026-03-26': 'Shri Ram Navami',
  '2026-03-31': 'Shri Mahavir Jayanti',
  '2026-04-03': 'Good Friday',
  '2026-04-14': 'Dr. Baba Saheb Ambedkar Jayanti',
  '2026-05-01': 'Maharashtra Day',
  '2026-05-28': 'Bakri Id',
  '2026-06-26': 'Muharram',
  '2026-09-14': 'Ganesh Chaturthi',
  '2026-10-02': 'Mahatma Gandhi Jayanti',
  '2026-10-20': 'Dussehra',
  '2026-11-10': 'Diwali-Balipratipada',
  '2026-11-24': 'Prakash Gurpurb Sri Guru Nanak Dev',
  '2026-12-25': 'Christmas',
};

/** Sessions on days that are otherwise closed (weekends, holidays). Times are the normal-market window, IST. */
export const NSE_SPECIAL_SESSIONS: Record<string, { open: string; close: string; name: string; kind: 'special' | 'muhurat' }> = {
  '2025-02-01': { open: '09:15', close: '15:30', name: 'Union Budget session', kind: 'special' },
  '2025-10-21': { open: '13:45', close: '14:45', name: 'Diwali Muhurat trading (Samvat 2082)', kind: 'muhurat' },
  '2026-02-01': { open: '09:15', close: '15:30', name: 'Union Budget session', kind: 'special' },
};

export const NSE_CALENDAR_YEARS = [2025, 2026];

export const NSE_REGULAR_OPEN = '09:15';
export const NSE_REGULAR_CLOSE = '15:30';

/**
 * From `from` (IST date) NSE runs a closing auction in every regular session: continuous trading in stocks with
 * derivatives ends at `start`, the auction runs until `end`, and its price becomes the close.
 */
export interface ClosingAuctionRule {
  from: string;
  /** 'HH:mm' IST: continuous trading ends (for the app: the last moment to place a MARKET order). */
  start: string;
  /** 'HH:mm' IST: the auction's matching is over. */
  end: string;
  name: string;
}

/**
 * NSE's Closing Auction Session, live from 2026-08-03 (SEBI circular of 2026-01-16; NSE/CMTR/72394, 73362,
 * 74466 — trading modalities, "circular 74/2026" — and 75479, go-live; see ../shared/reference/nse-market.md §2.2):
 * 15:15–15:20 transition, 15:20–15:30 order entry, 15:30–15:35 matching. It covers only stocks with derivatives,
 * but the app does not know which those are, so it stops its continuous-session MARKET orders at 15:15 for every
 * stock. A later change (another start time, the end of the rule) is a new entry with a later `from`.
 */
export const NSE_CLOSING_AUCTIONS: ClosingAuctionRule[] = [{ from: '2026-08-03', start: '15:15', end: '15:35', name: 'NSE closing auction session' }];
