/**
 * Everything one lockstep run accumulates while it executes steps: the simulation, the spec model, the
 * invariant memory, the history, the findings, and (when asked) a snapshot after every step.
 */
import { createSpec, type SpecState } from '../../model/spec.ts';
import type { Step } from '../../system/kernel/steps.ts';
import type { Simulation } from '../../system/simulation.ts';
import { createInvariantState, type AckedRecord, type InvariantState } from '../invariants/index.ts';
import { ClusterTracker } from '../invariants/cluster-tracker.ts';
import { promises } from '../../system/kernel/broker-promises.ts';
import type { CheckSettings } from '../settings.ts';
import type { BudgetState } from './fault-budget.ts';
import type { FiredFault } from './triggers.ts';
import type { RunHooks, StepObserver } from './run-schedule.ts';
import type { Finding } from './findings.ts';
import { HistoryRecorder } from './history-recorder.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { ProducedBatch } from './whole-run-checks.ts';
import { FINAL_READER } from '../settings.ts';

/** `probe`: the availability probe a claim may ask for, between convergence and the final read (availability.ts). */
export type Phase = 'boot' | 'faults' | 'repair' | 'converge' | 'probe' | 'finalRead';

export interface ExecutedStep {
  step: Step;
  phase: Phase;
  /** The schedule's targeted step this one was resolved from ("crash the leader of p0"). */
  intent?: string;
  /** Virtual time after the step. */
  timeMs: number;
  /** Why the step changed nothing (it did not apply, or the fault budget refused it). */
  noop?: string;
  /** Faults armed triggers applied within this step, in order. */
  fired?: FiredFault[];
}

/** What an executed step applied: the step itself unless it was a no-op, then the faults its triggers fired. */
export function appliedSteps(executed: ExecutedStep): Step[] {
  const fired = executed.fired?.map((f) => f.step) ?? [];
  return executed.noop ? fired : [executed.step, ...fired];
}

export interface RunState {
  settings: CheckSettings;
  simulation: Simulation;
  spec: SpecState;
  invariants: InvariantState;
  /** The cluster as last checked, so that a check reads again only what changed: only for a broker whose views are
   * stable (broker-promises.ts); any other is read whole and judged on every partition at every check. */
  clusterTracker: ClusterTracker | undefined;
  budget: BudgetState;
  recorder: HistoryRecorder;
  ackedAll: AckedRecord[];
  batches: ProducedBatch[];
  batchKeys: Set<string>;
  executed: ExecutedStep[];
  findings: Finding[];
  /** Invariants already reported, per `invariant/partition`: a broken invariant stays broken, report it once. */
  reportedInvariants: Set<string>;
  snapshots: ClusterSnapshot[] | undefined;
  /** The broker under test failed (a BrokerFault), or the run reached `stopBeforeStep`: nothing more runs. */
  failed: boolean;
  hooks?: RunHooks;
  observer?: StepObserver;
  /** Execute no step with this index or later (see RunOptions.stopBeforeStep). */
  stopBeforeStep?: number;
  /** The step the run would have executed next when it reached `stopBeforeStep`. */
  haltedBefore?: ExecutedStep;
  /** The controller's leader epoch per partition when triggers last looked (triggers.ts). */
  leaderEpochs: Record<number, number>;
}

export function createRunState(settings: CheckSettings, simulation: Simulation, recordSnapshots: boolean): RunState {
  return {
    settings,
    simulation,
    // The runner's consumers read from the log start (auto.offset.reset=earliest, no committed offsets): a first
    // poll that starts past it skipped records.
    spec: createSpec({ consumersStartAtLogStart: true }),
    invariants: createInvariantState(),
    clusterTracker: promises(simulation.env.broker, 'stableViews') ? new ClusterTracker() : undefined,
    budget: { partitioned: [], lastPromptMs: 0, recovering: [] },
    recorder: new HistoryRecorder(new Set([FINAL_READER])),
    ackedAll: [],
    batches: [],
    batchKeys: new Set(),
    executed: [],
    findings: [],
    reportedInvariants: new Set(),
    snapshots: recordSnapshots ? [] : undefined,
    failed: false,
    leaderEpochs: {},
  };
}
