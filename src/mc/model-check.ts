/**
 * `kcheck mc` as an API: exhaustive breadth-first search of a claim's cluster within bounds. An `always` claim is
 * verified within the bounds (the space exhausted), or bounded (a search bound hit first), or violated (the
 * shortest trace); a `sometimes` claim is witnessed (its shortest witness) or not.
 */
import type { Claim } from '../properties/claims/claim.ts';
import { judgedBy } from '../properties/claims/claim.ts';
import type { Trace } from '../properties/trace/trace.ts';
import type { Step } from '../system/kernel/steps.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../system/kernel/controller-logic.ts';
import type { Finding } from '../properties/runner/findings.ts';
import type { ModelBounds } from './actions.ts';
import { breadthFirstSearch } from './bfs.ts';
import { depthFirstSearch } from './dfs.ts';
import type { SearchBounds, SearchOptions, SearchProgress, SearchResult, SearchStrategy } from './search.ts';
import type { FinalReadPolicy } from './final-read-check.ts';
import { traceOfPath } from './trace-of-path.ts';
import type { McSystem } from './mc-state.ts';

export interface ModelCheckOptions {
  claim: Claim;
  broker?: BrokerLogic<unknown>;
  controller?: ControllerLogic<unknown>;
  model: ModelBounds;
  search: SearchBounds;
  finalRead?: FinalReadPolicy;
  /** bfs (default): the shortest counterexample; dfs: memory for the path only (search.ts). */
  strategy?: SearchStrategy;
  onProgress?: (progress: SearchProgress) => void;
  progressEvery?: number;
  /** Tests: see `SearchOptions.checkSharing`. */
  checkSharing?: boolean;
  /** `--por`: sleep sets over independent deliveries (sleep-sets.ts). */
  por?: boolean;
  /** Tests: see `SearchOptions.checkIndependence`. */
  checkIndependence?: boolean;
}

/** verified: an always claim, space exhausted; bounded: no violation before a search bound; vacuous: no
 * violation, but no state searched had an acknowledged record, so a claim that needs progress learned nothing
 * (check's `vacuous`: raise the time bound or the sends); violated: an always
 * claim's counterexample; witnessed / not-witnessed: a sometimes claim. */
export type McVerdict = 'verified' | 'bounded' | 'vacuous' | 'violated' | 'witnessed' | 'not-witnessed';

export interface ModelCheckResult {
  claim: Claim;
  verdict: McVerdict;
  search: SearchResult;
  model: ModelBounds;
  bounds: SearchBounds;
  finalRead: FinalReadPolicy;
  strategy: SearchStrategy;
  /** The reductions the search used. */
  por: boolean;
  /** With a found state: the path, its trace and the finding the trace's run shows (the same kind as the search's). */
  path?: Step[];
  trace?: Trace;
  finding?: Finding;
}

/** Sends, polls and fault counts within which the claim's faults, time and bounds make a finite space. */
export function modelCheck(options: ModelCheckOptions): ModelCheckResult {
  const { claim } = options;
  const system = { settings: claim.settings, ...(options.broker ? { broker: options.broker } : {}), ...(options.controller ? { controller: options.controller } : {}) };
  const finalRead = options.finalRead ?? 'idle';
  const strategy = options.strategy ?? 'bfs';
  const search = (strategy === 'dfs' ? depthFirstSearch : breadthFirstSearch)({
    ...searchOptionsOf(claim, system, options),
    ...(options.checkSharing ? { checkSharing: true } : {}),
    ...(options.por ? { por: true } : {}),
    ...(options.checkIndependence ? { checkIndependence: true } : {}),
  });
  return modelCheckResult({ claim, system, model: options.model, bounds: options.search, finalRead, strategy, por: options.por === true }, search);
}

/** What every search of a claim is given, whatever its strategy or threads (also the parallel search's). */
export function searchOptionsOf(claim: Claim, system: McSystem, options: Pick<ModelCheckOptions, 'model' | 'search' | 'finalRead' | 'onProgress' | 'progressEvery'>): SearchOptions {
  return {
    system,
    model: options.model,
    search: options.search,
    finalRead: options.finalRead ?? 'idle',
    judges: judgedBy(claim),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
  };
}

/** A search's result as a verdict, with the found path's trace (also the parallel search's: parallel/). */
export function modelCheckResult(run: Omit<ModelCheckResult, 'verdict' | 'search' | 'path' | 'trace' | 'finding'> & { system: McSystem }, search: SearchResult): ModelCheckResult {
  const { claim, system } = run;
  const base = { claim, search, model: run.model, bounds: run.bounds, finalRead: run.finalRead, strategy: run.strategy, por: run.por };
  if (search.end !== 'found') {
    const vacuous = claim.progress !== undefined && search.ackedStates === 0;
    const verdict: McVerdict = claim.expectation === 'sometimes' ? 'not-witnessed' : vacuous ? 'vacuous' : search.end === 'exhausted' ? 'verified' : 'bounded';
    return { ...base, verdict };
  }
  const pathRun = traceOfPath(claim, system, search.path!);
  const verdict: McVerdict = claim.expectation === 'sometimes' ? 'witnessed' : 'violated';
  return { ...base, verdict, path: search.path!, ...(pathRun.trace ? { trace: pathRun.trace } : {}), finding: pathRun.finding ?? search.finding! };
}
