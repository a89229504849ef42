/**
 * The expected causes of the `sometimes` claims, read from a run recorded with snapshots. Each returns the
 * cause in words when the run shows it, else undefined: a witness found for another reason does not count
 * as evidence for the claim (a test asserts the cause, not just the anomaly).
 */
import { showValue } from '../../model/anomaly-text.ts';
import type { Step } from '../../system/kernel/steps.ts';
import type { Finding } from '../runner/findings.ts';
import type { RunResult } from '../runner/run-schedule.ts';
import { showStep } from '../runner/story.ts';
import type { ClusterSnapshot } from '../runner/snapshot.ts';
import { appliedSteps } from '../runner/run-state.ts';
import { brokerIdOf, brokerNode } from '../../system/kernel/ids.ts';
import { ackOf, controllerDecisions, leadershipAt, takeoverAfter, type ControllerDecision } from './timeline.ts';

/** The availability boundary: the probe left fewer than min.insync.replicas replicas of p0 connected, so the leader
 * could not commit an acks=all record (runner/availability.ts). */
export function fewerThanMinIsrConnected(run: RunResult, witness: Finding): string | undefined {
  const lagging = run.settings.probeLaggingFollowers;
  if (witness.kind !== 'send-unavailable' || lagging === undefined) return undefined;
  const connected = 3 - lagging;
  if (connected >= run.settings.minInsyncReplicas) return undefined;
  return `only ${connected} replica(s) of p0 stayed connected, fewer than minISR=${run.settings.minInsyncReplicas}: the ISR shrank to them and the leader refused to commit the acks=all send`;
}

/** The leader-after-heal boundary: the repair left the only members of a partition's ISR down, and with unclean
 * election off no other replica may lead (CheckSettings.brokersLeftDown). */
export function isrLeftDown(run: RunResult, witness: Finding): string | undefined {
  if (witness.kind !== 'leaderless-after-heal' || !run.settings.brokersLeftDown || run.settings.uncleanLeaderElection) return undefined;
  const last = snapshotsOf(run).at(-1);
  if (!last) return undefined;
  const down = new Set(last.brokers.filter((b) => b.status === 'crashed').map((b) => brokerIdOf(b.node)));
  const stranded = last.controller.find((p) => p.leader < 0 && p.isr.length > 0 && p.isr.every((id) => down.has(id)));
  if (!stranded) return undefined;
  return `the ISR of p${stranded.partition} is [${stranded.isr.map((id) => `b${id}`).join(',')}], every member left down by the repair: with unclean election off, no replica that is up may lead`;
}

function snapshotsOf(run: RunResult): ClusterSnapshot[] {
  if (!run.snapshots) throw new Error('a cause check needs a run recorded with snapshots');
  return run.snapshots;
}

/** The executed step in which the producer was told `value` was acked. */
export function ackStepOf(run: RunResult, value: string): number | undefined {
  const index = run.history.findIndex((op) => op.f === 'send' && op.type === 'ok' && op.value.some((m) => Array.isArray(m[2]) && m[2][1] === value));
  return index < 0 ? undefined : run.opSteps[index];
}

export function holdersAt(snapshot: ClusterSnapshot, partition: number, value: string): string[] {
  return snapshot.brokers.filter((b) => b.replicas.some((r) => r.partition === partition && r.values.includes(value))).map((b) => b.node);
}

/** Does the step take `node` away from the others (crash, power loss, pause, or a partition around it)? */
function fails(step: Step, node: string): boolean {
  switch (step.type) {
    case 'crash':
    case 'powerLoss':
    case 'pause':
      return step.node === node;
    case 'partition':
      return step.nodes.includes(node);
    default:
      return false;
  }
}

function firstFailureOf(run: RunResult, node: string, after: number): number | undefined {
  for (let i = after + 1; i < run.executed.length; i++) {
    if (appliedSteps(run.executed[i]!).some((step) => fails(step, node))) return i;
  }
  return undefined;
}

function stepLabel(run: RunResult, index: number): string {
  return `step ${index} (${showStep(run.executed[index]!.step)})`;
}

