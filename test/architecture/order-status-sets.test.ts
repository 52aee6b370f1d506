import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** A list or set naming two final statuses: a second table of what is finished. */
const FINAL_SET = /\[[^\]]*'(?:COMPLETE|REJECTED|CANCELLED)'[^\]]*'(?:COMPLETE|REJECTED|CANCELLED)'[^\]]*\]/;

describe('one table of order statuses (core/order-status.ts)', () => {
  const sources = files(join(root, 'source')).filter((f) => !f.endsWith(join('core', 'order-status.ts')));
  it.each(sources.map((f) => [relative(root, f), f]))('%s keeps no set of final statuses of its own', (_name, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(FINAL_SET);
  });
});
