/**
 * The lockstep runner: one schedule drives the system while the spec model judges every observation at the
 * step where it happens, and the protocol invariants judge the cluster after every step. A run ends early
 * once `stopWhen` accepts a finding (a property needs only its first violation); otherwise the final phase
 * repairs the cluster, lets it converge and reads everything back.
 */
import type { Op } from '../../model/history.ts';
import type { KernelEvent } from '../../system/kernel/events.ts';
import type { BrokerLogic } from '../../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../../system/kernel/controller-logic.ts';
import type { Step } from '../../system/kernel/steps.ts';
import { startSimulation, type Simulation } from '../../system/simulation.ts';
import { BrokerFault } from '../../system/kernel/broker-guard.ts';
import { describeScheduleStep, resolveStep, type ScheduleStep } from '../schedule/targeted-step.ts';
import { clusterConfigFor, type CheckSettings } from '../settings.ts';
import { executeStep } from './execute-step.ts';
import { runFinalPhase } from './final-phase.ts';
import type { Finding } from './findings.ts';
import { createRunState, type ExecutedStep, type Phase } from './run-state.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { ProducedBatch } from './whole-run-checks.ts';
import { lateFindings } from './late-findings.ts';
import type { GroupEventRecord } from './history-recorder.ts';

/** Boot: let the controller elect leaders and the clients fetch metadata before the schedule starts. */
export const BOOT_STEP: Step = { type: 'run', ms: 1_000 };

export interface RunOptions {
  broker?: BrokerLogic<unknown>;
  /** A controller variant (the bug zoo's controller-side entries); the reference controller otherwise. */
  controller?: ControllerLogic<unknown>;
  /** Stop at the first finding this accepts (the rest of the run is not needed to judge the property). */
  stopWhen?: (finding: Finding, history: readonly Op[]) => boolean;
  /** Keep a cluster snapshot after every step (for cause checks and traces). */
  recordSnapshots?: boolean;
  /** Told as a run starts and before each step it executes: the sandbox's watchdog (src/sandbox/) listens. */
  hooks?: RunHooks;
  /** Stop before executing step N (0 is the boot): rebuilds the steps that led up to a broker's hang. */
  stopBeforeStep?: number;
  /** Sees the cluster after every step that ran (boot and final phase included): coverage (src/properties/coverage/). */
  observer?: StepObserver;
}

/** Reads the simulation after a step, with that step's kernel events; it must not change either. */
export type StepObserver = (simulation: Simulation, events: readonly KernelEvent[], phase: Phase) => void;

export interface RunHooks {
  onRunStart?(schedule: readonly ScheduleStep[]): void;
  onStep?(index: number): void;
}

export interface RunResult {
  settings: CheckSettings;
  brokerId: string;
  /** "reference", or the controller variant that ran. */
  controllerId: string;
  /** The schedule as generated (targeted steps unresolved); `executed` holds what ran. */
  schedule: ScheduleStep[];
  executed: ExecutedStep[];
  findings: Finding[];
  history: Op[];
  /** The executed step each history op happened in. */
  opSteps: number[];
  batches: ProducedBatch[];
  /** False when the run stopped at a finding before the final phase. */
  completed: boolean;
  snapshots?: ClusterSnapshot[];
  /** Kernel events of each executed step (with snapshots only). */
  events?: KernelEvent[][];
  /** With `stopBeforeStep`: the step the run stopped before. */
  haltedBefore?: ExecutedStep;
  /** With groups (settings.groups): the members' assignments, revocations and commit answers, in order. */
  groupEvents?: GroupEventRecord[];
}

/** The run of a broker that failed as the cluster booted (its init threw, or its module never loaded): one boot
 * step, the failure, nothing else. */
export function failedAtBoot(settings: CheckSettings, schedule: readonly ScheduleStep[], options: Pick<RunOptions, 'recordSnapshots'> & { brokerId: string; controllerId?: string }, finding: Finding): RunResult {
  return {
    settings,
    brokerId: options.brokerId,
    controllerId: options.controllerId ?? 'reference',
    schedule: [...schedule],
    executed: [{ step: BOOT_STEP, phase: 'boot', timeMs: 0 }],
    findings: [finding],
    history: [],
    opSteps: [],
    batches: [],
    completed: false,
    ...(options.recordSnapshots ? { snapshots: [{ nowMs: 0, brokers: [], controller: [], inFlight: [] }], events: [[]] } : {}),
  };
}

export function runSchedule(settings: CheckSettings, schedule: readonly ScheduleStep[], options: RunOptions = {}): RunResult {
  options.hooks?.onRunStart?.(schedule);
  let simulation: ReturnType<typeof startSimulation>;
  try {
    simulation = startSimulation(clusterConfigFor(settings), options.broker, options.controller);
  } catch (error) {
    // Every node boots as the world is made: a broker's init that throws fails there, before step 0 is judged.
    if (!(error instanceof BrokerFault)) throw error;
    return failedAtBoot(settings, schedule, { recordSnapshots: options.recordSnapshots, brokerId: options.broker?.id ?? 'reference', controllerId: options.controller?.id ?? 'reference' }, { source: 'broker', kind: 'broker-fault', step: 0, partition: -1, values: [], message: error.message.split('\n')[0]! });
  }
  const state = createRunState(settings, simulation, options.recordSnapshots === true);
  if (options.hooks) state.hooks = options.hooks;
  if (options.observer) state.observer = options.observer;
  if (options.stopBeforeStep !== undefined) state.stopBeforeStep = options.stopBeforeStep;
  const stopWhen = options.stopWhen ?? (() => false);
  const stops = (found: Finding[]) => state.failed || found.some((f) => stopWhen(f, state.recorder.ops));
  const result = (completed: boolean): RunResult => ({
    settings,
    brokerId: simulation.env.broker.id,
    controllerId: simulation.env.controller.id,
    schedule: [...schedule],
    executed: state.executed,
    findings: state.findings,
    history: state.recorder.ops,
    opSteps: state.recorder.opSteps,
    batches: state.batches,
    completed,
    ...(state.snapshots ? { snapshots: state.snapshots, events: simulation.stepEvents.slice(1) } : {}),
    ...(state.haltedBefore ? { haltedBefore: state.haltedBefore } : {}),
    ...(settings.groups ? { groupEvents: state.recorder.groupEvents } : {}),
  });

  executeStep(state, BOOT_STEP, 'boot');
  for (const entry of schedule) {
    // A targeted step with nobody in its role ("restart a broker that is down" when none is) changes nothing.
    const step = resolveStep(simulation, entry);
    if (step === undefined) continue;
    if (stops(executeStep(state, step, 'faults', entry.type === 'target' ? describeScheduleStep(entry) : undefined))) return result(false);
  }
  if (stops(runFinalPhase(state))) return result(false);
  state.findings.push(...lateFindings(state));
  return result(true);
}
