import { it } from 'vitest';
import { App } from '../../source/ui/app.js';
import { renderSized } from '../support/ink-sized.js';
import { basket, scriptedEngine, snapshot, widePlan } from '../support/ui-fixtures.js';
import { settle, stripAnsi } from '../support/ui-render.js';
it('scratch', async () => {
  for (const columns of [80, 60]) {
    const controller = new AbortController();
    const { execute } = scriptedEngine(controller.signal);
    const i = renderSized(
      <App
        basket={basket}
        snapshot={snapshot}
        plan={widePlan(30)}
        mode="paper"
        broker="paper"
        userId="PA0001"
        notices={[]}
        execute={execute}
        controller={controller}
      />,
      { columns, rows: 24 },
    );
    await settle(30);
    i.stdin.write('\u001B[B');
    await settle(10);
    const f = stripAnsi(i.frames.at(-1) ?? '');
    console.log(f.slice(f.lastIndexOf(' PAPER  Confirm')));
    i.unmount();
  }
});
