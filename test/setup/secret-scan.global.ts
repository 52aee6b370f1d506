import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecrets, knownTestSecrets } from './secret-patterns.js';

/**
 * Suite-wide check of the rule "no secret is ever printed or logged": every worker's stdout/stderr and every
 * child process the tests run (see test/support/run-bin.ts) is appended to one log, scanned at the end.
 */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kr-output-'));
  const log = join(dir, 'suite-output.log');
  process.env.KR_OUTPUT_LOG = log;
  return () => {
    let output: string;
    try {
      output = readFileSync(log, 'utf8');
    } catch {
      return;
    }
    const hits = findSecrets(output, knownTestSecrets(join(import.meta.dirname, '..')));
    rmSync(dir, { recursive: true, force: true });
    if (hits.length > 0) {
      throw new Error(`secrets appeared in the test suite's output: ${hits.map((h) => `${h.slice(0, 4)}…(${h.length} chars)`).join(', ')}`);
    }
    process.stdout.write(`secret scan: ${output.length} bytes of suite output checked, no secret found\n`);
  };
}
