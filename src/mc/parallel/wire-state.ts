/**
 * A checker state as plain data that crosses threads (structured clone): the run's data without what each thread
 * has of its own — the settings and the node logic (the system's), the history recorder (rebuilt from its ops),
 * and the caches. A state read back is a world that borrows nothing (copy-on-write.ts), equal to the one sent.
 */
import { HistoryRecorder } from '../../properties/runner/history-recorder.ts';
import type { RunState } from '../../properties/runner/run-state.ts';
import { FINAL_READER } from '../../properties/settings.ts';
import type { SimulationEnvironment } from '../../system/kernel/environment.ts';
import type { McState, WorkloadUsed } from '../mc-state.ts';

export interface WireState {
  world: RunState['simulation']['world'];
  spec: RunState['spec'];
  invariants: RunState['invariants'];
  budget: RunState['budget'];
  leaderEpochs: RunState['leaderEpochs'];
  ops: RunState['recorder']['ops'];
  opSteps: number[];
  ackedAll: RunState['ackedAll'];
  batches: RunState['batches'];
  batchKeys: string[];
  executed: RunState['executed'];
  reportedInvariants: string[];
  failed: boolean;
  used: WorkloadUsed;
}

export function wireStateOf(state: McState): WireState {
  const run = state.run;
  return {
    world: run.simulation.world,
    spec: run.spec,
    invariants: run.invariants,
    budget: run.budget,
    leaderEpochs: run.leaderEpochs,
    ops: run.recorder.ops,
    opSteps: run.recorder.opSteps,
    ackedAll: run.ackedAll,
    batches: run.batches,
    batchKeys: [...run.batchKeys],
    executed: run.executed,
    reportedInvariants: [...run.reportedInvariants],
    failed: run.failed,
    used: state.used,
  };
}

/** The state a `WireState` was made from, on this thread's settings and node logic. */
export function stateOfWire(wire: WireState, settings: RunState['settings'], env: SimulationEnvironment): McState {
  const recorder = new HistoryRecorder(new Set([FINAL_READER]));
  for (const op of wire.ops) recorder.ops.push(op);
  for (const step of wire.opSteps) recorder.opSteps.push(step);
  const run: RunState = {
    settings,
    simulation: { world: wire.world, env, stepEvents: [] },
    spec: wire.spec,
    invariants: wire.invariants,
    clusterTracker: undefined,
    budget: wire.budget,
    leaderEpochs: wire.leaderEpochs,
    recorder,
    ackedAll: wire.ackedAll,
    batches: wire.batches,
    batchKeys: new Set(wire.batchKeys),
    executed: wire.executed,
    findings: [],
    reportedInvariants: new Set(wire.reportedInvariants),
    snapshots: undefined,
    failed: wire.failed,
  };
  return { run, used: wire.used };
}
