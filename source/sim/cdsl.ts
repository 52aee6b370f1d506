import type { Clock } from '../core/clock.js';
import { randomToken } from './ids.js';
import type { Ledger } from './ledger.js';
import { istDate } from './time.js';

/** The TPIN the simulator's CDSL page accepts (fake and public, docs/scenario.md). */
export const SIM_TPIN = '123456';

export interface AuthorisationItem {
  isin: string;
  tradingsymbol: string;
  quantity: number;
}

interface PendingRequest {
  items: AuthorisationItem[];
  day: string;
}

/**
 * The depository side of selling without DDPI: requests made through `POST /portfolio/holdings/authorise`
 * wait for the user's TPIN on the CDSL page; a correct TPIN authorises the quantities for the rest of the IST
 * day (the ledger lets them lapse after it). A request is used once and is good only on the day it was made.
 */
export class CdslDesk {
  private readonly requests = new Map<string, PendingRequest>();

  constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {}

  /** Checks ISIN/quantity pairs against the holdings; returns the items, or one line saying what is wrong. */
  items(pairs: readonly { isin: string; quantity: string }[]): AuthorisationItem[] | string {
    if (pairs.length === 0) return 'Missing `isin` and `quantity`.';
    const items: AuthorisationItem[] = [];
    for (const p of pairs) {
      const symbol = this.ledger.symbolOfIsin(p.isin);
      if (!symbol) return `No holding with ISIN \`${p.isin}\`.`;
      const quantity = Number(p.quantity);
      if (!Number.isInteger(quantity) || quantity <= 0) return `Invalid \`quantity\` for ${p.isin}.`;
      const most = this.ledger.authorisable(symbol);
      if (quantity > most) return `Only ${most} of ${symbol} (${p.isin}) can be authorised.`;
      items.push({ isin: p.isin, tradingsymbol: symbol, quantity });
    }
    return items;
  }

  open(items: AuthorisationItem[]): string {
    const id = randomToken(32);
    this.requests.set(id, { items, day: istDate(this.clock.now()) });
    return id;
  }

  /** Today's unused request, or null. */
  pending(id: string): AuthorisationItem[] | null {
    const r = this.requests.get(id);
    return r && r.day === istDate(this.clock.now()) ? r.items : null;
  }

  /** The TPIN step: authorises the items for today when the TPIN is right. */
  authorise(items: readonly AuthorisationItem[], tpin: string): boolean {
    if (tpin !== SIM_TPIN) return false;
    const now = this.clock.now();
    for (const i of items) this.ledger.authorise(i.tradingsymbol, i.quantity, now);
    return true;
  }

  /** The TPIN step of a request made through the API; the request is used up when it succeeds. */
  complete(id: string, tpin: string): 'authorised' | 'wrong-tpin' | 'unknown-request' {
    const items = this.pending(id);
    if (!items) return 'unknown-request';
    if (!this.authorise(items, tpin)) return 'wrong-tpin';
    this.requests.delete(id);
    return 'authorised';
  }
}
