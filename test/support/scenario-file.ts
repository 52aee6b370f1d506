import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` to a file `name` in a fresh temporary folder and returns the file's path. */
export function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kr-file-')), name);
  writeFileSync(file, text);
  return file;
}

/** Writes `content` as JSON (a scenario, a basket) to a fresh temporary folder and returns the file's path. */
export const jsonFile = (content: unknown, name = 'scenario.json'): string => tempFile(name, JSON.stringify(content));

/**
 * The two readings of Kite's holdings a live account may follow (docs/kite-assumptions.md, point 1), as the
 * simulator's scenario switches: Kite's documented `quantity` (T1 + realised, unchanged by a same-day sale), and
 * the observed one (the free quantity only, T1 and pledged on top, dropping intraday after a sale). A suite that
 * runs under both proves the app's result does not depend on which one the account follows.
 */
export const HOLDINGS_READINGS = [
  { reading: 'documented holdings', switches: { holdings_semantics: 'documented', quantity_drops_after_sale: false } },
  { reading: 'observed holdings', switches: { holdings_semantics: 'observed', quantity_drops_after_sale: true } },
] as const;
