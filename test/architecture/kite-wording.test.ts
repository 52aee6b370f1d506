import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const sourceDir = join(root, 'source');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Words of Kite's error and rejection messages: only broker/ (which classifies) and sim/ (which says them) match on them. */
const KITE_WORDING =
  /closed|not open|insufficient|funds|margin|holding|tpin|ddpi|e-?dis|authori[sz]|whitelist|static ip|maximum allowed|too many|try again|temporar|circuit|protection/i;
/** A regex literal in code (after `(`, `=`, `,`, `:`, `!`, `&`, `|`, `?` or `return`), not a comment or a division. */
const REGEX_LITERAL = /(?:^|[(=,:!&|?]|return)\s*\/((?:[^/\n\\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)\/[dgimsuy]*/gm;

describe('Kite wording is read in broker/ only', () => {
  const outside = files(sourceDir).filter((f) => !/[\\/]source[\\/](broker|sim)[\\/]/.test(f));

  it('has files to check', () => {
    expect(outside.length).toBeGreaterThan(20);
  });

  it.each(outside.map((f) => [relative(root, f), f]))('%s has no regex on Kite message wording', (_name, file) => {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n');
    const hits = [...code.matchAll(REGEX_LITERAL)].map((m) => m[1] as string).filter((body) => KITE_WORDING.test(body));
    expect(hits, `${file} matches Kite's words`).toEqual([]);
  });
});
