import { AppError } from '../../source/core/errors.js';
import type { AccountLock, Journal, JournalEntry, LockHandle, RunRecord } from '../../source/store/ports.js';

/** An in-memory Journal: structured-cloned so that the engine cannot rely on object identity. */
export class MemoryJournal implements Journal {
  runs = new Map<string, RunRecord>();
  log: JournalEntry[] = [];
  /** Throw when this returns true for an entry about to be appended (simulates a crash before the write). */
  failAppend: ((e: JournalEntry) => boolean) | null = null;
  async createRun(run: RunRecord) {
    if (this.runs.has(run.run_id)) throw new Error(`duplicate run ${run.run_id}`);
    this.runs.set(run.run_id, structuredClone(run));
  }
  async updateRun(runId: string, patch: Partial<Omit<RunRecord, 'run_id'>>) {
    const r = this.runs.get(runId);
    if (!r) throw new Error(`no run ${runId}`);
    this.runs.set(runId, { ...r, ...structuredClone(patch) });
  }
  async getRun(runId: string) {
    const r = this.runs.get(runId);
    return r ? structuredClone(r) : null;
  }
  async listRuns(limit = 20) {
    return [...this.runs.values()]
      .reverse()
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }
  async append(entry: JournalEntry) {
    if (this.failAppend?.(entry)) throw new Error('simulated crash: journal write lost');
    this.log.push({ ...structuredClone(entry), seq: this.log.length + 1 });
  }
  async entries(runId: string) {
    return this.log.filter((e) => e.run_id === runId).map((e) => structuredClone(e));
  }
  async close() {}
}

export class MemoryLock implements AccountLock {
  held = new Map<string, { runId: string; pid: number; host: string }>();
  acquired = 0;
  async acquire(accountId: string, holder: { runId: string; pid: number; host: string }): Promise<LockHandle> {
    const cur = this.held.get(accountId);
    if (cur) throw new AppError('store', `Account ${accountId} is busy: run ${cur.runId} (pid ${cur.pid} on ${cur.host}) holds the lock`);
    this.held.set(accountId, holder);
    this.acquired++;
    return { release: async () => void this.held.delete(accountId) };
  }
  async holder(accountId: string) {
    const cur = this.held.get(accountId);
    return cur ? { runId: cur.runId } : null;
  }
}
