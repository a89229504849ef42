/**
 * Directed faults: a trigger armed by an `on` step (kept in the world as plain data) fires right after its
 * protocol moment — a leader's successful produce answer reaching the producer, the controller accepting an
 * AlterPartition, a follower handling its fetch's answer, the controller electing a new leader, a group member
 * receiving its coordinator's acknowledgement of a commit — within the step
 * where it happens, after the transition that made it. Its target is resolved then (the broker the moment is
 * about, or the partition's leader or a follower as the controller sees them), the fault budget is asked, and the
 * concrete fault is applied and recorded. A trigger fires once; one whose fault does not fit (the budget refuses
 * it, its target is down) stays armed for the next such moment. Only the fault phase fires triggers.
 */
import { brokerIdOf, brokerNode, CONTROLLER_NODE, clientIndexOf, nodeKindOf, type NodeId } from '../../system/kernel/ids.ts';
import type { ClusterConfig } from '../../system/config/config.ts';
import { offsetsPartitionOf } from '../../system/coordinator/offsets-partition.ts';
import { applyStep } from '../../system/kernel/apply-step.ts';
import type { EventSink } from '../../system/kernel/environment.ts';
import type { KernelEvent } from '../../system/kernel/events.ts';
import type { Step, Trigger, TriggerEvent } from '../../system/kernel/steps.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';
import { resolveStep } from '../schedule/targeted-step.ts';
import { budgetRefusal, noteStep, type BudgetState } from './fault-budget.ts';

/** A fault a trigger applied: what `executed[i].fired` holds and the trace records. */
export interface FiredFault {
  /** The concrete fault step, as a replay-free record of what happened. */
  step: Step;
  /** "crash b0 (on produce-answered of p0 do crash the leader), right after producer0 received b0's ack …". */
  label: string;
  atMs: number;
}

interface Moment {
  event: TriggerEvent;
  partition: number;
  /** The broker the moment is about: the leader that answered or asked, the follower whose fetch was answered,
   * the new leader. */
  subject: NodeId;
  words: string;
}

/** The role the moment's subject has: a trigger aimed at that role hits the subject itself. */
const SUBJECT_ROLE: Record<TriggerEvent, Trigger['whom']> = { produceAnswered: 'leader', isrChanged: 'leader', fetchAnswered: 'follower', leaderElected: 'leader', commitAnswered: 'leader' };

/** The `__consumer_offsets` partition of the group `member` belongs to (its commits are records of it). */
function offsetsPartitionOfMember(config: ClusterConfig, member: NodeId): number | undefined {
  const groupId = nodeKindOf(member) === 'consumer' ? config.consumers[clientIndexOf(member)]?.group?.groupId : undefined;
  return groupId === undefined ? undefined : offsetsPartitionOf(config, groupId);
}

function momentOf(event: KernelEvent, node: NodeId, config: ClusterConfig): Moment | undefined {
  if (event.type === 'delivered' && event.envelope.to === node) {
    const { from, to, message } = event.envelope;
    if (message.type === 'offsetCommitResponse' && message.error === 'NONE') {
      const partition = offsetsPartitionOfMember(config, to);
      if (partition !== undefined) return { event: 'commitAnswered', partition, subject: from, words: `${to} received ${from}'s acknowledgement of its commit` };
    }
    if (message.type === 'produceResponse' && message.error === 'NONE' && nodeKindOf(to) === 'producer') {
      return { event: 'produceAnswered', partition: message.partition, subject: from, words: `${to} received ${from}'s ack (p${message.partition}, offset ${message.baseOffset})` };
    }
    if (message.type === 'fetchResponse' && message.error === 'NONE' && nodeKindOf(to) === 'broker') {
      return { event: 'fetchAnswered', partition: message.partition, subject: to, words: `${to} handled ${from}'s answer to its fetch of p${message.partition} (${message.records.length} record(s), HW ${message.highWatermark})` };
    }
  }
  if (event.type === 'sent' && event.envelope.from === CONTROLLER_NODE && node === CONTROLLER_NODE) {
    const { to, message } = event.envelope;
    if (message.type === 'alterPartitionResponse' && message.error === 'NONE') {
      return { event: 'isrChanged', partition: message.partition, subject: to, words: `the controller accepted ${to}'s AlterPartition of p${message.partition} (ISR [${message.isr.join(',')}])` };
    }
  }
  return undefined;
}

