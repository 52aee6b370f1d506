import { Chalk } from 'chalk';
import { PALETTE } from '../present/palette.js';
import { plainText, type Line } from '../present/tone.js';

/** Turns a presentation Line into the text written to a stream: plain, or coloured by each span's style. */
export type Paint = (line: Line) => string;

export const plain: Paint = plainText;

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * How richly to colour lines written to one stream. Never into a pipe or a file: there the lines are data for
 * scripts and logs. On a terminal, FORCE_COLOR decides when it is set (0 or false: none; 1–3: that depth; empty
 * or true: basic), as in Node's own `getColorDepth`; otherwise NO_COLOR (any non-empty value) or TERM=dumb turns
 * colour off. Basic colour is enough: the palette is named ANSI colours.
 */
export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): ColorLevel {
  if (!isTTY) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false') return 0;
    const n = Number.parseInt(force, 10);
    return Number.isNaN(n) ? 1 : (Math.max(0, Math.min(n, 3)) as ColorLevel);
  }
  if (env.NO_COLOR) return 0;
  if (env.TERM === 'dumb') return 0;
  return 1;
}

/** A Paint for the level: chalk at level 0 writes no escape codes at all. */
export function painter(level: ColorLevel): Paint {
  if (level === 0) return plain;
  const chalk = new Chalk({ level });
  return (line) =>
    line
      .map((s) => {
        const colour = s.style ? PALETTE[s.style] : undefined;
        let styled = colour ? chalk[colour] : chalk;
        if (s.bold) styled = styled.bold;
        return s.text === '' ? '' : styled(s.text);
      })
      .join('');
}

/** The line runner's two streams: stdout (plan, summary) and stderr (event lines), each coloured only on a terminal. */
export function headlessPaint(input: {
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** --json: stdout is one JSON document, and nothing is coloured at all. */
  json: boolean;
}): { out: Paint; err: Paint } {
  if (input.json) return { out: plain, err: plain };
  return { out: painter(colorLevel(input.env, input.stdoutIsTTY)), err: painter(colorLevel(input.env, input.stderrIsTTY)) };
}
