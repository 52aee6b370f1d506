import { AppError } from '../core/errors.js';

const WHY: Record<string, string> = {
  ENOSPC: 'no space left on the disk (ENOSPC)',
  EDQUOT: 'the disk quota is used up (EDQUOT)',
  EROFS: 'it is on a read-only file system (EROFS)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  ENOTDIR: 'a file is in the way of a folder (ENOTDIR)',
  EISDIR: 'a folder is in the way of a file (EISDIR)',
  EEXIST: 'a file is in the way of a folder (EEXIST)',
  EIO: 'the disk reported an input/output error (EIO)',
  ELOOP: 'too many symbolic links (ELOOP)',
  ENAMETOOLONG: 'its path is too long (ENAMETOOLONG)',
  EMFILE: 'too many open files (EMFILE)',
};

/** The failure of a file operation in the data folder as one AppError('store') line; other errors unchanged. */
export function storeIoError(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const why = typeof code === 'string' ? WHY[code] : undefined;
  if (!why) return e;
  return new AppError('store', `cannot use the data folder ${dir}: ${why}`, {
    hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space there' : 'set KITE_REBALANCE_HOME to a folder you can write to',
    cause: e,
  });
}

/**
 * The same store with every method's failure passed through storeIoError: a full disk, a read-only folder or a
 * file where the data folder should be is one clear line, never "unexpected error".
 */
export function withStoreIoErrors<T extends object>(store: T, dir: string): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          throw storeIoError(e, dir);
        }
        return result instanceof Promise ? result.catch((e: unknown) => Promise.reject(storeIoError(e, dir))) : result;
      };
    },
  });
}
