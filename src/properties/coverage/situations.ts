/**
 * Coverage of abstract protocol situations, as greybox fuzzers of distributed systems measure it: not lines of
 * code but what the protocol went through — a leader-epoch change, an unclean election, a follower truncating below
 * its HW, a new leader holding records above the HW, a request fenced by an epoch, a power loss that lost an
 * unflushed tail. A run is folded step by step (its kernel events, then the cluster as read after the step) into a
 * set of short situation ids; counts are bucketed (`leader-epoch-changes:3-4`) so that a set stays small. Which
 * partition or broker a situation happened on is left out on purpose: the search should value a new kind of story,
 * not the same story on another partition.
 * The fold runs for every kernel event of every run, so it makes no named closures (an `add` helper per call):
 * under tsx each one costs a property definition, and together they took a tenth of a hunt's time.
 */
import type { KernelEvent } from '../../system/kernel/events.ts';
import { brokerIdOf, CONTROLLER_NODE, nodeKindOf, type NodeId } from '../../system/kernel/ids.ts';
import type { Message } from '../../system/protocol/messages.ts';
import { replicaOf, type BrokerReading, type CoverageReading } from './coverage-reading.ts';

/** A situation id: `unclean-election`, `error:FENCED_LEADER_EPOCH:fetch-follower`, `leader-epoch-changes:2`. */
export type Situation = string;

interface ControllerWord {
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: readonly number[];
}

/** What the fold remembers within one run. Plain data; one per run. */
export interface CoverageMemory {
  situations: Set<Situation>;
  previous: CoverageReading | undefined;
  /** The controller's latest word per partition, from what it sent. */
  words: Map<number, ControllerWord>;
  leaderEpochChanges: Map<number, number>;
  isrShrinks: number;
  isrExpands: number;
  truncations: number;
  producerRetries: number;
  /** The last fetch offset of each follower, per `broker/partition`; forgotten when the broker goes down. */
  fetchOffsets: Map<string, number>;
  produceRequests: Set<string>;
  /** The kernel's boots of each broker so far (1 at boot), to tell a word meant for an earlier process. */
  incarnations: Map<NodeId, number>;
  /** Per broker that went down: how, and its log end offsets (by partition) just before. */
  downed: Map<NodeId, { fault: 'crash' | 'powerLoss'; logEnds: Map<number, number> }>;
  /** The leaders each partition had so far, in order, to tell a leader that returned after another led. */
  leaders: Map<number, number[]>;
  /** Per broker not up: the leader changes it has been away across, since it was last up. */
  awayAcross: Map<NodeId, number>;
  /** Per broker: what its page cache went through since the last power loss (a writeback, then a truncation). */
  sinceWriteback: Map<NodeId, 'written-back' | 'truncated-after-writeback'>;
}

export function createCoverageMemory(): CoverageMemory {
  return {
    situations: new Set(),
    previous: undefined,
    words: new Map(),
    leaderEpochChanges: new Map(),
    isrShrinks: 0,
    isrExpands: 0,
    truncations: 0,
    producerRetries: 0,
    fetchOffsets: new Map(),
    produceRequests: new Set(),
    incarnations: new Map(),
    downed: new Map(),
    leaders: new Map(),
    awayAcross: new Map(),
    sinceWriteback: new Map(),
  };
}

/** Count buckets as AFL's hit counts: 1, 2, 3-4, 5-8, 9+. */
export function countBucket(count: number): string {
  if (count <= 2) return String(count);
  if (count <= 4) return '3-4';
  if (count <= 8) return '5-8';
  return '9+';
}

function isSubset(a: readonly number[], b: readonly number[]): boolean {
  return a.every((x) => b.includes(x));
}

