import { openInBrowser } from '../auth/open-browser.js';
import type { AuthoriseSells } from '../core/events.js';
import { SIM_TPIN } from '../sim/cdsl.js';
import type { Backend } from './backend.js';
import type { Broker } from '../broker/port.js';
import type { NseListing } from '../core/nse-listing.js';
import { readNseListing } from './listing.js';
import { sellAuthoriser, type SellAuthoriserOptions } from '../engine/sell-authoriser.js';

/**
 * The CDSL authorisation step for this backend: Kite's page lives next to its login page
 * (kite.zerodha.com/connect/portfolio/authorise/holdings/<api_key>/<request_id>, or the simulator's);
 * in paper mode the simulator also stands in for Kite web's Holdings → Authorisation.
 */
export function backendAuthoriser(backend: Backend, broker: { current: Broker }, keys?: SellAuthoriserOptions['keys']): AuthoriseSells {
  const { apiKey, loginUrl } = backend.auth;
  const sim = backend.sim;
  let listing: Promise<NseListing | undefined> | undefined;
  return sellAuthoriser({
    broker: () => broker.current,
    listing: () => (listing ??= readNseListing(broker.current).then((r) => r.listing ?? undefined)),
    clock: backend.clock,
    requestPage: (id) => new URL(`/connect/portfolio/authorise/holdings/${encodeURIComponent(apiKey)}/${encodeURIComponent(id)}`, loginUrl).toString(),
    ...(sim
      ? {
          manualPage: (short) => {
            const q = new URLSearchParams();
            for (const s of short) {
              if (!s.isin) continue;
              q.append('isin', s.isin);
              q.append('quantity', String(s.sell));
            }
            return `${sim.url}/web/holdings/authorise?${q.toString()}`;
          },
          paperTpin: SIM_TPIN,
        }
      : {}),
    openBrowser: (url) => openInBrowser(url),
    ...(keys ? { keys } : {}),
  });
}