/** C3: the producer counted the record as sent before any broker held it; then it never reached the log. */
export function ackedBeforeAnyBrokerHeldIt(run: RunResult, witness: Finding): string | undefined {
  const value = witness.values[0];
  if (witness.kind !== 'lost-write' || value === undefined || run.settings.acks !== 0) return undefined;
  const acked = ackStepOf(run, value);
  if (acked === undefined) return undefined;
  const holders = holdersAt(snapshotsOf(run)[acked]!, witness.partition, value);
  if (holders.length > 0) return undefined;
  return `${showValue(value)} was acked at ${stepLabel(run, acked)} with acks=0, before any broker held it; it never became durable`;
}

/** What a record lost after an ack went through: who acked it, the ISR then, and the leader that took over
 * without it — the first in the chain of leaders after the ack that lacked it (a leader that held it may come
 * between: it failed in turn, and a replica without the record took over from it). Undefined when the run does
 * not show such a takeover. */
function ackThenTakeover(run: RunResult, witness: Finding): { value: string; ack: ReturnType<typeof ackOf> & object; isr: number[]; takeover: ControllerDecision } | undefined {
  const value = witness.values[0];
  if (witness.kind !== 'lost-write' || value === undefined) return undefined;
  const ack = ackOf(run, value);
  if (!ack) return undefined;
  const decisions = controllerDecisions(run, witness.partition);
  const leadership = leadershipAt(decisions, ack, ack.broker);
  if (!leadership) return undefined;
  for (let takeover = takeoverAfter(decisions, leadership); takeover; takeover = takeoverAfter(decisions, takeover)) {
    if (!holdersAt(snapshotsOf(run)[takeover.step]!, witness.partition, value).includes(brokerNode(takeover.leader))) return { value, ack, isr: leadership.isr, takeover };
  }
  return undefined;
}

/** C4: the leader acked, then lost its leadership (crash, pause, partition, or a lost session) before any
 * follower copied the record, and a follower without it took over. */
export function leaderFailedBeforeReplication(run: RunResult, witness: Finding): string | undefined {
  const story = ackThenTakeover(run, witness);
  if (!story) return undefined;
  const { value, ack, takeover } = story;
  const snapshots = snapshotsOf(run);
  for (let i = ack.step; i < takeover.step; i++) {
    if (holdersAt(snapshots[i]!, witness.partition, value).some((h) => h !== ack.broker)) return undefined;
  }
  const failure = firstFailureOf(run, ack.broker, ack.step - 1);
  const how = failure !== undefined && failure <= takeover.step ? `failed at ${stepLabel(run, failure)}` : 'lost its session with the controller (its heartbeats were not delivered)';
  const shown = showValue(value);
  return `${shown} was acked by ${ack.broker} at ${stepLabel(run, ack.step)}; ${ack.broker} ${how} while no follower held ${shown}; at ${stepLabel(run, takeover.step)} the controller made b${takeover.leader}, without ${shown}, leader in epoch ${takeover.leaderEpoch}`;
}

/** C6: acked while the ISR was the leader alone; then a replica that lacked the record became leader. */
export function ackedByIsrOfOneThenReplaced(run: RunResult, witness: Finding): string | undefined {
  const story = ackThenTakeover(run, witness);
  if (!story || story.isr.length !== 1) return undefined;
  const { value, ack, takeover } = story;
  const shown = showValue(value);
  return `${shown} was acked by ${ack.broker} at ${stepLabel(run, ack.step)} with an ISR of one ([${story.isr.join(',')}], minISR=${run.settings.minInsyncReplicas}); at ${stepLabel(run, takeover.step)} the controller made b${takeover.leader}, without ${shown}, leader in epoch ${takeover.leaderEpoch}${run.settings.uncleanLeaderElection ? ' (unclean election)' : ''}`;
}

/** Unclean election: a replica outside the ISR, lacking the acked record, became leader. */
export function uncleanTakeover(run: RunResult, witness: Finding): string | undefined {
  const story = ackThenTakeover(run, witness);
  if (!story || !run.settings.uncleanLeaderElection) return undefined;
  const { value, ack, takeover } = story;
  const shown = showValue(value);
  return `${shown} was acked by ${ack.broker} at ${stepLabel(run, ack.step)} (ISR [${story.isr.join(',')}]); at ${stepLabel(run, takeover.step)} the controller made b${takeover.leader}, without ${shown}, leader in epoch ${takeover.leaderEpoch} (unclean election enabled)`;
}

