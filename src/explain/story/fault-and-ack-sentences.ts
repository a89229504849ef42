/**
 * The sentences that carry a loss story: a leader appending and acking a record ("b0, leader in epoch 1,
 * appends r1 at offset 0 and acks it (acks=1)"), and a broker failing while it holds records no other replica
 * has yet ("b0 crashes before b1 or b2 fetched offset 0"), or coming back with what its disk kept.
 */
import type { ClusterSnapshot } from '../../properties/runner/snapshot.ts';
import { nodeKindOf } from '../../system/kernel/ids.ts';
import type { Envelope } from '../../system/kernel/world.ts';
import type { Scene, StoryContext } from './story-context.ts';
import { commonPrefixLength, either, isrText, offsets, replicaIn, valueList } from './words.ts';

type Fault = 'crash' | 'powerLoss' | 'restart' | 'pause' | 'resume';

function logOf(snapshot: ClusterSnapshot | undefined, context: StoryContext, node: string, partition: number): string[] {
  const broker = snapshot?.brokers.find((b) => b.node === node);
  if (broker && broker.status !== 'crashed') return broker.replicas.find((r) => r.partition === partition)?.values ?? [];
  return context.lastKnownLogs.get(node)?.get(partition) ?? [];
}

/** "leader of p0 in epoch 1", or '' when the broker leads nothing. */
export function leaderRoles(snapshot: ClusterSnapshot | undefined, node: string): string {
  const led = snapshot?.brokers.find((b) => b.node === node)?.replicas.filter((r) => r.role === 'leader') ?? [];
  if (led.length === 0) return '';
  return `leader of ${either(led.map((r) => `p${r.partition} in epoch ${r.leaderEpoch}`), 'and')}`;
}

/** " before b1 or b2 fetched offset 0 (r1)": the records only `node` holds, per partition; '' when none. */
export function aheadOfOthers(snapshot: ClusterSnapshot | undefined, context: StoryContext, node: string): string {
  if (!snapshot || nodeKindOf(node) !== 'broker') return '';
  const own = snapshot.brokers.find((b) => b.node === node);
  const parts: string[] = [];
  for (const replica of own?.replicas ?? []) {
    const others = snapshot.brokers.filter((b) => b.node !== node).map((b) => b.node);
    const held = Math.max(0, ...others.map((o) => commonPrefixLength(replica.values, logOf(snapshot, context, o, replica.partition))));
    const missing = replica.values.slice(held);
    if (missing.length === 0 || others.length === 0) continue;
    const where = own!.replicas.length > 1 ? ` of p${replica.partition}` : '';
    parts.push(`${either(others, 'or')} fetched ${offsets(held, missing.length)}${where} (${valueList(missing)})`);
  }
  return parts.length === 0 ? '' : ` before ${parts.join('; and before ')}`;
}

function who(snapshot: ClusterSnapshot | undefined, node: string): string {
  const roles = leaderRoles(snapshot, node);
  return roles ? `${node}, ${roles},` : node;
}

/** What a restarted broker found on its disk, and what its last incarnation held that did not survive. */
function recovery(scene: Scene, context: StoryContext, node: string): string {
  const replicas = scene.after.brokers.find((b) => b.node === node)?.replicas ?? [];
  return replicas
    .map((r) => {
      const before = context.lastKnownLogs.get(node)?.get(r.partition) ?? [];
      const kept = commonPrefixLength(before, r.values);
      const lost = before.slice(kept);
      return `p${r.partition} ${r.values.length === 0 ? 'empty' : `[${valueList(r.values)}]`} (HW ${r.highWatermark})${lost.length > 0 ? `, without ${valueList(lost)}: never written back` : ''}`;
    })
    .join('; ');
}

export function faultSentence(context: StoryContext, scene: Scene, fault: Fault, node: string): string {
  const ahead = aheadOfOthers(scene.before, context, node);
  switch (fault) {
    case 'crash':
      return `${who(scene.before, node)} crashes${ahead}: its memory is gone, its page cache survives`;
    case 'powerLoss':
      return `${who(scene.before, node)} loses power${ahead}: its memory and every write not yet on disk are gone`;
    case 'pause':
      return `${who(scene.before, node)} pauses${ahead}: it stops, still believing what it believed`;
    case 'resume':
      return `${node} resumes, unaware of the time that passed`;
    case 'restart': {
      const found = nodeKindOf(node) === 'broker' ? recovery(scene, context, node) : '';
      return found ? `${node} restarts and reloads from its disk: ${found}` : `${node} restarts`;
    }
    default: {
      const never: never = fault;
      return never;
    }
  }
}