function noteWord(memory: CoverageMemory, partition: number, word: ControllerWord): void {
  const last = memory.words.get(partition);
  if (last && word.partitionEpoch <= last.partitionEpoch) return;
  memory.words.set(partition, word);
  // The boot's first election, from the leaderless word every partition starts with, is no leader change.
  if (!last || (last.leader < 0 && last.leaderEpoch === 0)) return;
  if (word.leaderEpoch > last.leaderEpoch) {
    memory.leaderEpochChanges.set(partition, (memory.leaderEpochChanges.get(partition) ?? 0) + 1);
    const leaders = memory.leaders.get(partition) ?? [last.leader];
    if (word.leader >= 0 && word.leader !== leaders.at(-1)) {
      if (leaders.includes(word.leader)) memory.situations.add('leader-returned');
      leaders.push(word.leader);
    }
    memory.leaders.set(partition, leaders);
    if (word.leader < 0) memory.situations.add('partition-offline');
    else if (!last.isr.includes(word.leader)) memory.situations.add('unclean-election');
    else if (word.leader === last.leader) memory.situations.add('leader-reelected');
    else memory.situations.add('leader-moved');
  }
  if (word.isr.length < last.isr.length && isSubset(word.isr, last.isr)) {
    memory.isrShrinks++;
    if (word.isr.length === 1) memory.situations.add('isr-leader-only');
  } else if (word.isr.length > last.isr.length && isSubset(last.isr, word.isr)) {
    memory.isrExpands++;
  } else if (word.isr.length !== last.isr.length || !isSubset(word.isr, last.isr)) {
    memory.situations.add('isr-replaced');
  }
}

function responseKind(message: Message, to: NodeId): string | undefined {
  switch (message.type) {
    case 'produceResponse':
      return 'produce';
    case 'fetchResponse':
      return nodeKindOf(to) === 'broker' ? 'fetch-follower' : 'fetch-consumer';
    case 'offsetsForLeaderEpochResponse':
      return 'epoch-end';
    case 'alterPartitionResponse':
      return 'alter-partition';
    default:
      return undefined;
  }
}

/** A broker's log was cut: after a writeback, that moves its page cache's story on (what a power loss then loses). */
function noteTruncation(memory: CoverageMemory, node: NodeId): void {
  if (memory.sinceWriteback.get(node) === 'written-back') memory.sinceWriteback.set(node, 'truncated-after-writeback');
}

function noteSent(memory: CoverageMemory, event: Extract<KernelEvent, { type: 'sent' }>): void {
  const { envelope } = event;
  const message = envelope.message;
  const kind = responseKind(message, envelope.to);
  if (kind && 'error' in message && message.error !== 'NONE') memory.situations.add(`error:${message.error}:${kind}`);
  if (envelope.from === CONTROLLER_NODE && (message.type === 'leaderAndIsr' || (message.type === 'alterPartitionResponse' && message.error === 'NONE'))) {
    const elected = message.leaderEpoch > (memory.words.get(message.partition)?.leaderEpoch ?? message.leaderEpoch);
    // Elected while paused: it leads only once it resumes, and may then act on a word the controller has replaced.
    if (elected && memory.previous?.brokers.find((b) => brokerIdOf(b.node) === message.leader)?.status === 'paused') memory.situations.add('paused-broker-elected');
    noteWord(memory, message.partition, { leader: message.leader, leaderEpoch: message.leaderEpoch, partitionEpoch: message.partitionEpoch, isr: message.isr });
  } else if (message.type === 'fetchRequest' && message.replicaId >= 0) {
    const key = `${envelope.from}/${message.partition}`;
    const last = memory.fetchOffsets.get(key);
    memory.fetchOffsets.set(key, message.fetchOffset);
    const replica = replicaOf(memory.previous?.brokers.find((b) => b.node === envelope.from), message.partition);
    const belowLastFetch = last !== undefined && message.fetchOffset < last;
    if (belowLastFetch) {
      memory.truncations++;
      if (replica && message.fetchOffset < replica.highWatermark) memory.situations.add('follower-truncated-below-hw');
    }
    // A fetch from below the log end of the last reading (the broker stayed up) tells a truncation the fetch offsets
    // cannot: a deposed leader's, which never fetched before, or a follower's of records fetched since its last fetch.
    const belowLastReading = replica !== undefined && !memory.downed.has(envelope.from) && message.fetchOffset < replica.logEndOffset;
    if (belowLastReading && !belowLastFetch) memory.situations.add(replica.role === 'leader' ? 'deposed-leader-truncated' : 'follower-truncated-within-step');
    if (belowLastFetch || belowLastReading) noteTruncation(memory, envelope.from);
  } else if (message.type === 'produceResponse' && message.error === 'NONE') {
    // A write acknowledged by a broker the controller no longer names leader: a zombie leader took it.
    const word = memory.words.get(message.partition);
    if (word && word.leader !== brokerIdOf(envelope.from)) memory.situations.add('deposed-leader-acked');
  } else if (message.type === 'produceRequest' && nodeKindOf(envelope.from) === 'producer') {
    const key = `${envelope.from}/${message.partition}/${message.producerId}/${message.baseSequence}/${message.records.map((r) => r.value).join(',')}`;
    if (memory.produceRequests.has(key)) memory.producerRetries++;
    else memory.produceRequests.add(key);
  }
}

