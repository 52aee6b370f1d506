/** One line per login status for plain-text front ends (headless / non-TTY); the TUI renders its own. */
import { formatDuration, type LoginStatus } from './login.js';

export function loginStatusLine(s: LoginStatus): string | null {
  switch (s.type) {
    case 'listening':
      return `Waiting for Kite's redirect on ${s.callbackUrl}`;
    case 'login-url':
      return `Open this link to log in to Kite: ${s.display}`;
    case 'browser-opened':
      return 'Opened the login page in your browser.';
    case 'browser-failed':
      return `Could not open a browser (${s.reason}); open the link above yourself.`;
    case 'waiting':
      return `Waiting for the login: ${formatDuration(s.remainingMs)} left`;
    case 'callback-rejected':
      return `Rejected a login callback: ${s.reason}`;
    case 'exchanging':
      return 'Exchanging the request token for a session…';
    case 'logged-in':
      return `Logged in as ${s.userId} (${s.userName}).`;
  }
}

/** For line output: the countdown once a minute and each of the last 10 seconds, not every tick. */
export function isNotableTick(s: LoginStatus): boolean {
  if (s.type !== 'waiting') return true;
  const sec = Math.ceil(s.remainingMs / 1000);
  return sec % 60 === 0 || sec <= 10;
}
