import { parseEnv } from 'node:util';
import { AppError } from '../core/errors.js';
import { readBoundedTextFile } from './bounded-read.js';

const ENTRY = /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*(.*)$/;

/**
 * Node's parser skips a line that is not KEY=value, or glues it to the next line's key: a typo in .env would
 * silently drop a setting. Such a line (outside a quoted multi-line value) is named instead.
 */
function firstMalformedLine(text: string): number | null {
  let openQuote: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = null;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = ENTRY.exec(line);
    if (!m) return i + 1;
    const value = m[1] ?? '';
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && !value.slice(1).includes(q)) openQuote = q;
  }
  return null;
}

/** Parse a .env file (Node's own parser); a line that is not KEY=value is one clear error. */
export function parseDotenv(text: string, file: string): Record<string, string> {
  const bad = firstMalformedLine(text);
  if (bad !== null) throw new AppError('config', `${file}:${bad}: expected KEY=value`);
  return parseEnv(text) as Record<string, string>;
}

/** Environment with .env underneath: real environment variables win. */
export function environmentWithDotenv(env: NodeJS.ProcessEnv, dotenvPath: string): Record<string, string | undefined> {
  let text: string;
  try {
    // Bounded and non-blocking: a FIFO or a device named .env must not hang even `--help`.
    text = readBoundedTextFile(dotenvPath, 1024 * 1024);
  } catch {
    return { ...env };
  }
  return { ...parseDotenv(text, dotenvPath), ...env };
}
