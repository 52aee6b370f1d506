import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKiteBroker } from '../../source/broker/kite-adapter.js';
import { createCalendar } from '../../source/core/calendar.js';
import { systemClock, type Clock } from '../../source/core/clock.js';
import { resumeRun } from '../../source/engine/index.js';
import { loadScenario, startSimulator } from '../../source/sim/index.js';
import { openStores } from '../../source/store/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { baseOptions, drain, ist } from '../support/engine-harness.js';
import { SIM_ACCOUNT, SIM_WEIGHTS, takeSnapshot } from '../support/sim-world.js';
import { basketOf } from '../support/simple-planner.js';
import { planRebalance } from '../../source/core/planner/index.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');

/** Runs the child until it says the broker accepted an order that the journal does not know yet, then SIGKILLs it. */
function runChildUntilKilled(inputFile: string): Promise<{ tag: string; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', join(fixtures, 'register-ts.mjs'), join(fixtures, 'place-then-die.ts'), inputFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'Asia/Kolkata' },
    });
    let output = '';
    let tag = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`child never reached the placement: ${output}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /KILL-ME (\S+)/.exec(output);
      if (m && !tag) {
        tag = m[1]!;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && tag) done({ tag, output });
      else fail(new Error(`child exited (${signal ?? _code}) without being killed: ${output}`));
    });
  });
}

describe('process killed (SIGKILL) between placement and journal write', () => {
  it('resume adopts the order by tag: the simulator ends with exactly one order per leg', async () => {
    // Both processes share a wall-clock-driven fake time on a trading morning.
    const clockOffsetMs = ist('2026-11-23T10:00:00') - Date.now();
    const clock: Clock = { now: () => Date.now() + clockOffsetMs, sleep: systemClock.sleep };
    const calendar = createCalendar();
    const sim = await startSimulator({ clock, calendar, scenario: loadScenario({ ...SIM_ACCOUNT, fill: { delay_ms: 100 } }), port: 0, quiet: true });
    const home = mkdtempSync(join(tmpdir(), 'kr-kill-'));
    try {
      const basket = basketOf(SIM_WEIGHTS);
      const broker = createKiteBroker({ apiKey: 'paper_api_key', accessToken: sim.issueAccessToken(), root: sim.url, clock });
      const planner = (b: typeof basket, s: Awaited<ReturnType<typeof takeSnapshot>>) => planRebalance(b, s, { greedyOnly: true, tradeDate: '2026-11-23' });
      const plan = await planner(basket, await takeSnapshot(broker, basket, clock));
      const inputFile = join(home, 'input.json');
      writeFileSync(inputFile, JSON.stringify({ simUrl: sim.url, accessToken: sim.issueAccessToken(), home, clockOffsetMs, runId: 'kil00001', basket, plan }));

      const { tag } = await runChildUntilKilled(inputFile);
      const book = () => sim.state.orders() as unknown as { tag: string; order_id: string; status: string }[];
      expect(book().map((o) => o.tag)).toEqual([tag]);

      const stores = await openStores({ home });
      const entries = await stores.journal.entries('kil00001');
      expect(entries.filter((e) => e.type === 'intent').map((e) => e.tag)).toEqual([tag]);
      expect(entries.some((e) => e.type === 'placed')).toBe(false);

      const deps = {
        broker,
        clock,
        calendar,
        journal: stores.journal,
        lock: stores.lock,
        confirm: async () => true,
        planner,
        snapshot: () => takeSnapshot(broker, basket, clock),
        random: () => 0.5,
      };
      const r = await drain(resumeRun(deps, 'kil00001', baseOptions({ maxRounds: 1, pollIntervalMs: 200 }), new AbortController().signal));
      expect(r.error).toBeNull();
      const tags = book().map((o) => o.tag);
      expect(new Set(tags).size).toBe(tags.length);
      expect(tags.filter((t) => t === tag)).toHaveLength(1);
      expect(new Set(tags)).toEqual(new Set(r.summary!.orders.filter((o) => o.order_id).map((o) => o.tag)));
      expect(r.summary!.orders.every((o) => o.status === 'COMPLETE')).toBe(true);
      const after = await stores.journal.entries('kil00001');
      expect(after.some((e) => e.type === 'placed' && e.tag === tag && (e.data as { adopted: boolean }).adopted)).toBe(true);
      await stores.close();
    } finally {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
