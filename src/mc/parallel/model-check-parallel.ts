/**
 * `kcheck mc --workers N` as an API: `modelCheck`'s breadth-first search on N worker threads (parallel-bfs.ts),
 * with the result `modelCheck` gives for the same claim and system — the same counts, verdict and trace for every
 * N. The claim and the system are not passed as objects (a broker's logic cannot be sent to a thread) but as a
 * source every thread builds them from (messages.ts; src/zoo/mc-system.ts for the catalogue and the zoo).
 */
import { modelCheckResult, searchOptionsOf, type ModelCheckOptions, type ModelCheckResult } from '../model-check.ts';
import type { InjectedFailure, McSystemSource } from './messages.ts';
import { builtSystemOf } from './system-source.ts';
import { parallelBreadthFirstSearch } from './parallel-bfs.ts';

export const MC_WORKERS_MAX = 64;

export interface ParallelModelCheckOptions extends Pick<ModelCheckOptions, 'model' | 'search' | 'finalRead' | 'onProgress' | 'progressEvery'> {
  source: McSystemSource;
  /** Worker threads, 1 … MC_WORKERS_MAX. */
  workers: number;
  /** Tests: a worker fails at a depth. */
  injectedFailure?: InjectedFailure;
  /** Tests: frontier places per round and worker (parallel-bfs.ts). */
  roundPlacesPerWorker?: number;
}

export async function modelCheckParallel(options: ParallelModelCheckOptions): Promise<ModelCheckResult> {
  if (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > MC_WORKERS_MAX) throw new RangeError(`workers: ${options.workers} is not a whole number in 1..${MC_WORKERS_MAX}`);
  const { claim, system } = await builtSystemOf(options.source);
  const finalRead = options.finalRead ?? 'idle';
  const search = await parallelBreadthFirstSearch({
    ...searchOptionsOf(claim, system, options),
    source: options.source,
    workers: options.workers,
    ...(options.injectedFailure ? { injectedFailure: options.injectedFailure } : {}),
    ...(options.roundPlacesPerWorker ? { roundPlacesPerWorker: options.roundPlacesPerWorker } : {}),
  });
  return modelCheckResult({ claim, system, model: options.model, bounds: options.search, finalRead, strategy: 'bfs', por: false }, search);
}
