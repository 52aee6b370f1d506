/**
 * `npm run bench [-- planner|orders|tax|tui|memory]`: the measurements the issues ask for. Results print as markdown;
 * BENCHMARKS.md records a run of each with the date and machine.
 */
import { runMemoryBench } from './memory.js';
import { runOrdersBench } from './orders.js';
import { runPlannerBench } from './planner.js';
import { runTaxBench } from './tax.js';
import { runTuiBench } from './tui.js';

const which = new Set(process.argv.slice(2));
const all = which.size === 0;

if (all || which.has('planner')) {
  await runPlannerBench();
}
if (all || which.has('orders')) {
  await runOrdersBench();
}
if (all || which.has('tax')) {
  await runTaxBench();
}
if (all || which.has('tui')) {
  await runTuiBench();
}
if (all || which.has('memory')) {
  await runMemoryBench();
}
