/** The bare Ink app the TUI's first frame is measured against: Ink and React loaded, one line drawn. */
import { render, Text } from 'ink';
import { createElement } from 'react';

const app = render(createElement(Text, null, 'hello from a bare Ink app'));
setTimeout(() => app.unmount(), 3000);
