import { ENV_VARS } from '../config/env-vars.js';
import { runOptionEnvHelpRows, runOptionHelpRows } from './run-option-flags.js';

const FLAGS: [string, string][] = [
  ['--dry-run', 'Plan and show the orders; place nothing (default).'],
  ['--live', 'Place real orders on your Kite account (asks per batch unless --quiet).'],
  ['--paper', 'Run the whole job against the built-in Kite simulator (no account needed).'],
  ['--scenario FILE', 'Paper mode: simulator scenario (cash, holdings, prices, faults; see docs/scenario.md).'],
  ['--quiet, -q', 'Never prompt: auto-confirm batches, pick the first stored user, plain lines only.'],
  ['--json', 'Print one JSON document on stdout (plan, snapshot, execution); diagnostics go to stderr.'],
  ...runOptionHelpRows(),
  ['--prices FILE', "Closing prices for what Kite does not price (free plan: no quotes): NSE's CM bhavcopy as downloaded, or symbol,price lines."],
  ['--user-id ID', 'Use this stored Kite user.'],
  ['--help, -h', 'Show this help.'],
  ['--version, -v', 'Show the version.'],
];

const COMMANDS: [string, string][] = [
  ['kite-rebalance <basket.json> [options]', 'Rebalance to the basket (dry run unless --live or --paper).'],
  ['kite-rebalance sim [--port N] [--scenario FILE]', 'Run the Kite simulator on its own (127.0.0.1).'],
  ['kite-rebalance login [--user-id ID]', 'Log in to Kite and store the token encrypted.'],
  ['kite-rebalance logout [--user-id ID]', 'Invalidate the session at Kite and deactivate the stored token.'],
  ['kite-rebalance users [--json]', 'List stored users.'],
  ['kite-rebalance keygen', 'Print a new ENCRYPTION_KEY.'],
  ['kite-rebalance setup-db', 'Create the MongoDB indexes (needs MONGODB_URI).'],
  ['kite-rebalance history [--json]', 'List past runs.'],
  [
    'kite-rebalance lots import FILE… [--user-id ID]',
    "Store the lots of your Zerodha Console tradebook CSVs (one per year; duplicates counted once) for each plan's tax estimate.",
  ],
  ['kite-rebalance resume <run-id>', 'Finish a run with its own options, reconciled by tag; nothing is placed twice.'],
  [
    'kite-rebalance doctor [--json] [--paper]',
    'Check the account read-only: session, quotes, DDPI/POA/eDIS, holdings, symbols, open orders (exit 1 on a problem).',
  ],
];

const pad = (rows: [string, string][]) => {
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return rows.map(([a, b]) => `  ${a.padEnd(width)}${b}`).join('\n');
};

export function helpText(): string {
  return [
    'kite-rebalance: rebalance a Zerodha portfolio to a target basket through Kite Connect.',
    '',
    'Usage:',
    pad(COMMANDS),
    '',
    'Options:',
    pad(FLAGS),
    '',
    'Environment (also read from ./.env):',
    pad([...ENV_VARS.map(([k, v]): [string, string] => [k, v]), ...runOptionEnvHelpRows()]),
    '',
    'Exit codes: 0 done, 1 failed, 2 bad input, 3 finished with orders unfilled/skipped,',
    '            4 needs confirmation but not interactive, 130 cancelled.',
  ].join('\n');
}
