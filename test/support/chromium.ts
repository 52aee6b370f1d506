/** Debian's Chromium driven over CDP with playwright-core, the way the e2e tests open "the user's browser". */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export interface RunningChromium {
  proc: ChildProcess;
  browser: Browser;
  profileDir: string;
}

/** Starts Chromium on `url` the way a user's browser would be, and attaches to it over CDP. */
export async function launchChromium(url: string): Promise<RunningChromium> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'kr-chromium-'));
  const proc = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      url,
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not print its DevTools URL:\n${err}`)), 20_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return { proc, browser, profileDir };
}

export async function killChromium(c: RunningChromium | undefined): Promise<void> {
  if (!c) return;
  await c.browser.close().catch(() => undefined);
  if (c.proc.exitCode === null && c.proc.pid) {
    const exited = new Promise((r) => c.proc.once('exit', r));
    try {
      process.kill(-c.proc.pid, 'SIGKILL'); // the group we created with detached: true
    } catch {
      // already gone
    }
    await exited;
  }
  rmSync(c.profileDir, { recursive: true, force: true });
}

/** The tab Chromium opened on a page whose URL contains `part`. */
export async function tabWith(browser: Browser, part: string): Promise<Page> {
  for (let i = 0; i < 200; i++) {
    const page = browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().includes(part));
    if (page) return page;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no tab with ${part}`);
}
