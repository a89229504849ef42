/**
 * After the fault phase: repair everything (release held links, heal, resume, restart), let the cluster converge within a bound,
 * probe availability when the settings ask for it (availability.ts), then read every partition from offset 0 with a
 * fresh consumer. A run that does not converge is a liveness finding, which every claim judges (nothing is judged
 * lost on a read that never completed, so such a run tested nothing). A partition still leaderless past the session
 * timeout and a margin after repair is a `leaderless-after-heal` finding, judged by the availability claims.
 */
import { observeOp } from '../../model/spec.ts';
import type { ConsumerState } from '../../system/clients/consumer/consumer.ts';
import type { ProducerState } from '../../system/clients/producer/producer-state.ts';
import { brokerNode, type NodeId } from '../../system/kernel/ids.ts';
import type { Step } from '../../system/kernel/steps.ts';
import { brokerView, controllerView, type Simulation } from '../../system/simulation.ts';
import { FINAL_READER, PRODUCER } from '../settings.ts';
import { brokerFailure, executeStep } from './execute-step.ts';
import { anomalyFinding, type Finding } from './findings.ts';
import { ownSpec } from './borrowed-spec.ts';
import type { RunState } from './run-state.ts';
import { LEADER_AFTER_HEAL_MS, leaderlessAfterHeal, namedLeader, partitionWithoutLeader, probeSendAvailability } from './availability.ts';

/** Convergence is checked after each of these; the bound covers a delivery timeout and a fencing round. */
const CONVERGE_STEP_MS = 1_000;
const CONVERGE_STEPS_MAX = 60;
const FINAL_READ_ROUNDS_MAX = 40;
const FINAL_READ_ROUND_MS = 500;

/** The repair: every hold released, the network healed, every paused broker resumed, every crashed one restarted
 * but the first `leftDown` of them (CheckSettings.brokersLeftDown). */
function repairSteps(simulation: Simulation, leftDown: number): Step[] {
  // Every hold ends with the fault phase (armed triggers fire only in it), then the network heals.
  const steps: Step[] = Object.keys(simulation.world.held ?? {}).map((key): Step => {
    const [from, to] = key.split('>') as [NodeId, NodeId];
    return { type: 'release', from, to };
  });
  steps.push({ type: 'heal' });
  let toLeaveDown = leftDown;
  for (const node of simulation.world.nodeIds) {
    const slot = simulation.world.nodes[node]!;
    if (slot.status === 'paused') steps.push({ type: 'resume', node });
    if (slot.status === 'crashed' && toLeaveDown-- <= 0) steps.push({ type: 'restart', node });
  }
  return steps;
}

function producerIdle(simulation: Simulation): boolean {
  const state = simulation.world.nodes[PRODUCER]!.state as ProducerState | null;
  if (!state) return true;
  return Object.keys(state.inFlight).length === 0 && Object.values(state.queues).every((q) => q.batches.length === 0);
}

/** Why the cluster has not converged yet, or undefined when it has: every partition led by a live leader
 * the controller named, every replica that is up in the ISR with the leader's log end, HW at the log end, and the
 * producer with nothing left to send. (Only a broker the repair left down, brokersLeftDown, is down here.) */
function notConverged(simulation: Simulation): string | undefined {
  if (!producerIdle(simulation)) return `${PRODUCER} still has sends in flight`;
  for (const [p, registration] of Object.entries(controllerView(simulation).partitions)) {
    const leader = namedLeader(simulation, Number(p), registration);
    if (typeof leader === 'string') return leader;
    const up = registration.replicas.filter((replica) => simulation.world.nodes[brokerNode(replica)]!.status !== 'crashed');
    if (!up.every((replica) => registration.isr.includes(replica))) return `p${p}'s ISR is [${registration.isr.join(',')}]`;
    if (leader.highWatermark !== leader.log.length) return `p${p}'s HW ${leader.highWatermark} is below its log end ${leader.log.length}`;
    for (const replica of up) {
      const view = brokerView(simulation, brokerNode(replica))?.replicas.find((r) => r.partition === Number(p));
      if (!view || view.log.length !== leader.log.length) return `p${p}'s replica on b${replica} has not caught up`;
    }
  }
  return undefined;
}

/** The topic's partitions at the controller; `__consumer_offsets` (numbered after them) is no record anybody sent. */
function topicRegistrations(simulation: Simulation) {
  return Object.entries(controllerView(simulation).partitions).filter(([p]) => Number(p) < simulation.world.config.partitions);
}

function leaderHighWatermarks(simulation: Simulation): Record<number, number> {
  const result: Record<number, number> = {};
  for (const [p, registration] of topicRegistrations(simulation)) {
    const leader = brokerView(simulation, brokerNode(registration.leader))?.replicas.find((r) => r.partition === Number(p));
    result[Number(p)] = leader?.highWatermark ?? 0;
  }
  return result;
}

function consumerBusy(simulation: Simulation, consumer: NodeId): boolean {
  const state = simulation.world.nodes[consumer]!.state as ConsumerState | null;
  return state !== null && Object.keys(state.inFlight).length > 0;
}

function liveness(state: RunState, message: string): Finding {
  const finding: Finding = { source: 'liveness', kind: 'no-convergence', step: state.executed.length - 1, partition: -1, values: [], message };
  state.findings.push(finding);
  return finding;
}

