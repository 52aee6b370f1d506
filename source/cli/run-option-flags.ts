import { AppError } from '../core/errors.js';
import { AUTO_MARKET_PROTECTION_ASSUMED_PCT } from '../core/market-protection.js';
import { DEFAULT_RUN_OPTIONS, runOptionsSchema, type RunOptionKey, type RunOptions } from '../core/run-options.js';

/** How a person sets one run option: the flag, the value's placeholder (none for a switch), and the words. */
interface RunOptionFlag {
  flag: string;
  /** Placeholder of the value in --help; absent for an on/off switch. */
  arg?: string;
  /** What a valid value is, for the error line. */
  what: string;
  help: string;
}

/** The user's side of `RunOptions` (core/run-options.ts holds the rules and the defaults). */
export const RUN_OPTION_FLAGS: Record<RunOptionKey, RunOptionFlag> = {
  minOrderValue: { flag: 'min-order-value', arg: 'N', what: 'a rupee amount ≥ 0', help: 'Smallest order in ₹.' },
  cashReserve: { flag: 'cash-reserve', arg: 'N', what: 'a rupee amount ≥ 0', help: 'Rupees to keep uninvested.' },
  buyOnly: { flag: 'buy-only', what: 'true or false', help: 'Never sell: only buy towards the targets.' },
  driftBand: {
    flag: 'drift-band',
    arg: 'F',
    what: 'a weight fraction in [0, 1)',
    help: 'Leave a symbol alone while |weight − target| ≤ F, a weight fraction.',
  },
  targetDeficit: {
    flag: 'target-deficit',
    arg: 'N',
    what: 'a rupee amount ≥ 0',
    help: 'Repeat rounds until Σ|target − current| ≤ ₹N (dry run: report only).',
  },
  maxRounds: { flag: 'max-rounds', arg: 'N', what: 'a whole number from 1 to 9', help: 'Rounds in all: the first, then repairs.' },
  amo: { flag: 'amo', what: 'true or false', help: 'Outside market hours, place after-market orders now instead of waiting for the open.' },
  marketProtection: {
    flag: 'market-protection',
    arg: 'P',
    what: 'a whole percentage from 1 to 100, or auto',
    help: "Market orders fill at most P % away from the last price; auto = Kite's own (see --auto-protection-pct).",
  },
  autoProtectionPct: {
    flag: 'auto-protection-pct',
    arg: 'P',
    what: 'a percentage above 0 and at most 100',
    help: `The % Kite's auto protection is assumed to be when buys are sized against the cash (Kite publishes none; default ${AUTO_MARKET_PROTECTION_ASSUMED_PCT}).`,
  },
  taxWeight: {
    flag: 'tax-weight',
    arg: 'W',
    what: 'a number from 0 to 1000',
    help: 'A rupee of estimated capital-gains tax costs W rupees of drift in the plan; 0 = tax-blind (tax still shown).',
  },
  maxTax: { flag: 'max-tax', arg: 'N', what: 'a rupee amount ≥ 0', help: "Cap the plan's estimated capital-gains tax at ₹N." },
};

const keys = Object.keys(RUN_OPTION_FLAGS) as RunOptionKey[];

/** The environment variable that sets a run option when its flag is not given, e.g. KITE_REBALANCE_CASH_RESERVE. */
export const runOptionEnvName = (key: RunOptionKey): string => `KITE_REBALANCE_${RUN_OPTION_FLAGS[key].flag.toUpperCase().replace(/-/g, '_')}`;

/** The run options' entries for node:util parseArgs. */
export const runOptionParseArgs = Object.fromEntries(
  keys.map((k) => [RUN_OPTION_FLAGS[k].flag, { type: RUN_OPTION_FLAGS[k].arg ? 'string' : 'boolean' } as const]),
) as Record<string, { type: 'string' } | { type: 'boolean' }>;

export const runOptionFlagNames: readonly string[] = keys.map((k) => RUN_OPTION_FLAGS[k].flag);

function defaultText(key: RunOptionKey): string {
  const value = DEFAULT_RUN_OPTIONS[key];
  return value === undefined || typeof value === 'boolean' ? '' : ` (default ${value})`;
}

/** --help rows, defaults read from the schema. */
export function runOptionHelpRows(): [string, string][] {
  return keys.map((k) => {
    const f = RUN_OPTION_FLAGS[k];
    const help = f.help.replace(/\.$/, '');
    return [`--${f.flag}${f.arg ? ` ${f.arg}` : ''}`, `${help}${defaultText(k)}.`];
  });
}

/** --help rows for the environment variables that stand in for the flags. */
export function runOptionEnvHelpRows(): [string, string][] {
  return keys.map((k) => [
    runOptionEnvName(k),
    `Default for --${RUN_OPTION_FLAGS[k].flag} (the flag wins)${RUN_OPTION_FLAGS[k].arg ? '' : ': true or false'}.`,
  ]);
}

function fromText(key: RunOptionKey, raw: string): unknown {
  const text = raw.trim();
  if (!RUN_OPTION_FLAGS[key].arg) return /^(1|true|yes|on)$/i.test(text) ? true : /^(0|false|no|off)$/i.test(text) ? false : raw;
  if (key === 'marketProtection' && text.toLowerCase() === 'auto') return 'auto';
  // Decimal only: Number() would also read "0x10" as 16 and "1e3" is fine, "1,000" is not a number.
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The run options from the flags, then the environment (.env included), then the defaults: validated once by
 * the schema; a bad value is one line naming the flag or variable it came from (exit 2).
 */
export function readRunOptions(values: Readonly<Record<string, string | boolean | undefined>>, env: Readonly<Record<string, string | undefined>>): RunOptions {
  const input: Record<string, unknown> = {};
  const origin = new Map<RunOptionKey, { name: string; raw: string; fromEnv: boolean }>();
  for (const key of keys) {
    const flag = values[RUN_OPTION_FLAGS[key].flag];
    const envName = runOptionEnvName(key);
    const envValue = env[envName];
    if (flag !== undefined) {
      input[key] = typeof flag === 'boolean' ? flag : fromText(key, flag);
      origin.set(key, { name: `--${RUN_OPTION_FLAGS[key].flag}`, raw: String(flag), fromEnv: false });
    } else if (envValue !== undefined && envValue.trim() !== '') {
      input[key] = fromText(key, envValue);
      origin.set(key, { name: envName, raw: envValue, fromEnv: true });
    }
  }
  const parsed = runOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const key = parsed.error.issues[0]?.path[0] as RunOptionKey;
  const from = origin.get(key) ?? { name: String(key), raw: '?', fromEnv: false };
  throw new AppError(from.fromEnv ? 'config' : 'usage', `${from.name} must be ${RUN_OPTION_FLAGS[key].what} (got "${from.raw}")`);
}
