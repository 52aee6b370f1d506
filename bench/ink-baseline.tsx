/** The comparison for the memory figure: a bare Ink app that draws one frame and exits. */
import { render, Text } from 'ink';

const app = render(<Text>kite-rebalance memory baseline: one Ink frame</Text>);
app.unmount();
await app.waitUntilExit();
