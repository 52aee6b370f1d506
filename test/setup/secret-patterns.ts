import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a leaked secret looks like in captured output: a fixed fake secret used by the suite, a Kite-style
 * access/request token (32 mixed-case alphanumerics, as the simulator issues), or a Fernet key.
 */
const TOKEN = /(?<![A-Za-z0-9])(?=[A-Za-z0-9]{0,31}[A-Z])(?=[A-Za-z0-9]{0,31}[a-z])(?=[A-Za-z0-9]{0,31}\d)[A-Za-z0-9]{32}(?![A-Za-z0-9])/g;
const FERNET_KEY = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}=(?![A-Za-z0-9_=-])/g;

/** Fake secrets the test sources use (api secrets, encryption keys): harvested so new ones are covered too. */
export function knownTestSecrets(testDir: string): string[] {
  const found = new Set<string>(['paper_api_secret']);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(n) ? [p] : [];
    });
  for (const file of walk(testDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:secret|SECRET|Secret)\w*\s*[:=]\s*['"`]([^'"`\s]{8,})['"`]/g)) found.add(m[1] as string);
  }
  return [...found];
}

export function findSecrets(output: string, fixed: readonly string[]): string[] {
  const hits = new Set<string>();
  for (const s of fixed) if (output.includes(s)) hits.add(s);
  for (const m of output.matchAll(TOKEN)) hits.add(m[0]);
  for (const m of output.matchAll(FERNET_KEY)) hits.add(m[0]);
  return [...hits];
}
