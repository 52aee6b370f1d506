/**
 * Acceptance: a sell that needs a CDSL authorisation. The engine asks for it before the sells; Kite's holdings
 * authorisation API gives a request id; real headless Chromium is the browser the app opens on the authorisation
 * page, where the TPIN is typed and submitted; the app sees the holdings authorised and the sells fill, then the
 * buys. A wrong TPIN first shows the page's error and authorises nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sellAuthoriser } from '../../source/engine/sell-authoriser.js';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import { createCalendar } from '../../source/core/calendar.js';
import { scaledClock } from '../../source/core/clock.js';
import type { EngineEvent } from '../../source/core/events.js';
import { planRebalance } from '../../source/core/planner/index.js';
import type { Basket, Snapshot } from '../../source/core/types.js';
import { executePlan, type EngineDeps } from '../../source/engine/index.js';
import { SIM_TPIN } from '../../source/sim/cdsl.js';
import { loadScenario, startSimulator, type RunningSim } from '../../source/sim/index.js';
import { baseOptions, drain, ist } from '../support/engine-harness.js';
import { MemoryJournal, MemoryLock } from '../support/fake-stores.js';
import { SIM_ACCOUNT, SIM_WEIGHTS, takeSnapshot } from '../support/sim-world.js';
import { basketOf } from '../support/simple-planner.js';
import { CHROMIUM, haveChromium, killChromium, launchChromium, tabWith, type RunningChromium } from '../support/chromium.js';

if (!haveChromium) console.warn(`SKIPPED Chromium CDSL e2e: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

let sim: RunningSim | undefined;
let browser: RunningChromium | undefined;
afterEach(async () => {
  await killChromium(browser);
  browser = undefined;
  await sim?.close();
  sim = undefined;
});

describe.skipIf(!haveChromium)('CDSL authorisation with real headless Chromium against the simulator', () => {
  it('the TPIN typed on the authorisation page in Chromium authorises the sells; they fill, then the buys', async () => {
    // Real time from a Monday 10:00 IST: Chromium and the app's re-checks run side by side.
    const clock = scaledClock(ist('2026-11-23T10:00:00'), 1);
    sim = await startSimulator({
      clock,
      calendar: createCalendar(),
      scenario: loadScenario({ ...SIM_ACCOUNT, ddpi: false, demat_consent: 'consent', holdings_authorise_api: 'allowed' }),
      port: 0,
      quiet: true,
    });
    const s = sim;
    const broker = createKiteBroker({ apiKey: s.apiKey, accessToken: s.issueAccessToken(), root: s.url, clock, timeoutMs: 3_000 });
    const basket: Basket = basketOf(SIM_WEIGHTS);
    const planner = (b: Basket, snap: Snapshot) => planRebalance(b, snap, { greedyOnly: true, tradeDate: '2026-11-23', minOrderValue: 100 });
    const pageText = { wrong: '', done: '' };
    let user: Promise<void> = Promise.resolve();

    const deps: EngineDeps = {
      broker,
      clock,
      calendar: createCalendar(),
      journal: new MemoryJournal(),
      lock: new MemoryLock(),
      confirm: async () => true,
      planner,
      snapshot: () => takeSnapshot(broker, basket, clock),
      random: () => 0.5,
      authorise: sellAuthoriser({
        broker: () => broker,
        clock,
        requestPage: (id) => `${s.url}/connect/portfolio/authorise/holdings/${s.apiKey}/${id}`,
        timeoutMs: 60_000,
        pollMs: 250,
        // The browser the app opens: Chromium, where "the user" types a wrong TPIN, then the right one.
        openBrowser: async (url) => {
          browser = await launchChromium(url);
          const page = await tabWith(browser.browser, '/connect/portfolio/authorise/holdings/');
          user = (async () => {
            await page.waitForSelector('#tpin');
            await page.fill('#tpin', '999999');
            await Promise.all([page.waitForSelector('#cdsl-error'), page.click('#cdsl-submit')]);
            pageText.wrong = await page.locator('#cdsl-error').innerText();
            await page.fill('#tpin', SIM_TPIN);
            await Promise.all([page.waitForURL(/\/finish\?status=success$/), page.click('#cdsl-submit')]);
            pageText.done = await page.locator('#cdsl-done').innerText();
          })();
        },
      }),
    };

    const plan = await planner(basket, await takeSnapshot(broker, basket, clock));
    const plannedSells = plan.orders.filter((o) => o.transaction_type === 'SELL');
    expect(plannedSells.map((o) => o.tradingsymbol).sort()).toEqual(['INFY', 'ITC', 'TATASTEEL']);
    const { events, summary, error } = await drain(
      executePlan(deps, basket, plan, baseOptions({ runId: 'cdslchr1', maxRounds: 1 }), new AbortController().signal),
    );
    expect(error).toBeNull();
    await user;

    const needed = events.find((e): e is Extract<EngineEvent, { type: 'authorisation-needed' }> => e.type === 'authorisation-needed')!;
    expect(needed.url).toMatch(new RegExp(`^${s.url}/connect/portfolio/authorise/holdings/paper_api_key/[A-Za-z0-9]{32}$`));
    expect(needed.shortfalls.map((x) => [x.tradingsymbol, x.sell]).sort()).toEqual(plannedSells.map((o) => [o.tradingsymbol, o.quantity]).sort());
    expect(pageText.wrong).toBe('Invalid TPIN.');
    expect(pageText.done).toBe('Authorisation successful');
    expect(events.find((e) => e.type === 'authorisation-done')).toMatchObject({ skipped: [], reason: null });

    const book = s.state.orders() as unknown as { transaction_type: string; tradingsymbol: string; quantity: number; status: string }[];
    const sells = book.filter((o) => o.transaction_type === 'SELL');
    expect(sells.map((o) => [o.tradingsymbol, o.quantity, o.status]).sort()).toEqual(plannedSells.map((o) => [o.tradingsymbol, o.quantity, 'COMPLETE']).sort());
    expect(book.some((o) => o.transaction_type === 'BUY' && o.status === 'COMPLETE')).toBe(true);
    expect(summary!.orders.every((o) => o.status === 'COMPLETE')).toBe(true);
  }, 60_000);
});
