import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const binPath = join(repoRoot, 'bin', 'kite-rebalance');
export const isBuilt = () => existsSync(join(repoRoot, 'dist', 'source', 'cli', 'process.js'));
export const sharedDir = join(repoRoot, '..', 'shared');
export const hasShared = existsSync(join(sharedDir, 'ARCHITECTURE.md'));

/** Child output joins the suite-wide secret scan (test/setup/secret-scan.global.ts). */
export function logChildOutput(text: string): void {
  const log = process.env.KR_OUTPUT_LOG;
  if (log && text) appendFileSync(log, text);
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real launcher in a child process with a clean, isolated environment. */
export function runBin(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<BinResult> {
  const home = mkdtempSync(join(tmpdir(), 'kr-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    KITE_REBALANCE_HOME: join(home, 'data'),
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: opts.cwd ?? home, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: kite-rebalance ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      // keygen prints a key on purpose; everything else a child prints goes to the suite's secret scan
      if (args[0] !== 'keygen') logChildOutput(stdout + stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface LiveChild {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Start the launcher and keep it running; `waitFor` resolves when a line matching `pattern` appears. */
export function spawnBin(args: string[], env: Record<string, string>, cwd?: string): LiveChild {
  const home = mkdtempSync(join(tmpdir(), 'kr-home-'));
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: cwd ?? home,
    env: { PATH: process.env.PATH ?? '', HOME: home, KITE_REBALANCE_HOME: join(home, 'data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      logChildOutput(out + err);
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(pattern, timeoutMs = 20_000, stream = 'stderr') {
      const start = Date.now();
      for (;;) {
        const m = (stream === 'stdout' ? out : err).match(pattern);
        if (m) return m;
        if (child.exitCode !== null || Date.now() - start > timeoutMs) {
          throw new Error(`no ${pattern} in ${stream} (exit ${child.exitCode}):\n${out}\n${err}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