function noteDown(memory: CoverageMemory, node: NodeId, fault: 'crash' | 'powerLoss'): void {
  const before = memory.previous?.brokers.find((b) => b.node === node);
  if (!before || before.status === 'crashed') return;
  memory.downed.set(node, { fault, logEnds: new Map(before.replicas.map((r) => [r.partition, r.logEndOffset])) });
  if (before.replicas.some((r) => r.role === 'leader')) memory.situations.add(`leader-${fault}`);
  if (fault === 'powerLoss') {
    // The page cache lost now had been written back, and perhaps cut since: what recovery must then sort out.
    const cache = memory.sinceWriteback.get(node);
    if (cache) memory.situations.add(`powerLoss-${cache}`);
    memory.sinceWriteback.delete(node);
  }
  if (fault === 'powerLoss') for (const key of [...memory.fetchOffsets.keys()]) if (key.startsWith(`${node}/`)) memory.fetchOffsets.delete(key);
}

export function noteEvent(memory: CoverageMemory, event: KernelEvent): void {
  switch (event.type) {
    case 'sent':
      noteSent(memory, event);
      return;
    case 'delivered': {
      const message = event.envelope.message;
      if (message.type === 'leaderAndIsr' && message.brokerEpoch !== (memory.incarnations.get(event.envelope.to) ?? 1)) memory.situations.add('stale-broker-epoch-word');
      // A word the controller has since replaced, delivered late (to a broker resumed or cut off): a zombie's news.
      // (The boot's leaderless word of epoch 0, overtaken by the first election before delivery, is no news.)
      if (message.type === 'leaderAndIsr' && message.leaderEpoch > 0 && message.leaderEpoch < (memory.words.get(message.partition)?.leaderEpoch ?? 0)) memory.situations.add('superseded-word-delivered');
      if (message.type === 'fetchRequest' && message.replicaId >= 0) {
        // A follower fetching with an epoch older than its leader's: the request KIP-320's epoch check fences.
        const receiver = replicaOf(memory.previous?.brokers.find((b) => b.node === event.envelope.to), message.partition);
        if (receiver?.role === 'leader' && message.currentLeaderEpoch < receiver.leaderEpoch) memory.situations.add('follower-fetch-epoch-behind');
      }
      return;
    }
    case 'dropped':
      if (event.reason === 'schedule' || event.reason === 'cut') memory.situations.add(`lost:${event.envelope.message.type}`);
      return;
    case 'observed': {
      const o = event.observation;
      if (o.type === 'sendAcked') memory.situations.add('send-acked');
      else if (o.type === 'sendFailed') memory.situations.add(`send-failed:${o.error}${o.definite ? ':definite' : ''}`);
      else if (o.type === 'positionReset') memory.situations.add('consumer-position-reset');
      else if (o.type === 'pollReturned' && o.records.length > 0) memory.situations.add('poll-records');
      return;
    }
    case 'fault':
      memory.situations.add(`fault:${event.fault}`);
      if (event.fault === 'crash' || event.fault === 'powerLoss') noteDown(memory, event.node, event.fault);
      if (event.fault === 'restart') memory.incarnations.set(event.node, (memory.incarnations.get(event.node) ?? 1) + 1);
      return;
    case 'network':
      memory.situations.add(`network-${event.change}`);
      return;
    case 'writeback':
      memory.situations.add('writeback');
      memory.sinceWriteback.set(event.node, 'written-back');
      return;
    case 'linkHold':
      memory.situations.add(`link-${event.change}`);
      return;
    case 'triggered':
      memory.situations.add(`trigger-fired:${event.trigger.event}:${event.trigger.fault}`);
      return;
    case 'timerFired':
    case 'stepBudgetExceeded':
    case 'noop':
    case 'deliveryOrder':
    case 'writebackInterval':
    case 'armed':
      return;
    default: {
      const never: never = event;
      throw new Error(`unknown kernel event ${JSON.stringify(never)}`);
    }
  }
}

