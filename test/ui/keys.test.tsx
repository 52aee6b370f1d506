import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyHints } from '../../source/ui/components/key-hints.js';
import { actionFor, AUTHORISATION_KEYS, authorisationKeyOf, CONFIRM_KEYS, RUN_KEYS } from '../../source/present/keys.js';

describe("the run's key table: one source for the handler and the hints", () => {
  it('maps keys to actions: y places, n or Esc declines, Enter only nudges, Ctrl+C cancels', () => {
    expect(actionFor('y', {})).toBe('place');
    expect(actionFor('Y', {})).toBe('place');
    expect(actionFor('n', {})).toBe('decline');
    expect(actionFor('N', {})).toBe('decline');
    expect(actionFor('', { escape: true })).toBe('decline');
    expect(actionFor('\r', { return: true })).toBe('nudge');
    expect(actionFor('c', { ctrl: true })).toBe('cancel');
    expect(actionFor('q', {})).toBe('quit');
    expect(actionFor('d', {})).toBe('details');
  });

  it('arrows and page keys scroll the review table', () => {
    expect(actionFor('', { upArrow: true })).toBe('up');
    expect(actionFor('', { downArrow: true })).toBe('down');
    expect(actionFor('', { pageUp: true })).toBe('page-up');
    expect(actionFor('', { pageDown: true })).toBe('page-down');
  });

  it('r re-checks and s skips sells waiting for a CDSL authorisation: the keys the authorisation step takes', () => {
    expect([actionFor('r', {}), actionFor('s', {})]).toEqual(['recheck', 'skip']);
    expect([authorisationKeyOf('recheck'), authorisationKeyOf('skip')]).toEqual(['recheck', 'skip']);
    expect([authorisationKeyOf('place'), authorisationKeyOf('decline'), authorisationKeyOf(null)]).toEqual([null, null, null]);
  });

  it('anything else does nothing: a paste, another letter, Ctrl+Y', () => {
    expect(actionFor('yy', {})).toBeNull();
    expect(actionFor('x', {})).toBeNull();
    expect(actionFor('y', { ctrl: true })).toBeNull();
    expect(actionFor('c', {})).toBeNull();
  });

  it('every action has exactly one binding and no key is bound twice', () => {
    expect(RUN_KEYS.map((b) => b.action).sort()).toEqual([
      'basket',
      'cancel',
      'decline',
      'details',
      'down',
      'nudge',
      'page-down',
      'page-up',
      'place',
      'quit',
      'recheck',
      'skip',
      'up',
    ]);
    const keys = RUN_KEYS.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the confirmation hint is drawn from the table', () => {
    const { lastFrame, unmount } = render(<KeyHints keys={CONFIRM_KEYS} />);
    expect(lastFrame()).toBe('y place · n/Esc skip this batch · q quit');
    unmount();
  });

  it('the hint under a CDSL authorisation wait is drawn from the table', () => {
    const { lastFrame, unmount } = render(<KeyHints keys={AUTHORISATION_KEYS} />);
    expect(lastFrame()).toBe('r re-check now · s skip these sells · Ctrl+C cancel');
    unmount();
  });
});
