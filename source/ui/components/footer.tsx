import { Box } from 'ink';
import type { RunAction } from '../../present/keys.js';
import { KeyHints } from './key-hints.js';

/** The keys of the screen, on its last line. */
export function Footer({ keys }: { keys: readonly RunAction[] }) {
  return (
    <Box height={1} overflow="hidden">
      <KeyHints keys={keys} />
    </Box>
  );
}
