/**
 * What breadth-first and depth-first search share: the visited set of fingerprints with parent pointers (a path is
 * rebuilt by replaying step indices from the initial state, as Stateright's `bfs.rs`/`path.rs` do), the counts,
 * and the judging of every state when it is first found (the step's findings, then the final read where
 * `--final-read` asks for one). The first judged finding ends a search.
 */
import type { Finding } from '../properties/runner/findings.ts';
import type { Op } from '../model/history.ts';
import { runProgress } from '../properties/runner/run-progress.ts';
import type { Step } from '../system/kernel/steps.ts';
import { enabledSteps, type ModelBounds } from './actions.ts';
import { finalReadFindings, needsFinalRead, type FinalReadPolicy } from './final-read-check.ts';
import { fingerprintOf, type Fingerprint } from './fingerprint.ts';
import { initialState, successor, type McState, type McSystem } from './mc-state.ts';
import { VisitedSet } from './visited-set.ts';
import { LinkBits, SleepStore, timersChanged, type Sleep } from './sleep-sets.ts';

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

/** bfs: breadth-first, the shortest counterexample, the frontier in memory; dfs: depth-first, a counterexample
 * (not the shortest), only the current path in memory — for spaces whose frontier does not fit. */
export type SearchStrategy = 'bfs' | 'dfs';

export const SEARCH_STRATEGIES: readonly SearchStrategy[] = ['bfs', 'dfs'];

export interface SearchOptions {
  system: McSystem;
  model: ModelBounds;
  search: SearchBounds;
  finalRead: FinalReadPolicy;
  /** The findings that end the search (an `always` claim's violations, a `sometimes` claim's witnesses). */
  judges: (finding: Finding, history: readonly Op[]) => boolean;
  /** Told every `progressEvery` distinct states, and once at the end. `queued`: the states waiting to be expanded
   * (breadth-first: the frontier; depth-first: the current path). */
  onProgress?: (progress: SearchProgress) => void;
  progressEvery?: number;
  /** Tests: show that expanding a state leaves it as it was and that every cached fingerprint is a fresh walk's
   * (successors borrow what they do not change; a broker or kernel change that broke that would throw here). */
  checkSharing?: boolean;
  /** `--por`: sleep sets over independent single deliveries (sleep-sets.ts): the same states, fewer successors. */
  por?: boolean;
  /** Tests: with `por`, show for every delivery slept that both orders reach the same state (the independence the
   * reduction assumes); a pair that did not commute throws. */
  checkIndependence?: boolean;
}

/** `--por`: where one state's expansion is: what it sleeps, what it has explored so far, and (a state found again
 * with less asleep) the only deliveries left to take from it. */
export interface PorFrame {
  base: Sleep;
  explored: Sleep;
  only: number | undefined;
}

/** A state found again that must be expanded again, by the deliveries `only` (sleep-sets.ts). */
export interface Revisit {
  state: McState;
  number: number;
  only: number;
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

export const STEPS_PER_STATE_MAX = 255;

/** A new state found by a search, judged. */
export interface Found {
  state: McState;
  number: number;
  verdict?: { finding: Finding; byFinalRead: boolean };
}

/** One search's visited set, counts and judge. */
export class SearchCore {
  readonly visited = new VisitedSet();
  readonly linkBits = new LinkBits();
  readonly sleeps = new SleepStore();
  generated = 0;
  finalReads = 0;
  ackedStates = 0;
  depthReached = 0;
  cutByDepth = false;
  private readonly every: number;

  constructor(readonly options: SearchOptions) {
    this.every = options.progressEvery ?? 10_000;
  }

  /** The initial state, added and judged. */
  start(): Found {
    const start = initialState(this.options.system);
    this.visited.add(fingerprintOf(start.state), 0, 0);
    return this.judged(start.state, 0, start.findings);
  }

  /** The steps to expand `state` by, or none at the depth bound. */
  stepsAt(state: McState, depth: number): Step[] {
    const enabled = enabledSteps(state, this.options.model);
    if (enabled.length > STEPS_PER_STATE_MAX) throw new Error(`${enabled.length} steps enabled in one state: more than the checker indexes (${STEPS_PER_STATE_MAX})`);
    if (depth < this.options.search.depthMax) return enabled;
    if (enabled.length > 0) this.cutByDepth = true;
    return [];
  }

  /** The successor of `parent` (state number `parentNumber`) by the `index`-th of its steps, judged; undefined when
   * it was found before. */
  expand(parent: McState, parentNumber: number, steps: readonly Step[], index: number, depth: number, queued: () => number): Found | undefined {
    const child = successor(parent, steps[index]!);
    this.generated++;
    const number = this.visited.add(this.fingerprintChecked(child.state), parentNumber, index);
    if (number < 0) return undefined;
    return this.admitted(child, number, depth, queued);
  }

  /** --por: the frame to expand state `number` by (its sleep set as it is now), marked expanded. */
  porFrame(number: number, only?: number): PorFrame {
    this.sleeps.markExpanded(number);
    return { base: this.sleeps.get(number), explored: { links: 0, timers: 0 }, only };
  }

