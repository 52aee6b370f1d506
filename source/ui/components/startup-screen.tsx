import { Box, Text, useInput, useStdin } from 'ink';
import { duration } from '../../present/format.js';
import type { Broker, RunMode } from '../../present/mode.js';
import type { StartupView } from '../startup-store.js';
import { theme } from '../theme.js';
import { Header } from './header.js';
import { Spinner } from './spinner.js';

export interface PickerKeys {
  move(by: number): void;
  pick(): void;
  other(): void;
  quit(): void;
}

/**
 * The first frame, drawn before login and planning: the mode badge, a spinner with the step under way, the
 * login's lines and its per-second countdown to the callback timeout, and the stored users to pick from.
 */
export function StartupScreen(props: { view: StartupView; mode: RunMode; broker: Broker; basketFile: string; keys: PickerKeys }) {
  const { view, mode, broker, basketFile, keys } = props;
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (key.upArrow) keys.move(-1);
      else if (key.downArrow) keys.move(1);
      else if (key.return) keys.pick();
      else if (input === 'n' || input === 'N') keys.other();
      else if (input === 'q' || (key.ctrl && input === 'c')) keys.quit();
    },
    { isActive: Boolean(isRawModeSupported) && view.picker !== null },
  );
  return (
    <Box flexDirection="column">
      <Header mode={mode} broker={broker} title={view.picker ? 'Log in' : 'Starting'} basketFile={basketFile} />
      {view.lines.map((l, i) => (
        <Text key={i} color={theme.muted}>
          {l}
        </Text>
      ))}
      {view.picker ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Log in as which stored Kite user?</Text>
          {view.picker.users.map((u, i) => (
            <Text key={u.userId} wrap="truncate-end" color={i === view.picker?.cursor ? theme.accent : undefined}>
              {i === view.picker?.cursor ? '▸ ' : '  '}
              {u.userId.padEnd(10)} {u.name.padEnd(20)} <Text color={theme.muted}>last login {u.lastLogin}</Text>
            </Text>
          ))}
          <Text color={theme.muted}>↑↓ choose · Enter log in · n someone else · q quit</Text>
        </Box>
      ) : (
        <Spinner label={view.countdown ? `${view.countdown.label} — ${duration(view.countdown.remainingMs)} left` : view.step} />
      )}
    </Box>
  );
}
