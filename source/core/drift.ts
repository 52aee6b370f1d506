/**
 * Drift = half the L1 distance between weights and targets, over every symbol in either map, with cash
 * counted as one more symbol (docs/architecture.md). 0 = on target; 1 = nothing where it should be.
 */
export function drift(weights: Record<string, number>, targets: Record<string, number>, cashWeight: number, cashTarget: number): number {
  let sum = Math.abs(cashWeight - cashTarget);
  for (const [symbol, w] of Object.entries(weights)) sum += Math.abs(w - (targets[symbol] ?? 0));
  for (const [symbol, t] of Object.entries(targets)) if (!(symbol in weights)) sum += Math.abs(t);
  return sum / 2;
}
