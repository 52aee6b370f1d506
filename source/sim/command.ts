import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { scaledClock, type Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { loadScenario, type Scenario } from './scenario.js';
import { startSimulator } from './server.js';

export async function readScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('usage', `Cannot read scenario file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('usage', `Scenario file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return loadScenario(json);
}

/** The clock a scenario asks for (`clock.start` / `clock.scale`), else the given one. */
export function clockForScenario(scenario: Scenario, fallback: Clock): Clock {
  const c = scenario.clock;
  if (!c || (c.start === undefined && c.scale === undefined)) return fallback;
  const start = c.start === undefined ? fallback.now() : DateTime.fromISO(c.start, { zone: 'Asia/Kolkata' }).toMillis();
  return scaledClock(start, c.scale ?? 1);
}

/** Body of `kite-rebalance sim [--port N] [--scenario FILE]`: serves until `signal` aborts. */
export async function runSimCommand(args: {
  port: number;
  scenarioFile?: string;
  clock: Clock;
  out: (line: string) => void;
  signal: AbortSignal;
}): Promise<void> {
  const scenario = args.scenarioFile ? await readScenarioFile(args.scenarioFile) : undefined;
  const clock = scenario ? clockForScenario(scenario, args.clock) : args.clock;
  const sim = await startSimulator({ clock, scenario, port: args.port });
  args.out(`Simulator listening on ${sim.url} (api_key ${sim.apiKey})`);
  args.out(`Login page: ${sim.url}/connect/login?v=3&api_key=${sim.apiKey}`);
  try {
    await new Promise<void>((resolve) => {
      if (args.signal.aborted) return resolve();
      args.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // What the scenario's faults did, for whoever drove the run (the chaos runner tallies the faults that fired).
    const fired = (scenario?.faults ?? []).reduce((n, f) => n + f.count, 0) - sim.faults.pending().reduce((n, f) => n + f.count, 0);
    if (scenario?.faults.length) args.out(`Faults fired: ${fired}; not fired: ${JSON.stringify(sim.faults.pending())}`);
    await sim.close();
  }
}
