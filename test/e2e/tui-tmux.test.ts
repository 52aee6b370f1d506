/**
 * Acceptance: the built CLI in a real terminal (tmux), paper mode, the Ink TUI driven by keystrokes: pick a user →
 * review (scroll) → confirm the sells → countdown to the open → streaming rows → confirm the buys → summary; `q`,
 * Ctrl+C during the countdown and during execution, SIGTERM, `n` on each batch, NO_COLOR, 60 and 80 columns, a
 * resize, and sells that need a CDSL authorisation. The clock is set (KITE_REBALANCE_FAKE_NOW) and sped up
 * (KITE_REBALANCE_TIME_SCALE) so a run that starts before the open gets there in seconds; each run has its own
 * data dir; CI is unset in the pane (Ink behaves differently under CI). The exit code is echoed inside the pane.
 *
 * `KR_SAVE_SCREENS=1` writes a plain-text capture of each screen of the full run to docs/screens/ (shown in the README).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const SCREENS = join(repoRoot, 'docs', 'screens');
const saveScreens = process.env.KR_SAVE_SCREENS === '1';

afterAll(() => {
  if (haveTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const BASKET = join(repoRoot, 'baskets', 'nifty50-momentum.json');
/**
 * A Wednesday before NSE's open, with the clock at 20× (KITE_REBALANCE_TIME_SCALE): 4 minutes of clock (12 s of
 * real time) leave room for a slow start, then the run counts down to 09:14, tries until the open at 09:15, places.
 */
const BEFORE_OPEN = '2026-11-25T09:10:00+05:30';
const DURING = '2026-11-25T10:00:00+05:30';

interface RunOptions {
  fakeNow?: string;
  args?: string[];
  columns?: number;
  rows?: number;
  scale?: number;
  env?: Record<string, string>;
  /** Two stored paper users (PB0002, then PA0001), so the run starts at the user picker. */
  twoUsers?: boolean;
}

