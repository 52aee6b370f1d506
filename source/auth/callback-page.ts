/** The small HTML page the browser shows after the redirect. Never includes the request token. */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function callbackPage(kind: 'success' | 'failure', title: string, detail: string): string {
  const color = kind === 'success' ? '#1b7f3b' : '#b3261e';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kite-rebalance: ${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto">
<h1 id="result" data-result="${kind}" style="color: ${color}">${escapeHtml(title)}</h1>
<p id="detail">${escapeHtml(detail)}</p>
<p>You can close this tab and return to the terminal.</p>
</body></html>
`;
}
