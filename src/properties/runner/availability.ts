/**
 * Availability, judged on the run after its fault phase (Stateright's `eventually`): once every fault is repaired,
 * each partition has a leader within the session timeout and a margin (`leaderless-after-heal`); and, with a probe
 * the claim asks for (CheckSettings.probeLaggingFollowers), an acks=all send completes within delivery.timeout.ms
 * while min.insync.replicas replicas are up and connected and the other followers of p0 stay up (registered,
 * heartbeating) but lag: every fetch they send is lost (`send-unavailable`). With fewer than minISR replicas
 * connected, the send may not complete: that is the claim's boundary. What the probe leaves out: slow links (a
 * follower either fetches or loses every fetch), and partitions other than p0 (its claims run with one partition).
 */
import { brokerNode, type NodeId } from '../../system/kernel/ids.ts';
import type { Step } from '../../system/kernel/steps.ts';
import type { ReplicaView } from '../../system/kernel/broker-logic.ts';
import type { PartitionRegistration } from '../../system/controller/controller-state.ts';
import { linkKey } from '../../system/kernel/world.ts';
import { brokerView, controllerView, type Simulation } from '../../system/simulation.ts';
import { CHECK_TIMING, PRODUCER } from '../settings.ts';
import { executeStep } from './execute-step.ts';
import type { Finding } from './findings.ts';
import type { RunState } from './run-state.ts';

/** After heal, every partition must have a leader within this (the session timeout and a margin of two heartbeats). */
export const LEADER_AFTER_HEAL_MS = CHECK_TIMING.brokerSessionTimeoutMs + 2 * CHECK_TIMING.brokerHeartbeatIntervalMs;
/** The probe's value: the schedule's values are r1, r2, …, so it never collides with one. */
export const PROBE_VALUE = 'availability-probe';
/** The probe steps the clock by this much between rounds of delivery. */
const PROBE_TICK_MS = 250;
/** The probe watches its send for the delivery timeout and this margin (to see it fail, or be acked late). */
const PROBE_MARGIN_MS = 1_000;

/** A partition without a live leader the controller named, or undefined when every partition has one. */
export function partitionWithoutLeader(simulation: Simulation): string | undefined {
  for (const [p, registration] of Object.entries(controllerView(simulation).partitions)) {
    const leading = namedLeader(simulation, Number(p), registration);
    if (typeof leading === 'string') return leading;
  }
  return undefined;
}

/** The view of the leader the controller named for `partition`, leading in the controller's epoch; else why not. */
export function namedLeader(simulation: Simulation, partition: number, registration: PartitionRegistration): ReplicaView | string {
  if (registration.leader < 0) return `p${partition} has no leader`;
  const leader = brokerView(simulation, brokerNode(registration.leader))?.replicas.find((r) => r.partition === partition);
  if (!leader || leader.role !== 'leader' || leader.leaderEpoch !== registration.leaderEpoch) return `p${partition}'s leader b${registration.leader} does not lead yet`;
  return leader;
}

export function leaderlessAfterHeal(state: RunState, reason: string, healedAtMs: number): Finding {
  const waitedMs = state.simulation.world.nowMs - healedAtMs;
  const leftDown = state.settings.brokersLeftDown;
  const repaired = leftDown ? `the repair (which left ${leftDown} crashed broker(s) down)` : 'every fault was repaired';
  const message = `${waitedMs} ms after ${repaired}, ${reason} (a leader is due within the session timeout ${CHECK_TIMING.brokerSessionTimeoutMs} ms + ${LEADER_AFTER_HEAL_MS - CHECK_TIMING.brokerSessionTimeoutMs} ms)`;
  return { source: 'availability', kind: 'leaderless-after-heal', step: state.executed.length - 1, partition: -1, values: [], message };
}

