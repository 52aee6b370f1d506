import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const sourceDir = join(root, 'source');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers of every import, re-export and dynamic import (type-only ones too: they tie modules as much). */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)]
    .map((m) => (m[1] ?? m[2] ?? m[3]) as string)
    .filter((s) => s.startsWith('.'));
}

/** The file a relative ESM specifier names (`./x.js` is `./x.ts` or `./x.tsx` in source). */
function target(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(dir)) {
    const deps = specifiers(readFileSync(file, 'utf8')).map((s) => target(file, s));
    graph.set(file, [...new Set(deps.filter((d): d is string => d !== null && d.startsWith(dir)))]);
  }
  return graph;
}

/** Every strongly connected component with more than one file (or a file importing itself): each is a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return out;
}

const folder = (file: string) => relative(sourceDir, file).split('/')[0] as string;

describe('source/ has no import cycles', () => {
  const graph = importGraph(sourceDir);

  it('finds the source files and their imports', () => {
    expect(graph.size).toBeGreaterThan(100);
    const app = graph.get(join(sourceDir, 'cli', 'main.ts'));
    expect(app).toContain(join(sourceDir, 'cli', 'args.ts'));
    expect(app).toContain(join(sourceDir, 'app', 'rebalance-start.ts')); // a dynamic import counts
    expect(graph.get(join(sourceDir, 'app', 'rebalance-start.ts'))).toContain(join(sourceDir, 'app', 'rebalance.ts'));
  });

  it('the walker sees a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('between files', () => {
    expect(cycles(graph).map((c) => c.map((f) => relative(root, f)))).toEqual([]);
  });

  it('between folders (layers)', () => {
    const layers = new Map<string, string[]>();
    for (const [file, deps] of graph) {
      const from = folder(file);
      const to = deps.map(folder).filter((f) => f !== from);
      layers.set(from, [...new Set([...(layers.get(from) ?? []), ...to])]);
    }
    expect(cycles(layers)).toEqual([]);
  });
});
