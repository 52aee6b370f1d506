import type { RunOptions } from '../core/run-options.js';

/** A rebalance as the command line asks for it, validated (cli/args.ts). The rest of the env and .env is read later (config/env.ts). */
export interface RebalanceFlags {
  basketFile: string;
  mode: 'dry-run' | 'live';
  /** --dry-run given explicitly: also plan-only in paper mode (where the default is to run on the simulator). */
  dryRun: boolean;
  paper: boolean;
  quiet: boolean;
  json: boolean;
  scenarioFile?: string;
  userId?: string;
  /** --prices FILE: closing prices (NSE bhavcopy or symbol,price CSV) for what Kite does not price. */
  pricesFile?: string;
  /** Flags, then env, then defaults: journalled with the run and used unchanged by `resume`. */
  options: RunOptions;
}

/** Every command, as `cli/args.ts` parses it and `cli/main.ts` dispatches it to a handler here. */
export type Command =
  | { name: 'rebalance'; flags: RebalanceFlags }
  | { name: 'sim'; port: number; scenarioFile?: string }
  | { name: 'login'; userId?: string; paper: boolean }
  | { name: 'logout'; userId?: string; paper: boolean }
  | { name: 'users'; json: boolean; paper: boolean }
  | { name: 'keygen' }
  | { name: 'setup-db' }
  | { name: 'history'; json: boolean; paper: boolean }
  | { name: 'resume'; runId: string; quiet: boolean; json: boolean; paper: boolean; userId?: string; pricesFile?: string }
  | { name: 'lots-import'; files: string[]; userId?: string; paper: boolean; json: boolean }
  | { name: 'doctor'; json: boolean; quiet: boolean; paper: boolean; scenarioFile?: string; userId?: string }
  | { name: 'help' }
  | { name: 'version' };