/** Reads every partition from offset 0 to the leader's HW; returns undefined when the bound ran out. */
function finalRead(state: RunState): Record<number, Array<[number, string]>> | undefined {
  // Every partition is part of the final read, even an empty one: "p0 holds nothing" is what judges a loss.
  const read: Record<number, Array<[number, string]>> = {};
  for (const [p] of topicRegistrations(state.simulation)) read[Number(p)] = [];
  for (let round = 0; round < FINAL_READ_ROUNDS_MAX && !state.failed; round++) {
    const ends = leaderHighWatermarks(state.simulation);
    const done = Object.entries(ends).every(([p, end]) => (read[Number(p)]?.length ?? 0) >= end);
    // At least one poll round, even of empty logs: the final read is a step of its own in every trace.
    if (round > 0 && done && !consumerBusy(state.simulation, FINAL_READER)) return read;
    for (const step of [{ type: 'poll', consumer: FINAL_READER }, { type: 'run', ms: FINAL_READ_ROUND_MS }] satisfies Step[]) {
      const before = state.simulation.stepEvents.length;
      executeStep(state, step, 'finalRead');
      for (const event of state.simulation.stepEvents.slice(before).flat()) {
        if (event.type !== 'observed') continue;
        const o = event.observation;
        if (o.type === 'positionReset' && o.consumer === FINAL_READER) read[o.partition] = [];
        if (o.type === 'pollReturned' && o.consumer === FINAL_READER) (read[o.partition] ??= []).push(...o.records.map((r): [number, string] => [r.offset, r.value]));
      }
    }
  }
  return undefined;
}

/** Runs the repair, convergence and final-read phases; returns the findings of the final read. A guarded
 * broker that fails here (a malformed view read by the convergence check) ends the run as a finding. */
export function runFinalPhase(state: RunState): Finding[] {
  try {
    return repairConvergeRead(state);
  } catch (error) {
    const finding = brokerFailure(state, error, state.executed.length - 1);
    state.failed = true;
    state.findings.push(finding);
    return [finding];
  }
}

/** Runs convergence steps until the cluster converged or the bound ran out; returns why it has not, if it has not.
 * Notes a `leaderless-after-heal` finding (once) when a partition is still leaderless LEADER_AFTER_HEAL_MS after
 * `healedAtMs`. */
function converge(state: RunState, healedAtMs: number, found: Finding[]): string | undefined {
  let reason = notConverged(state.simulation);
  for (let i = 0; reason && i < CONVERGE_STEPS_MAX && !state.failed; i++) {
    executeStep(state, { type: 'run', ms: CONVERGE_STEP_MS }, 'converge');
    reason = notConverged(state.simulation);
    const leaderless = reason && !found.some((f) => f.kind === 'leaderless-after-heal') ? partitionWithoutLeader(state.simulation) : undefined;
    if (leaderless && state.simulation.world.nowMs - healedAtMs > LEADER_AFTER_HEAL_MS) {
      const finding = leaderlessAfterHeal(state, leaderless, healedAtMs);
      state.findings.push(finding);
      found.push(finding);
    }
  }
  return reason;
}

function repairConvergeRead(state: RunState): Finding[] {
  for (const step of repairSteps(state.simulation, state.settings.brokersLeftDown ?? 0)) executeStep(state, step, 'repair');
  if (state.failed) return state.findings.filter((f) => f.source === 'broker');
  const found: Finding[] = [];
  const reason = converge(state, state.simulation.world.nowMs, found);
  if (state.failed) return state.findings.filter((f) => f.source === 'broker');
  if (reason) return [...found, liveness(state, `no convergence within ${CONVERGE_STEPS_MAX * CONVERGE_STEP_MS} ms after repair: ${reason}`)];
  if (state.settings.probeLaggingFollowers !== undefined) {
    const unavailable = probeSendAvailability(state, state.settings.probeLaggingFollowers);
    if (state.failed) return state.findings.filter((f) => f.source === 'broker');
    if (unavailable) {
      state.findings.push(unavailable);
      found.push(unavailable);
    }
    // The lagging followers fetch again: the cluster must converge once more before the final read.
    const again = converge(state, state.simulation.world.nowMs, found);
    if (state.failed) return state.findings.filter((f) => f.source === 'broker');
    if (again) return [...found, liveness(state, `no convergence within ${CONVERGE_STEPS_MAX * CONVERGE_STEP_MS} ms after the availability probe: ${again}`)];
  }
  const invokedMs = state.simulation.world.nowMs;
  const read = finalRead(state);
  if (state.failed) return state.findings.filter((f) => f.source === 'broker');
  if (!read) return [liveness(state, `the final read did not reach every partition's high watermark within ${FINAL_READ_ROUNDS_MAX} polls`)];
  const stepIndex = state.executed.length - 1;
  for (const op of state.recorder.recordFinalRead(FINAL_READER, read, invokedMs, state.simulation.world.nowMs, stepIndex)) {
    ownSpec(state);
    for (const anomaly of observeOp(state.spec, op)) {
      const finding = anomalyFinding(anomaly, stepIndex);
      state.findings.push(finding);
      found.push(finding);
    }
  }
  return found;
}
