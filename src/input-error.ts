/**
 * The one error type for bad user input (a configuration, a schedule, a trace or history file). Its message
 * is one line that says what is wrong; the CLI prints it and exits 2, never a stack trace. The message quotes
 * the input, so it is display text: a newline, a control or bidi character in it is escaped (displayText).
 */
import { displayText } from './text/display-text.ts';

export type InputErrorKind = 'config' | 'schedule' | 'trace' | 'history' | 'usage' | 'broker' | 'output' | 'shard';

export class KcheckInputError extends Error {
  override readonly name = 'KcheckInputError';
  constructor(
    readonly kind: InputErrorKind,
    readonly reason: string,
  ) {
    super(displayText(`${kind}: ${reason}`));
  }
}

export function isKcheckInputError(error: unknown): error is KcheckInputError {
  return error instanceof KcheckInputError;
}
