import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import type { Command, RebalanceFlags } from '../app/commands.js';
import { readRunOptions, runOptionFlagNames, runOptionParseArgs } from './run-option-flags.js';

const SUBCOMMANDS = new Set(['sim', 'login', 'logout', 'users', 'keygen', 'setup-db', 'history', 'resume', 'doctor', 'lots', 'help']);

const commandOptions = {
  'dry-run': { type: 'boolean' },
  live: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  'user-id': { type: 'string' },
  paper: { type: 'boolean' },
  scenario: { type: 'string' },
  prices: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Every option the parser accepts (--help lists each of them). */
export const CLI_OPTIONS: Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>> = { ...commandOptions, ...runOptionParseArgs };

type Values = { [K in keyof typeof commandOptions]?: (typeof commandOptions)[K]['type'] extends 'boolean' ? boolean : string } & {
  [flag: string]: string | boolean | undefined;
};

function number(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, what: string): number {
  if (raw === undefined) return fallback;
  const n = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || !check(n)) {
    throw new AppError('usage', `--${name} must be ${what} (got "${raw}")`);
  }
  return n;
}

function only(cmd: string, values: Values, allowed: readonly string[]): void {
  for (const key of Object.keys(values)) {
    if (values[key] !== undefined && !allowed.includes(key)) {
      throw new AppError('usage', `--${key} does not apply to "${cmd}"`);
    }
  }
}

/** `--min-order-value -5` would be read as two options; keep the number with its flag so it gets a clear error. */
function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (CLI_OPTIONS[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function pricesPath(raw: string): string {
  if (raw.trim() === '') throw new AppError('usage', '--prices needs a file: an NSE bhavcopy CSV or a symbol,price CSV');
  return raw;
}

/** `env` (with .env) supplies the run options no flag gives; it is read only for a rebalance (--help works with a broken .env). */
export function parseCli(argv: readonly string[], env: () => Readonly<Record<string, string | undefined>> = () => ({})): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(argv), options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? (e.message.split('\n')[0] ?? String(e)) : String(e);
    throw new AppError('usage', `${msg.replace(/\. To specify a positional.*$/, '').replace(/\.+$/, '')}. See --help.`);
  }
  const values = parsed.values as Values;
  const positionals = parsed.positionals;
  if (values.help) return { name: 'help' };
  if (values.version) return { name: 'version' };

  const first = positionals[0];
  if (first !== undefined && SUBCOMMANDS.has(first)) return subcommand(first, positionals.slice(1), values);

  if (positionals.length === 0) throw new AppError('usage', 'missing basket file: kite-rebalance <basket.json> [options] (see --help)');
  if (positionals.length > 1) throw new AppError('usage', `unexpected argument "${positionals[1]}": give one basket file`);
  if (values['dry-run'] && values.live) throw new AppError('usage', '--dry-run and --live conflict: choose one');
  if (values.scenario !== undefined && !values.paper) throw new AppError('usage', '--scenario needs --paper');
  if (values.live && values.paper) throw new AppError('usage', '--live and --paper conflict: paper mode never touches a real account');
  only('rebalance', values, ['dry-run', 'live', 'quiet', 'json', 'user-id', 'paper', 'scenario', 'prices', ...runOptionFlagNames]);

  const flags: RebalanceFlags = {
    basketFile: positionals[0] as string,
    mode: values.live ? 'live' : 'dry-run',
    dryRun: Boolean(values['dry-run']),
    paper: Boolean(values.paper),
    quiet: Boolean(values.quiet),
    json: Boolean(values.json),
    options: readRunOptions(values, env()),
  };
  if (values.scenario !== undefined) flags.scenarioFile = values.scenario;
  if (values.prices !== undefined) flags.pricesFile = pricesPath(values.prices);
  if (values['user-id'] !== undefined) {
    if (!/^[A-Z0-9]{2,10}$/i.test(values['user-id'])) throw new AppError('usage', `--user-id "${values['user-id']}" is not a Kite user id`);
    flags.userId = values['user-id'].toUpperCase();
  }
  return { name: 'rebalance', flags };
}