/** Changes one broker's replicas went through between two readings, while it stayed up. */
function noteReplicaMoves(memory: CoverageMemory, before: BrokerReading, after: BrokerReading): void {
  for (const now of after.replicas) {
    const then = replicaOf(before, now.partition);
    if (!then) continue;
    if (now.highWatermark > then.highWatermark) memory.situations.add(`hw-advance:${now.role}`);
    if (now.highWatermark < then.highWatermark) memory.situations.add(`hw-regress:${now.role}`);
    if (now.logEndOffset < then.logEndOffset) {
      memory.situations.add(now.logEndOffset < then.highWatermark ? 'log-truncated-below-hw' : 'log-truncated');
      noteTruncation(memory, after.node);
    }
    if (now.role === 'leader' && then.role !== 'leader') memory.situations.add(then.logEndOffset > then.highWatermark ? 'new-leader-above-hw' : 'became-leader');
    if (then.role === 'leader' && now.role !== 'leader') memory.situations.add('leader-demoted');
  }
}

/** A broker back up after going down: did its log survive? */
function noteRecovery(memory: CoverageMemory, after: BrokerReading): void {
  const downed = memory.downed.get(after.node);
  if (!downed) return;
  memory.downed.delete(after.node);
  const lost = after.replicas.some((r) => r.logEndOffset < (downed.logEnds.get(r.partition) ?? 0));
  memory.situations.add(`${downed.fault}-${lost ? 'lost-tail' : 'log-intact'}`);
}

function noteLeaderChanges(memory: CoverageMemory, before: CoverageReading, after: CoverageReading): void {
  for (const now of after.registrations) {
    const then = before.registrations.find((r) => r.partition === now.partition);
    if (!then || now.leaderEpoch <= then.leaderEpoch) continue;
    const oldLeaderEnd = replicaOf(before.brokers.find((b) => brokerIdOf(b.node) === then.leader), now.partition)?.logEndOffset;
    for (const broker of before.brokers) {
      const replica = replicaOf(broker, now.partition);
      const id = brokerIdOf(broker.node);
      if (broker.status !== 'up') {
        const across = (memory.awayAcross.get(broker.node) ?? 0) + 1;
        memory.awayAcross.set(broker.node, across);
        memory.situations.add(across >= 2 ? `replica-${broker.status}-across-leader-changes:${countBucket(across)}` : 'replica-down-across-leader-change');
      }
      if (!replica || oldLeaderEnd === undefined || id === then.leader) continue;
      if (id === now.leader && replica.logEndOffset < oldLeaderEnd) memory.situations.add('new-leader-behind-old');
      if (id !== now.leader && replica.logEndOffset < oldLeaderEnd) memory.situations.add('follower-lagging-across-leader-change');
    }
  }
}

