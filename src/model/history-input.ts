/**
 * Shared pieces of reading a history file: the one-line error and the checks of single JSON values. Every
 * message says what is wrong and where, as a path into the document (`ops[12].value[0][1]`).
 */
import { KcheckInputError } from '../input-error.ts';

export function historyError(source: string, where: string, what: string): KcheckInputError {
  return new KcheckInputError('history', `${source}: ${where}: ${what}`);
}

/** A JSON value on one line, shortened so a message stays one readable line. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Rejects unknown and missing fields: a misspelt field must not be silently ignored. */
export function checkFields(
  object: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[],
  fail: (what: string) => never,
): void {
  for (const key of Object.keys(object)) {
    if (!required.includes(key) && !optional.includes(key)) fail(`unknown field ${JSON.stringify(key)}; expected ${[...required, ...optional].join(', ')}`);
  }
  for (const key of required) if (!Object.hasOwn(object, key)) fail(`missing field ${JSON.stringify(key)}`);
}
