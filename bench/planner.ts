import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseBasket } from '../source/core/basket.js';
import { floorRulePlan, planRebalance } from '../source/core/planner/index.js';
import type { Basket, Plan, Snapshot, SnapshotLine } from '../source/core/types.js';
import { generateCase, rng } from './lib/generate.js';

/**
 * Planner bench: on the real baskets (../shared/baskets, synthetic prices) and on generated portfolios
 * (₹50k–₹1Cr, 5–500 symbols, prices ₹10–₹1.5L), compare our planner, the original tool's floor rule and the
 * exact MILP optimum of the same objective (HiGHS, gap 1e-6, capped at EXACT_CAP_MS — reported when not
 * proven). Prints a markdown table and returns the rows.
 */

export interface PlannerBenchRow {
  case: string;
  symbols: number;
  value: number;
  driftBefore: number;
  drift: { floor: number; ours: number; exact: number };
  idleCashPct: { floor: number; ours: number; exact: number };
  charges: { floor: number; ours: number; exact: number };
  objective: { floor: number; ours: number; exact: number };
  /** (ours − exact) / exact, in %. Negative when the capped exact run found worse than ours. */
  objectiveGapPct: number;
  exactProven: boolean;
  ms: { floor: number; ours: number; exact: number };
  solver: string;
}

const EXACT_CAP_MS = 8_000;
const TRADE_DATE = '2026-03-02';

function sharedBasketsDir(): string | null {
  const candidates = [resolve(process.cwd(), '..', 'shared', 'baskets'), resolve(import.meta.dirname, '..', '..', '..', 'shared', 'baskets')];
  return candidates.find((d) => existsSync(d)) ?? null;
}

const hash = (s: string): number => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
/** Deterministic synthetic price for a real ticker (₹50–₹15,000, log-uniform); the bench never calls Kite. */
const syntheticPrice = (symbol: string): number => Math.round(Math.exp(Math.log(50) + rng(hash(symbol))() * Math.log(300)) * 20) / 20;

