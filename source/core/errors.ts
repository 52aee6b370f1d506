import { ExitCode } from './exit-codes.js';

/**
 * The one error type that reaches the CLI's exit site. `message` is a single line meant for a person;
 * it must never contain a secret. Anything else thrown is a bug and is reported as such (exit 1).
 */
export type AppErrorKind =
  | 'usage' // bad flags / arguments
  | 'config' // bad env / .env values
  | 'basket' // basket file problems
  | 'auth' // login / token problems
  | 'broker' // broker answered with a permanent error
  | 'store' // token store / journal / lock problems
  | 'market' // market closed past the deadline, etc.
  | 'cancelled'
  | 'needs-confirmation'
  | 'internal';

const exitFor: Record<AppErrorKind, ExitCode> = {
  usage: ExitCode.badInput,
  config: ExitCode.badInput,
  basket: ExitCode.badInput,
  auth: ExitCode.failed,
  broker: ExitCode.failed,
  store: ExitCode.failed,
  market: ExitCode.failed,
  cancelled: ExitCode.cancelled,
  'needs-confirmation': ExitCode.needsConfirmation,
  internal: ExitCode.failed,
};

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(kind: AppErrorKind, message: string, options: { hint?: string; cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? exitFor[kind];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
