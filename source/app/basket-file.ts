import { readFile } from 'node:fs/promises';
import { parseBasket } from '../core/basket.js';
import { AppError } from '../core/errors.js';
import type { Basket } from '../core/types.js';

/** Reads and parses a basket file. A missing or unreadable file is AppError('basket') naming the path. */
export async function loadBasketFile(path: string): Promise<Basket> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read it (${code ?? 'error'})`;
    throw new AppError('basket', `${path}: ${why}`, { cause: e });
  }
  return parseBasket(text, path);
}
