import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
const binPath = join(repoRoot, 'bin', 'kite-rebalance');

export interface Finished {
  code: number | null;
  killed: boolean;
  hung: boolean;
  stdout: string;
  stderr: string;
  realMs: number;
}

/** Runs the real launcher; SIGKILLs it after `killAfterMs` real ms when given, and after `limitMs` in any case. */
export function runApp(args: string[], env: Record<string, string>, opts: { killAfterMs?: number | null; limitMs: number; cwd: string }): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: opts.cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  let hung = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const kill =
    opts.killAfterMs === null || opts.killAfterMs === undefined
      ? null
      : setTimeout(() => ((killed = child.exitCode === null), child.kill('SIGKILL')), opts.killAfterMs);
  const limit = setTimeout(() => ((hung = child.exitCode === null), child.kill('SIGKILL')), opts.limitMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      if (kill) clearTimeout(kill);
      clearTimeout(limit);
      // Inside the test suite, what the app printed joins the suite-wide secret scan (test/setup/secret-scan.global.ts).
      if (process.env.KR_OUTPUT_LOG) appendFileSync(process.env.KR_OUTPUT_LOG, stdout + stderr);
      resolve({ code, killed, hung, stdout, stderr, realMs: Date.now() - started });
    }),
  );
}

export interface SimProcess {
  url: string;
  /** Real epoch ms at which the simulator's clock read its start time. */
  anchorMs: number;
  /** Stops it (Ctrl+C) and returns all it printed. */
  stop(): Promise<string>;
}

/** `kite-rebalance sim` in its own process, on a free port. */
export function startSimProcess(scenarioFile: string, env: Record<string, string>, cwd: string): Promise<SimProcess> {
  const child = spawn(process.execPath, [binPath, 'sim', '--port', '0', '--scenario', scenarioFile], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulator did not start: ${err}`));
    }, 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      // The clock is made just before the server listens (a few ms before this line arrives).
      const anchorMs = Date.now() - 20;
      resolve({
        url: m[1] as string,
        anchorMs,
        stop: async () => {
          child.kill('SIGINT');
          const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(t);
          return out;
        },
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (${code}): ${err}`));
    });
  });
}