/** Leader elections are read from the controller's state: a leader epoch above the one last seen. */
function electionMoments(simulation: Simulation, leaderEpochs: Record<number, number>): Moment[] {
  const moments: Moment[] = [];
  for (const [p, registration] of Object.entries(controllerView(simulation).partitions)) {
    const partition = Number(p);
    const seen = leaderEpochs[partition];
    leaderEpochs[partition] = registration.leaderEpoch;
    if (seen === undefined || registration.leaderEpoch <= seen || registration.leader < 0) continue;
    moments.push({ event: 'leaderElected', partition, subject: brokerNode(registration.leader), words: `the controller elected b${registration.leader} leader of p${partition} in epoch ${registration.leaderEpoch}` });
  }
  return moments;
}

/** The concrete fault, or undefined when nobody fits now. */
function faultFor(simulation: Simulation, trigger: Trigger, moment: Moment): Step | undefined {
  const action = trigger.fault;
  if (trigger.whom === SUBJECT_ROLE[moment.event]) {
    if (brokerIdOf(moment.subject) === undefined) return undefined;
    return action === 'isolate' ? { type: 'partition', nodes: [moment.subject] } : { type: action, node: moment.subject };
  }
  return resolveStep(simulation, { type: 'target', action, role: trigger.whom, partition: trigger.partition });
}

function targetOf(step: Step): NodeId | undefined {
  if (step.type === 'partition') return step.nodes[0];
  return step.type === 'crash' || step.type === 'powerLoss' || step.type === 'pause' ? step.node : undefined;
}

export interface TriggerContext {
  simulation: Simulation;
  budget: BudgetState;
  impairedBrokersMax: number;
  /** The controller's leader epoch per partition as last seen (elections are told by its rise). */
  leaderEpochs: Record<number, number>;
}

/** Notes the controller's leader epochs (at every controller transition, whatever the phase). */
export function noteLeaderEpochs(context: TriggerContext, node: NodeId): Moment[] {
  return node === CONTROLLER_NODE ? electionMoments(context.simulation, context.leaderEpochs) : [];
}

/** Takes the controller's leader epochs as they are now: an election counts from the moment a trigger is armed. */
export function syncLeaderEpochs(context: TriggerContext): void {
  electionMoments(context.simulation, context.leaderEpochs);
}

/** Fires the armed triggers whose moment is among `events` (the transition `node` just took); returns the faults. */
export function fireTriggers(context: TriggerContext, node: NodeId, events: readonly KernelEvent[], moments: readonly Moment[], sink: EventSink): FiredFault[] {
  const world = context.simulation.world;
  if (!world.triggers || world.triggers.length === 0) return [];
  const all = [...events.flatMap((e) => momentOf(e, node, world.config) ?? []), ...moments];
  const fired: FiredFault[] = [];
  for (const moment of all) {
    for (const trigger of [...(world.triggers ?? [])]) {
      if (trigger.event !== moment.event || trigger.partition !== moment.partition) continue;
      const fault = faultFor(context.simulation, trigger, moment);
      const target = fault && targetOf(fault);
      if (!fault || target === undefined || world.nodes[target]?.status !== 'up') continue;
      if (budgetRefusal(world, context.budget, fault, context.impairedBrokersMax)) continue;
      const remaining: Trigger[] = world.triggers!.filter((t) => t !== trigger);
      if (remaining.length > 0) world.triggers = remaining;
      else delete world.triggers;
      sink.push({ type: 'triggered', trigger, fault, moment: moment.words, atMs: world.nowMs });
      applyStep(world, context.simulation.env, fault, sink);
      noteStep(context.budget, fault, world.nowMs);
      fired.push({ step: fault, label: `${describeFault(fault)} (${describeTriggerShort(trigger)}), right after ${moment.words}`, atMs: world.nowMs });
    }
  }
  return fired;
}

function describeFault(step: Step): string {
  return step.type === 'partition' ? `isolate ${step.nodes.join(',')}` : `${step.type} ${targetOf(step) ?? ''}`;
}

function describeTriggerShort(trigger: Trigger): string {
  return `the ${trigger.whom} of p${trigger.partition}`;
}
