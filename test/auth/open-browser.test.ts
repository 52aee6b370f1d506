import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInBrowser } from '../../source/auth/open-browser.js';

/** A fake browser command that records its arguments. */
function fakeBrowser(): { command: string; argsFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kr-browser-'));
  const argsFile = path.join(dir, 'args');
  const command = path.join(dir, 'browser.sh');
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(argsFile)}\n`);
  chmodSync(command, 0o755);
  return { command, argsFile };
}

const waitFor = async (file: string) => {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
  return readFileSync(file, 'utf8');
};

describe('openInBrowser', () => {
  const url = 'http://127.0.0.1:1/connect/login?v=3&api_key=k&redirect_params=nonce%3Dabc';

  it('uses $BROWSER with the URL as its argument', async () => {
    const b = fakeBrowser();
    await openInBrowser(url, { BROWSER: b.command });
    expect(await waitFor(b.argsFile)).toBe(`${url}\n`);
  });

  it('honours %s and extra arguments in $BROWSER, and takes the first of a colon list', async () => {
    const b = fakeBrowser();
    await openInBrowser(url, { BROWSER: `${b.command} --new-window %s:/nonexistent/other` });
    expect(await waitFor(b.argsFile)).toBe(`--new-window\n${url}\n`);
  });

  it('a $BROWSER that does not exist rejects (the login reports it and goes on)', async () => {
    await expect(openInBrowser(url, { BROWSER: '/nonexistent/browser-binary' })).rejects.toThrow(/ENOENT/);
  });
});
