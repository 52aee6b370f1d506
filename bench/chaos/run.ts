/**
 * `npm run chaos -- --runs N --seed S [--parallel P] [--verbose]`: live runs of the real binary against a
 * standalone simulator with random accounts, baskets, options, fault schedules and SIGKILLs, each checked
 * against invariants read from the simulator (bench/chaos/invariants.ts). Exit 1 on any violation.
 */
import { chaosRun, type RunReport } from './one-run.js';
import { drawWorld, flagsOf, type ChaosWorld } from './world.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`chaos: ${name} needs a whole number (got "${process.argv[i + 1] ?? ''}")`);
    process.exit(2);
  }
  return n;
}

const runs = arg('--runs', 5);
const seed = arg('--seed', 4242);
const parallel = Math.max(1, arg('--parallel', 2));
const verbose = process.argv.includes('--verbose');

const faultsByKind = new Map<string, number>();
const eventsByKind = new Map<string, number>();
const reports: RunReport[] = [];
const worlds: ChaosWorld[] = [];
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const started = Date.now();

// Ctrl+C (or SIGTERM): no new run starts; the ones under way finish and the tally covers what was run.
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stopping = true));

let next = 0;
async function worker(): Promise<void> {
  while (next < runs && !stopping) {
    const i = next++;
    const world = drawWorld(seed + i);
    worlds[i] = world;
    const report = await chaosRun(world);
    reports[i] = report;
    for (const [kind, n] of Object.entries(report.fired)) bump(faultsByKind, kind, n);
    for (const e of world.events) bump(eventsByKind, e);
    if (verbose || report.violations.length) {
      console.log(
        `run ${i + 1} seed ${world.seed}: ${report.outcome}, ${report.orders} orders, ${report.kills} kills, ${report.resumes} resumes, ${(report.realMs / 1000).toFixed(1)} s` +
          (report.violations.length ? `, ${report.violations.length} VIOLATION(S)` : '') +
          (verbose && report.outcome !== 'finished' ? `\n  last line: ${report.lastLine}` : ''),
      );
    }
    if (report.violations.length) {
      for (const v of report.violations) console.log(`  ✗ ${v}`);
      console.log(
        `  options: ${flagsOf(world.options).join(' ')}; start ${world.startIst} IST ×${world.scale}; basket (${world.basket.format}) ${world.basket.text}`,
      );
      console.log(
        `  faults: ${JSON.stringify(world.scenario.faults)}; events: ${world.events.join(', ') || 'none'}; kills after ${JSON.stringify(world.kills)} ms`,
      );
      console.log(`  reproduce: npm run chaos -- --runs 1 --seed ${world.seed} --verbose   (kill moments are real time, so timing may differ)`);
    }
  }
}

await Promise.all(Array.from({ length: Math.min(parallel, runs) }, () => worker()));

const done = reports.filter(Boolean).length;
const failedRuns = reports.filter((r) => r?.violations.length).length;
const sum = (f: (r: RunReport) => number) => reports.reduce((s, r) => s + (r ? f(r) : 0), 0);
const violations = sum((r) => r.violations.length);
const outcomes = new Map<string, number>();
for (const r of reports) if (r) bump(outcomes, r.outcome);
const list = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';
const faults = [...faultsByKind.values()].reduce((a, b) => a + b, 0);
console.log(`faults injected (fired): ${faults} (${list(faultsByKind)})`);
console.log(`scenario events: ${list(eventsByKind)}`);
console.log(`run outcomes: ${list(outcomes)}; orders ${sum((r) => r.orders)}; kills ${sum((r) => r.kills)}; resumes ${sum((r) => r.resumes)}`);
console.log(
  `chaos seed ${seed}: ${done} runs${done < runs ? ` (stopped early: ${done} of ${runs})` : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failedRuns} run(s) with violations, ${violations} violations`,
);
process.exitCode = violations ? 1 : 0;
