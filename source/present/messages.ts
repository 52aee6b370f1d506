/** Where a run ends without placing anything, in the same words for both front ends. */
export const NOTHING_TO_TRADE = 'Nothing to trade: the account is as close to the basket as whole shares and costs allow.';

/**
 * A dry run's last line. `broker` is where the orders would go: on the simulator (paper) dropping --dry-run
 * places them; against Kite the default is a dry run, so only --live places them.
 */
export function dryRunMessage(orders: number, broker: 'live' | 'paper'): string {
  if (orders === 0) return 'Dry run: nothing to do.';
  return `Dry run: nothing was placed. Add ${broker === 'paper' ? '--paper without --dry-run' : '--live'} to place these orders.`;
}
