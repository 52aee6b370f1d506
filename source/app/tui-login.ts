import { formatIst } from '../auth/expiry.js';
import type { LoginStatus } from '../auth/login.js';
import { loginStatusLine } from '../auth/login-status-text.js';
import type { TokenRecord } from '../store/ports.js';
import type { TuiSession } from '../ui/run-tui.js';

/**
 * The login drawn in the TUI: the stored users in its picker (id, name, last login IST), each status as a line on
 * its first screen, and the wait for Kite's callback as a countdown ticking every second.
 */
export function tuiLogin(tui: TuiSession) {
  return {
    chooseUser: (records: TokenRecord[]): Promise<string | null> =>
      records.length === 0
        ? Promise.resolve(null)
        : tui.chooseUser(records.map((r) => ({ userId: r.user_id, name: r.user_name ?? '', lastLogin: formatIst(Date.parse(r.created_time)) }))),
    onStatus: (s: LoginStatus): void => {
      if (s.type === 'waiting') return tui.countdown('Waiting for the login in the browser', s.remainingMs);
      tui.countdown(null);
      const line = loginStatusLine(s);
      if (line) tui.status(line);
    },
  };
}
