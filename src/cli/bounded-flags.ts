/**
 * Comma lists of names as flags (`--faults crash,pause`, `--require no-loss`): each name known, each once, or a
 * one-line reason (exit 2) before anything runs. Bounded numbers are flags.ts' `boundedNumberFlag`.
 */
import { KcheckInputError } from '../input-error.ts';

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
