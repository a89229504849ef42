/**
 * Breadth-first search over the checker's states, as Stateright's `bfs.rs` and TLC do: a queue of states to
 * expand, a visited set of fingerprints with parent pointers, every new state judged when it is found. The first
 * judged finding ends the search: breadth-first, it is at the least depth any is, and since the step order and the
 * queue order are fixed, the same one every time. Bounds: depth (states at it are not expanded) and distinct states.
 */
import { isBrokerFailure, type Finding } from '../properties/runner/findings.ts';
import type { Op } from '../model/history.ts';
import type { Step } from '../system/kernel/steps.ts';
import { enabledSteps, type ModelBounds } from './actions.ts';
import { finalReadFindings, needsFinalRead, type FinalReadPolicy } from './final-read-check.ts';
import { fingerprintOf, type Fingerprint } from './fingerprint.ts';
import { initialState, successor, type McState, type McSystem } from './mc-state.ts';
import { VisitedSet } from './visited-set.ts';

export interface SearchBounds {
  depthMax: number;
  statesMax: number;
}

export interface SearchProgress {
  depth: number;
  /** Successors computed, duplicates included. */
  generated: number;
  distinct: number;
  queued: number;
}

export interface SearchOptions {
  system: McSystem;
  model: ModelBounds;
  search: SearchBounds;
  finalRead: FinalReadPolicy;
  /** The findings that end the search (an `always` claim's violations, a `sometimes` claim's witnesses). */
  judges: (finding: Finding, history: readonly Op[]) => boolean;
  /** Told every `progressEvery` distinct states, and once at the end. */
  onProgress?: (progress: SearchProgress) => void;
  progressEvery?: number;
  /** Tests: show that expanding a state leaves it as it was and that every cached fingerprint is a fresh walk's
   * (successors borrow what they do not change; a broker or kernel change that broke that would throw here). */
  checkSharing?: boolean;
}

export type SearchEnd = 'found' | 'exhausted' | 'depth-bound' | 'state-bound';

export interface SearchResult extends SearchProgress {
  end: SearchEnd;
  /** Depth reached: the deepest level expanded or found. */
  depthReached: number;
  /** Final reads judged. */
  finalReads: number;
  /** Distinct states in which some record was acknowledged: none, and an always claim's search was vacuous. */
  ackedStates: number;
  bytesPerState: number;
  /** With `found`: the steps from the boot to the state, the finding, and whether the final read showed it. */
  path?: Step[];
  finding?: Finding;
  foundByFinalRead?: boolean;
}

interface Queued {
  state: McState;
  number: number;
  depth: number;
}

const STEPS_PER_STATE_MAX = 255;

export function breadthFirstSearch(options: SearchOptions): SearchResult {
  const { model, search } = options;
  const every = options.progressEvery ?? 10_000;
  const judged = (findings: readonly Finding[], state: McState) => findings.find((f) => isBrokerFailure(f) || options.judges(f, state.run.recorder.ops));
  const visited = new VisitedSet();
  const start = initialState(options.system);
  visited.add(fingerprintOf(start.state), 0, 0);
  let generated = 0;
  let finalReads = 0;
  let ackedStates = 0;
  let depthReached = 0;
  let cutByDepth = false;
  const progress = (depth: number, queued: number): SearchProgress => ({ depth, generated, distinct: visited.size, queued });
  const result = (end: SearchEnd, depth: number, queued: number, extra: Partial<SearchResult> = {}): SearchResult => {
    options.onProgress?.(progress(depth, queued));
    return { ...progress(depth, queued), end, depthReached, finalReads, ackedStates, bytesPerState: visited.bytesPerState(), ...extra };
  };
  const judgeState = (state: McState, findings: readonly Finding[]): { finding: Finding; byFinalRead: boolean } | undefined => {
    const inStep = judged(findings, state);
    if (inStep) return { finding: inStep, byFinalRead: false };
    if (!needsFinalRead(state, model, options.finalRead)) return undefined;
    finalReads++;
    const atEnd = judged(finalReadFindings(state), state);
    return atEnd ? { finding: atEnd, byFinalRead: true } : undefined;
  };
  const first = judgeState(start.state, start.findings);
  if (first) return result('found', 0, 0, { path: [], finding: first.finding, foundByFinalRead: first.byFinalRead });

  let queue: Queued[] = [{ state: start.state, number: 0, depth: 0 }];
  let depth = 0;
  while (queue.length > 0) {
    const next: Queued[] = [];
    depthReached = depth;
    for (let q = 0; q < queue.length; q++) {
      const entry = queue[q]!;
      queue[q] = undefined as unknown as Queued; // let the expanded state go
      const enabled = enabledSteps(entry.state, model);
      if (enabled.length > STEPS_PER_STATE_MAX) throw new Error(`${enabled.length} steps enabled in one state: more than the checker indexes (${STEPS_PER_STATE_MAX})`);
      if (depth >= search.depthMax) {
        if (enabled.length > 0) cutByDepth = true;
        continue;
      }
      const before = options.checkSharing ? fingerprintOf(entry.state, false) : undefined;
      for (let i = 0; i < enabled.length; i++) {
        const child = successor(entry.state, enabled[i]!);
        generated++;
        if (options.checkSharing) requireSameFingerprint(fingerprintOf(child.state), fingerprintOf(child.state, false), 'a cached fingerprint differs from a fresh walk');
        const number = visited.add(fingerprintOf(child.state), entry.number, i);
        if (number < 0) continue;
        if (child.state.run.ackedAll.length > 0) ackedStates++;
        if (visited.size % every === 0) options.onProgress?.(progress(depth + 1, queue.length - q - 1 + next.length));
        const verdict = judgeState(child.state, child.findings);
        if (verdict) {
          depthReached = depth + 1;
          return result('found', depth + 1, queue.length - q - 1 + next.length, { path: pathOf(options, visited.pathTo(number)), finding: verdict.finding, foundByFinalRead: verdict.byFinalRead });
        }
        if (visited.size >= search.statesMax) return result('state-bound', depth + 1, queue.length - q - 1 + next.length);
        next.push({ state: child.state, number, depth: depth + 1 });
      }
      if (before) requireSameFingerprint(before, fingerprintOf(entry.state, false), `expanding a state at depth ${depth} changed it`);
    }
    queue = next;
    depth++;
  }
  return result(cutByDepth ? 'depth-bound' : 'exhausted', depthReached, 0);
}

function requireSameFingerprint(a: Fingerprint, b: Fingerprint, what: string): void {
  if (a.high !== b.high || a.low !== b.low) throw new Error(`model checker: ${what} (a successor changed what it shares with its parent)`);
}

/** The concrete steps of a path of step indices: replayed from the initial state, each step the one its index names
 * among the steps enabled where it was taken. */
export function pathOf(options: Pick<SearchOptions, 'system' | 'model'>, indices: readonly number[]): Step[] {
  let state = initialState(options.system).state;
  const path: Step[] = [];
  for (const index of indices) {
    const step = enabledSteps(state, options.model)[index];
    if (!step) throw new Error(`the path's step ${path.length} (index ${index}) is not enabled on replay: the search is not deterministic`);
    path.push(step);
    state = successor(state, step).state;
  }
  return path;
}
