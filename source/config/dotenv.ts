import { readFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';

/** Parse a .env file: KEY=value lines, # comments, optional quotes, optional `export `. */
export function parseDotenv(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new AppError('config', `${file}:${i + 1}: expected KEY=value`);
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1] as string] = value;
  });
  return out;
}

/** Environment with .env underneath: real environment variables win. */
export function environmentWithDotenv(env: NodeJS.ProcessEnv, dotenvPath: string): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(dotenvPath, 'utf8');
  } catch {
    return { ...env };
  }
  return { ...parseDotenv(text, dotenvPath), ...env };
}
