import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../source/core/events.js';
import { FinalStatus } from '../../source/ui/components/final-status.js';
import { initialState, type State } from '../../source/ui/state.js';
import { plan } from '../support/ui-fixtures.js';

describe('the last lines after a declined batch', () => {
  it('show what was placed, what Kite refused, and why', () => {
    const summary: RunSummary = {
      runId: 'ab12cd34',
      orders: [],
      placed: 2,
      filled: 0,
      rejected: 2,
      skipped: 0,
      complete: false,
      driftAfter: null,
      message:
        "Stopped after a declined batch: no repair rounds. Refused by Kite and not retried: SELL ITC (Orders from this IP are not allowed). Whitelist this machine's IP in the Kite developer console.",
    };
    const base = initialState(plan);
    const state = { ...base, phase: 'declined', batch: { round: 1, side: 'BUY' }, summary, settled: true } as unknown as State;
    const { lastFrame } = render(<FinalStatus state={state} dryRun={false} broker="live" />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('declined: nothing more placed');
    expect(frame).toContain('Placed before that: 2 order(s), 0 filled, 2 rejected (run ab12cd34).');
    expect(frame).toContain('Refused by Kite and not retried: SELL ITC (Orders from this IP are not allowed)');
  });
});
