/**
 * What the main thread and the workers of a parallel breadth-first search say to each other (parallel-bfs.ts,
 * search-worker.ts). A level is expanded in rounds (a range of frontier places each); a round takes two exchanges: `expand` (each worker expands the frontier states it holds and
 * answers per successor with its fingerprint and what judging it in the step showed) and `judge` (the main thread,
 * having numbered the new states in the one-worker order, tells each worker which of its successors are new: it
 * judges their final reads, keeps them as its share of the next frontier, and hands back any the main thread moves
 * to another worker). States cross threads only when moved; fingerprints cross as typed arrays.
 */
import type { Claim } from '../../properties/claims/claim.ts';
import type { Finding } from '../../properties/runner/findings.ts';
import type { ModelBounds } from '../actions.ts';
import type { FinalReadPolicy } from '../final-read-check.ts';
import type { McSystem } from '../mc-state.ts';
import type { WireState } from './wire-state.ts';

/** A claim and its system, as a system module builds them. */
export interface BuiltMcSystem {
  claim: Claim;
  system: McSystem;
}

/** A module that exports `mcSystemOf(options)`, and the options (plain data): how each thread builds the same
 * system, since a broker's logic cannot be sent to a worker (src/zoo/mc-system.ts is the CLI's). */
export interface McSystemSource {
  /** The module's file URL. */
  module: string;
  options: unknown;
}

/** Tests: make worker `worker` fail when it is asked to expand the level at `depth`, by throwing or by ending its
 * thread. */
export interface InjectedFailure {
  worker: number;
  depth: number;
  how: 'throw' | 'exit';
}

export interface SearchWorkerData {
  source: McSystemSource;
  model: ModelBounds;
  finalRead: FinalReadPolicy;
  depthMax: number;
  /** The worker's number (0 …), for the injected failure and messages. */
  worker: number;
  injectedFailure?: InjectedFailure;
}

/** A frontier state and its place in the frontier (the one-worker queue order). */
export interface FrontierEntry {
  index: number;
  state: WireState;
}

/** A finding judged at the `at`-th successor of the worker's answer. */
export interface AtFinding {
  at: number;
  finding: Finding;
}

export type ToWorker =
  /** Expand, in frontier order, the states held of the level at `depth` (with `incoming` added: the states moved to
   * this worker, sent with a level's first round) whose places are below `placesBelow` and not yet expanded. */
  | { type: 'expand'; depth: number; placesBelow: number; incoming: FrontierEntry[] }
  /** `keep`: positions of the new successors, ascending, with their frontier places `places`; `finalRead`: the
   * positions whose final read to judge; `give`: the positions (a subset of `keep`) to hand back. */
  | { type: 'judge'; keep: Uint32Array; places: Uint32Array; finalRead: Uint32Array; give: Uint32Array };

/** Successor flags. */
export const ACKED = 1;
export const NEEDS_FINAL_READ = 2;
/** The worker made this successor before (so the search has it): not judged, not kept, only counted. */
export const MADE_BEFORE = 4;

export type FromWorker =
  | { type: 'ready' }
  /** Per state expanded (frontier order): its successor count; per successor (step order): the fingerprint's two
   * lanes and flags; the step findings judged; `cut`: a state at the depth bound had steps. */
  | { type: 'expanded'; counts: Uint16Array; fingerprints: Uint32Array; flags: Uint8Array; findings: AtFinding[]; cut: boolean }
  | { type: 'judged'; findings: AtFinding[]; given: FrontierEntry[] }
  | { type: 'failed'; reason: string };
