import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const coreDir = join(root, 'source', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const FORBIDDEN = /^(react|ink|fastify|mongodb|kiteconnect|node:fs|fs|node:net|net|node:http|http|node:child_process|child_process|conf|open|chalk)(\/|$)/;

describe('core/ stays pure (docs/architecture.md)', () => {
  const sources = files(coreDir);

  it('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  it.each(sources.map((f) => [relative(root, f), f]))('%s imports nothing outside core but luxon, zod, highs', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
    for (const spec of specifiers) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(FORBIDDEN);
      if (spec.startsWith('.')) {
        const target = join(file, '..', spec);
        expect(relative(coreDir, target).startsWith('..'), `${file} reaches outside core via ${spec}`).toBe(false);
      } else {
        expect(['luxon', 'zod', 'highs'], `${file} imports package ${spec}`).toContain(spec.split('/')[0]);
      }
    }
    expect(text, `${file} uses process`).not.toMatch(/\bprocess\.(env|stdout|stderr|exit|argv|on)\b/);
  });

  it.each(sources.map((f) => [relative(root, f), f]))('%s declares no Kite wire type (those live in broker/)', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text, `${file} declares a Kite type`).not.toMatch(/\b(?:interface|type)\s+Kite[A-Z]\w*/);
    expect(text, `${file} imports broker/kite-types`).not.toMatch(/kite-types/);
  });
});
