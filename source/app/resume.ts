import { AppError } from '../core/errors.js';
import type { CliIo } from '../cli/io.js';

// Wired once the layer it drives has landed.
export async function runResume(_command: unknown, _io: CliIo): Promise<number> {
  throw new AppError('internal', 'resume is not wired yet');
}