function startRun(name: string, o: RunOptions = {}) {
  const home = mkdtempSync(join(tmpdir(), 'kr-tui-'));
  homes.push(home);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    KITE_REBALANCE_HOME: join(home, 'data'),
    KITE_REBALANCE_FAKE_NOW: o.fakeNow ?? DURING,
    KITE_REBALANCE_TIME_SCALE: String(o.scale ?? 1),
    ...o.env,
  };
  if (o.twoUsers) {
    const second = join(home, 'second-user.json');
    writeFileSync(second, JSON.stringify({ user: { user_id: 'PB0002', user_name: 'Second Paper' }, cash: 1000 }));
    const run = (args: string[]) => execFileSync(process.execPath, [binPath, ...args], { cwd: home, env: { ...env, TERM: 'dumb' }, stdio: 'pipe' });
    run([BASKET, '--paper', '--dry-run', '--quiet', '--scenario', second]);
    run(['login', '--paper']);
  }
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ');
  const command = `cd ${q(home)} && env -i ${assignments} ${q(process.execPath)} ${q(binPath)} ${q(BASKET)} --paper${(o.args ?? []).map((a) => ` ${q(a)}`).join('')}; echo EXIT:$?; sleep 300`;
  tmux('new-session', '-d', '-s', name, '-x', String(o.columns ?? 80), '-y', String(o.rows ?? 24), command);
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
  const visible = () => tmux('capture-pane', '-p', '-t', name);
  return {
    screen,
    visible,
    /** The visible pane with escape codes (colours) kept. */
    raw: () => tmux('capture-pane', '-p', '-e', '-t', name),
    resize: (columns: number, rows: number) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
    // The pane's shell runs `env -i … node …`, which execs node: the app is the shell's child.
    appPid: () =>
      Number(
        execFileSync('pgrep', ['-P', tmux('list-panes', '-t', name, '-F', '#{pane_pid}').trim(), '-f', 'kite-rebalance'], { encoding: 'utf8' })
          .trim()
          .split('\n')[0],
      ),
    keys: (...k: string[]) => void tmux('send-keys', '-t', name, ...k),
    /** Waits until the visible pane (or, with `all`, the scrollback too) matches. */
    async waitFor(pattern: RegExp, opts: { ms?: number; all?: boolean } = {}): Promise<string> {
      for (const start = Date.now(); ;) {
        const s = opts.all ? screen() : visible();
        if (pattern.test(s)) return s;
        const whole = screen();
        if (Date.now() - start > (opts.ms ?? 25_000) || (/EXIT:\d+/.test(whole) && !pattern.test(opts.all ? whole : visible()))) {
          logChildOutput(whole);
          throw new Error(`no ${pattern} in the pane:\n${whole}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    save(file: string, text: string) {
      if (!saveScreens) return;
      mkdirSync(SCREENS, { recursive: true });
      writeFileSync(join(SCREENS, file), `${text.replace(/[ \t]+$/gm, '').replace(/\n+$/, '')}\n`);
    },
  };
}

/**
 * Answers `y` to whatever prompt is on screen until the app exits: a repair round (when the market moved enough)
 * asks again. Resolves with the whole pane.
 */
async function yesUntilExit(run: ReturnType<typeof startRun>, ms = 30_000): Promise<string> {
  for (const start = Date.now(); ; await new Promise((r) => setTimeout(r, 300))) {
    const s = run.screen();
    if (/EXIT:\d+/.test(s)) return s;
    if (Date.now() - start > ms) throw new Error(`no exit:\n${s}`);
    if (/Place these (sells|buys)\?/.test(run.visible())) run.keys('y');
  }
}

/** Lines wider than the pane would wrap mid-number: none may. */
const widest = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe.skipIf(!haveTmux || !built).concurrent('TUI in a real terminal (tmux)', { timeout: 60_000 }, () => {
  it('80×24, before the open: pick a user → review (scroll) → y sells → countdown → rows → y buys → summary, exit 0', async () => {
    const run = startRun('full', { fakeNow: BEFORE_OPEN, scale: 20, twoUsers: true });
    let s = await run.waitFor(/Log in as which stored Kite user\?/);
    // Newest login first: the two were stored a moment apart, in either order.
    expect(s).toMatch(
      /^[▸ ] (PA0001\s+Paper Trader|PB0002\s+Second Paper)\s+last login 2026-11-25 09:1\d IST\n[▸ ] (PA0001\s+Paper Trader|PB0002\s+Second Paper)\s+last login/m,
    );
    expect(s).toMatch(/^▸ /m);
    expect(s).toMatch(/^ PAPER {2}Log in/m);
    run.save('01-user-picker.txt', s);
    const second = /^ {2}(PA0001|PB0002) /m.exec(s)?.[1];
    run.keys('Down');
    await run.waitFor(new RegExp(`▸ ${second}`));
    run.keys('Up');
    await run.waitFor(new RegExp(`▸ ${second === 'PA0001' ? 'PB0002' : 'PA0001'}`));
    if (second === 'PA0001') {
      run.keys('Down');
      await run.waitFor(/▸ PA0001/);
    }
    run.keys('Enter');
    s = await run.waitFor(/Place these sells\?/);
    expect(s).toMatch(/^ PAPER {2}Confirm round 1 PA0001 · nifty50-momentum\.json/m);
    expect(s).toMatch(/symbol\s+held\s+LTP\s+value\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(s).toMatch(/▸ ITC\s+300\s+\d+\.\d\d\s+₹1,\d\d,\d{3}\s+16\.\d\d%\s+0\.00%\s+│█+\s+-300/);
    expect(s).toMatch(/rows 1–\d of 8 · ↓ more/);
    expect(s).toMatch(/│ {2}PAPER {2}the built-in simulator: no real money/);
    expect(widest(s)).toBeLessThanOrEqual(80);
    expect(s.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    // Each sell's estimated capital-gains tax is on its prompt, the plan's tax above the review (no tradebook here).
    expect(s).toMatch(/│ {3}SELL\s+300 ITC\s+≈ ₹[\d,.]+\s+tax ≈ ₹[\d,.]+/);
    expect(run.screen()).toMatch(/Tax ≈ ₹[\d,.]+ on gains: /);
    run.save('02-review-confirm-sells.txt', s);
    run.keys('Down');
    await run.waitFor(/▸ BAJAJ-AUTO: /);
    run.keys('NPage');
    await run.waitFor(/rows \d–8 of 8 · ↑ more/);
    run.keys('y');
    s = await run.waitFor(/0h 0\dm \d\ds until Wed 25 Nov 2026 09:14 IST/);
    expect(s).toMatch(/^ PAPER {2}Waiting for the market/m);
    expect(s).toMatch(/█▀█ █▀█\s+█▀█ /); // 00:0m:ss in block digits
    expect(s).toContain('Then: the 3 confirmed sells go as market orders, not asked again.');
    expect(s).not.toMatch(/complete @/);
    run.save('03-countdown.txt', s);
    s = await run.waitFor(/Place these buys\?/);
    expect(s).toMatch(/\d\d:\d\d:\d\d SELL\s+300 ITC\s+complete @ \d+\.\d\d/);
    expect(s).toMatch(/█+ 3\/3 orders finished/);
    expect(s).toMatch(/order rate \d+\/s of 10\/s · \d+\/min of 400\/min/);
    run.save('04-rows-confirm-buys.txt', s);
    run.keys('y');
    s = await yesUntilExit(run);
    logChildOutput(s);
    expect(s).toMatch(/BUY\s+\d+ HDFCBANK\s+complete @ \d+\.\d\d/);
    expect(s).toMatch(/Run [a-z0-9]{8}: Rebalance complete: every order filled\./);
    expect(s).toMatch(/placed (\d+) · filled \1 · rejected 0 · skipped 0/);
    expect(s).toMatch(/symbol\s+after\s+target drift\n(?:.*\n)*?HDFCBANK\s+2\d\.\d\d%\s+25\.00%\s+█*│/);
    expect(s).toMatch(/drift 6\d\.\d\d% → \d\.\d\d% · cash left ₹[\d,.]+ · charges paid ≈ ₹[\d,.]+/);
    expect(s).toMatch(/Next: Nothing more to do\.\nRun [a-z0-9]{8} · exit code 0 \(done\)/);
    expect(s).not.toContain('resume');
    expect(s).toContain('EXIT:0');
    run.save('05-summary.txt', s.slice(s.indexOf('Run ', s.indexOf('finished:'))).replace(/EXIT:0[\s\S]*/, ''));
  });

  it('`n` on each batch: the sells are skipped (the buys are asked for), then the buys: nothing placed, exit 0', async () => {
    const run = startRun('decline');
    await run.waitFor(/Place these sells\?/);
    run.keys('n');
    await run.waitFor(/Place these buys\?/);
    let s = run.screen();
    expect(s.replace(/\s+/g, ' ')).toContain('Round 1 sells skipped (3 order(s), about');
    expect(s).toMatch(/SELL\s+300 ITC\s+skipped: declined at confirmation/);
    run.keys('n');
    await run.waitFor(/EXIT:\d+/, { all: true });
    s = run.screen();
    logChildOutput(s);
    expect(s).toMatch(/Next: Nothing was placed\./);
    expect(s).not.toMatch(/complete @/);
    expect(s).toContain('EXIT:0');
  });

  it('`y` then `n` on the buys: the sells fill, the idle cash is said, exit 3', async () => {
    const run = startRun('idle');
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    await run.waitFor(/Place these buys\?/);
    run.keys('n');
    await run.waitFor(/EXIT:\d+/, { all: true });
    const s = run.screen();
    logChildOutput(s);
    expect(s.replace(/\s+/g, ' ')).toMatch(/Buys declined after the sells: ₹[\d,.]+ is idle in the account\. Run the basket again to invest it\./);
    expect(s).toContain('exit code 3 (partly done)');
    expect(s).toContain('EXIT:3');
  });

  it('`q` at the first prompt: exit 130 at once, nothing placed', async () => {
    const run = startRun('quit');
    await run.waitFor(/Place these sells\?/);
    run.keys('q');
    await run.waitFor(/EXIT:\d+/, { all: true });
    const s = run.screen();
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.');
    expect(s).not.toMatch(/complete @/);
    expect(s).toContain('EXIT:130');
  });

  it('Ctrl+C during the countdown: nothing placed, exit 130', async () => {
    const run = startRun('countdown', { fakeNow: '2026-11-28T10:00:00+05:30' });
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    await run.waitFor(/\d+h \d\dm \d\ds until Mon 30 Nov 2026 09:14 IST/);
    run.keys('C-c');
    await run.waitFor(/EXIT:\d+/, { all: true });
    const s = run.screen();
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.');
    expect(s).toContain('EXIT:130');
  });

  it('Ctrl+C during execution: stops placing, lists the orders still open at the exchange (stock, quantity, id), exit 130, no resume for paper', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-tui-open-'));
    homes.push(dir);
    const scenario = join(dir, 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        cash: 20_000,
        holdings: [
          { tradingsymbol: 'ITC', quantity: 300, isin: 'INE154A01025' },
          { tradingsymbol: 'INFY', quantity: 60, isin: 'INE009A01021' },
        ],
        prices: { ITC: 405.35, INFY: 1512.4, HDFCBANK: 1985.6, RELIANCE: 1402.1, 'M&M': 3215.5, 'BAJAJ-AUTO': 5420 },
        fill: { stay_open: ['ITC'] },
      }),
    );
    const run = startRun('exec-cancel', { args: ['--scenario', scenario] });
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    let s = await run.waitFor(/SELL\s+300 ITC\s+open at the exchange/);
    expect(s).toMatch(/^ PAPER {2}Placing orders/m);
    run.save('06-executing.txt', s);
    run.keys('C-c');
    await run.waitFor(/EXIT:\d+/, { all: true });
    s = run.screen();
    logChildOutput(s);
    const flat = s.replace(/\s+/g, ' ');
    expect(flat).toMatch(/Cancelled after placing \d order\(s\); a paper run cannot be resumed: run the basket again/);
    expect(flat).toMatch(
      /Still open at the exchange \(they may fill; cancel them in Kite if you do not want them\): SELL ITC 300 of 300 open \(order id \d+\)/,
    );
    expect(s).toContain('The run is recorded in the journal.');
    expect(s).not.toContain('kite-rebalance resume');
    expect(s).toContain('EXIT:130');
    run.save('07-cancelled.txt', s.slice(s.lastIndexOf(' PAPER ')).replace(/EXIT:130[\s\S]*/, ''));
  });

  it('SIGTERM while the TUI waits for a key: the same cancellation, exit 130', async () => {
    const run = startRun('sigterm');
    await run.waitFor(/Place these sells\?/);
    process.kill(run.appPid(), 'SIGTERM');
    await run.waitFor(/EXIT:\d+/, { all: true });
    const s = run.screen();
    logChildOutput(s);
    expect(s).toContain('Cancelled: nothing was placed.');
    expect(s).not.toMatch(/complete @|forced exit/);
    expect(s).toContain('EXIT:130');
  });

  it('60 columns: the compact review fits (no line wider than the pane); a resize to 100×30 and back redraws cleanly', async () => {
    const run = startRun('narrow', { columns: 60, rows: 24, fakeNow: '2026-11-28T10:00:00+05:30' });
    let s = await run.waitFor(/Place these sells\?/);
    expect(s).toMatch(/symbol\s+held\s+weight\s+target\s+drift\s+trade\s+after/);
    expect(s).toMatch(/▸ ITC · LTP \d+\.\d\d · ₹1,\d\d,\d{3} · drift/);
    expect(widest(s)).toBeLessThanOrEqual(60);
    run.save('08-review-60-columns.txt', s);
    run.keys('y');
    await run.waitFor(/\d+h \d\dm \d\ds until Mon/);
    run.resize(100, 30);
    await new Promise((r) => setTimeout(r, 600));
    run.resize(60, 24);
    await new Promise((r) => setTimeout(r, 600));
    s = await run.waitFor(/\d+h \d\dm \d\ds until Mon/);
    // One countdown line, one header: no stale copies left by the redraws.
    expect(s.match(/\d+h \d\dm \d\ds until Mon 30 Nov 2026 09:14 IST/g)).toHaveLength(1);
    expect(s.match(/ PAPER {2}Waiting for the market/g)).toHaveLength(1);
    expect(widest(s)).toBeLessThanOrEqual(60);
    run.keys('q');
    await run.waitFor(/EXIT:130/, { all: true });
  });

  it('NO_COLOR: no colour on any screen, the badge still stands out (inverse); without it, the palette', async () => {
    const plain = startRun('nocolor', { env: { NO_COLOR: '1' } });
    const coloured = startRun('colour');
    await plain.waitFor(/Place these sells\?/);
    await coloured.waitFor(/Place these sells\?/);
    const esc = String.fromCharCode(27);
    const foreground = new RegExp(`${esc}\\[(?:[0-9;]*;)?(3[0-7]|9[0-7])m`);
    expect(plain.raw()).not.toMatch(foreground);
    expect(plain.raw()).toMatch(new RegExp(`${esc}\\[[0-9;]*7m PAPER `));
    expect(coloured.raw()).toMatch(foreground);
    plain.keys('q');
    coloured.keys('q');
    await plain.waitFor(/EXIT:130/, { all: true });
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
    const run = startRun('cdsl-r', { args: ['--scenario', scenarioFile()], columns: 160, rows: 50 });
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
    await run.waitFor(/CDSL authorisation: ITC, INFY authorised/, { all: true });
    await run.waitFor(/Place these buys\?/);
    run.keys('y');
    const end = await yesUntilExit(run);
    expect(end).toMatch(/SELL\s+300 ITC\s+complete @/);
    expect(end).toContain('EXIT:0');
  });

  it('`s` skips the sells at once: never placed, the buys fit the cash there, exit 3', async () => {
    const run = startRun('cdsl-s', { args: ['--scenario', scenarioFile()], columns: 160, rows: 50 });
    await run.waitFor(/Place these sells\?/);
    run.keys('y');
    await run.waitFor(/r re-check now · s skip these sells/);
    run.keys('s');
    await run.waitFor(/CDSL authorisation: nothing authorised; still short: ITC 300, INFY \d+ \(skipped by you\)/, { all: true });
    await run.waitFor(/Place these buys\?/);
    run.keys('y');
    const end = await yesUntilExit(run);
    expect(end).toMatch(/SELL\s+300 ITC\s+skipped/);
    expect(end).not.toMatch(/SELL\s+\d+ \w+\s+complete/);
    expect(end).toContain('EXIT:3');
  });
});
