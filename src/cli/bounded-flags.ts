/**
 * Flag readers with an upper bound as well as a lower one, for the profile's numbers (flags.ts has the unbounded
 * ones the older commands use), and comma lists of names. Each refuses with a one-line reason (exit 2) before
 * anything is allocated or run.
 */
import { KcheckInputError } from '../input-error.ts';

export function boundedWholeNumberFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new KcheckInputError('usage', `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** `a,b,c` as a list of names from `known`, each once; `none` is the empty list when `allowNone`. */
export function nameListFlag<T extends string>(value: string, name: string, known: readonly T[], options: { allowNone?: boolean } = {}): T[] {
  if (options.allowNone && value.trim() === 'none') return [];
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(known as readonly string[]).includes(n));
  if (unknown.length > 0) throw new KcheckInputError('usage', `--${name}: unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${known.join(', ')}${options.allowNone ? ', none' : ''}`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new KcheckInputError('usage', `--${name} names ${twice} twice`);
  return names as T[];
}