/** How the probe's send ended: acked, failed (with the error), or still pending. */
function probeOutcome(simulation: Simulation, fromEvent: number): { acked: boolean; failed?: string; atMs?: number } {
  for (const events of simulation.stepEvents.slice(fromEvent)) {
    for (const event of events) {
      if (event.type !== 'observed') continue;
      const o = event.observation;
      if (o.type === 'sendAcked' && o.value === PROBE_VALUE) return { acked: true };
      if (o.type === 'sendFailed' && o.value === PROBE_VALUE) return { acked: false, failed: o.error };
    }
  }
  return { acked: false };
}

/** Loses everything in flight between the lagging followers and the leader, both ways, one drop step each. */
function loseFetches(state: RunState, leader: NodeId, lagging: readonly NodeId[]): void {
  for (const follower of lagging) {
    for (const [from, to] of [[follower, leader], [leader, follower]] as const) {
      while ((state.simulation.world.links[linkKey(from, to)]?.length ?? 0) > 0 && !state.failed) executeStep(state, { type: 'drop', from, to }, 'probe');
    }
  }
}

/**
 * Runs the probe on a converged cluster: sends PROBE_VALUE to p0 while `laggingCount` followers of p0 lose every
 * fetch, for the delivery timeout and a margin. Returns a `send-unavailable` finding when the send was not acked
 * within the delivery timeout although min.insync.replicas replicas stayed up and connected.
 */
export function probeSendAvailability(state: RunState, laggingCount: number): Finding | undefined {
  const simulation = state.simulation;
  const registration = controllerView(simulation).partitions[0];
  if (!registration || registration.leader < 0) return undefined;
  const leader = brokerNode(registration.leader);
  const lagging = registration.replicas.filter((b) => b !== registration.leader).slice(0, laggingCount).map(brokerNode);
  const connected = registration.replicas.length - lagging.length;
  // A fresh producer session: an idempotent producer whose batch expired unacknowledged in the fault phase keeps its
  // sequence past what the log holds and is refused with OUT_OF_ORDER_SEQUENCE_NUMBER from then on (Kafka's producer
  // bumps its epoch instead, KIP-360; kcheck's does not). The probe measures the broker, not that client state.
  for (const step of [{ type: 'crash', node: PRODUCER }, { type: 'restart', node: PRODUCER }] satisfies Step[]) executeStep(state, step, 'probe');
  const startMs = simulation.world.nowMs;
  const fromEvent = simulation.stepEvents.length;
  executeStep(state, { type: 'send', producer: PRODUCER, key: null, value: PROBE_VALUE } satisfies Step, 'probe');
  let outcome = probeOutcome(simulation, fromEvent);
  while (!state.failed && simulation.world.nowMs - startMs < CHECK_TIMING.deliveryTimeoutMs + PROBE_MARGIN_MS && (!outcome.acked && outcome.failed === undefined)) {
    loseFetches(state, leader, lagging);
    executeStep(state, { type: 'deliverAll' }, 'probe');
    loseFetches(state, leader, lagging);
    executeStep(state, { type: 'tick', ms: PROBE_TICK_MS }, 'probe');
    outcome = probeOutcome(simulation, fromEvent);
    if (outcome.acked || outcome.failed !== undefined) outcome = { ...outcome, atMs: simulation.world.nowMs - startMs };
  }
  if (state.failed) return undefined;
  const tookMs = outcome.atMs ?? simulation.world.nowMs - startMs;
  if (outcome.acked && tookMs <= CHECK_TIMING.deliveryTimeoutMs) return undefined;
  const minIsr = state.settings.minInsyncReplicas;
  const how = outcome.acked ? `was acked only after ${tookMs} ms` : outcome.failed !== undefined ? `failed with ${outcome.failed} after ${tookMs} ms` : `was still pending after ${tookMs} ms`;
  const laggers = lagging.join(', ');
  const message = `${PRODUCER}'s acks=all send of ${PROBE_VALUE} to p0 ${how}, beyond delivery.timeout.ms ${CHECK_TIMING.deliveryTimeoutMs} ms, with ${connected} replica(s) up and connected (minISR=${minIsr}) and ${laggers} up but lagging (every fetch lost) from the start`;
  return { source: 'availability', kind: 'send-unavailable', step: state.executed.length - 1, partition: 0, values: [PROBE_VALUE], message };
}