  /**
   * --por: as `expand`, unless the frame sleeps the step (nothing computed: undefined). A state found before that
   * slept what this path does not comes back as a `Revisit`, to be expanded again by what it slept.
   */
  expandReduced(parent: McState, parentNumber: number, steps: readonly Step[], index: number, depth: number, queued: () => number, frame: PorFrame): Found | Revisit | undefined {
    const step = steps[index]!;
    const bit = this.linkBits.bitOf(step);
    const mask = bit < 0 ? 0 : 1 << bit;
    if (frame.only !== undefined ? (frame.only & mask) === 0 : (frame.base.links & mask) !== 0) return undefined;
    const child = successor(parent, step);
    this.generated++;
    const touchedTimers = bit >= 0 && timersChanged(parent.run.simulation.world.timers, child.state.run.simulation.world.timers);
    const sleep = this.linkBits.childSleep(bit, touchedTimers, frame.base, frame.explored);
    if (bit >= 0) frame.explored = { links: frame.explored.links | mask, timers: frame.explored.timers | (touchedTimers ? mask : 0) };
    if (this.options.checkIndependence) this.requireCommuting(parent, step, child.state, sleep);
    const number = this.visited.add(this.fingerprintChecked(child.state), parentNumber, index);
    if (number < 0) {
      const existing = this.visited.lastFound;
      const only = this.sleeps.revisit(existing, sleep);
      return only === 0 ? undefined : { state: child.state, number: existing, only };
    }
    this.sleeps.set(number, sleep);
    return this.admitted(child, number, depth, queued);
  }

  private fingerprintChecked(state: McState): Fingerprint {
    const fingerprint = fingerprintOf(state);
    if (this.options.checkSharing) requireSameFingerprint(fingerprint, fingerprintOf(state, false), 'a cached fingerprint differs from a fresh walk');
    return fingerprint;
  }

  /** Tests: every delivery slept in `child` (= `parent` by `step`) is enabled there, and taking it before `step`
   * from `parent` reaches the state taking it after does. */
  private requireCommuting(parent: McState, step: Step, child: McState, sleep: Sleep): void {
    for (let bit = 0; bit < 32; bit++) {
      if ((sleep.links & (1 << bit)) === 0) continue;
      const slept = this.linkBits.stepOf(bit);
      const same = (s: Step) => s.type === 'deliver' && slept.type === 'deliver' && s.from === slept.from && s.to === slept.to;
      if (!enabledSteps(child, this.options.model).some(same)) throw new Error(`model checker --por: the slept ${slept.type} ${JSON.stringify(slept)} is not enabled after ${JSON.stringify(step)}`);
      const after = fingerprintOf(successor(child, slept).state, false);
      const before = fingerprintOf(successor(successor(parent, slept).state, step).state, false);
      requireSameFingerprint(after, before, `--por: ${JSON.stringify(slept)} and ${JSON.stringify(step)} do not commute`);
    }
  }

  private admitted(child: { state: McState; findings: Finding[] }, number: number, depth: number, queued: () => number): Found {
    if (runProgress(child.state.run.recorder.ops).acked) this.ackedStates++;
    this.depthReached = Math.max(this.depthReached, depth);
    if (this.visited.size % this.every === 0) this.options.onProgress?.(this.progress(depth, queued()));
    return this.judged(child.state, number, child.findings);
  }

  full(): boolean {
    return this.visited.size >= this.options.search.statesMax;
  }

  /** Tests: the fresh fingerprint of a state about to be expanded, to compare after (`checkSharing`). */
  before(state: McState): Fingerprint | undefined {
    return this.options.checkSharing ? fingerprintOf(state, false) : undefined;
  }

  after(state: McState, before: Fingerprint | undefined, depth: number): void {
    if (before) requireSameFingerprint(before, fingerprintOf(state, false), `expanding a state at depth ${depth} changed it`);
  }

  progress(depth: number, queued: number): SearchProgress {
    return { depth, generated: this.generated, distinct: this.visited.size, queued };
  }

  result(end: SearchEnd, depth: number, queued: number, found?: Pick<Found, 'number' | 'verdict'>): SearchResult {
    this.options.onProgress?.(this.progress(depth, queued));
    const base: SearchResult = { ...this.progress(depth, queued), end, depthReached: this.depthReached, finalReads: this.finalReads, ackedStates: this.ackedStates, bytesPerState: this.visited.bytesPerState(this.options.por ? this.sleeps.bytes() : 0) };
    if (!found?.verdict) return base;
    return { ...base, path: pathOf(this.options, this.visited.pathTo(found.number)), finding: found.verdict.finding, foundByFinalRead: found.verdict.byFinalRead };
  }

  private judged(state: McState, number: number, findings: readonly Finding[]): Found {
    const { options } = this;
    const inStep = judgedFinding(findings, options.judges, state);
    if (inStep) return { state, number, verdict: { finding: inStep, byFinalRead: false } };
    if (!needsFinalRead(state, options.model, options.finalRead)) return { state, number };
    this.finalReads++;
    const atEnd = judgedFinding(finalReadFindings(state), options.judges, state);
    return atEnd ? { state, number, verdict: { finding: atEnd, byFinalRead: true } } : { state, number };
  }
}

/** The first of `findings` (of `state`) that ends a search: one the claim judges (`judgedBy`, which counts a failure of
 * the broker itself as judged by every claim). */
export function judgedFinding(findings: readonly Finding[], judges: SearchOptions['judges'], state: McState): Finding | undefined {
  return findings.find((f) => judges(f, state.run.recorder.ops));
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