/** The offset where this step appended `values` to the broker's log, or undefined when it did not. */
function appendedAt(scene: Scene, broker: string, partition: number, values: readonly string[]): number | undefined {
  const before = replicaIn(scene.before, broker, partition)?.values ?? [];
  const after = replicaIn(scene.after, broker, partition)?.values ?? [];
  if (values.length === 0) return undefined;
  for (let first = commonPrefixLength(before, after); first + values.length <= after.length; first++) {
    if (values.every((v, i) => after[first + i] === v)) return first;
  }
  return undefined;
}

const appendKey = (broker: string, partition: number, value: string) => `${broker}|${partition}|${value}`;

function where(context: StoryContext, first: number, count: number, partition: number): string {
  return `${offsets(first, count)}${context.settings.partitions > 1 ? ` of p${partition}` : ''}`;
}

/** "b0, leader in epoch 1, appends r1 at offset 0; acks=all waits for the ISR before acking": told where the
 * produce request arrives. With acks=1 the ack follows at once and tells the append with it. */
export function appendSentence(context: StoryContext, scene: Scene, envelope: Envelope): string | undefined {
  const m = envelope.message;
  if (m.type !== 'produceRequest' || context.settings.acks === 1) return undefined;
  const values = m.records.map((r) => r.value);
  const first = appendedAt(scene, envelope.to, m.partition, values);
  if (first === undefined) return undefined;
  for (const v of values) scene.toldAppends.add(appendKey(envelope.to, m.partition, v));
  const epoch = replicaIn(scene.after, envelope.to, m.partition)?.leaderEpoch;
  const why = context.settings.acks === 'all' ? '; acks=all waits for the ISR before acking' : ' (acks=0: nobody waits for an answer)';
  return `${envelope.to}, leader in epoch ${epoch}, appends ${values.length === 0 ? 'nothing' : valueList(values)} at ${where(context, first, values.length, m.partition)}${why}`;
}

export function ackSentence(context: StoryContext, scene: Scene, envelope: Envelope): string | undefined {
  const m = envelope.message;
  if (m.type !== 'produceResponse') return undefined;
  const broker = envelope.from;
  const acked = context.produced.get(`${broker}|${envelope.to}|${m.correlationId}`) ?? [];
  const what = acked.length === 0 ? 'a batch' : valueList(acked);
  if (m.error !== 'NONE') return `${broker} answers ${envelope.to}'s produce of ${what} with ${m.error}`;
  const before = replicaIn(scene.before, broker, m.partition);
  const after = replicaIn(scene.after, broker, m.partition);
  const epoch = (before?.role === 'leader' ? before : after)?.leaderEpoch;
  const leader = epoch === undefined ? broker : `${broker}, leader in epoch ${epoch},`;
  const toldAlready = acked.every((v) => scene.toldAppends.has(appendKey(broker, m.partition, v)));
  const appendedNow = !toldAlready && appendedAt(scene, broker, m.partition, acked) === m.baseOffset;
  for (const v of acked) scene.toldAcks.add(v);
  if (appendedNow) for (const v of acked) scene.toldAppends.add(appendKey(broker, m.partition, v));
  const it = acked.length === 1 ? 'it' : 'them';
  const at = where(context, m.baseOffset, Math.max(acked.length, 1), m.partition);
  const acks = context.settings.acks;
  if (acks === 'all') {
    const isr = after ? ` ${isrText(after.isr)}` : '';
    return appendedNow ? `${leader} appends ${what} at ${at} and acks ${it}: the ISR${isr} holds ${it} (acks=all)` : `${leader} acks ${what} at ${at}: the ISR${isr} holds ${it} (acks=all)`;
  }
  return appendedNow ? `${leader} appends ${what} at ${at} and acks ${it} (acks=${acks})` : `${leader} acks ${what} at ${at} (acks=${acks})`;
}
