/** Exit codes of the CLI (docs/architecture.md). The CLI maps outcomes to these in one place. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  badInput: 2,
  partial: 3,
  needsConfirmation: 4,
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
