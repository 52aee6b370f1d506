import { Text } from 'ink';
import { bindingFor, type RunAction } from '../../present/keys.js';
import { styleColor } from '../theme.js';

/** "y place · n/Esc decline · Ctrl+C cancel", from the key table. */
export function KeyHints({ keys }: { keys: readonly RunAction[] }) {
  return (
    <Text wrap="truncate-end">
      {keys.map((action, i) => {
        const b = bindingFor(action);
        const separator = i > 0 ? ' · ' : '';
        // A muted binding (a way out rather than a choice) is muted as a whole, hint and label.
        if (b.style === 'muted')
          return (
            <Text key={action}>
              {separator}
              <Text color={styleColor(b.style)}>
                {b.hint} {b.label}
              </Text>
            </Text>
          );
        return (
          <Text key={action}>
            {separator}
            <Text bold color={styleColor(b.style)}>
              {b.hint}
            </Text>{' '}
            {b.label}
          </Text>
        );
      })}
    </Text>
  );
}
