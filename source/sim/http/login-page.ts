const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The simulator's stand-in for kite.zerodha.com/connect/login (contract in COMMON.md). */
export function loginPage(opts: { apiKey: string; redirectParams: string; userId: string; userName: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Kite simulator login</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:4rem auto}label{display:block;margin:.6rem 0}input{width:100%}</style>
</head>
<body>
<h1>Kite simulator</h1>
<p>Paper trading login for <strong>${escapeHtml(opts.userName)}</strong>. No real account is involved.</p>
<form method="post" action="/connect/login" id="login-form">
  <input type="hidden" name="api_key" value="${escapeHtml(opts.apiKey)}">
  <input type="hidden" name="redirect_params" value="${escapeHtml(opts.redirectParams)}">
  <label>User ID <input type="text" name="user_id" id="user_id" value="${escapeHtml(opts.userId)}"></label>
  <label>Password <input type="password" name="password" id="password" value="paper"></label>
  <button type="submit" id="login-submit">Login</button>
  <button type="submit" id="login-cancel" name="action" value="cancel">Cancel</button>
</form>
</body>
</html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kite simulator</title></head><body><h1>Login error</h1><p>${escapeHtml(message)}</p></body></html>`;
}
