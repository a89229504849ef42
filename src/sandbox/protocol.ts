/**
 * What the CLI and a sandbox worker say to each other: the jobs a worker runs with the broker it loaded, what it
 * answers, and the shared slots through which the watchdog sees, without asking, whether the broker is inside a
 * call and since when. Everything crossing is plain data (structured clone); claims cross by reference, since
 * their judging functions cannot.
 */
import type { Replay } from '../properties/trace/replay-trace.ts';
import type { ClaimResult } from '../properties/check-claim.ts';
import type { ClaimBudget } from '../properties/claims/claim.ts';
import type { SeedFigures } from '../bench/zoo-bench.ts';
import type { ZooBudget } from '../zoo/hunt.ts';
import type { RunResult } from '../properties/runner/run-schedule.ts';
import type { ScheduleStep } from '../properties/schedule/targeted-step.ts';
import type { CheckSettings } from '../properties/settings.ts';
import type { Trace } from '../properties/trace/trace.ts';
import type { ModelBounds } from '../mc/actions.ts';
import type { SearchBounds } from '../mc/search.ts';
import type { ModelCheckResult } from '../mc/model-check.ts';

/** A claim of the catalogue under the given settings, a profile's guarantee, a cell of the guarantee matrix, or a trace's property. */
export type ClaimRef =
  | { source: 'catalogue'; name: string; settings: CheckSettings }
  | { source: 'guarantee'; name: string; settings: CheckSettings; budget: ClaimBudget }
  | { source: 'matrix'; cellId: string }
  | { source: 'trace'; trace: Trace };

export type SandboxJob =
  | { type: 'check'; claim: ClaimRef; seed: number; runs?: number; stepsMax?: number; path?: string }
  | { type: 'replay'; trace: Trace }
  /** Re-runs a schedule up to the step where the broker hung, to show the steps that led there. */
  | { type: 'rebuild'; claim: ClaimRef; schedule: ScheduleStep[]; stopBeforeStep: number }
  /** One hunt of a bug-zoo entry (or the reference, the control), for `kcheck zoo --workers`. */
  | { type: 'hunt'; entryId: string; seed: number; budget: ZooBudget }
  /** A bounded model check of a claim on the broker (`kcheck grade`'s search tests). */
  | { type: 'modelCheck'; claim: ClaimRef; model: ModelBounds; search: SearchBounds };

export type JobValue =
  | { type: 'check'; result: Omit<ClaimResult, 'claim'> }
  | { type: 'replay'; replay: Omit<Replay, 'claim' | 'trace'> }
  | { type: 'rebuild'; run: RunResult }
  | { type: 'hunt'; figures: SeedFigures; catch?: Omit<ClaimResult, 'claim'>; catchClaim?: string }
  | { type: 'modelCheck'; result: Omit<ModelCheckResult, 'claim'> };

export type WorkerMessage =
  /** kcheck itself has started in the worker; the broker module's import begins (and its watchdog). */
  | { type: 'importing' }
  | { type: 'loaded'; brokerId: string }
  /** `input`: not a broker module (bad input, exit 2); `broker`: the module threw while it loaded. */
  | { type: 'loadFailed'; kind: 'input' | 'broker'; reason: string }
  | { type: 'runStarted'; schedule: ScheduleStep[] }
  | { type: 'progress'; runsDone: number }
  | { type: 'done'; value: JobValue }
  /** The job threw outside the broker's guard, or its answer could not be copied out. */
  | { type: 'jobFailed'; reason: string };

/** Int32 slots shared with the watchdog. */
export const SLOT = { callSeq: 0, inCall: 1, runSeq: 2, step: 3, whereLength: 4 } as const;
export const SLOT_COUNT = 5;
/** Bytes of the shared text naming the call in progress ("broker \"x\" on b1: handle(fetchRequest)"). */
export const WHERE_BYTES = 240;

export interface WorkerData {
  /** The broker module; absent: the reference broker (a worker of `--workers`, trusted, unguarded). */
  modulePath?: string;
  /** The path as the user wrote it, for messages. */
  shownPath: string;
  slots: SharedArrayBuffer;
  where: SharedArrayBuffer;
}
