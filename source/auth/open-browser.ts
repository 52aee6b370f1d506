/** Opens a URL in the user's browser: `$BROWSER` when set (like xdg-open/sensible-browser), else `open`. */
import { spawn } from 'node:child_process';
import open from 'open';

export async function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const browser = env.BROWSER?.split(':').find((c) => c.trim() !== '');
  if (browser) {
    const parts = browser.trim().split(/\s+/);
    const args = parts.slice(1).map((a) => a.replaceAll('%s', url));
    if (!parts.slice(1).some((a) => a.includes('%s'))) args.push(url);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(parts[0]!, args, { detached: true, stdio: 'ignore' });
      child.on('error', () => undefined);
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
    return;
  }
  const child = await open(url, { wait: false });
  child.on('error', () => undefined); // a late failure of xdg-open & co. must not crash the app
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve());
    if (child.pid !== undefined) resolve();
  });
  child.unref();
}
