import { logoutCommand, setupDbCommand, usersCommand } from '../auth/commands.js';
import type { Command } from './commands.js';
import type { CliIo } from './io.js';
import { readEnvConfig } from '../config/env.js';
import { ExitCode } from '../core/exit-codes.js';
import { istDateTime } from '../core/ist.js';
import { textTable } from '../headless/text-table.js';
import { openBackend, storeEnvFor } from './backend.js';
import { clockFromEnv } from './clock.js';
import { openStores, type Stores } from '../store/index.js';
import type { RunRecord } from '../store/ports.js';
import type { Clock } from '../core/clock.js';
import { connectAccount, openBackendStores } from './connect.js';

type AccountCommand = Extract<Command, { name: 'login' | 'logout' | 'users' | 'setup-db' | 'history' }>;

/** login, logout, users, setup-db, history: small commands over the stores and the session. */
export async function runAccountCommand(command: AccountCommand, io: CliIo): Promise<number> {
  const env = readEnvConfig(io.env);
  if (command.name === 'setup-db') {
    const storeEnv = { mongodbDbName: env.mongodbDbName, ...(env.mongodbUri ? { mongodbUri: env.mongodbUri } : {}), ...(env.home ? { home: env.home } : {}) };
    for (const line of await setupDbCommand(storeEnv)) io.out(line);
    return ExitCode.ok;
  }
  if (command.name === 'users' || command.name === 'history') {
    const stores = await openStores(storeEnvFor(env, command.paper));
    io.onCleanup(() => stores.close());
    return command.name === 'users' ? listUsers(command, io, stores, clockFromEnv(env)) : listRuns(command, io, stores);
  }
  const backend = await openBackend({ env, paper: command.paper, cwd: io.cwd });
  io.onCleanup(() => backend.close());
  for (const n of backend.notices) io.err(n);
  const stores = await openBackendStores(io, backend);

  switch (command.name) {
    case 'login': {
      const { session } = await connectAccount(io, backend, stores, { quiet: false, forceLogin: true, ...(command.userId ? { userId: command.userId } : {}) });
      io.out(`Logged in as ${session.userId} (${session.userName}); the token is stored encrypted (${stores.describe}).`);
      return ExitCode.ok;
    }
    case 'logout': {
      const lines = await logoutCommand({
        tokens: stores.tokens,
        clock: backend.clock,
        encryptionKey: backend.auth.encryptionKey,
        app: { apiKey: backend.auth.apiKey, apiRoot: backend.auth.apiRoot },
        ...(command.userId ? { userId: command.userId } : {}),
      });
      for (const line of lines) io.out(line);
      return ExitCode.ok;
    }
  }
}

async function listUsers(command: { json: boolean }, io: CliIo, stores: Stores, clock: Clock): Promise<number> {
  if (command.json) {
    const records = await stores.tokens.list();
    io.out(
      JSON.stringify(
        records.map(({ encrypted_access_token: _secret, ...rest }) => rest),
        null,
        2,
      ),
    );
  } else for (const line of await usersCommand({ tokens: stores.tokens, clock })) io.out(line);
  return ExitCode.ok;
}

/**
 * A run recorded as running whose process no longer holds the account's lock was killed, or stopped where its
 * status could not be written (a full disk): it is shown as interrupted, with how to continue it.
 */
async function withLiveStatus(run: RunRecord, stores: Stores): Promise<RunRecord | (Omit<RunRecord, 'status'> & { status: 'interrupted' })> {
  if (run.status !== 'running') return run;
  const holder = await stores.lock.holder(run.user_id);
  if (holder?.runId === run.run_id) return run;
  return { ...run, status: 'interrupted', summary: { message: `stopped before it finished: \`kite-rebalance resume ${run.run_id}\` continues it` } };
}

async function listRuns(command: { json: boolean }, io: CliIo, stores: Stores): Promise<number> {
  const runs = await Promise.all((await stores.journal.listRuns(50)).map((r) => withLiveStatus(r, stores)));
  if (command.json) {
    io.out(
      JSON.stringify(
        runs.map((r) => ({
          run_id: r.run_id,
          user_id: r.user_id,
          mode: r.mode,
          status: r.status,
          basket_file: r.basket_file,
          created_at: r.created_at,
          updated_at: r.updated_at,
          summary: r.summary ?? null,
        })),
        null,
        2,
      ),
    );
    return ExitCode.ok;
  }
  if (runs.length === 0) {
    io.out(`No runs yet (${stores.describe}).`);
    return ExitCode.ok;
  }
  const message = (s: unknown) => (s && typeof s === 'object' && 'message' in s ? String((s as { message: unknown }).message) : '');
  for (const line of textTable(
    ['run', 'started', 'user', 'mode', 'status', 'legs', 'outcome'],
    runs.map((r) => [r.run_id, istDateTime(Date.parse(r.created_at)), r.user_id, r.mode, r.status, String(r.legs.length), message(r.summary)]),
    [false, false, false, false, false, true, false],
  ))
    io.out(line);
  return ExitCode.ok;
}
