/** A fetch-driven stand-in for a person in a browser: load the login page, press a button, follow the redirect. */
import { parseLoginForm } from '../../source/auth/auto-submit.js';

export interface BrowseResult {
  callbackStatus: number;
  callbackHtml: string;
  callbackUrl: string;
}

export async function browse(loginUrl: string, opts: { cancel?: boolean; rewriteCallback?: (url: URL) => URL } = {}): Promise<BrowseResult> {
  const html = await (await fetch(loginUrl)).text();
  const form = parseLoginForm(html);
  if (!form) throw new Error('no login form');
  const fields: [string, string][] = form.inputs.map((i) => [i.name, i.value]);
  if (opts.cancel) fields.push(['action', 'cancel']);
  const posted = await fetch(new URL(form.action, loginUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  let target = new URL(posted.headers.get('location')!, loginUrl);
  if (opts.rewriteCallback) target = opts.rewriteCallback(target);
  const cb = await fetch(target);
  return { callbackStatus: cb.status, callbackHtml: await cb.text(), callbackUrl: target.toString() };
}
