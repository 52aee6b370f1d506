import { AppError } from '../core/errors.js';

/** Run ids and account ids become file names: keep them to a safe alphabet. */
export function safeName(what: string, value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(value) || value.startsWith('.')) {
    throw new AppError('store', `Invalid ${what} ${JSON.stringify(value)}: use letters, digits, '-', '_' or '.'`);
  }
  return value;
}
