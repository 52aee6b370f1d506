import { hashString, unit } from './hash.js';
import { roundToTick, tickFor } from './ticks.js';

/** A syntactically valid NSE cash symbol (e.g. INFY, M&M, BAJAJ-AUTO, 3MINDIA). */
export const NSE_SYMBOL = /^[A-Z0-9][A-Z0-9&\-_.]{0,24}$/;

const MIN_SYNTHETIC = 10;
const MAX_SYNTHETIC = 15_000;
/** Octaves of value noise, periods 1 s, 4 s, 16 s … 4^9 s (≈ 3 days). */
const OCTAVES = 10;

export interface PriceBookOptions {
  prices: Record<string, number>;
  unknownSymbols: string[];
  seed: number;
  volatility: number;
}

/**
 * Prices as a pure function of (symbol, clock second): the scenario price (or a synthetic one) moved by
 * multi-scale value noise, so the path looks like a random walk, is the same for the same seed whatever
 * order the requests come in, and stays near its anchor (≈ ±volatility).
 */
export class PriceBook {
  private readonly anchors = new Map<string, number>();
  private readonly unknown: Set<string>;

  constructor(private readonly opts: PriceBookOptions) {
    this.unknown = new Set(opts.unknownSymbols);
    for (const [sym, p] of Object.entries(opts.prices)) this.anchors.set(sym, p);
  }

  /** Whether the symbol trades at all on this simulated NSE. */
  knows(symbol: string): boolean {
    if (this.unknown.has(symbol)) return false;
    return this.anchors.has(symbol) || NSE_SYMBOL.test(symbol);
  }

  /** The day's reference (previous close); the scenario price, else a deterministic synthetic one. */
  anchor(symbol: string): number {
    const known = this.anchors.get(symbol);
    if (known !== undefined) return known;
    const u = hashString(symbol, this.opts.seed) / 4294967296;
    const p = Math.exp(Math.log(MIN_SYNTHETIC) + u * (Math.log(MAX_SYNTHETIC) - Math.log(MIN_SYNTHETIC)));
    const synthetic = roundToTick(p, tickFor(p));
    this.anchors.set(symbol, synthetic);
    return synthetic;
  }

  tick(symbol: string): number {
    return tickFor(this.anchor(symbol));
  }

  /** Last traded price at clock time `ms` (constant within a clock second), on the instrument's tick. */
  ltp(symbol: string, ms: number): number {
    const base = this.anchor(symbol);
    if (this.opts.volatility === 0) return base;
    const sec = Math.floor(ms / 1000);
    const symHash = hashString(symbol, this.opts.seed);
    let x = 0;
    for (let k = 0; k < OCTAVES; k++) {
      const period = 4 ** k;
      const pos = sec / period;
      const i = Math.floor(pos);
      const f = pos - i;
      const a = unit(symHash, k, i) * 2 - 1;
      const b = unit(symHash, k, i + 1) * 2 - 1;
      // amplitude ∝ √period, like a random walk's spread; normalised so the sum is about ±1
      x += (a + (b - a) * f) * Math.sqrt(period / 4 ** (OCTAVES - 1));
    }
    return roundToTick(base * Math.exp((this.opts.volatility * x) / 2), this.tick(symbol));
  }

  /** A deterministic per-event fraction in [0, 1) for slippage. */
  jitter(symbol: string, n: number): number {
    return unit(hashString(symbol, this.opts.seed), 0x51, n);
  }

  instrumentToken(symbol: string): number {
    return this.exchangeToken(symbol) * 256 + 1;
  }

  exchangeToken(symbol: string): number {
    return (hashString(symbol, 7) % 90_000) + 1_000;
  }
}
