/**
 * The line runner's colour as a user sees it: the built CLI with --quiet in a real terminal (tmux, escape codes
 * kept by `capture-pane -e`) and in a pipe. Colour only on a terminal; NO_COLOR turns it off; a pipe stays plain
 * even with FORCE_COLOR; --json never carries colour.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, isBuilt, logChildOutput, repoRoot, runBin } from '../support/run-bin.js';

const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `kr-colour-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const homes: string[] = [];
const basket = join(repoRoot, 'baskets', 'nifty50-momentum.json');
const NOW = '2026-11-25T10:00:00+05:30';
const ESC = '\u001B[';
const RED = '\u001B[31m';
const GREEN = '\u001B[32m';

afterAll(() => {
  if (haveTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A paper run with --quiet in a fresh 160×50 pane; resolves with everything it printed, escape codes included. */
async function quietRunInTerminal(name: string, extraEnv: Record<string, string>): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'kr-colour-'));
  homes.push(home);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    KITE_REBALANCE_HOME: join(home, 'data'),
    KITE_REBALANCE_FAKE_NOW: NOW,
    ...extraEnv,
  };
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ');
  const command = `cd ${q(home)} && env -i ${assignments} ${q(process.execPath)} ${q(binPath)} ${q(basket)} --paper --quiet; echo EXIT:$?; sleep 300`;
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', command);
  for (const start = Date.now(); ; await new Promise((r) => setTimeout(r, 200))) {
    const s = tmux('capture-pane', '-p', '-e', '-J', '-S', '-', '-t', name);
    if (/EXIT:\d+/.test(s)) {
      logChildOutput(s);
      return s;
    }
    if (Date.now() - start > 50_000) throw new Error(`the run in ${name} did not finish:\n${s}`);
  }
}

describe.skipIf(!haveTmux || !isBuilt()).concurrent('colour in the line runner (built CLI)', { timeout: 60_000 }, () => {
  it('on a terminal: the plan, the event lines and the summary are coloured by meaning', async () => {
    const s = await quietRunInTerminal('colour', {});
    expect(s).toContain('EXIT:0');
    expect(s).toContain(`${RED}SELL`); // a sell in the plan
    const fill = s.split('\n').find((l) => l.includes('COMPLETE filled'));
    expect(fill).toContain(GREEN); // a fill on stderr, in the success colour
    expect(s).toMatch(/Rebalance complete: every order filled/);
  });

  it('NO_COLOR=1 on a terminal: not one escape code, the same words', async () => {
    const s = await quietRunInTerminal('nocolour', { NO_COLOR: '1' });
    expect(s).toContain('EXIT:0');
    expect(s).not.toContain(ESC);
    expect(s).toMatch(/ITC SELL 300 COMPLETE filled 300\/300/);
  });

  it('in a pipe, even with FORCE_COLOR=3: plain lines; --json: plain JSON', async () => {
    const piped = await runBin([basket, '--paper', '--quiet'], { env: { KITE_REBALANCE_FAKE_NOW: NOW, FORCE_COLOR: '3' } });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout + piped.stderr).not.toContain(ESC);
    const json = await runBin([basket, '--paper', '--quiet', '--json'], { env: { KITE_REBALANCE_FAKE_NOW: NOW, FORCE_COLOR: '3' } });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout + json.stderr).not.toContain(ESC);
    expect(JSON.parse(json.stdout).execution.complete).toBe(true);
  });
});
