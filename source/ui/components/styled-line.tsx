import { Text, type TextProps } from 'ink';
import type { Line } from '../../present/tone.js';
import { styleColor } from '../theme.js';

/** A presentation Line (spans with meanings) as Ink text: each span in its style's colour. */
export function StyledLine({ line, ...props }: { line: Line } & Omit<TextProps, 'children'>) {
  return (
    <Text {...props}>
      {line.map((s, i) => (
        <Text key={i} color={styleColor(s.style)} bold={s.bold}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
