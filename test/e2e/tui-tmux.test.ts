/**
 * Acceptance: the built CLI in a real terminal (tmux), paper mode, the Ink TUI driven by keystrokes.
 * Market open on a Wednesday (KITE_REBALANCE_FAKE_NOW), isolated data dir per run, CI unset in the pane
 * (Ink behaves differently under CI). The exit code is echoed inside the pane.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, isBuilt, logChildOutput, repoRoot } from '../support/run-bin.js';

const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const built = isBuilt();
if (!haveTmux) console.warn('SKIPPED TUI tmux e2e: tmux is not installed (apt-get install -y tmux)');
else if (!built) console.warn('SKIPPED TUI tmux e2e: dist/ is missing (npm run build)');

// A private tmux server: nothing here touches anyone else's sessions.
const SOCKET = `kr-tui-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const homes: string[] = [];

afterAll(() => {
  if (haveTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts the paper run in a fresh 160×50 pane; the pane stays open after the app exits so its output can be read. */
function startRun(
  name: string,
  fakeNow = '2026-11-25T10:00:00+05:30',
  extraArgs: string[] = [],
): { screen: () => string; visible: () => string; keys: (...k: string[]) => void; waitFor: (p: RegExp, ms?: number) => Promise<string>; appPid: () => number } {
  const home = mkdtempSync(join(tmpdir(), 'kr-tui-'));
  homes.push(home);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    KITE_REBALANCE_HOME: join(home, 'data'),
    KITE_REBALANCE_FAKE_NOW: fakeNow,
  };
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ');
  const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
  const command = `cd ${q(home)} && env -i ${assignments} ${q(process.execPath)} ${q(binPath)} ${q(basket)} --paper${extraArgs.map((a) => ` ${q(a)}`).join('')}; echo EXIT:$?; sleep 300`;
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', command);
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
  return {
    screen,
    visible: () => tmux('capture-pane', '-p', '-t', name),
    // The pane's shell runs `env -i … node …`, which execs node: the app is the shell's child.
    appPid: () =>
      Number(
        execFileSync('pgrep', ['-P', tmux('list-panes', '-t', name, '-F', '#{pane_pid}').trim(), '-f', 'kite-rebalance'], { encoding: 'utf8' })
          .trim()
          .split('\n')[0],
      ),
    keys: (...k) => void tmux('send-keys', '-t', name, ...k),
    async waitFor(pattern, ms = 25_000) {
      for (const start = Date.now(); ;) {
        const s = screen();
        if (pattern.test(s)) return s;
        if (Date.now() - start > ms || (/EXIT:\d+/.test(s) && !pattern.test(s))) {
          logChildOutput(s);
          throw new Error(`no ${pattern} in the pane:\n${s}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe.skipIf(!haveTmux || !built).concurrent('TUI in a real terminal (tmux)', { timeout: 60_000 }, () => {
  it('paper run: table and plan shown, y for the sells, y for the buys, summary with COMPLETE, exit 0', async () => {
    const run = startRun('confirm');
    let s = await run.waitFor(/Place these sells\?/);
    expect(s).toContain(' PAPER ');
    expect(s).toMatch(/symbol\s+price\s+held\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(s).toMatch(/ITC\s+\d+\.\d\d\s+300\s/);
    expect(s).toMatch(/Planned orders \(\d+\):/);
    // Each sell shows its estimated capital-gains tax (no tradebook imported here: Kite's average price, dates unknown).
    expect(s).toMatch(/SELL\s+300 ITC\s+≈ ₹[\d,.]+\s+tax ≈ ₹[\d,.]+ \([^)]*300 of unknown date\)\s+not in the basket/);
    expect(s).toMatch(/Tax ≈ ₹[\d,.]+ on gains: /);
    run.keys('Enter'); // not an answer, only a reminder
    await run.waitFor(/Enter alone does nothing: press y to place these sells/);
    // Keys are sent one at a time: a chunk like "\ry" is one input to the app, and only a lone `y` confirms.
    run.keys('y');
    s = await run.waitFor(/Place these buys\?/);
    expect(s).toMatch(/ITC SELL 300 COMPLETE filled 300\/300/);
    run.keys('y');
    // A repair round, if the market moved enough, asks again: say yes whenever a prompt is on screen until the
    // app exits (a key sent while no prompt is live is ignored by the app, so repeating is safe).
    for (const start = Date.now(); ;) {
      s = run.screen();
      if (/EXIT:\d+/.test(s)) break;
      if (Date.now() - start > 20_000) throw new Error(`no exit:\n${s}`);
      await new Promise((r) => setTimeout(r, 300));
      if (/Place these (sells|buys)\?/.test(run.visible())) run.keys('y');
    }
    logChildOutput(s);
    expect(s).toMatch(/Run [a-z0-9]{8}: Rebalance complete: every order filled\./);
    expect(s).toMatch(/placed (\d+) · filled \1 · rejected 0 · skipped 0/);
    expect(s).toMatch(/BUY\s+\d+ HDFCBANK\s+COMPLETE/);
    expect(s).toContain('EXIT:0');
  });

  it('n at the sells prompt: declined, nothing placed, exit 0', async () => {
    const run = startRun('decline');
    await run.waitFor(/Place these sells\?/);
    run.keys('n');
    const s = await run.waitFor(/EXIT:\d+/);
    logChildOutput(s);
    expect(s).toContain('Round 1 sells declined: nothing more placed.');
    expect(s).not.toMatch(/PUT ORDER REQ RECEIVED|COMPLETE|Place these buys\?/);
    expect(s).toContain('EXIT:0');
  });

  it('Ctrl+C during confirmation: cancelled, nothing placed, exit 130', async () => {
    const run = startRun('cancel');
    await run.waitFor(/Place these sells\?/);
    run.keys('C-c');
    const s = await run.waitFor(/EXIT:\d+/);
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.');
    expect(s).not.toMatch(/PUT ORDER REQ RECEIVED/);
    expect(s).toContain('EXIT:130');
  });

  it('Saturday: after y the countdown to Monday 09:14 shows; Ctrl+C there cancels with nothing placed, exit 130', async () => {
    const run = startRun('countdown', '2026-11-28T10:00:00+05:30');
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    let s = await run.waitFor(/waiting until Mon 30 Nov 2026 09:14 IST: .*— \d+h \d\dm \d\ds \(Ctrl\+C to cancel/);
    expect(s).not.toMatch(/PUT ORDER REQ RECEIVED/);
    run.keys('C-c');
    s = await run.waitFor(/EXIT:\d+/);
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.');
    expect(s).toContain('EXIT:130');
  });

  it('SIGTERM while the TUI waits for a key: cancelled, exit 130', async () => {
    const run = startRun('sigterm');
    await run.waitFor(/Place these sells\?/);
    process.kill(run.appPid(), 'SIGTERM');
    const s = await run.waitFor(/EXIT:\d+/);
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.'); // graceful: the engine closed the run
    expect(s).not.toMatch(/PUT ORDER REQ RECEIVED|forced exit/);
    expect(s).toContain('EXIT:130');
  });
});

describe.skipIf(!haveTmux || !built).concurrent('TUI in a real terminal: sells that need a CDSL authorisation (API refused)', { timeout: 60_000 }, () => {
  const scenarioFile = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kr-tui-cdsl-')), 'scenario.json');
    homes.push(file.replace(/\/scenario\.json$/, ''));
    writeFileSync(
      file,
      JSON.stringify({
        cash: 20_000,
        ddpi: false,
        demat_consent: 'consent',
        holdings: [
          { tradingsymbol: 'ITC', quantity: 300, isin: 'INE154A01025' },
          { tradingsymbol: 'INFY', quantity: 60, isin: 'INE009A01021' },
        ],
        prices: { ITC: 405.35, INFY: 1512.4, HDFCBANK: 1985.6, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5420 },
      }),
    );
    return file;
  };

  it('authorised on the (simulated) Kite web page, `r` re-checks: the sells go, then the buys, exit 0', async () => {
    const run = startRun('cdsl-r', undefined, ['--scenario', scenarioFile()]);
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    const s = await run.waitFor(/r re-check now · s skip these sells/);
    const infy = /CDSL authorisation \(TPIN\) needed before selling: ITC 300, INFY (\d+)/.exec(s)?.[1];
    if (!infy) throw new Error(s);
    // Ink wraps the long link, so the test rebuilds what it says: the simulator's Kite web page, these quantities.
    const origin = /Open\s+(http:\/\/127\.0\.0\.1:\d+)\/web\/holdings\/authorise/.exec(s)?.[1];
    if (!origin) throw new Error(s);
    const form = new URLSearchParams([
      ['isin', 'INE154A01025'],
      ['quantity', '300'],
      ['isin', 'INE009A01021'],
      ['quantity', infy],
      ['tpin', '123456'],
    ]);
    expect(
      (await fetch(`${origin}/web/holdings/authorise`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form }))
        .status,
    ).toBe(200);
    run.keys('r');
    await run.waitFor(/CDSL authorisation: ITC, INFY authorised/);
    await run.waitFor(/Place these buys\?/);
    run.keys('y');
    const end = await run.waitFor(/EXIT:\d+/);
    expect(end).toMatch(/ITC SELL 300 COMPLETE/);
    expect(end).toContain('EXIT:0');
  });

  it('`s` skips the sells at once: never placed, the buys fit the cash there, exit 3', async () => {
    const run = startRun('cdsl-s', undefined, ['--scenario', scenarioFile()]);
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    await run.waitFor(/r re-check now · s skip these sells/);
    run.keys('s');
    await run.waitFor(/CDSL authorisation: nothing authorised; still short: ITC 300, INFY \d+ \(skipped by you\)/);
    await run.waitFor(/Place these buys\?/);
    run.keys('y');
    const end = await run.waitFor(/EXIT:\d+/);
    expect(end).toMatch(/ITC SELL 300 SKIPPED/);
    expect(end).not.toMatch(/SELL \d+ (PUT ORDER REQ RECEIVED|COMPLETE)/);
    expect(end).toContain('EXIT:3');
  });
});
