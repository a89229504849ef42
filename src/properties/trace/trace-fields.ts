/**
 * Readers of single JSON values for the trace parser. Each takes the JSON path of the value (`steps[3].step.ms`)
 * and a `fail` that throws the one-line input error, so every message says where the trace is wrong and how.
 */
import { checkFields, isPlainObject, preview } from '../../model/history-input.ts';

export type Fail = (where: string, what: string) => never;

export { preview };

/** An object with exactly these fields (optional ones may be missing); an unknown field is an error. */
export function readObject(value: unknown, where: string, required: readonly string[], optional: readonly string[], fail: Fail): Record<string, unknown> {
  if (!isPlainObject(value)) fail(where, `must be an object with ${required.join(', ')}, got ${preview(value)}`);
  checkFields(value, required, optional, (what) => fail(where, what));
  return value;
}

export function readString(value: unknown, where: string, fail: Fail, options: { nonEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') fail(where, `must be a string, got ${preview(value)}`);
  if (options.nonEmpty && value === '') fail(where, 'must not be empty');
  return value;
}

export function readInteger(value: unknown, where: string, fail: Fail, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(where, `must be a whole number, got ${preview(value)}`);
  if (value < min || value > max) fail(where, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function readBoolean(value: unknown, where: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') fail(where, `must be true or false, got ${preview(value)}`);
  return value;
}

export function readOneOf<T extends string | number>(value: unknown, where: string, allowed: readonly T[], fail: Fail): T {
  if (!allowed.includes(value as T)) fail(where, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${preview(value)}`);
  return value as T;
}

/** A list of at most `max` items, each read by `item` with its own path. */
export function readArray<T>(value: unknown, where: string, max: number, fail: Fail, item: (raw: unknown, at: string, index: number) => T): T[] {
  if (!Array.isArray(value)) fail(where, `must be a list, got ${preview(value)}`);
  if (value.length > max) fail(where, `holds ${value.length} items, more than the ${max} a trace may hold`);
  return value.map((raw, index) => item(raw, `${where}[${index}]`, index));
}
