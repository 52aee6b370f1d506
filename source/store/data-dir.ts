import path from 'node:path';
import envPaths from 'env-paths';

/**
 * The embedded store's directory: KITE_REBALANCE_HOME when given, else the OS's config folder for the app
 * (~/.config/kite-rebalance-nodejs on Linux, the same folder the `conf` package used before, so existing
 * tokens and journals are found).
 */
export function resolveDataDir(home?: string): string {
  if (home && home.trim() !== '') return path.resolve(home);
  return envPaths('kite-rebalance').config;
}