/** C7: every broker that held the acked record lost power before the page cache was written back. */
export function holdersLostPower(run: RunResult, witness: Finding): string | undefined {
  const value = witness.values[0];
  if (witness.kind !== 'lost-write' || value === undefined) return undefined;
  const snapshots = snapshotsOf(run);
  const acked = ackStepOf(run, value);
  if (acked === undefined) return undefined;
  const holders = new Set(holdersAt(snapshots[acked]!, witness.partition, value));
  const lostPower: number[] = [];
  for (let i = acked + 1; i < run.executed.length && holders.size > 0; i++) {
    const faults = appliedSteps(run.executed[i]!);
    if (faults.length === 0) continue;
    for (const h of holdersAt(snapshots[i - 1]!, witness.partition, value)) holders.add(h);
    for (const step of faults) {
      if (step.type === 'powerLoss' && holders.has(step.node)) {
        holders.delete(step.node);
        lostPower.push(i);
      }
    }
  }
  if (holders.size > 0 || lostPower.length < run.settings.minInsyncReplicas) return undefined;
  return `${showValue(value)} was acked at ${stepLabel(run, acked)}; every broker holding it lost power (${lostPower.map((i) => stepLabel(run, i)).join(', ')}) before the OS wrote it back`;
}

/** KIP-966: the ISR shrank to one broker (every broker fenced by a stall keeps the last one in the ISR); that
 * broker lost power with the record still in its page cache, came back, and led as the ISR's only member. */
export function lastIsrMemberLostPower(run: RunResult, witness: Finding): string | undefined {
  const value = witness.values[0];
  if (witness.kind !== 'lost-write' || value === undefined) return undefined;
  const ack = ackOf(run, value);
  if (!ack) return undefined;
  const decisions = controllerDecisions(run, witness.partition);
  for (let i = ack.step + 1; i < run.executed.length; i++) {
    const step = appliedSteps(run.executed[i]!).find((s) => s.type === 'powerLoss');
    if (step?.type !== 'powerLoss') continue;
    const id = brokerIdOf(step.node);
    const before = decisions.filter((d) => d.step < i).at(-1);
    if (!before || before.isr.length !== 1 || before.isr[0] !== id) continue;
    const led = decisions.find((d) => d.step > i && d.leader === id && d.isr.length === 1);
    if (!led || holdersAt(snapshotsOf(run)[led.step]!, witness.partition, value).includes(step.node)) continue;
    const shown = showValue(value);
    return `${shown} was acked by ${ack.broker} at ${stepLabel(run, ack.step)}; the ISR had shrunk to ${step.node} alone when ${stepLabel(run, i)} cut its power before the OS wrote ${shown} back; at ${stepLabel(run, led.step)} ${step.node}, the last ISR member, led epoch ${led.leaderEpoch} without ${shown}`;
  }
  return undefined;
}

/** C2: two records went to different partitions; each partition keeps its order, the topic does not. */
export function recordsOnDifferentPartitions(run: RunResult, witness: Finding): string | undefined {
  if (witness.kind !== 'send-order' || witness.values.length !== 2) return undefined;
  const [after, before] = witness.values as [string, string];
  const partitionOf = (value: string) => run.batches.find((b) => b.values.includes(value))?.partition;
  const [pa, pb] = [partitionOf(after), partitionOf(before)];
  if (pa === undefined || pb === undefined || pa === pb) return undefined;
  return `${showValue(after)} went to p${pa} and ${showValue(before)} to p${pb}: each partition keeps its order, the topic as a whole does not`;
}

function produceAttempts(run: RunResult, value: string): number[] {
  const steps: number[] = [];
  (run.events ?? []).forEach((events, i) => {
    for (const e of events) {
      if (e.type === 'sent' && e.envelope.message.type === 'produceRequest' && e.envelope.message.records.some((r) => r.value === value)) steps.push(i);
    }
  });
  return steps;
}

/** C9 and C10: a batch was sent again after its first attempt's answer was lost or late. */
export function retriedBatch(run: RunResult, witness: Finding): string | undefined {
  if (witness.kind !== 'nonmonotonic-send' && witness.kind !== 'duplicate') return undefined;
  for (const value of witness.values) {
    const attempts = produceAttempts(run, value);
    if (attempts.length >= 2) {
      const what = witness.kind === 'duplicate' ? `the broker appended ${showValue(value)} twice` : `it landed after a record sent later`;
      return `${showValue(value)}'s batch was sent ${attempts.length} times (${attempts.map((i) => stepLabel(run, i)).join(', ')}) without idempotence; ${what}`;
    }
  }
  return undefined;
}
