/** Why a leg was never placed because the session (or the AMO window) ended. */
export const SKIP_MARKET_CLOSED = 'market closed (15:30 IST) before this order was placed';
export const SKIP_AMO_WINDOW_CLOSED = 'the AMO window closed before this order was placed';
/** From 2026-08-03 continuous-session MARKET orders stop when NSE's closing auction starts (15:15 IST). */
export const skipAtAuction = (start: string) => `continuous trading ended (${start} IST, NSE closing auction) before this order was placed`;

const AUCTION_SKIP = /^continuous trading ended \(\d\d:\d\d IST, NSE closing auction\) before this order was placed$/;

/** The message of a leg skipped because the session, its continuous trading or the AMO window ended. */
export const isClosedSkip = (msg: string | null): boolean =>
  msg === SKIP_MARKET_CLOSED || msg === SKIP_AMO_WINDOW_CLOSED || (msg !== null && AUCTION_SKIP.test(msg));
