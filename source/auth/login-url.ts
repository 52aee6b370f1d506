/**
 * kiteconnect's getLoginURL ignores custom hosts (kite-api.md §6.5), so the URL is built here, with the
 * session's nonce in `redirect_params` so the callback can prove it answers this login.
 */
export function buildLoginUrl(loginUrl: string, apiKey: string, nonce: string): string {
  const sep = loginUrl.includes('?') ? '&' : '?';
  return `${loginUrl}${sep}v=3&api_key=${encodeURIComponent(apiKey)}&redirect_params=${encodeURIComponent(`nonce=${nonce}`)}`;
}

/**
 * An OSC 8 terminal hyperlink; plain text when the stream is not a terminal. Terminals without OSC 8
 * drop the escapes and show `text`, so callers pass the URL itself as the text.
 */
export function terminalLink(url: string, text: string, isTty: boolean): string {
  return isTty ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : url;
}

export interface RedirectTarget {
  port: number;
  path: string;
}

export function parseRedirectUrl(redirectUrl: string): RedirectTarget {
  let u: URL;
  try {
    u = new URL(redirectUrl);
  } catch {
    throw new Error(`KITE_REDIRECT_URL ${JSON.stringify(redirectUrl)} is not a URL`);
  }
  if (u.protocol !== 'http:') throw new Error(`KITE_REDIRECT_URL must be an http:// URL on this machine, got ${u.protocol}//`);
  const port = u.port === '' ? 80 : Number(u.port);
  return { port, path: u.pathname || '/' };
}
