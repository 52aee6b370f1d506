/**
 * Paper mode's "browser": load the simulator's login page, submit its form, and follow the redirect to
 * the app's own callback, so paper logins run through exactly the same callback code as real ones.
 */
import { AppError } from '../core/errors.js';

interface FormInput {
  name: string;
  value: string;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[2] ?? m[3] ?? m[4] ?? '') : undefined;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function parseLoginForm(html: string): { action: string; method: string; inputs: FormInput[] } | null {
  const formMatch = /<form\b[^>]*\bid\s*=\s*["']login-form["'][^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!formMatch) return null;
  const formTag = /<form\b[^>]*>/i.exec(formMatch[0])![0];
  const inputs: FormInput[] = [];
  for (const m of formMatch[1]!.matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(m[0], 'name');
    if (name) inputs.push({ name, value: attr(m[0], 'value') ?? '' });
  }
  return { action: attr(formTag, 'action') ?? '', method: (attr(formTag, 'method') ?? 'get').toLowerCase(), inputs };
}

/** Returns the callback page's HTML. */
export async function submitLoginForm(loginUrl: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const page = await fetchImpl(loginUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new AppError('auth', `The login page at ${new URL(loginUrl).origin} answered HTTP ${page.status}`);
  const form = parseLoginForm(html);
  if (!form) throw new AppError('auth', `The login page at ${new URL(loginUrl).origin} has no login form`);
  const body = new URLSearchParams(form.inputs.map((i): [string, string] => [i.name, i.value]));
  const posted = await fetchImpl(new URL(form.action, loginUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const location = posted.headers.get('location');
  await posted.arrayBuffer();
  if (posted.status < 300 || posted.status >= 400 || !location) {
    throw new AppError('auth', `Submitting the login form did not redirect back (HTTP ${posted.status})`);
  }
  const callback = await fetchImpl(new URL(location, loginUrl), { redirect: 'manual' });
  return callback.text();
}
