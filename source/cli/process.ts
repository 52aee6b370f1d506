import { createInterface } from 'node:readline/promises';
import { ExitCode } from '../core/exit-codes.js';
import { environmentWithDotenv } from '../config/dotenv.js';
import type { CliIo } from '../app/io.js';
import { main } from './main.js';
import { errorLine } from './error-line.js';
import { resolve } from 'node:path';

const FORCE_AFTER_MS = 1000;

const inCi = (env: NodeJS.ProcessEnv) => ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => env[k] !== undefined && env[k] !== '0' && env[k] !== 'false');

/**
 * The single exit site: wires the real process to `main`, turns signals into one AbortSignal, runs
 * cleanups once, prints any failure as one line, and sets the exit code.
 */
export async function runFromProcess(argv: string[]): Promise<void> {
  const controller = new AbortController();
  let firstSignalAt: number | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    const now = Date.now();
    if (firstSignalAt === null) {
      firstSignalAt = now;
      controller.abort(new Error(`cancelled (${sig})`));
      return;
    }
    // One key press can arrive twice (the terminal's SIGINT and a parent's forwarded one); only a second
    // Ctrl+C from the user, a moment later, forces the exit.
    if (now - firstSignalAt < FORCE_AFTER_MS) return;
    process.stderr.write('kite-rebalance: forced exit\n');
    process.exit(ExitCode.cancelled);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const cleanups: (() => Promise<void> | void)[] = [];
  const cwd = process.cwd();
  // Read on first use, inside main's error handling: a broken .env is one clear line, and --help still works.
  let env: Record<string, string | undefined> | undefined;
  const io: CliIo = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi(process.env),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    get env() {
      env ??= environmentWithDotenv(process.env, resolve(cwd, '.env'));
      return env;
    },
    cwd,
    signal: controller.signal,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question, { signal: controller.signal });
      } finally {
        rl.close();
      }
    },
    onCleanup: (fn) => void cleanups.push(fn),
  };

  let code: number;
  try {
    code = await main(argv, io);
  } catch (e) {
    const { line, exitCode } = errorLine(e, controller.signal);
    io.err(line);
    code = exitCode;
  }
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      // cleanup failures must not mask the outcome
    }
  }
  process.exitCode = code;
  // A library may leave a handle open (sockets in keep-alive, driver pools): do not hang after the outcome.
  setTimeout(() => process.exit(code), 1500).unref();
}