function realCases(): { name: string; basket: Basket; snapshot: Snapshot }[] {
  const dir = sharedBasketsDir();
  if (!dir) {
    console.log('(../shared/baskets not found: real-basket cases skipped)');
    return [];
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const baskets = files.map((f) => parseBasket(readFileSync(join(dir, f), 'utf8'), f));
  const mkLine = (symbol: string, quantity: number): SnapshotLine => ({
    tradingsymbol: symbol,
    exchange: 'NSE',
    quantity,
    sellable: quantity,
    t1Quantity: 0,
    collateralQuantity: 0,
    unauthorisedQuantity: 0,
    price: syntheticPrice(symbol),
    priceSource: 'ltp',
    stale: false,
    notes: [],
  });
  const snapshot = (cash: number, held: SnapshotLine[], basket: Basket): Snapshot => {
    const lines = [...held];
    for (const s of Object.keys(basket.weights)) if (!lines.some((l) => l.tradingsymbol === s)) lines.push(mkLine(s, 0));
    const holdingsValue = lines.reduce((s, l) => s + l.quantity * (l.price ?? 0), 0);
    return { cash, lines, holdingsValue, positionsValue: 0, totalValue: holdingsValue + cash, unpriced: [], warnings: [] };
  };
  const out: { name: string; basket: Basket; snapshot: Snapshot }[] = [];
  baskets.forEach((basket, i) => {
    const label = basket.file
      .replace(/\.json$/, '')
      .replace(/__/g, ' ')
      .slice(0, 40);
    out.push({ name: `${label}: fresh ₹2L`, basket, snapshot: snapshot(200_000, [], basket) });
    // Switch from the previous basket: ₹10L held at its weights (drifted ±20%), 2% cash.
    const prev = baskets[(i + baskets.length - 1) % baskets.length]!;
    const r = rng(1000 + i);
    const held = Object.entries(prev.weights).map(([s, w]) => mkLine(s, Math.round((w * 980_000 * (0.8 + 0.4 * r())) / syntheticPrice(s))));
    out.push({ name: `${label}: switch ₹10L`, basket, snapshot: snapshot(20_000, held, basket) });
  });
  return out;
}

function generatedCases(): { name: string; basket: Basket; snapshot: Snapshot }[] {
  const out: { name: string; basket: Basket; snapshot: Snapshot }[] = [];
  let seed = 1;
  for (const n of [5, 20, 50, 200, 500]) {
    for (const value of [50_000, 5_00_000, 1_00_00_000]) out.push(generateCase(seed++, n, value));
  }
  return out;
}

/**
 * A realistic mix: 25 accounts, value log-uniform ₹50k–₹1Cr, 5–500 basket names but no more than one per
 * ₹5,000 of account (nobody spreads ₹50k over 500 names), NSE-like prices.
 */
function realisticCases(): { name: string; basket: Basket; snapshot: Snapshot }[] {
  const r = rng(20261124);
  return Array.from({ length: 25 }, (_, i) => {
    const value = Math.exp(Math.log(50_000) + r() * (Math.log(1_00_00_000) - Math.log(50_000)));
    const wanted = Math.round(Math.exp(Math.log(5) + r() * (Math.log(500) - Math.log(5))));
    const n = Math.max(5, Math.min(wanted, Math.floor(value / 5_000)));
    const c = generateCase(500 + i, n, value, 'nse-like');
    return { ...c, name: `nse-like ${c.name}` };
  });
}

const idlePct = (p: Plan, b: Basket, s: Snapshot): number => (100 * Math.max(0, p.cash_after - b.cashWeight * s.totalValue)) / s.totalValue;

async function benchCase(c: { name: string; basket: Basket; snapshot: Snapshot }): Promise<PlannerBenchRow> {
  const base = { tradeDate: TRADE_DATE };
  const floor = floorRulePlan(c.basket, c.snapshot, base);
  const ours = await planRebalance(c.basket, c.snapshot, base);
  const exact = await planRebalance(c.basket, c.snapshot, { ...base, timeLimitMs: EXACT_CAP_MS, mipRelGap: 1e-6, fullTimeLimit: true });
  const obj = (p: Plan) => p.solver.objective ?? NaN;
  return {
    case: c.name,
    symbols: new Set([...Object.keys(c.basket.weights), ...c.snapshot.lines.filter((l) => l.quantity > 0).map((l) => l.tradingsymbol)]).size,
    value: Math.round(c.snapshot.totalValue),
    driftBefore: ours.drift_before,
    drift: { floor: floor.drift_after, ours: ours.drift_after, exact: exact.drift_after },
    idleCashPct: { floor: idlePct(floor, c.basket, c.snapshot), ours: idlePct(ours, c.basket, c.snapshot), exact: idlePct(exact, c.basket, c.snapshot) },
    charges: { floor: floor.charges, ours: ours.charges, exact: exact.charges },
    objective: { floor: obj(floor), ours: obj(ours), exact: obj(exact) },
    objectiveGapPct: (100 * (obj(ours) - obj(exact))) / obj(exact),
    exactProven: /optimal/.test(exact.solver.status) && !/time limit/.test(exact.solver.status),
    ms: { floor: floor.solver.ms, ours: ours.solver.ms, exact: exact.solver.ms },
    solver: ours.solver.status.replace(/, bound .*/, ''),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f4 = (x: number) => x.toFixed(4);
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const inr = (x: number) => `₹${Math.round(x).toLocaleString('en-IN')}`;

export async function runPlannerBench(): Promise<PlannerBenchRow[]> {
  // Load the WebAssembly solver once so the first case's time is not the load time.
  await planRebalance(
    { file: 'warm', weights: { A: 1 }, cashWeight: 0, warnings: [], meta: { format: 'stocks' } },
    {
      cash: 1000,
      lines: [
        {
          tradingsymbol: 'A',
          exchange: 'NSE',
          quantity: 0,
          sellable: 0,
          t1Quantity: 0,
          collateralQuantity: 0,
          unauthorisedQuantity: 0,
          price: 99,
          priceSource: 'ltp',
          stale: false,
          notes: [],
        },
      ],
      holdingsValue: 0,
      positionsValue: 0,
      totalValue: 1000,
      unpriced: [],
      warnings: [],
    },
  );
  const rows: PlannerBenchRow[] = [];
  const noBuffer: number[] = [];
  for (const c of [...realCases(), ...generatedCases()]) {
    rows.push(await benchCase(c));
    // Same comparison without the 0.5% slippage buffer, which alone keeps ≈ 0.5% drift in idle cash.
    const o = { tradeDate: TRADE_DATE, slippageBuffer: 0 };
    const floor = floorRulePlan(c.basket, c.snapshot, o);
    if (floor.drift_after > 0) noBuffer.push((await planRebalance(c.basket, c.snapshot, o)).drift_after / floor.drift_after);
  }

  const lines = [
    '| case | symbols | value | drift before | drift after floor / ours / exact | idle cash % floor / ours / exact | charges floor / ours / exact | objective gap vs exact | ms floor / ours / exact |',
    '|---|---:|---:|---:|---|---|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.symbols} | ${inr(r.value)} | ${f4(r.driftBefore)} | ${f4(r.drift.floor)} / **${f4(r.drift.ours)}** / ${f4(r.drift.exact)} | ${f2(r.idleCashPct.floor)} / ${f2(r.idleCashPct.ours)} / ${f2(r.idleCashPct.exact)} | ${inr(r.charges.floor)} / ${inr(r.charges.ours)} / ${inr(r.charges.exact)} | ${f2(r.objectiveGapPct)}%${r.exactProven ? '' : ' (exact not proven)'} | ${r.ms.floor} / **${r.ms.ours}** / ${r.ms.exact} |`,
    ),
  ];
  const ratios = rows.filter((r) => r.drift.floor > 0).map((r) => r.drift.ours / r.drift.floor);
  const exactRatios = rows.filter((r) => r.drift.floor > 0).map((r) => r.drift.exact / r.drift.floor);
  const gaps = rows.map((r) => r.objectiveGapPct);
  const maxMs = (pred: (r: PlannerBenchRow) => boolean) => Math.max(0, ...rows.filter(pred).map((r) => r.ms.ours));
  lines.push(
    '',
    `- drift after, ours ÷ floor rule: median ${f3(median(ratios))}, worst ${f3(Math.max(...ratios))} (${rows.length} cases); exact optimum ÷ floor rule: median ${f3(median(exactRatios))}`,
    `- the same without the slippage buffer (slippageBuffer 0 for both): ours ÷ floor rule median ${f3(median(noBuffer))}, worst ${f3(Math.max(...noBuffer))}`,
    `- objective (₹ drift + charges) vs the exact optimum: median ${f2(median(gaps))}%, worst ${f2(Math.max(...gaps))}%; exact proven optimal in ${rows.filter((r) => r.exactProven).length}/${rows.length} cases (cap ${EXACT_CAP_MS / 1000} s)`,
    `- planning time, ours: ≤ 50 symbols max ${maxMs((r) => r.symbols <= 55)} ms; 500+ symbols max ${maxMs((r) => r.symbols >= 500)} ms`,
  );
  console.log(lines.join('\n'));

  // The realistic mix: ours vs the floor rule only (the exact optimum is covered above).
  const mix: { ratio: number; ratioCapped: number; ratioNoBuffer: number; ms: number; symbols: number }[] = [];
  for (const c of realisticCases()) {
    const base = { tradeDate: TRADE_DATE };
    const nb = { ...base, slippageBuffer: 0 };
    const floor = floorRulePlan(c.basket, c.snapshot, base);
    const floorCapped = floorRulePlan(c.basket, c.snapshot, base, { capBuysToCash: true });
    const ours = await planRebalance(c.basket, c.snapshot, base);
    const floorNb = floorRulePlan(c.basket, c.snapshot, nb);
    const oursNb = await planRebalance(c.basket, c.snapshot, nb);
    if (floor.drift_after > 0 && floorNb.drift_after > 0) {
      mix.push({
        ratio: ours.drift_after / floor.drift_after,
        ratioCapped: ours.drift_after / floorCapped.drift_after,
        ratioNoBuffer: oursNb.drift_after / floorNb.drift_after,
        ms: ours.solver.ms,
        symbols: c.snapshot.lines.length,
      });
    }
  }
  console.log(
    [
      '',
      `Realistic mix (${mix.length} accounts, ₹50k–₹1Cr, ≤ 1 name per ₹5,000, NSE-like prices; \`realisticCases()\`):`,
      `- drift after, ours ÷ floor rule (as the original behaved: an unfunded buy is rejected): median ${f3(median(mix.map((m) => m.ratio)))}, worst ${f3(Math.max(...mix.map((m) => m.ratio)))}`,
      `- ours ÷ the kinder floor rule (buys capped at the cash left): median ${f3(median(mix.map((m) => m.ratioCapped)))}, worst ${f3(Math.max(...mix.map((m) => m.ratioCapped)))}`,
      `- without the slippage buffer (both): median ${f3(median(mix.map((m) => m.ratioNoBuffer)))}, worst ${f3(Math.max(...mix.map((m) => m.ratioNoBuffer)))}`,
      `- planning time, ours: max ${Math.max(...mix.map((m) => m.ms))} ms (largest case ${Math.max(...mix.map((m) => m.symbols))} symbols)`,
    ].join('\n'),
  );
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPlannerBench();
}
