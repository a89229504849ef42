/**
 * One state of the model checker: the lockstep runner's whole state (the world, the spec model, the invariants'
 * memory, the fault budget, the history) after the boot and a sequence of schedule steps, plus how much of the
 * bounded workload and fault budget that sequence used. A successor is a copy of its parent with one step executed
 * by the runner's own `executeStep`, so a path the checker finds is a schedule `runSchedule` replays to the same run.
 * What it leaves out: the event log and the snapshots (they do not affect the future).
 */
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../system/kernel/controller-logic.ts';
import { forkWorld } from '../system/kernel/copy-on-write.ts';
import { copyPlainData } from '../system/kernel/plain-data.ts';
import type { Step } from '../system/kernel/steps.ts';
import { startSimulation } from '../system/simulation.ts';
import { executeStep } from '../properties/runner/execute-step.ts';
import type { Finding } from '../properties/runner/findings.ts';
import { HistoryRecorder } from '../properties/runner/history-recorder.ts';
import { BOOT_STEP } from '../properties/runner/run-schedule.ts';
import { createRunState, type RunState } from '../properties/runner/run-state.ts';
import { borrowSpec } from '../properties/runner/borrowed-spec.ts';
import { clusterConfigFor, FINAL_READER, type CheckSettings } from '../properties/settings.ts';

/** What a path has used of the bounded workload and the fault budget. */
export interface WorkloadUsed {
  sends: number;
  polls: number;
  /** Crashes and power losses (restarts are free: each follows a counted fault). */
  faults: number;
  drops: number;
}

export interface McState {
  run: RunState;
  used: WorkloadUsed;
}

export interface McSystem {
  settings: CheckSettings;
  broker?: BrokerLogic<unknown>;
  controller?: ControllerLogic<unknown>;
}

/** The state after the runner's boot step, exactly as `runSchedule` starts its fault phase. */
export function initialState(system: McSystem): { state: McState; findings: Finding[] } {
  const simulation = startSimulation(clusterConfigFor(system.settings), system.broker, system.controller);
  const run = createRunState(system.settings, simulation, false);
  // The tracker's caches are keyed by the objects it read; a copied world would be judged against another's.
  run.clusterTracker = undefined;
  const findings = executeStep(run, BOOT_STEP, 'boot');
  simulation.stepEvents = [];
  return { state: { run, used: { sends: 0, polls: 0, faults: 0, drops: 0 } }, findings };
}

/** The processes whose ops the history leaves out (the final reader's), shared by every copy (only read). */
const IGNORED_PROCESSES: ReadonlySet<string> = new Set([FINAL_READER]);

/** A copy that what a step changes leaves the original as it was: the world forked (node states and disks
 * borrowed until changed), the spec model borrowed until an observation changes it, the runner's own state copied. */
export function copyState(state: McState): McState {
  const source = state.run;
  const recorder = new HistoryRecorder(IGNORED_PROCESSES);
  // Ops are never changed once recorded: the lists are copied, the ops shared.
  for (const op of source.recorder.ops) recorder.ops.push(op);
  for (const index of source.recorder.opSteps) recorder.opSteps.push(index);
  const run: RunState = {
    settings: source.settings,
    simulation: { world: forkWorld(source.simulation.world), env: source.simulation.env, stepEvents: [] },
    spec: source.spec,
    invariants: copyPlainData(source.invariants),
    clusterTracker: undefined,
    budget: copyPlainData(source.budget),
    leaderEpochs: { ...source.leaderEpochs },
    recorder,
    ackedAll: source.ackedAll.slice(),
    batches: source.batches.slice(),
    batchKeys: new Set(source.batchKeys),
    executed: source.executed.slice(),
    findings: [],
    reportedInvariants: new Set(source.reportedInvariants),
    snapshots: undefined,
    failed: source.failed,
  };
  // The spec model changes only when a client's observation is fed to it: borrowed until then (borrowed-spec.ts).
  borrowSpec(run);
  return { run, used: { ...state.used } };
}

/** The successor of `state` by `step` (the runner's fault phase), with the findings the step made visible. */
export function successor(state: McState, step: Step): { state: McState; findings: Finding[] } {
  const next = copyState(state);
  const findings = executeStep(next.run, step, 'faults');
  next.run.simulation.stepEvents = [];
  if (step.type === 'send') next.used.sends++;
  else if (step.type === 'poll') next.used.polls++;
  else if (step.type === 'crash' || step.type === 'powerLoss') next.used.faults++;
  else if (step.type === 'drop') next.used.drops++;
  return { state: next, findings };
}
