/**
 * Journal under `<home>/runs/`: `<run>.json` holds the run record (atomic replace), `<run>.journal.jsonl`
 * the append-only entries, one JSON line each, fsync'd before `append` resolves.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { appendFileSynced, ensurePrivateDir, readFileOrNull, writeFileAtomic } from './fs-safe.js';
import { withFileMutex } from './mutex-file.js';
import type { Journal, JournalEntry, RunRecord } from './ports.js';
import { safeName } from './safe-name.js';

export class EmbeddedJournal implements Journal {
  readonly dir: string;
  constructor(home: string) {
    this.dir = path.join(home, 'runs');
  }

  private runFile(runId: string) {
    return path.join(this.dir, `${safeName('run id', runId)}.json`);
  }
  private journalFile(runId: string) {
    return path.join(this.dir, `${safeName('run id', runId)}.journal.jsonl`);
  }

  private async readRun(file: string): Promise<RunRecord | null> {
    const raw = await readFileOrNull(file);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as RunRecord;
    } catch {
      throw new AppError('store', `The run file ${file} is not valid JSON`);
    }
  }

  async createRun(run: RunRecord): Promise<void> {
    await ensurePrivateDir(this.dir);
    const file = this.runFile(run.run_id);
    await withFileMutex(file, async () => {
      if ((await readFileOrNull(file)) !== null) throw new AppError('store', `Run ${run.run_id} already exists`);
      await writeFileAtomic(file, JSON.stringify(run, null, 2) + '\n');
    });
  }

  async updateRun(runId: string, patch: Partial<Omit<RunRecord, 'run_id'>>): Promise<void> {
    const file = this.runFile(runId);
    await withFileMutex(file, async () => {
      const run = await this.readRun(file);
      if (!run) throw new AppError('store', `Run ${runId} not found in the journal`);
      await writeFileAtomic(file, JSON.stringify({ ...run, ...patch, run_id: runId }, null, 2) + '\n');
    });
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    return this.readRun(this.runFile(runId));
  }

  async listRuns(limit = 20): Promise<RunRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const runs: RunRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const run = await this.readRun(path.join(this.dir, name)).catch(() => null);
      if (run) runs.push(run);
    }
    runs.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    return runs.slice(0, limit);
  }

  async append(entry: JournalEntry): Promise<void> {
    const runFile = this.runFile(entry.run_id);
    const file = this.journalFile(entry.run_id);
    await withFileMutex(file, async () => {
      if ((await readFileOrNull(runFile)) === null) throw new AppError('store', `Run ${entry.run_id} not found in the journal`);
      const raw = await readFileOrNull(file);
      const seq = (parseLines(raw).at(-1)?.seq ?? 0) + 1;
      // A crash can leave a torn last line; start the new entry on a fresh line so it stays readable.
      const prefix = raw && !raw.endsWith('\n') ? '\n' : '';
      await appendFileSynced(file, prefix + JSON.stringify({ ...entry, seq }) + '\n');
    });
  }

  async entries(runId: string): Promise<JournalEntry[]> {
    return parseLines(await readFileOrNull(this.journalFile(runId)));
  }

  async close(): Promise<void> {}
}

/** Skips lines that do not parse: only a torn final write can produce one. */
function parseLines(raw: string | null): JournalEntry[] {
  if (!raw) return [];
  const out: JournalEntry[] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      // torn line
    }
  }
  return out;
}
