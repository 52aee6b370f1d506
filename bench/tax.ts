import { pathToFileURL } from 'node:url';
import { planRebalance } from '../source/core/planner/index.js';
import { buildTaxBook } from '../source/core/tax/tax-book.js';
import type { Trade } from '../source/core/tax/trades.js';
import type { Basket, Plan, Snapshot } from '../source/core/types.js';
import { generateCase, rng } from './lib/generate.js';

/**
 * Tax bench (issue 12): generated accounts with lot histories, planned tax-blind (`--tax-weight 0`) and tax-aware at
 * the same drift band; the estimated tax of each plan and its drift after. Prints markdown: the median case at the
 * default weight, then the trade-off curve over W.
 */

const TRADE_DATE = '2026-11-25';
const DRIFT_BAND = 0.005;
const WEIGHTS = [0, 0.5, 1, 2, 3, 5, 10, 20];
const DAY = 86_400_000;

const gaussian = (r: () => number): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

interface TaxCase {
  name: string;
  basket: Basket;
  snapshot: Snapshot;
  trades: Trade[];
}

/**
 * Each holding bought in 1–4 lots over the last three years. Drift comes from prices: a name held f times its target
 * value rose f times as much as the basket since it was bought, so overweight names carry the gains (as they do in a
 * real account); on top, the market grew ≈ 12 % a year, with 10 % noise per lot (some lots are at a loss). The year
 * so far has realised gains (₹0–60k long-term, −₹10k–₹30k short-term, as sales of two old positions).
 */
function withHistory(seed: number, n: number, value: number): TaxCase {
  const c = generateCase(seed, n, value, 'nse-like');
  const r = rng(seed * 7919);
  const trades: Trade[] = [];
  let id = 0;
  const today = Date.parse(TRADE_DATE);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const push = (symbol: string, isin: string, date: string, side: 'buy' | 'sell', quantity: number, price: number) =>
    trades.push({
      symbol,
      isin,
      date,
      exchange: 'NSE',
      side,
      quantity,
      price,
      tradeId: String(++id),
      orderId: String(id),
      executedAt: `${date}T10:00:00`,
      source: 'tradebook',
    });
  const V = c.snapshot.totalValue;
  const lines = c.snapshot.lines.map((l, i) => {
    const isin = `INE${String(seed).padStart(3, '0')}${String(i).padStart(5, '0')}1`;
    const target = (c.basket.weights[l.tradingsymbol] ?? 0) * V;
    // How far the name outgrew the basket: its value over its target (outside the basket: a random rise).
    const outgrew = target > 0 && l.price ? Math.min(3, Math.max(0.5, (l.quantity * l.price) / target)) : Math.exp(0.3 * gaussian(r));
    if (l.quantity > 0 && l.price) {
      const lots = 1 + Math.floor(r() * 4);
      let left = l.quantity;
      const ages = Array.from({ length: lots }, () => 20 + r() * 1080).sort((a, b) => b - a);
      ages.forEach((days, k) => {
        const q = k === lots - 1 ? left : Math.max(0, Math.min(left, Math.round((l.quantity / lots) * (0.5 + r()))));
        left -= q;
        if (q <= 0) return;
        const years = days / 365;
        const growth = Math.exp(0.12 * years + 0.1 * gaussian(r)) * outgrew;
        push(l.tradingsymbol, isin, day(today - days * DAY), 'buy', q, Math.max(1, Math.round((l.price! / growth) * 20) / 20));
      });
    }
    return { ...l, isin };
  });
  // This year's realised gains: an old position bought in 2022 and sold in May.
  const lt = Math.round(r() * 60_000);
  const st = Math.round(-10_000 + r() * 40_000);
  push('OLDLT', 'INE999L00001', '2022-05-02', 'buy', 100, 1000);
  push('OLDLT', 'INE999L00001', '2026-05-11', 'sell', 100, 1000 + lt / 100);
  push('OLDST', 'INE999S00001', '2026-04-06', 'buy', 100, 1000);
  push('OLDST', 'INE999S00001', '2026-05-11', 'sell', 100, 1000 + st / 100);
  return { name: c.name, basket: c.basket, snapshot: { ...c.snapshot, lines }, trades };
}

