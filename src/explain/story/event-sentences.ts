/**
 * Sentences told from a step's kernel events, in the order they happened: sends, acks and refusals, followers
 * copying records, consumers reading, the controller's elections and ISR changes, faults and network cuts.
 * Heartbeats, metadata and fetches that return nothing are not told.
 */
import { FINAL_READER } from '../../properties/settings.ts';
import { CONTROLLER_NODE, nodeKindOf } from '../../system/kernel/ids.ts';
import type { KernelEvent } from '../../system/kernel/events.ts';
import { describeStep, describeTrigger } from '../../system/kernel/steps.ts';
import type { Observation } from '../../system/kernel/observations.ts';
import type { Envelope } from '../../system/kernel/world.ts';
import type { LeaderAndIsr } from '../../system/protocol/messages.ts';
import { messageLabel, shortValue } from '../message-label.ts';
import { ackSentence, aheadOfOthers, appendSentence, faultSentence, leaderRoles } from './fault-and-ack-sentences.ts';
import type { Scene, StoryContext } from './story-context.ts';
import { isrText, offsets, valueList } from './words.ts';

/** What the controller decided for a partition: told to the replicas (LeaderAndIsr) or, for an ISR change, first
 * to the leader that asked for it (its AlterPartition answer; the others learn it on their next heartbeat). */
type Decision = Pick<LeaderAndIsr, 'partition' | 'leader' | 'leaderEpoch' | 'partitionEpoch' | 'isr'>;

function observationSentence(context: StoryContext, scene: Scene, o: Observation): string | undefined {
  switch (o.type) {
    case 'sendInvoked':
      return `${o.producer} sends ${shortValue(o.value)}${o.key === null ? '' : ` (key ${shortValue(o.key)})`} to p${o.partition}`;
    case 'sendAcked':
      if (context.settings.acks === 0) return `${o.producer} counts ${shortValue(o.value)} as sent without waiting for any broker (acks=0)`;
      return scene.toldAcks.has(o.value) ? undefined : `${o.producer} receives the ack of ${shortValue(o.value)} (p${o.partition}, offset ${o.offset})`;
    case 'sendFailed':
      return `${o.producer} gives up on ${shortValue(o.value)}: ${o.error} (${o.definite ? 'it is surely not in the log' : 'it may or may not be in the log'})`;
    case 'pollReturned': {
      if (o.consumer === FINAL_READER) {
        const read = context.finalRead.get(o.partition) ?? [];
        context.finalRead.set(o.partition, [...read, ...o.records.map((r) => r.value)]);
        return undefined;
      }
      if (o.records.length === 0) return undefined;
      return `${o.consumer} reads ${valueList(o.records.map((r) => r.value))} from p${o.partition} (${offsets(o.records[0]!.offset, o.records.length)})`;
    }
    case 'positionReset':
      if (o.consumer === FINAL_READER) context.finalRead.set(o.partition, []);
      return `${o.consumer}'s position ${o.fromOffset} on p${o.partition} is out of range; it starts over at offset ${o.toOffset}`;
    case 'groupAssigned':
      return `${o.consumer} (member ${o.memberId}) gets [${o.partitions.map((p) => `p${p}`).join(', ')}] in generation ${o.generation} of ${o.groupId}${o.positions.length > 0 ? `, starting at ${o.positions.map((p) => `p${p.partition}@${p.offset}`).join(', ')}` : ''}`;
    case 'groupRevoked':
      return `${o.consumer} ${o.lost ? 'loses' : 'gives up'} [${o.partitions.map((p) => `p${p}`).join(', ')}] of generation ${o.generation}${o.lost ? ' (it was fenced)' : ''}`;
    case 'offsetCommitted':
      return `${o.consumer}'s commit of ${o.offsets.map((p) => `p${p.partition}@${p.offset}`).join(', ')} in generation ${o.generation} ${o.error === 'NONE' ? 'is acknowledged' : `fails: ${o.error}`}`;
    default: {
      const never: never = o;
      return never;
    }
  }
}

function decisionSentence(context: StoryContext, m: Decision): string | undefined {
  const previous = context.decisions.get(m.partition);
  if (previous && m.partitionEpoch <= previous.partitionEpoch) return undefined;
  context.decisions.set(m.partition, { partitionEpoch: m.partitionEpoch, leader: m.leader, leaderEpoch: m.leaderEpoch, isr: [...m.isr] });
  const p = `p${m.partition}`;
  if (m.leader < 0) return previous ? `the controller finds no eligible leader for ${p}: it goes offline (ISR ${isrText(m.isr)})` : undefined;
  if (!previous || previous.leader !== m.leader || previous.leaderEpoch !== m.leaderEpoch) {
    const unclean = previous && !previous.isr.includes(m.leader) ? ` — an unclean election: b${m.leader} was not in the ISR ${isrText(previous.isr)}` : '';
    return `the controller elects b${m.leader} leader of ${p}, epoch ${m.leaderEpoch} (ISR ${isrText(m.isr)})${unclean}`;
  }
  if (previous.isr.join() === m.isr.join()) return undefined;
  const verb = m.isr.length < previous.isr.length ? 'shrinks' : m.isr.length > previous.isr.length ? 'expands' : 'changes';
  return `the controller ${verb} ${p}'s ISR to ${isrText(m.isr)} (leader b${m.leader}, epoch ${m.leaderEpoch})`;
}