function subcommand(name: string, rest: readonly string[], values: Values): Command {
  const noArgs = () => {
    if (rest.length > 0) throw new AppError('usage', `"${name}" takes no argument (got "${rest[0]}")`);
  };
  switch (name) {
    case 'help':
      return { name: 'help' };
    case 'keygen':
      noArgs();
      only(name, values, []);
      return { name: 'keygen' };
    case 'setup-db':
      noArgs();
      only(name, values, []);
      return { name: 'setup-db' };
    case 'sim': {
      noArgs();
      only(name, values, ['port', 'scenario']);
      const port = number('port', values.port, 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number (0 = any free port)');
      return values.scenario === undefined ? { name: 'sim', port } : { name: 'sim', port, scenarioFile: values.scenario };
    }
    case 'login':
    case 'logout': {
      noArgs();
      only(name, values, ['user-id', 'paper']);
      const cmd: Extract<Command, { name: 'login' | 'logout' }> = { name, paper: Boolean(values.paper) };
      if (values['user-id']) cmd.userId = values['user-id'].toUpperCase();
      return cmd;
    }
    case 'users':
    case 'history':
      noArgs();
      only(name, values, ['json', 'paper']);
      return { name, json: Boolean(values.json), paper: Boolean(values.paper) };
    case 'resume': {
      only(name, values, ['quiet', 'json', 'paper', 'user-id', 'prices']);
      const runId = rest[0];
      if (!runId) throw new AppError('usage', 'resume needs a run id: kite-rebalance resume <run-id> (see "kite-rebalance history")');
      if (rest.length > 1) throw new AppError('usage', `unexpected argument "${rest[1]}"`);
      const cmd: Extract<Command, { name: 'resume' }> = {
        name: 'resume',
        runId,
        quiet: Boolean(values.quiet),
        json: Boolean(values.json),
        paper: Boolean(values.paper),
      };
      if (values['user-id']) cmd.userId = values['user-id'].toUpperCase();
      if (values.prices !== undefined) cmd.pricesFile = pricesPath(values.prices);
      return cmd;
    }
    case 'lots': {
      only(name, values, ['user-id', 'paper', 'json']);
      if (rest[0] !== 'import') {
        throw new AppError(
          'usage',
          `${rest[0] === undefined ? 'lots needs a subcommand' : `unknown lots subcommand "${rest[0]}"`}: kite-rebalance lots import FILE… (Console tradebook CSVs)`,
        );
      }
      const files = rest.slice(1);
      if (files.length === 0) throw new AppError('usage', 'lots import needs one or more Console tradebook CSV files: kite-rebalance lots import FILE…');
      const cmd: Extract<Command, { name: 'lots-import' }> = { name: 'lots-import', files, paper: Boolean(values.paper), json: Boolean(values.json) };
      if (values['user-id'] !== undefined) {
        if (!/^[A-Z0-9]{2,10}$/i.test(values['user-id'])) throw new AppError('usage', `--user-id "${values['user-id']}" is not a Kite user id`);
        cmd.userId = values['user-id'].toUpperCase();
      }
      return cmd;
    }
    case 'doctor': {
      noArgs();
      only(name, values, ['json', 'quiet', 'paper', 'scenario', 'user-id']);
      if (values.scenario !== undefined && !values.paper) throw new AppError('usage', '--scenario needs --paper');
      const cmd: Extract<Command, { name: 'doctor' }> = { name, json: Boolean(values.json), quiet: Boolean(values.quiet), paper: Boolean(values.paper) };
      if (values.scenario !== undefined) cmd.scenarioFile = values.scenario;
      if (values['user-id']) cmd.userId = values['user-id'].toUpperCase();
      return cmd;
    }
    default:
      throw new AppError('usage', `unknown command "${name}"`);
  }
}