/** 25 accounts: value log-uniform ₹5L–₹1Cr, 10–60 names (≤ 1 per ₹10,000), NSE-like prices. */
function cases(): TaxCase[] {
  const r = rng(20261128);
  return Array.from({ length: 25 }, (_, i) => {
    const value = Math.exp(Math.log(5_00_000) + r() * (Math.log(1_00_00_000) - Math.log(5_00_000)));
    const n = Math.max(10, Math.min(Math.round(10 + r() * 50), Math.floor(value / 10_000)));
    return withHistory(900 + i, n, value);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const inr = (x: number) => `₹${Math.round(x).toLocaleString('en-IN')}`;
const pp = (x: number) => `${(x * 100).toFixed(2)} pp`;

export interface TaxBenchPoint {
  weight: number;
  medianTax: number;
  medianTaxCut: number;
  medianExtraDrift: number;
  worstExtraDrift: number;
  medianDrift: number;
}

export async function runTaxBench(): Promise<TaxBenchPoint[]> {
  const all = cases();
  const plans: { c: TaxCase; byWeight: Map<number, Plan> }[] = [];
  for (const c of all) {
    const taxBook = buildTaxBook({ trades: c.trades, holdings: c.snapshot.lines, tradeDate: TRADE_DATE });
    const byWeight = new Map<number, Plan>();
    for (const w of WEIGHTS)
      byWeight.set(w, await planRebalance(c.basket, c.snapshot, { tradeDate: TRADE_DATE, driftBand: DRIFT_BAND, taxBook, taxWeight: w }));
    plans.push({ c, byWeight });
  }
  const taxOf = (p: Plan) => p.tax?.tax ?? 0;
  const points: TaxBenchPoint[] = WEIGHTS.map((w) => {
    const cuts: number[] = [];
    const extra: number[] = [];
    for (const { byWeight } of plans) {
      const blind = byWeight.get(0)!;
      const aware = byWeight.get(w)!;
      if (taxOf(blind) > 0) cuts.push(1 - taxOf(aware) / taxOf(blind));
      extra.push(aware.drift_after - blind.drift_after);
    }
    return {
      weight: w,
      medianTax: median(plans.map((p) => taxOf(p.byWeight.get(w)!))),
      medianTaxCut: median(cuts),
      medianExtraDrift: median(extra),
      worstExtraDrift: Math.max(...extra),
      medianDrift: median(plans.map((p) => p.byWeight.get(w)!.drift_after)),
    };
  });

  const lines = [
    `Tax bench: ${all.length} generated accounts with lot histories (₹5L–₹1Cr, 10–60 names), drift band ${DRIFT_BAND * 100}% for every plan, trade date ${TRADE_DATE}.`,
    '',
    '| case | total value | drift before | tax blind (W=0) | drift after blind | tax W=1 | drift after W=1 | tax W=10 | drift after W=10 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...plans.map(({ c, byWeight }) => {
      const [b, one, ten] = [byWeight.get(0)!, byWeight.get(1)!, byWeight.get(10)!];
      return `| ${c.name} | ${inr(c.snapshot.totalValue)} | ${(b.drift_before * 100).toFixed(2)}% | ${inr(taxOf(b))} | ${(b.drift_after * 100).toFixed(2)}% | ${inr(taxOf(one))} | ${(one.drift_after * 100).toFixed(2)}% | ${inr(taxOf(ten))} | ${(ten.drift_after * 100).toFixed(2)}% |`;
    }),
    '',
    'Trade-off curve (medians over the accounts; tax cut and extra drift are per account against its own tax-blind plan):',
    '',
    '| W | median tax | median tax cut | median drift after | median extra drift | worst extra drift |',
    '|---:|---:|---:|---:|---:|---:|',
    ...points.map(
      (p) =>
        `| ${p.weight} | ${inr(p.medianTax)} | ${(p.medianTaxCut * 100).toFixed(1)}% | ${(p.medianDrift * 100).toFixed(2)}% | ${pp(p.medianExtraDrift)} | ${pp(p.worstExtraDrift)} |`,
    ),
  ];
  const meets = points.filter((p) => p.weight > 0 && p.medianTaxCut >= 0.3 && p.medianExtraDrift <= 0.005);
  lines.push(
    '',
    meets.length
      ? `Target (≥ 30% less tax on the median case for ≤ 0.5 pp more drift) met at W = ${meets.map((p) => p.weight).join(', ')}.`
      : 'Target (≥ 30% less tax on the median case for ≤ 0.5 pp more drift) not met at any W of the curve.',
  );
  console.log(lines.join('\n'));
  return points;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runTaxBench();
}
