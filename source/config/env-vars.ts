/** Every environment variable the app reads (docs/architecture.md). --help and env.template list these. */
export const ENV_VARS = [
  ['ZERODHA_API_KEY', 'Kite Connect app api_key. Unset → paper mode on the built-in simulator (announced).'],
  ['ZERODHA_API_SECRET', 'Kite Connect app api_secret (used once per login for the token exchange; never printed).'],
  ['ENCRYPTION_KEY', 'Fernet key (urlsafe base64 of 32 bytes) that encrypts stored access tokens; `kite-rebalance keygen` prints one.'],
  ['MONGODB_URI', 'Store tokens and run journals in MongoDB instead of the embedded file store.'],
  ['MONGODB_DB_NAME', 'MongoDB database name (default kite_rebalance).'],
  ['KITE_API_ROOT', 'Kite API base URL (default https://api.kite.trade).'],
  ['KITE_LOGIN_URL', 'Kite login page (default https://kite.zerodha.com/connect/login).'],
  ['KITE_REDIRECT_URL', 'Login callback, must match your Kite app (default http://localhost:8080/callback; served on 127.0.0.1 only).'],
  ['KITE_ACCESS_TOKEN', 'Use this access token directly: skip stored tokens and login (automation, CI).'],
  ['KITE_REBALANCE_HOME', 'Data directory of the embedded store (default: the OS config dir).'],
  ['KITE_REBALANCE_FAKE_NOW', 'Start the app clock (and the paper simulator) at this ISO instant (tests, demos).'],
  ['KITE_REBALANCE_TIME_SCALE', 'Run that clock N× faster (tests, demos).'],
] as const;

export type EnvVarName = (typeof ENV_VARS)[number][0];
