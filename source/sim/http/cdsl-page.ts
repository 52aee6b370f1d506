import type { AuthorisationItem } from '../cdsl.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE =
  'body{font-family:sans-serif;max-width:32rem;margin:3rem auto}table{border-collapse:collapse;width:100%}td,th{padding:.3rem;border-bottom:1px solid #ccc;text-align:left}label{display:block;margin:1rem 0}.error{color:#b00}';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>`;
}

/**
 * The simulator's stand-in for the CDSL eDIS page Kite sends the user to: the holdings to authorise, a TPIN
 * field and a submit. `action` is where the form posts; `editable` lets the user choose quantities (the
 * "Kite web → Holdings → Authorisation" stand-in) instead of confirming a request's fixed ones.
 */
export function cdslPage(opts: { action: string; items: readonly AuthorisationItem[]; editable: boolean; error?: string }): string {
  const rows = opts.items
    .map((i, n) => {
      const qty = opts.editable
        ? `<input type="number" min="0" name="quantity" id="quantity-${n}" value="${i.quantity}"><input type="hidden" name="isin" value="${escapeHtml(i.isin)}">`
        : String(i.quantity);
      return `<tr><td>${escapeHtml(i.tradingsymbol)}</td><td>${escapeHtml(i.isin)}</td><td>${qty}</td></tr>`;
    })
    .join('\n');
  return page(
    'CDSL eDIS authorisation (simulator)',
    `<h1>CDSL: authorise holdings for sale</h1>
<p>Simulated depository page. No real account is involved; the TPIN is the simulator's fake one.</p>
${opts.error ? `<p class="error" id="cdsl-error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="${escapeHtml(opts.action)}" id="cdsl-form">
<table><thead><tr><th>Symbol</th><th>ISIN</th><th>Quantity</th></tr></thead><tbody>
${rows}
</tbody></table>
<label>CDSL TPIN <input type="password" name="tpin" id="tpin" inputmode="numeric" autocomplete="off"></label>
<button type="submit" id="cdsl-submit">Authorise</button>
</form>`,
  );
}

export function cdslDonePage(items: readonly AuthorisationItem[]): string {
  const list = items.map((i) => `<li>${i.quantity} ${escapeHtml(i.tradingsymbol)} (${escapeHtml(i.isin)})</li>`).join('');
  return page(
    'Authorised (simulator)',
    `<h1 id="cdsl-done">Authorisation successful</h1><p>Authorised for sale today:</p><ul>${list}</ul><p>You can close this window.</p>`,
  );
}

export function cdslErrorPage(message: string): string {
  return page('CDSL authorisation (simulator)', `<h1>Authorisation error</h1><p id="cdsl-error">${escapeHtml(message)}</p>`);
}
