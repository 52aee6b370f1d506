import { describe, expect, it } from 'vitest';
import { openTui } from '../../source/ui/tui-session.js';
import { fakeTerminal } from '../support/fake-terminal.js';
import { basket, plan, snapshot } from '../support/ui-fixtures.js';
import { KEYS } from '../support/ui-render.js';

const users = [
  { userId: 'AB1234', name: 'Asha Rao', lastLogin: '2026-11-24 09:02 IST' },
  { userId: 'CD5678', name: 'Dev Mehta', lastLogin: '2026-11-20 18:40 IST' },
];

function open() {
  const term = fakeTerminal();
  const tui = openTui({ mode: 'paper', broker: 'paper', basketFile: 'momentum.json', ...term.streams });
  return { term, tui };
}

describe('the first screen: drawn before login and planning', () => {
  it('shows the mode badge and a spinner with the step under way at once', async () => {
    const { term, tui } = open();
    await term.stdout.waitFor(/ PAPER {2}Starting momentum\.json/);
    tui.step('Planning…');
    await term.stdout.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Planning…/);
    await tui.close();
  });

  it('the login: its lines, and the wait for the callback counting down every second', async () => {
    const { term, tui } = open();
    tui.status('Open this link to log in to Kite: http://127.0.0.1:5000/connect/login');
    tui.countdown('Waiting for the login in the browser', 180_000);
    await term.stdout.waitFor('Waiting for the login in the browser — 0h 03m 00s left');
    tui.countdown('Waiting for the login in the browser', 179_000);
    await term.stdout.waitFor('0h 02m 59s left');
    expect(term.stdout.text()).toContain('Open this link to log in to Kite: http://127.0.0.1:5000/connect/login');
    await tui.close();
  });

  it('the user picker: ↓ and Enter pick the second user; id, name and last login shown', async () => {
    const { term, tui } = open();
    const picked = tui.chooseUser(users);
    await term.stdout.waitFor('Log in as which stored Kite user?');
    expect(term.stdout.text()).toMatch(/▸ AB1234\s+Asha Rao\s+last login 2026-11-24 09:02 IST/);
    term.stdin.press(KEYS.down);
    await term.stdout.waitFor(/▸ CD5678\s+Dev Mehta/);
    term.stdin.press(KEYS.enter);
    expect(await picked).toBe('CD5678');
    await tui.close();
  });

  it('`n` logs in as someone else; `q` cancels', async () => {
    let { term, tui } = open();
    let picked = tui.chooseUser(users);
    await term.stdout.waitFor('Log in as which stored Kite user?');
    term.stdin.press('n');
    expect(await picked).toBeNull();
    await tui.close();
    ({ term, tui } = open());
    picked = tui.chooseUser(users);
    await term.stdout.waitFor('Log in as which stored Kite user?');
    term.stdin.press('q');
    await expect(picked).rejects.toMatchObject({ kind: 'cancelled' });
    await tui.close();
  });

  it('then the run goes on in the same frame, the login lines kept in its history; later lines go to the history too', async () => {
    const { term, tui } = open();
    tui.status('Logged in as PA0001 (Paper Trader).');
    const done = tui.run({
      basket,
      snapshot,
      plan,
      mode: 'paper',
      broker: 'paper',
      userId: 'PA0001',
      notices: [],
      execute: null,
      controller: new AbortController(),
    });
    await term.stdout.waitFor(/ PAPER {2}Summary PA0001/);
    expect(await done).toEqual({ outcome: 'done' });
    expect(term.stdout.text()).toContain('Logged in as PA0001 (Paper Trader).');
  });
});
