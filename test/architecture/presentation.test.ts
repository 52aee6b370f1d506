import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../support/event-samples.js';

/**
 * Presentation has one home (issue 11): present/ describes every engine event and holds the shared wording,
 * columns and formatting helpers; the Ink TUI (ui/) and the line runner (headless/) only render it.
 */
const root = join(import.meta.dirname, '..', '..');
const dir = (name: string) => join(root, 'source', name);

function files(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}
const importsOf = (text: string): string[] =>
  [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => (m[1] ?? m[2]) as string);

/** Source without comments: a comment may quote a line as it appears on screen. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
const frontEnds = [...files(dir('ui')), ...files(dir('headless'))].map((f) => ({ name: relative(root, f), text: code(readFileSync(f, 'utf8')) }));

/** The body of each `case '<engine event type>':` (up to the next case, default or the switch's end). */
function eventCaseBodies(text: string): { type: string; body: string }[] {
  const out: { type: string; body: string }[] = [];
  for (const m of text.matchAll(/case\s+'([a-z-]+)'\s*:/g)) {
    const type = m[1] as string;
    if (!(EVENT_TYPES as string[]).includes(type)) continue;
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const end = rest.search(/\bcase\s+'|\bdefault\s*:|\n\s{0,2}\}/);
    out.push({ type, body: end < 0 ? rest : rest.slice(0, end) });
  }
  return out;
}

/** The fixed words of every description in present/events.ts: the literal parts of its strings, 8+ characters. */
function describedPhrases(): string[] {
  const text = readFileSync(join(dir('present'), 'events.ts'), 'utf8');
  const literals = [...text.matchAll(/`([^`]*)`|'([^'\n]*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  const parts = literals.flatMap((l) => l.split(/\$\{[^}]*\}/)).map((p) => p.trim());
  return [...new Set(parts.filter((p) => p.length >= 8 && /\s/.test(p)))];
}

describe('one description of every event: ui/ and headless/ do not phrase events themselves', () => {
  it('finds the front ends and the described phrases', () => {
    expect(frontEnds.length).toBeGreaterThan(10);
    expect(describedPhrases()).toEqual(expect.arrayContaining(['wait over: placing orders', 'orders planned)', 'order(s) ready']));
  });

  it.each(frontEnds.map((f) => [f.name, f] as const))('%s has no switch case over event types that builds text', (_name, f) => {
    for (const { type, body } of eventCaseBodies(f.text)) {
      expect(body, `${f.name}: case '${type}' builds its own text; use describeEvent`).not.toMatch(/`|'[^'\n]*\s[^'\n]*'|"[^"\n]*\s[^"\n]*"/);
    }
  });

  it.each(frontEnds.map((f) => [f.name, f] as const))("%s repeats none of describeEvent's wording", (_name, f) => {
    for (const phrase of describedPhrases()) expect(f.text, `${f.name} words "${phrase}" itself`).not.toContain(phrase);
  });

  it.each(frontEnds.map((f) => [f.name, f] as const))('%s formats no dates or money itself', (_name, f) => {
    const specs = importsOf(f.text);
    expect(
      specs.filter((s) => s === 'luxon' || s.endsWith('/core/money.js')),
      `${f.name}: formatting helpers live in present/format.ts`,
    ).toEqual([]);
  });
});

describe('formatting helpers have one home', () => {
  const everywhere = files(join(root, 'source')).map((f) => ({ name: relative(root, f), text: code(readFileSync(f, 'utf8')) }));

  it('a weight as a percentage is written only by formatPct (core/money.ts)', () => {
    const own = everywhere.filter((f) => f.name !== join('source', 'core', 'money.ts') && /\*\s*100\)\.toFixed\(2\)/.test(f.text));
    expect(own.map((f) => f.name)).toEqual([]);
  });

  // The layers that may import present/; the engine words its summary message itself, below present/.
  it('ui/, headless/ and app/ format IST dates and times only through present/format.ts', () => {
    const own = everywhere.filter((f) => /^source\/(ui|headless|app)\//.test(f.name) && /zone: 'Asia\/Kolkata' \}\)\.toFormat\(/.test(f.text));
    expect(own.map((f) => f.name)).toEqual([]);
  });
});

describe('present/ is a pure layer between core and the front ends', () => {
  const sources = files(dir('present'));

  it.each(sources.map((f) => [relative(root, f), f]))('%s imports only core/, present/ and luxon, and does no I/O', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const spec of importsOf(text)) {
      if (spec.startsWith('.')) {
        const target = relative(join(root, 'source'), join(file, '..', spec));
        expect(target, `${file} imports ${spec}`).toMatch(/^(core|present)\//);
      } else {
        expect(spec, `${file} imports package ${spec}`).toBe('luxon');
      }
    }
    expect(text, `${file} uses process`).not.toMatch(/\bprocess\.\w+/);
  });
});