/** A batch sent again: the retry behind reordering and duplicates. The first attempt is told by the append. */
function retrySentence(context: StoryContext, envelope: Envelope): string | undefined {
  const m = envelope.message;
  if (m.type !== 'produceRequest' || nodeKindOf(envelope.from) !== 'producer') return undefined;
  const batch = `${m.partition}|${JSON.stringify(m.records.map((r) => r.value))}`;
  const attempts = (context.produceAttempts.get(batch) ?? 0) + 1;
  context.produceAttempts.set(batch, attempts);
  return attempts > 1 ? `${envelope.from} sends the batch [${valueList(m.records.map((r) => r.value))}] again, to ${envelope.to} (a retry)` : undefined;
}

/** A follower's copies in one step become one sentence, however many fetches they took. */
function noteCopy(scene: Scene, envelope: Envelope, copies: Map<string, { first: number; values: string[] }>): void {
  const m = envelope.message;
  if (m.type !== 'fetchResponse' || m.records.length === 0 || nodeKindOf(envelope.to) !== 'broker') return;
  const key = `${envelope.to} copies from ${envelope.from} of p${m.partition}`;
  const copy = copies.get(key);
  if (copy) {
    copy.values.push(...m.records.map((r) => r.value));
    return;
  }
  const fresh = { first: m.records[0]!.offset, values: m.records.map((r) => r.value) };
  copies.set(key, fresh);
  scene.sentences.push(() => `${envelope.to} copies ${valueList(fresh.values)} (${offsets(fresh.first, fresh.values.length)} of p${m.partition}) from ${envelope.from}`);
}

function networkSentence(context: StoryContext, scene: Scene, nodes: string[], change: 'partition' | 'heal'): string | undefined {
  if (change === 'heal') {
    const was = context.networkCut;
    context.networkCut = false;
    return was ? 'the network heals' : undefined;
  }
  context.networkCut = true;
  const roles = nodes.map((n) => (leaderRoles(scene.before, n) ? `${n} is ${leaderRoles(scene.before, n)}` : '')).filter((t) => t !== '');
  const ahead = nodes.map((n) => aheadOfOthers(scene.before, context, n)).filter((t) => t !== '');
  return `the network cuts {${nodes.join(', ')}} off from the rest${roles.length > 0 ? ` (${roles.join('; ')})` : ''}${ahead.join('')}`;
}

export function tellEvents(context: StoryContext, scene: Scene, events: readonly KernelEvent[]): void {
  const copies = new Map<string, { first: number; values: string[] }>();
  const tell = (sentence: string | undefined) => {
    if (sentence !== undefined) scene.sentences.push(sentence);
  };
  for (const event of events) {
    switch (event.type) {
      case 'observed':
        tell(observationSentence(context, scene, event.observation));
        break;
      case 'delivered': {
        const { from, to, message } = event.envelope;
        if (message.type === 'produceRequest') {
          context.produced.set(`${to}|${from}|${message.correlationId}`, message.records.map((r) => r.value));
          tell(appendSentence(context, scene, event.envelope));
        }
        noteCopy(scene, event.envelope, copies);
        break;
      }
      case 'sent': {
        const { from, message } = event.envelope;
        if (message.type === 'produceRequest') tell(retrySentence(context, event.envelope));
        if (from === CONTROLLER_NODE && message.type === 'leaderAndIsr') tell(decisionSentence(context, message));
        if (from === CONTROLLER_NODE && message.type === 'alterPartitionResponse' && message.error === 'NONE') tell(decisionSentence(context, message));
        if (message.type === 'produceResponse') tell(ackSentence(context, scene, event.envelope));
        break;
      }
      case 'dropped':
        if (event.reason === 'schedule') tell(`the ${messageLabel(event.envelope.message)} from ${event.envelope.from} to ${event.envelope.to} is lost`);
        break;
      case 'fault':
        tell(faultSentence(context, scene, event.fault, event.node));
        break;
      case 'network':
        tell(networkSentence(context, scene, event.nodes, event.change));
        break;
      case 'stepBudgetExceeded':
        tell(`the step stopped after ${event.max} ${event.limit === 'deliveries' ? 'deliveries' : 'timer firings'}: the nodes keep each other busy without end`);
        break;
      case 'linkHold':
        tell(event.change === 'hold' ? `the link ${event.from}→${event.to} is held: its messages wait while the rest of the network moves` : `the link ${event.from}→${event.to} is released`);
        break;
      case 'deliveryOrder':
        tell(`from here on the network delivers in an order drawn from seed ${event.seed}, not in the fixed link order`);
        break;
      case 'writebackInterval':
        tell(`the OS now writes the page caches back every ${event.ms} ms`);
        break;
      case 'armed':
        tell(`a trigger is armed: ${describeTrigger(event.trigger)}`);
        break;
      case 'triggered':
        tell(`right after ${event.moment} (at ${event.atMs} ms), the trigger “${describeTrigger(event.trigger)}” fires: ${describeStep(event.fault)}`);
        break;
      case 'timerFired':
      case 'writeback':
      case 'noop':
        break;
      default: {
        const never: never = event;
        return never;
      }
    }
  }
}
