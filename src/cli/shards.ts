/**
 * `--shard i/n` and the shard files `kcheck merge` reads: a campaign too big for one machine is split into n
 * shards, one per CI runner. A shard takes the units of work (claims, matrix cells, zoo hunts) whose index is
 * i−1 modulo n, so the split depends only on the list and n; it writes their results, plain data, to a shard file;
 * `kcheck merge` checks that the files are the n shards of one campaign and writes the report the unsharded command
 * would have written. A result is the same whichever runner computed it (every unit is deterministic on its own).
 */
import { isDeepStrictEqual } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { KCHECK_VERSION } from '../version.ts';
import { writeReport } from './flags.ts';
import { readJsonInputFile } from './input-file.ts';

export interface Shard {
  /** 1-based, as the flag is written. */
  index: number;
  count: number;
}

export type ShardedCommand = 'check' | 'matrix' | 'zoo';

export const SHARD_COUNT_MAX = 1_000;
export const SHARD_USAGE = `--shard i/n runs the i-th of n shards (1 ≤ i ≤ n ≤ ${SHARD_COUNT_MAX}) and writes its results to a
                                         shard file for kcheck merge (docs/ci.md)`;

export const SHARD_OPTION = { shard: { type: 'string' } } as const;

/** The default directory of shard files, under the ignored run output. */
export const SHARDS_DIR = 'reports/runs/shards';

export function shardFlag(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > SHARD_COUNT_MAX || index < 1 || index > count) {
    throw new KcheckInputError('usage', `--shard takes i/n with 1 ≤ i ≤ n ≤ ${SHARD_COUNT_MAX} (e.g. 2/4), got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`);
  }
  return { index, count };
}

/** The indices of `total` units that belong to the shard (all of them without one). */
export function shardIndices(total: number, shard: Shard | undefined): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  return shard ? all.filter((i) => i % shard.count === shard.index - 1) : all;
}

export interface ShardFile<R> {
  format: 'kcheck-shard';
  version: 1;
  kcheckVersion: string;
  command: ShardedCommand;
  shard: Shard;
  /** What the campaign was run with (seed, runs, selection, broker): every shard of one campaign has the same. */
  parameters: Record<string, unknown>;
  /** Units of work in the whole campaign. */
  total: number;
  results: Array<{ index: number; result: R }>;
}

export function shardFilePath(dir: string, command: ShardedCommand, shard: Shard): string {
  return `${dir}/${command}-shard-${shard.index}-of-${shard.count}.json`;
}

export function writeShardFile<R>(dir: string, command: ShardedCommand, shard: Shard, parameters: Record<string, unknown>, total: number, results: Array<{ index: number; result: R }>): string {
  const file: ShardFile<R> = { format: 'kcheck-shard', version: 1, kcheckVersion: KCHECK_VERSION, command, shard, parameters, total, results };
  const path = shardFilePath(dir, command, shard);
  writeReport(path, `${JSON.stringify(file)}\n`);
  return path;
}

function readShardFile(path: string): ShardFile<unknown> {
  let file: unknown;
  try {
    file = JSON.parse(readJsonInputFile(path, 'shard'));
  } catch (error) {
    if (error instanceof KcheckInputError) throw error;
    throw new KcheckInputError('shard', `${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const f = file as Partial<ShardFile<unknown>> | null;
  if (typeof f !== 'object' || f === null || f.format !== 'kcheck-shard') throw new KcheckInputError('shard', `${path} is not a kcheck shard file (written by --shard i/n)`);
  if (f.version !== 1) throw new KcheckInputError('shard', `${path} is a shard file of version ${JSON.stringify(f.version)}; this kcheck reads version 1`);
  const valid =
    (f.command === 'check' || f.command === 'matrix' || f.command === 'zoo') &&
    typeof f.kcheckVersion === 'string' &&
    typeof f.shard === 'object' && f.shard !== null && Number.isSafeInteger(f.shard.index) && Number.isSafeInteger(f.shard.count) &&
    typeof f.parameters === 'object' && f.parameters !== null &&
    Number.isSafeInteger(f.total) && Array.isArray(f.results) &&
    f.results.every((r) => typeof r === 'object' && r !== null && Number.isSafeInteger((r as { index: unknown }).index) && 'result' in r);
  if (!valid) throw new KcheckInputError('shard', `${path} is a damaged shard file: a field is missing or of the wrong type`);
  return f as ShardFile<unknown>;
}

/** The shard files of one campaign, every shard once: their command, parameters, and each unit's result in order. */
export function readCampaign(paths: readonly string[]): { command: ShardedCommand; parameters: Record<string, unknown>; results: unknown[] } {
  if (paths.length === 0) throw new KcheckInputError('usage', 'kcheck merge needs the shard files of one campaign (written by --shard i/n)');
  const files = paths.map((path) => ({ path, file: readShardFile(path) }));
  const first = files[0]!;
  for (const { path, file } of files) {
    if (file.kcheckVersion !== KCHECK_VERSION) throw new KcheckInputError('shard', `${path} was written by kcheck ${file.kcheckVersion}, this is ${KCHECK_VERSION}: run every shard with one version`);
    const same = file.command === first.file.command && file.shard.count === first.file.shard.count && file.total === first.file.total && isDeepStrictEqual(file.parameters, first.file.parameters);
    if (!same) throw new KcheckInputError('shard', `${path} and ${first.path} are not shards of one campaign (command, shard count or parameters differ)`);
  }
  const count = first.file.shard.count;
  const seen = new Map<number, string>();
  for (const { path, file } of files) {
    const other = seen.get(file.shard.index);
    if (other !== undefined) throw new KcheckInputError('shard', `${path} and ${other} are both shard ${file.shard.index}/${count}`);
    seen.set(file.shard.index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new KcheckInputError('shard', `shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count}`);
  const results: unknown[] = new Array(first.file.total);
  for (const { path, file } of files) {
    const expected = shardIndices(file.total, file.shard);
    const indices = file.results.map((r) => r.index);
    if (!isDeepStrictEqual(indices, expected)) throw new KcheckInputError('shard', `${path} does not hold the results of shard ${file.shard.index}/${count} (it was cut short or edited)`);
    for (const { index, result } of file.results) results[index] = result;
  }
  return { command: first.file.command, parameters: first.file.parameters, results };
}
