import { parseBasket } from '../core/basket.js';
import { AppError } from '../core/errors.js';
import type { Basket } from '../core/types.js';
import { readBoundedTextFile, UnreadableFile } from '../config/bounded-read.js';

/** Far above any real basket (every NSE equity, pretty-printed, is about 200 kB). */
export const MAX_BASKET_BYTES = 4 * 1024 * 1024;

/** Reads and parses a basket file. A missing, unreadable, special or oversized file is AppError('basket') naming the path. */
export async function loadBasketFile(path: string): Promise<Basket> {
  let text: string;
  try {
    text = readBoundedTextFile(path, MAX_BASKET_BYTES);
  } catch (e) {
    const why = e instanceof UnreadableFile ? e.message : 'cannot read it';
    throw new AppError('basket', `${path}: ${why}`, { cause: e });
  }
  return parseBasket(text, path);
}
