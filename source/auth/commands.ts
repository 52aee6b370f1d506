/** Bodies of `keygen`, `users`, `logout` and `setup-db`: they return the lines to print. */
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { setupDb, type StoreEnv } from '../store/index.js';
import type { TokenStore } from '../store/ports.js';
import { formatIst, isRecordExpired } from './expiry.js';
import { fernetDecrypt, generateFernetKey, InvalidFernetToken } from './fernet.js';
import { invalidateAccessToken, type KiteApp } from './kite-session.js';
import { requireEncryptionKey } from './session.js';
import { isBrokerError } from '../broker/port.js';

export function keygenCommand(): string[] {
  return [generateFernetKey()];
}

export async function usersCommand(opts: { tokens: TokenStore; clock: Clock }): Promise<string[]> {
  const records = await opts.tokens.list();
  if (records.length === 0) return ['No stored users. Log in with `kite-rebalance login`.'];
  const now = opts.clock.now();
  const rows = records.map((r) => [
    r.user_id,
    r.user_name ?? '',
    formatIst(Date.parse(r.created_time)),
    !r.is_active ? 'inactive' : isRecordExpired(r, now) ? 'expired' : 'active',
  ]);
  const header = ['USER ID', 'NAME', 'LAST LOGIN', 'STATUS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export async function logoutCommand(opts: {
  tokens: TokenStore;
  clock: Clock;
  userId?: string;
  encryptionKey: string | undefined;
  app: KiteApp;
  /** Default: kiteconnect invalidateAccessToken. */
  invalidate?: (accessToken: string) => Promise<void>;
}): Promise<string[]> {
  const active = (await opts.tokens.list()).filter((r) => r.is_active);
  const record = opts.userId ? active.find((r) => r.user_id === opts.userId) : active[0];
  if (!opts.userId && active.length > 1) {
    throw new AppError('usage', `Several users are logged in (${active.map((r) => r.user_id).join(', ')}): pass --user-id`);
  }
  if (!record) return [opts.userId ? `${opts.userId} is not logged in.` : 'Nobody is logged in.'];
  const lines: string[] = [];
  const invalidate = opts.invalidate ?? ((t: string) => invalidateAccessToken(opts.app, t));
  const key = requireEncryptionKey(opts.encryptionKey);
  if (isRecordExpired(record, opts.clock.now())) {
    lines.push(`The token of ${record.user_id} had already expired.`);
  } else {
    try {
      await invalidate(fernetDecrypt(key, record.encrypted_access_token));
      lines.push(`Invalidated the Kite session of ${record.user_id}.`);
    } catch (e) {
      if (e instanceof InvalidFernetToken)
        lines.push(`The stored token of ${record.user_id} does not decrypt with this ENCRYPTION_KEY; not invalidated at Kite.`);
      else if (isBrokerError(e) && e.kind === 'session-expired') lines.push(`Kite had already ended the session of ${record.user_id}.`);
      else
        lines.push(`Could not reach Kite to invalidate the session of ${record.user_id} (${(e as Error)?.message ?? String(e)}); it ends at 06:00 IST anyway.`);
    }
  }
  await opts.tokens.deactivate(record.user_id);
  lines.push(`Deactivated the stored token of ${record.user_id}.`);
  return lines;
}

export async function setupDbCommand(env: StoreEnv): Promise<string[]> {
  return setupDb(env);
}
