/**
 * A tiny Kite stand-in for auth unit tests, following the simulator's login page contract (COMMON.md):
 * login page + form POST → 302 to the redirect URL, /session/token with checksum, /user/profile, logout.
 */
import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';

export interface FakeKite {
  url: string;
  loginUrl: string;
  /** Every request token and access token it handed out (for "no secret in output" checks). */
  issuedRequestTokens: string[];
  issuedAccessTokens: string[];
  profileCalls: number;
  issueAccessToken(userId?: string): string;
  revoke(accessToken: string): void;
  close(): Promise<void>;
}

const token = () => randomBytes(16).toString('hex').slice(0, 32);

export async function startFakeKite(opts: { apiKey: string; apiSecret: string; redirectUrl: string; users?: Record<string, string> }): Promise<FakeKite> {
  const users = opts.users ?? { PA0001: 'Paper Trader' };
  const firstUser = Object.keys(users)[0]!;
  const requestTokens = new Map<string, string>();
  const accessTokens = new Map<string, string>();
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const err = (type: string, message: string) => ({ status: 'error', message, error_type: type, data: null });
  const fake: FakeKite = {
    url: '',
    loginUrl: '',
    issuedRequestTokens: [],
    issuedAccessTokens: [],
    profileCalls: 0,
    issueAccessToken(userId = firstUser) {
      const t = token();
      accessTokens.set(t, userId);
      fake.issuedAccessTokens.push(t);
      return t;
    },
    revoke: (t) => void accessTokens.delete(t),
    close: () => app.close(),
  };

  app.get('/connect/login', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (q.api_key !== opts.apiKey) return reply.code(400).type('text/html').send('<p>Invalid api_key</p>');
    const rp = (q.redirect_params ?? '').replace(/"/g, '&quot;');
    return reply.type('text/html').send(`<!doctype html><html><body>
<form method="post" action="/connect/login" id="login-form">
<input type="hidden" name="api_key" value="${opts.apiKey}">
<input type="hidden" name="redirect_params" value="${rp}">
<input type="text" name="user_id" value="${firstUser}">
<input type="password" name="password" value="paper">
<button type="submit" id="login-submit">Login</button>
<button type="submit" id="login-cancel" name="action" value="cancel">Cancel</button>
</form></body></html>`);
  });
  app.post('/connect/login', async (req, reply) => {
    const b = req.body as Record<string, string>;
    const extra = b.redirect_params ? `&${b.redirect_params}` : '';
    if (b.action === 'cancel') return reply.redirect(`${opts.redirectUrl}?action=login&type=login&status=cancelled${extra}`, 302);
    const rt = token();
    requestTokens.set(rt, b.user_id ?? firstUser);
    fake.issuedRequestTokens.push(rt);
    return reply.redirect(`${opts.redirectUrl}?action=login&type=login&status=success&request_token=${rt}${extra}`, 302);
  });
  app.post('/session/token', async (req, reply) => {
    const b = req.body as Record<string, string>;
    const user = requestTokens.get(b.request_token ?? '');
    if (!user) return reply.code(403).send(err('TokenException', 'Token is invalid or has expired.'));
    const expected = createHash('sha256')
      .update(opts.apiKey + b.request_token + opts.apiSecret)
      .digest('hex');
    if (b.checksum !== expected) return reply.code(403).send(err('TokenException', 'Invalid `checksum`.'));
    requestTokens.delete(b.request_token!);
    const at = fake.issueAccessToken(user);
    return { status: 'success', data: { user_id: user, user_name: users[user], access_token: at, api_key: opts.apiKey, login_time: '2026-11-24 09:00:00' } };
  });
  const authUser = (h: string | undefined) => {
    const m = /^token ([^:]+):(.+)$/.exec(h ?? '');
    return m && m[1] === opts.apiKey ? accessTokens.get(m[2]!) : undefined;
  };
  app.get('/user/profile', async (req, reply) => {
    fake.profileCalls++;
    const user = authUser(req.headers.authorization);
    if (!user) return reply.code(403).send(err('TokenException', 'Incorrect `api_key` or `access_token`.'));
    return { status: 'success', data: { user_id: user, user_name: users[user], email: 'x@example.invalid' } };
  });
  app.delete('/session/token', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (!accessTokens.has(q.access_token ?? '')) return reply.code(403).send(err('TokenException', 'Incorrect `api_key` or `access_token`.'));
    accessTokens.delete(q.access_token!);
    return { status: 'success', data: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  fake.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  fake.loginUrl = `${fake.url}/connect/login`;
  return fake;
}

/** A free TCP port on 127.0.0.1 (for the app's callback server). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}
