/**
 * The hostile inputs of issue 10, as data: basket texts and files, flags, environment and broker replies. Each
 * case is run as the real binary by hostile-inputs.test.ts. `expect: 'refused'` (the default) runs `--live
 * --quiet` and must end with one clear line, a non-zero exit, no stack trace, no placement and the data folder
 * intact; `expect: 'accepted'` is a valid but unusual input, run as a dry run, that must be read as meant.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostileReply, Tamper } from '../support/hostile-kite.js';

export interface HostileCase {
  group: 'basket' | 'basket-file' | 'flags' | 'env' | 'broker';
  name: string;
  /** Basket text written to `basket.json` (the default basket when absent and `file` is absent too). */
  basket?: string | Buffer;
  /** The basket argument instead of the written file; `{dir}` is the case's folder. */
  file?: string;
  /** Prepares the case's folder (special files); returns the basket path when it makes one. */
  prepare?: (dir: string, home: string) => string | void;
  /** Extra arguments (after the basket), instead of `--live --quiet`. */
  args?: string[];
  /** Arguments replacing everything (the basket included). */
  argv?: string[];
  env?: Record<string, string>;
  /** Environment variables removed for this case. */
  unset?: string[];
  tamper?: Tamper;
  /** KITE_REBALANCE_HOME is this path under the case's data folder (e.g. below a file put there). */
  homeSuffix?: string;
  /** Run as another user (root ignores file permissions). */
  asNobody?: boolean;
  expect?: 'refused' | 'accepted';
  /** For accepted cases: what the dry run's output must contain. */
  shows?: RegExp;
  /** Part of the error line, when the reason matters. */
  says?: RegExp;
}

const GOOD_STOCKS = [
  { stock_ticker: 'INFY', weight: 0.4 },
  { stock_ticker: 'ITC', weight: 0.3 },
  { stock_ticker: 'TCS', weight: 0.25 },
];
export const GOOD_BASKET = JSON.stringify({ reason_summary: 'test basket', stocks: GOOD_STOCKS });
const stocks = (entries: unknown) => JSON.stringify({ stocks: entries });
const weights = (w: string) => `{"stocks_picked":["INFY","TCS"],"weights":${w}}`;

function basketCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const add = (name: string, basket: string | Buffer, says?: RegExp) => out.push({ group: 'basket', name, basket, ...(says ? { says } : {}) });

  // Truncated JSON: a valid basket cut at twenty places.
  for (let i = 0; i < 20; i++) {
    const at = Math.max(1, Math.floor((GOOD_BASKET.length * (i + 0.5)) / 20));
    add(`truncated at byte ${at}`, GOOD_BASKET.slice(0, at));
  }
  const oldFormat = weights('{"INFY":0.5,"TCS":0.45}');
  for (const at of [5, 30, oldFormat.length - 1]) add(`old format truncated at byte ${at}`, oldFormat.slice(0, at));

  // Wrong types.
  const wrongWeights: unknown[] = ['0.5', true, null, [0.5], { w: 0.5 }, ''];
  for (const w of wrongWeights) add(`stocks weight ${JSON.stringify(w)}`, stocks([{ stock_ticker: 'INFY', weight: w }]), /weight/);
  for (const w of wrongWeights) add(`weights value ${JSON.stringify(w)}`, weights(JSON.stringify({ INFY: w })), /weight/);
  for (const t of [42, null, true, ['INFY'], { s: 'INFY' }, ''])
    add(`ticker ${JSON.stringify(t)}`, stocks([{ stock_ticker: t, weight: 1 }]), /not an NSE symbol/);
  add('missing ticker', stocks([{ weight: 1 }]), /not an NSE symbol/);
  add('missing weight', stocks([{ stock_ticker: 'INFY' }]), /weight/);
  for (const s of ['"INFY"', '{"INFY":1}', '42', 'null', 'true']) add(`"stocks" is ${s}`, `{"stocks":${s}}`, /not a basket|not an object/);
  add('stocks entries are strings', stocks(['INFY', 'TCS']), /not an object/);
  for (const w of ['[0.5]', '"INFY"', '7', 'null']) add(`"weights" is ${w}`, `{"weights":${w}}`, /not a basket/);
  for (const top of ['[]', '[{"stock_ticker":"INFY","weight":1}]', '"basket"', '42', 'null', 'true']) add(`top level ${top}`, top);

  // NaN and Infinity written as text: not JSON.
  for (const v of ['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '.5', '1.', '+1', '1e', '--1']) {
    add(`weight written ${v}`, `{"stocks":[{"stock_ticker":"INFY","weight":${v}}]}`, /not valid JSON/);
  }
  for (const v of ['1e400', '-1e400']) add(`weight ${v} (not finite)`, `{"stocks":[{"stock_ticker":"INFY","weight":${v}}]}`, /finite number/);

  // Negative weights.
  for (const w of [-0.1, -1e-9, -1, -1e308]) {
    add(`negative weight ${w}`, stocks([{ stock_ticker: 'INFY', weight: w }]), /≥ 0/);
    add(`negative old-format weight ${w}`, weights(JSON.stringify({ INFY: 1.5, TCS: w })));
  }

  // Sums over 1.
  for (const over of [1.0000021, 1.001, 1.5, 2, 1e6]) {
    add(
      `weights adding up to ${over}`,
      stocks([
        { stock_ticker: 'INFY', weight: 0.5 },
        { stock_ticker: 'TCS', weight: over - 0.5 },
      ]),
      /more than 1/,
    );
  }
  add('old format adding up to 1.01', weights('{"INFY":0.51,"TCS":0.5}'), /more than 1/);
  add('a repeated ticker pushing the sum over 1', weights('{"INFY":0.6,"TCS":0.3,"INFY":0.2}'), /more than 1/);

  // Empty and all-zero.
  for (const [name, text] of [
    ['an empty file', ''],
    ['only whitespace', ' \n\t\r\n'],
    ['an empty object', '{}'],
    ['an empty stocks list', '{"stocks":[]}'],
    ['an empty weights object', '{"weights":{}}'],
    ['only a BOM', '\ufeff'],
  ] as const) {
    add(name, text);
  }
  add('every weight 0 (stocks)', stocks([{ stock_ticker: 'INFY', weight: 0 }]), /every weight is 0/);
  add('every weight 0 (weights)', weights('{"INFY":0,"TCS":0}'), /every weight is 0/);

  // Duplicate keys.
  add('"stocks" twice', `{"stocks":${stocks(GOOD_STOCKS).slice(10, -1)},"stocks":[{"stock_ticker":"TCS","weight":1}]}`, /appears more than once/);
  add('"weights" twice', '{"weights":{"INFY":1},"weights":{"TCS":1}}', /appears more than once/);
  add('"weight" twice in an entry', '{"stocks":[{"stock_ticker":"INFY","weight":0.5,"weight":0.3}]}', /appears more than once/);
  add('"stock_ticker" twice in an entry', '{"stocks":[{"stock_ticker":"INFY","stock_ticker":"TCS","weight":1}]}', /appears more than once/);
  add('"stocks" and "weights" both twice', '{"stocks":[],"weights":{"INFY":1},"stocks":[],"weights":{}}', /appears more than once/);

  // Control characters, odd unicode, case.
  const odd: [string, string][] = [
    ['NUL', 'IN\u0000FY'],
    ['bell', 'INFY\u0007'],
    ['newline', 'IN\nFY'],
    ['tab', '\tINFY'],
    ['ANSI colour escape', '\u001b[31mINFY'],
    ['right-to-left override', '\u202eYFNI'],
    ['zero-width space', 'IN\u200bFY'],
    ['emoji', 'INFY🚀'],
    ['Devanagari', 'इन्फोसिस'],
    ['full-width letters', 'ＩＮＦＹ'],
    ['Cyrillic look-alike', 'ІNFY'],
    ['combining accent', 'INFY\u0301'],
    ['lone surrogate', 'INFY\ud800'],
    ['NSE: prefix', 'NSE:INFY'],
    ['a space inside', 'IN FY'],
    ['leading space', ' INFY'],
  ];
  for (const [name, ticker] of odd) add(`ticker with ${name}`, stocks([{ stock_ticker: ticker, weight: 1 }]), /not an NSE symbol/);
  for (const [name, ticker] of odd.slice(0, 6)) add(`old-format ticker with ${name}`, weights(JSON.stringify({ [ticker]: 1 })), /not an NSE symbol/);
  add('lowercase ticker (refused: written as NSE lists it)', stocks([{ stock_ticker: 'infy', weight: 1 }]), /NSE writes it "INFY"/);
  add('mixed-case ticker', stocks([{ stock_ticker: 'Infy', weight: 1 }]), /NSE writes it "INFY"/);
  add('lowercase m&m', stocks([{ stock_ticker: 'm&m', weight: 1 }]), /NSE writes it "M&M"/);
  add(
    'a 5,000-character ticker',
    stocks([{ stock_ticker: 'A'.repeat(5000), weight: 1 }]),
    /NSE does not list this basket ticker: A{40}… \(nothing close is listed\)/,
  );
  add('ticker NSE does not list', stocks([{ stock_ticker: 'NOSUCHSYMBOL', weight: 1 }]), /NSE does not list/);

  // Encodings and shape.
  add('UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_BASKET, 'utf16le')]));
  add('two BOMs', `\ufeff\ufeff${GOOD_BASKET}`, /not valid JSON/);
  add('invalid UTF-8 in a ticker', Buffer.concat([Buffer.from('{"stocks":[{"stock_ticker":"IN'), Buffer.from([0xc3, 0x28]), Buffer.from('FY","weight":1}]}')]));
  add('nested 10,000 deep', `{"stocks":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
  add('trailing comma', '{"stocks":[{"stock_ticker":"INFY","weight":1},]}', /not valid JSON/);
  add('comments', '// basket\n{"stocks":[{"stock_ticker":"INFY","weight":1}]}', /not valid JSON/);
  add('two documents', `${GOOD_BASKET}${GOOD_BASKET}`, /not valid JSON/);
  add('YAML instead of JSON', 'stocks:\n  - stock_ticker: INFY\n    weight: 1\n', /not valid JSON/);
  add('a CSV instead of JSON', 'symbol,weight\nINFY,1\n', /not valid JSON/);

  // 10,000 symbols: read, then refused by NSE's listing before any planning.
  const many = Array.from({ length: 10_000 }, (_, i) => ({ stock_ticker: `SYM${i}`, weight: 0.0001 }));
  add('10,000 symbols (stocks)', stocks(many), /NSE does not list/);
  add('10,000 symbols (weights)', weights(JSON.stringify(Object.fromEntries(many.map((m) => [m.stock_ticker, m.weight])))), /NSE does not list/);
  return out;
}

function acceptedCases(): HostileCase[] {
  const ok = (name: string, basket: string, shows: RegExp): HostileCase => ({ group: 'basket', name, basket, expect: 'accepted', shows });
  return [
    ok(
      'M&M and BAJAJ-AUTO (accepted: they are NSE symbols)',
      stocks([
        { stock_ticker: 'M&M', weight: 0.5 },
        { stock_ticker: 'BAJAJ-AUTO', weight: 0.45 },
      ]),
      /M&M[\s\S]*BAJAJ-AUTO|BAJAJ-AUTO[\s\S]*M&M/,
    ),
    ok('a BOM before the JSON (accepted: Windows editors write one)', `\ufeff${GOOD_BASKET}`, /INFY/),
    ok('old-format weight written in 200 digits (once looped forever)', weights(`{"INFY":0.${'4'.repeat(200)},"TCS":0.5}`), /INFY/),
    ok(
      'sum just under 1 (the rest kept as cash)',
      stocks([
        { stock_ticker: 'INFY', weight: 0.5 },
        { stock_ticker: 'TCS', weight: 0.499 },
      ]),
      /kept as cash/,
    ),
    ok(
      'sum 1 - 1e-7 (rounding noise, no cash target)',
      stocks([
        { stock_ticker: 'INFY', weight: 0.5 },
        { stock_ticker: 'TCS', weight: 0.4999999 },
      ]),
      /TCS/,
    ),
    ok('a repeated ticker in old-format weights (merged, with a warning)', weights('{"INFY":0.25,"TCS":0.5,"INFY":0.2}'), /more than once/),
    ok('a 1 MB reason_summary (kept short)', JSON.stringify({ reason_summary: 'why '.repeat(250_000), stocks: GOOD_STOCKS }), /INFY/),
  ];
}

function fileCases(): HostileCase[] {
  const c = (name: string, over: Partial<HostileCase>, says?: RegExp): HostileCase => ({ group: 'basket-file', name, ...over, ...(says ? { says } : {}) });
  return [
    c('a directory', { prepare: (dir) => `${dir}` }, /is a directory/),
    c('a FIFO with no writer', { prepare: (dir) => fifo(dir) }, /not a regular file/),
    c('/dev/zero', { file: '/dev/zero' }, /not a regular file/),
    c('/dev/null', { file: '/dev/null' }, /not a regular file/),
    c('/dev/urandom', { file: '/dev/urandom' }, /not a regular file/),
    c('a 50 MB file', { prepare: (dir) => sparse(dir, 50 * 1024 * 1024) }, /too large/),
    c('a 5 MB file of spaces', { prepare: (dir) => sparse(dir, 5 * 1024 * 1024) }, /too large/),
    c('an unreadable file', { asNobody: true, prepare: (dir) => unreadable(dir) }, /permission denied/),
    c('a missing file', { file: '{dir}/nope.json' }, /file not found/),
    c('a relative path out of the folder (../x)', { file: '../x.json' }, /file not found/),
    c('a path through a file', { prepare: (dir) => `${plain(dir)}/x.json` }, /a folder on its path is a file/),
    c('/etc/passwd', { file: '/etc/passwd' }, /not valid JSON/),
    c('a symlink loop', { prepare: (dir) => loop(dir) }, /symbolic links/),
    c('an empty file name', { argv: ['', '--live', '--quiet'] }),
  ];
}

function flagCases(): HostileCase[] {
  const f = (name: string, args: string[], says?: RegExp): HostileCase => ({ group: 'flags', name, args, ...(says ? { says } : {}) });
  const out: HostileCase[] = [
    f('--live with --dry-run', ['--live', '--dry-run', '--quiet'], /conflict/),
    f('--live with --paper', ['--live', '--paper', '--quiet'], /conflict/),
    f('--scenario without --paper', ['--live', '--quiet', '--scenario', 'x.json'], /needs --paper/),
    f('an unknown flag', ['--live', '--quiet', '--yolo']),
    f('a flag given a value it does not take', ['--live=yes', '--quiet']),
    f('--user-id that is not a user id', ['--live', '--quiet', '--user-id', '../../etc']),
    f('--prices with an empty name', ['--live', '--quiet', '--prices', '']),
    f('--prices naming a missing file', ['--live', '--quiet', '--prices', 'nope.csv']),
    f('--prices naming /dev/zero', ['--live', '--quiet', '--prices', '/dev/zero']),
    { group: 'flags', name: 'two basket files', argv: ['{basket}', '{basket}', '--live', '--quiet'] },
    { group: 'flags', name: 'no basket file', argv: ['--live', '--quiet'] },
    { group: 'flags', name: 'an unknown subcommand-like word and a basket', argv: ['rebalance-now', '{basket}', '--live', '--quiet'] },
  ];
  const numbers: [string, string[]][] = [
    ['cash-reserve', ['abc', '-5', '1e400', 'NaN', '', '1,000', '0x10', 'Infinity']],
    ['min-order-value', ['-1', 'ten', '1e999', '']],
    ['drift-band', ['2', '-0.1', 'x', '']],
    ['max-rounds', ['0', '10', '1.5', '-1', 'many']],
    ['target-deficit', ['-3', 'lots']],
    ['market-protection', ['150', '-5', 'x']],
  ];
  for (const [flag, values] of numbers) for (const v of values) out.push(f(`--${flag} ${JSON.stringify(v)}`, ['--live', '--quiet', `--${flag}`, v]));
  out.push(f('--buy-only=maybe', ['--live', '--quiet', '--buy-only=maybe']));
  return out;
}

function envCases(): HostileCase[] {
  const e = (name: string, env: Record<string, string>, says?: RegExp, extra: Partial<HostileCase> = {}): HostileCase => ({
    group: 'env',
    name,
    env,
    ...(says ? { says } : {}),
    ...extra,
  });
  const out: HostileCase[] = [];
  for (const root of [
    'not a url',
    'ftp://127.0.0.1/',
    'javascript:alert(1)',
    'http://',
    '127.0.0.1:80',
    'http://127.0.0.1:1',
    'http://[::1]:1',
    'http://nosuchhost.invalid',
  ]) {
    out.push(e(`KITE_API_ROOT ${JSON.stringify(root)}`, { KITE_API_ROOT: root }));
  }
  for (const key of ['short', 'x'.repeat(44), '!'.repeat(44), 'a b', '']) {
    out.push(
      e(`ENCRYPTION_KEY ${JSON.stringify(key.length > 12 ? `${key.slice(0, 6)}…` : key)} (stored-token login)`, { ENCRYPTION_KEY: key }, undefined, {
        unset: ['KITE_ACCESS_TOKEN'],
      }),
    );
  }
  out.push(e('KITE_REBALANCE_FAKE_NOW not a date', { KITE_REBALANCE_FAKE_NOW: 'yesterday' }, /FAKE_NOW/));
  out.push(e('KITE_REBALANCE_TIME_SCALE 0', { KITE_REBALANCE_TIME_SCALE: '0' }));
  out.push(e('KITE_REBALANCE_TIME_SCALE text', { KITE_REBALANCE_TIME_SCALE: 'fast' }));
  out.push(e('KITE_REBALANCE_CASH_RESERVE text', { KITE_REBALANCE_CASH_RESERVE: 'lots' }));
  out.push(e('KITE_REBALANCE_MAX_ROUNDS 0', { KITE_REBALANCE_MAX_ROUNDS: '0' }));
  out.push(e('MONGODB_URI not a URI', { MONGODB_URI: 'not a uri' }));
  out.push(e('MONGODB_URI pointing nowhere', { MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' }));
  out.push(e('KITE_ACCESS_TOKEN with a newline', { KITE_ACCESS_TOKEN: 'abc\r\nX-Injected: 1' }));
  out.push(e('ZERODHA_API_KEY with a newline', { ZERODHA_API_KEY: 'key\r\nX-Injected: 1' }));
  out.push(e('KITE_REBALANCE_HOME a file', {}, /data folder|not a directory|ENOTDIR/, { prepare: (_dir, home) => void homeIsFile(home) }));
  out.push(
    e('KITE_REBALANCE_HOME under a file', {}, /data folder|not a directory|ENOTDIR/, { homeSuffix: 'sub', prepare: (_dir, home) => void homeIsFile(home) }),
  );
  out.push(e('KITE_REBALANCE_HOME read-only', {}, /data folder|permission denied|EACCES/, { asNobody: true, prepare: (_dir, home) => void readOnly(home) }));
  return out;
}

const kiteOk = (data: unknown) => JSON.stringify({ status: 'success', data });
const on =
  (path: string, reply: HostileReply, method = 'GET'): Tamper =>
  (req) =>
    req.method === method && req.path === path ? reply : null;

function brokerCases(): HostileCase[] {
  const b = (name: string, tamper: Tamper, says?: RegExp): HostileCase => ({ group: 'broker', name, tamper, ...(says ? { says } : {}) });
  const out: HostileCase[] = [];
  const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
  const endpoints = ['/user/profile', '/user/margins/equity', '/portfolio/holdings', '/portfolio/positions', '/orders'];
  for (const path of endpoints) {
    out.push(b(`${path}: an HTML 502 page`, on(path, { status: 502, contentType: 'text/html', body: html })));
    out.push(b(`${path}: an HTML page with status 200`, on(path, { status: 200, contentType: 'text/html', body: html })));
    out.push(b(`${path}: an empty body`, on(path, { status: 200, body: '' })));
    out.push(b(`${path}: an empty 500`, on(path, { status: 500, body: '' })));
    out.push(b(`${path}: JSON that is cut off`, on(path, { status: 200, body: '{"status":"success","data":[{"tradingsy' })));
    out.push(b(`${path}: data null`, on(path, { status: 200, body: kiteOk(null) })));
    out.push(b(`${path}: a string for data`, on(path, { status: 200, body: kiteOk('ok') })));
    out.push(b(`${path}: an error envelope with no type`, on(path, { status: 400, body: JSON.stringify({ status: 'error', message: 'x' }) })));
    out.push(b(`${path}: a slow answer, then garbage`, on(path, { status: 200, body: kiteOk(42), delayMs: 1500 })));
  }
  const holding = (over: Record<string, unknown>) => ({
    tradingsymbol: 'INFY',
    exchange: 'NSE',
    isin: 'INE009A01021',
    product: 'CNC',
    quantity: 10,
    t1_quantity: 0,
    used_quantity: 0,
    last_price: 1500,
    close_price: 1500,
    average_price: 1400,
    ...over,
  });
  for (const [name, over] of [
    ['a holding of 1e20 shares', { quantity: 1e20 }],
    ['a holding quantity "0400"', { quantity: '0400' }],
    ['a holding without a quantity', { quantity: undefined }],
    ['a holding of 2.5 shares', { quantity: 2.5 }],
    ['a negative holding', { quantity: -40 }],
    ['a holding priced ₹1e-9', { last_price: 1e-9 }],
    ['a holding priced ₹1e15', { last_price: 1e15 }],
    ['a holding priced "1500"', { last_price: '1500' }],
    ['a holding with T1 of 1e20', { t1_quantity: 1e20 }],
    ['a holding without a symbol', { tradingsymbol: undefined }],
  ] as [string, Record<string, unknown>][]) {
    out.push(b(`holdings: ${name}`, on('/portfolio/holdings', { body: kiteOk([holding(over)]) }), /holdings reply is not plausible/));
  }
  out.push(b('holdings: an object instead of a list', on('/portfolio/holdings', { body: kiteOk({ INFY: 10 }) })));
  const margins = (net: unknown, cash: unknown = 100_000) => ({
    enabled: true,
    net,
    available: { cash, live_balance: 0, opening_balance: 0, collateral: 0, adhoc_margin: 0, intraday_payin: 0 },
    utilised: {},
  });
  for (const [name, data] of [
    ['cash 1e300', margins(1e300)],
    ['cash "100000"', margins('100000')],
    ['cash missing', margins(undefined)],
    ['available cash 1e300', margins(100_000, 1e300)],
    ['available cash NaN as text', margins(100_000, 'NaN')],
    ['no "available"', { enabled: true, net: 100_000 }],
  ] as [string, unknown][]) {
    out.push(b(`margins: ${name}`, on('/user/margins/equity', { body: kiteOk(data) }), /margins/));
  }
  for (const [name, data] of [
    ['a position of 1e20', { net: [{ tradingsymbol: 'INFY', exchange: 'NSE', product: 'CNC', quantity: 1e20 }], day: [] }],
    ['a position quantity "5"', { net: [{ tradingsymbol: 'INFY', exchange: 'NSE', product: 'CNC', quantity: '5' }], day: [] }],
    ['no "net"', { day: [] }],
  ] as [string, unknown][]) {
    out.push(b(`positions: ${name}`, on('/portfolio/positions', { body: kiteOk(data) }), /positions/));
  }
  const order = (over: Record<string, unknown>) => ({
    order_id: '251125000000001',
    status: 'OPEN',
    tradingsymbol: 'INFY',
    exchange: 'NSE',
    transaction_type: 'BUY',
    quantity: 5,
    filled_quantity: 0,
    pending_quantity: 5,
    average_price: 0,
    tag: 'Kzz99zz991B000',
    variety: 'regular',
    product: 'CNC',
    order_type: 'MARKET',
    ...over,
  });
  out.push(
    b('orders: a numeric 19-digit order id', on('/orders', { body: kiteOk([order({})]).replace('"251125000000001"', '1234567890123456789') }), /order_id/),
  );
  out.push(b('orders: a fill of 1e20', on('/orders', { body: kiteOk([order({ filled_quantity: 1e20 })]) }), /filled_quantity/));
  out.push(b('orders: a status missing', on('/orders', { body: kiteOk([order({ status: undefined })]) }), /status/));
  for (const [name, price] of [
    ['₹1e-9', 1e-9],
    ['-₹5', -5],
    ['₹1e12', 1e12],
    ['"1500"', '1500'],
  ] as [string, unknown][]) {
    out.push(
      b(
        `ltp: a price of ${name}`,
        on('/quote/ltp', { body: kiteOk({ 'NSE:INFY': { instrument_token: 408065, last_price: price } }) }),
        /ltp reply is not plausible/,
      ),
    );
  }
  out.push(b('ltp: an HTML page', on('/quote/ltp', { status: 200, contentType: 'text/html', body: html })));
  out.push(
    b(
      'profile: a TokenException',
      on('/user/profile', {
        status: 403,
        body: JSON.stringify({ status: 'error', error_type: 'TokenException', message: 'Incorrect `api_key` or `access_token`.' }),
      }),
    ),
  );
  return out;
}

export function allCases(): HostileCase[] {
  return [...basketCases(), ...acceptedCases(), ...fileCases(), ...flagCases(), ...envCases(), ...brokerCases()];
}

// File preparations (synchronous: they run before the binary starts).

function fifo(dir: string): string {
  const p = join(dir, 'fifo.json');
  execFileSync('mkfifo', [p]);
  return p;
}
function sparse(dir: string, bytes: number): string {
  const p = join(dir, 'big.json');
  const fd = openSync(p, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return p;
}
function unreadable(dir: string): string {
  const p = join(dir, 'secret.json');
  writeFileSync(p, GOOD_BASKET);
  chmodSync(p, 0o000);
  return p;
}
function plain(dir: string): string {
  const p = join(dir, 'plain.txt');
  writeFileSync(p, 'x');
  return p;
}
function loop(dir: string): string {
  const a = join(dir, 'loop-a.json');
  const b = join(dir, 'loop-b.json');
  symlinkSync(b, a);
  symlinkSync(a, b);
  return a;
}
function homeIsFile(home: string): void {
  rmSync(home, { recursive: true, force: true });
  writeFileSync(home, 'a file where the data folder should be');
}
function readOnly(home: string): void {
  chmodSync(home, 0o555);
}