/** A replica whose log differs from its leader's below both log ends (the offsets' values differ): diverged, in
 * the ISR or out of it. Values stand for records (each send has its own); retries repeat a value, never move it. */
function noteDivergence(memory: CoverageMemory, reading: CoverageReading, registration: CoverageReading['registrations'][number]): void {
  const leader = replicaOf(reading.brokers.find((b) => brokerIdOf(b.node) === registration.leader), registration.partition);
  if (!leader || leader.role !== 'leader') return;
  for (const broker of reading.brokers) {
    const id = brokerIdOf(broker.node);
    const replica = id === registration.leader ? undefined : replicaOf(broker, registration.partition);
    if (!replica) continue;
    const common = Math.min(replica.logEndOffset, leader.logEndOffset);
    for (let offset = 0; offset < common; offset++) {
      if (replica.records[offset]!.value === leader.records[offset]!.value) continue;
      memory.situations.add(id !== undefined && registration.isr.includes(id) ? 'replica-diverged-in-isr' : 'replica-diverged');
      break;
    }
  }
}

/** Situations visible in one reading alone: deposed leaders still leading, two brokers that each believe they lead. */
function noteStanding(memory: CoverageMemory, reading: CoverageReading): void {
  for (const registration of reading.registrations) {
    let believedLeaders = 0;
    for (const broker of reading.brokers) {
      const replica = replicaOf(broker, registration.partition);
      if (!replica || replica.role !== 'leader') continue;
      believedLeaders++;
      if (replica.leaderEpoch < registration.leaderEpoch) memory.situations.add(broker.status === 'paused' ? 'deposed-leader-paused' : 'deposed-leader-leading');
    }
    if (believedLeaders > 1) memory.situations.add('two-believed-leaders');
    noteDivergence(memory, reading, registration);
    if (registration.isr.some((id) => reading.brokers.find((b) => brokerIdOf(b.node) === id)?.status === 'crashed')) memory.situations.add('isr-holds-crashed-broker');
  }
}

/** Folds one step: its events first (they happened during it), then the cluster as it stands after it. */
export function noteStep(memory: CoverageMemory, events: readonly KernelEvent[], reading: CoverageReading): void {
  for (const event of events) noteEvent(memory, event);
  const before = memory.previous;
  if (before) {
    for (const after of reading.brokers) {
      const then = before.brokers.find((b) => b.node === after.node);
      if (after.status === 'crashed') continue;
      if (then && then.status !== 'crashed' && !memory.downed.has(after.node)) noteReplicaMoves(memory, then, after);
      else noteRecovery(memory, after);
    }
    noteLeaderChanges(memory, before, reading);
  }
  for (const broker of reading.brokers) if (broker.status === 'up') memory.awayAcross.delete(broker.node);
  noteStanding(memory, reading);
  memory.previous = reading;
}

/** The run's situations: those seen, plus its counts as buckets. Sorted, so equal runs give equal lists. */
export function situationsOf(memory: CoverageMemory): Situation[] {
  const all = new Set(memory.situations);
  const epochChanges = Math.max(0, ...memory.leaderEpochChanges.values());
  all.add(`leader-epoch-changes:${countBucket(epochChanges)}`);
  if (memory.isrShrinks > 0) all.add(`isr-shrinks:${countBucket(memory.isrShrinks)}`);
  if (memory.isrExpands > 0) all.add(`isr-expands:${countBucket(memory.isrExpands)}`);
  if (memory.truncations > 0) all.add(`follower-truncations:${countBucket(memory.truncations)}`);
  if (memory.producerRetries > 0) all.add(`producer-retries:${countBucket(memory.producerRetries)}`);
  return [...all].sort();
}
