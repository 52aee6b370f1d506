import path from 'node:path';
import Conf from 'conf';

/** The embedded store's directory: KITE_REBALANCE_HOME when given, else the OS config dir `conf` uses. */
export function resolveDataDir(home?: string): string {
  if (home && home.trim() !== '') return path.resolve(home);
  const conf = new Conf({ projectName: 'kite-rebalance', configName: 'settings' });
  return path.dirname(conf.path);
}
