import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { theme } from '../theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A braille spinner and a label: something is under way. */
export function Spinner({ label }: { label: string }) {
  const [i, setI] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setI((n) => (n + 1) % FRAMES.length), 100);
    return () => clearInterval(t);
  }, []);
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent}>{FRAMES[i]}</Text> {label}
    </Text>
  );
}
