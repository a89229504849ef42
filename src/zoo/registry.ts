/**
 * The bug zoo: brokers from Kafka's own history, each the reference broker with exactly one part swapped (or, for
 * the controller-side bugs, the reference controller with its election rule swapped; for the group bugs, the
 * reference broker with one part of its group coordinator swapped). An entry names the swapped
 * part, what is wrong, where the bug is known from, and the claim expected to catch it; `kcheck zoo` measures
 * whether and how fast kcheck does. The reference itself is the control: no claim may catch it.
 */
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { acksAllAtAppendBroker, acksAllAtAppendParts } from '../system/broker/variants/acks-all-at-append.ts';
import { consumerReadsPastHighWatermarkBroker, consumerReadsPastHighWatermarkParts } from '../system/broker/variants/consumer-reads-past-high-watermark.ts';
import { demotedLeaderKeepsLeadingBroker, demotedLeaderKeepsLeadingParts } from '../system/broker/variants/demoted-leader-keeps-leading.ts';
import { followerHighWatermarkPastLogEndBroker, followerHighWatermarkPastLogEndParts } from '../system/broker/variants/follower-high-watermark-past-log-end.ts';
import { highWatermarkAtLeaderLogEndBroker, highWatermarkAtLeaderLogEndParts } from '../system/broker/variants/high-watermark-at-leader-log-end.ts';
import { highWatermarkRestoredPastLogEndBroker, highWatermarkRestoredPastLogEndParts } from '../system/broker/variants/high-watermark-restored-past-log-end.ts';
import { idempotentDuplicateAppendedBroker, idempotentDuplicateAppendedParts } from '../system/broker/variants/idempotent-duplicate-appended.ts';
import { isrJoinBeforeCaughtUpBroker, isrJoinBeforeCaughtUpParts } from '../system/broker/variants/isr-join-before-caught-up.ts';
import { isrNeverShrinksBroker, isrNeverShrinksParts } from '../system/broker/variants/isr-never-shrinks.ts';
import { minIsrUncheckedBroker, minIsrUncheckedParts } from '../system/broker/variants/min-isr-unchecked.ts';
import { sequenceGapAcceptedBroker, sequenceGapAcceptedParts } from '../system/broker/variants/sequence-gap-accepted.ts';
import { staleEpochFetchAcceptedBroker, staleEpochFetchAcceptedParts } from '../system/broker/variants/stale-epoch-fetch-accepted.ts';
import { unsafeTruncateToHighWatermarkBroker, unsafeTruncateToHighWatermarkParts } from '../system/broker/variants/truncate-to-high-watermark.ts';
import { truncateToLeaderEpochEndBroker, truncateToLeaderEpochEndParts } from '../system/broker/variants/truncate-to-leader-epoch-end.ts';
import { uncleanElectionAlthoughDisabledController, uncleanElectionAlwaysParts } from '../system/controller/variants/unclean-election-although-disabled.ts';
import { epochStartAtFirstAppendBroker, epochStartAtFirstAppendParts } from '../system/broker/variants/epoch-start-at-first-append.ts';
import { isrJoinBeforeEpochStartBroker, isrJoinBeforeEpochStartParts } from '../system/broker/variants/isr-join-before-epoch-start.ts';
import { highWatermarkIgnoresPendingExpansionBroker, highWatermarkIgnoresPendingExpansionParts } from '../system/broker/variants/high-watermark-ignores-pending-expansion.ts';
import { recoveryIgnoresEpochCheckpointBroker, recoveryIgnoresEpochCheckpointParts } from '../system/broker/variants/recovery-ignores-epoch-checkpoint.ts';
import { staleFetchResponseAppliedBroker, staleFetchResponseAppliedParts } from '../system/broker/variants/stale-fetch-response-applied.ts';
import { fencedReplicaJoinsIsrController, fencedReplicaJoinsIsrParts } from '../system/controller/variants/fenced-replica-joins-isr.ts';
import { staleIsrUpdateAcceptedController, staleIsrUpdateAcceptedParts } from '../system/controller/variants/stale-isr-update-accepted.ts';
import type { BrokerParts } from '../system/broker/parts.ts';
import type { CoordinatorParts } from '../system/coordinator/coordinator-parts.ts';
import { GROUP_VARIANTS } from '../system/coordinator/variants/group-variants.ts';
import { referenceParts } from '../system/broker/reference-parts.ts';
import type { ControllerParts } from '../system/controller/controller-parts.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../system/kernel/controller-logic.ts';

export interface ZooEntry {
  /** kebab-case, the file name of the variant and of its example trace. */
  id: string;
  name: string;
  /** The variant's source file, from the repository root. */
  file: string;
  /** The part swapped: a key of BrokerParts, `controller.<part>` for a ControllerParts key, `coordinator.<part>` for a CoordinatorParts key. */
  part: string;
  wrong: string;
  /** The real-world reference: KIP, JIRA issue, Jepsen report. */
  reference: string;
  /** The name of the claim (src/properties/claims/catalogue.ts) expected to catch it. */
  expectedProperty: string;
  broker: BrokerLogic<unknown>;
  /** The parts `broker` is composed of: the reference parts with the one swapped. */
  parts: BrokerParts;
  /** A controller variant; the reference controller when absent. */
  controller?: ControllerLogic<unknown>;
  /** The parts `controller` is composed of, for a controller variant. */
  controllerParts?: ControllerParts;
  /** The group coordinator's parts, for a coordinator variant (its broker's parts are the reference's). */
  coordinatorParts?: CoordinatorParts;
  /**
   * Set when the zoo's budget is known not to reach the bug on every seed: why the search misses it. Such an entry
   * is reported as found or not like any other, but a miss does not fail `kcheck zoo`.
   */
  knownMiss?: string;
}

const brokerFile = (id: string) => `src/system/broker/variants/${id}.ts`;
const controllerFile = (id: string) => `src/system/controller/variants/${id}.ts`;
const asLogic = <S>(broker: BrokerLogic<S>) => broker as unknown as BrokerLogic<unknown>;
const reference = asLogic(referenceBroker);

export const REFERENCE_ENTRY: ZooEntry = {
  id: 'reference',
  name: 'Reference broker',
  file: 'src/system/broker/reference-broker.ts',
  part: '(none)',
  wrong: 'Nothing: Kafka as of KIP-101, KIP-279, KIP-320, KIP-380 and KIP-841. No claim may catch it.',
  reference: 'design.md §5',
  expectedProperty: '(none)',
  broker: reference,
  parts: referenceParts,
};

const BROKER_AND_CONTROLLER_ENTRIES: readonly ZooEntry[] = [
  {
    id: 'truncate-to-high-watermark',
    name: 'Truncate to the high watermark on becoming a follower',
    file: brokerFile('truncate-to-high-watermark'),
    part: 'truncation',
    wrong: 'A new follower (after a restart or a leader change) truncates to its own high watermark, which lags the leader\'s, instead of asking the leader where its epoch ends.',
    reference: 'KIP-101 (Kafka before 0.11: truncation by high watermark loses committed records and lets replicas diverge)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(unsafeTruncateToHighWatermarkBroker),
    parts: unsafeTruncateToHighWatermarkParts,
  },
  {
    id: 'truncate-to-leader-epoch-end',
    name: 'Epoch lookup without matching from the tail',
    file: brokerFile('truncate-to-leader-epoch-end'),
    part: 'truncation.truncationOffset',
    wrong: 'A follower truncates to the end offset the leader returned for the epoch, not bounded by its own end of that epoch: records of a later epoch the leader never had stay under the leader\'s records.',
    reference: 'KIP-279, KAFKA-6361 (log divergence after fast leader fail over)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(truncateToLeaderEpochEndBroker),
    parts: truncateToLeaderEpochEndParts,
  },
  {
    id: 'stale-epoch-fetch-accepted',
    name: 'Fetch with a stale leader epoch accepted',
    file: brokerFile('stale-epoch-fetch-accepted'),
    part: 'fetchEpochCheck',
    wrong: 'A leader serves fetches and OffsetsForLeaderEpoch requests from an older leader epoch (the reference answers FENCED_LEADER_EPOCH), counting a stale fetch offset as the follower\'s progress.',
    reference: 'KIP-320 (allow fetchers to detect and handle log truncation)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(staleEpochFetchAcceptedBroker),
    parts: staleEpochFetchAcceptedParts,
    knownMiss:
      'The harm is reachable (test/zoo/deep-variants.test.ts, 21 steps): a follower paused through two leader changes (b0 → b1 → b0) that copied a record the leader later truncated, resumed with the controller\'s word held back, fetches with its old epoch past the leader\'s truncation point; the variant counts it caught up and readmits it to the ISR with the replaced record. It takes three pauses in order, two leader changes and a held controller link, within the fault budget of two impaired brokers: no random schedule of 22,000 per seed reached it (seeds 1–5).',
  },
  {
    id: 'high-watermark-at-leader-log-end',
    name: 'High watermark advanced while only the leader has the record',
    file: brokerFile('high-watermark-at-leader-log-end'),
    part: 'leaderHighWatermark',
    wrong: 'The leader\'s high watermark is its own log end, not the smallest log end over the ISR.',
    reference: 'Kafka replication design (HW = min LEO over the ISR); StrongIsr in the TLA+ specification',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(highWatermarkAtLeaderLogEndBroker),
    parts: highWatermarkAtLeaderLogEndParts,
  },
  {
    id: 'acks-all-at-append',
    name: 'acks=all answered at leader append',
    file: brokerFile('acks-all-at-append'),
    part: 'acknowledgement',
    wrong: 'An acks=all request is answered as soon as the leader appended it, without waiting for the ISR.',
    reference: 'The producer\'s acks=all contract; Jepsen, "Call me maybe: Kafka" (2013)',
    expectedProperty: 'acks-all-durable',
    broker: asLogic(acksAllAtAppendBroker),
    parts: acksAllAtAppendParts,
  },
  {
    id: 'min-isr-unchecked',
    name: 'min.insync.replicas not checked',
    file: brokerFile('min-isr-unchecked'),
    part: 'committedAnswer',
    wrong: 'A committed acks=all request is answered NONE although the ISR shrank below min.insync.replicas while it waited.',
    reference: 'KAFKA-1555 (min.insync.replicas, NOT_ENOUGH_REPLICAS_AFTER_APPEND)',
    expectedProperty: 'acks-all-durable',
    broker: asLogic(minIsrUncheckedBroker),
    parts: minIsrUncheckedParts,
  },
  {
    id: 'isr-join-before-caught-up',
    name: 'ISR expanded before the follower reached the high watermark',
    file: brokerFile('isr-join-before-caught-up'),
    part: 'mayJoinIsr',
    wrong: 'A follower joins the ISR at its first fetch, while it still lacks records below the high watermark.',
    reference: 'Kafka\'s ISR expansion rule (Partition.maybeExpandIsr: log end at the high watermark and at the leader epoch start)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(isrJoinBeforeCaughtUpBroker),
    parts: isrJoinBeforeCaughtUpParts,
  },
  {
    id: 'consumer-reads-past-high-watermark',
    name: 'Consumer fetch served beyond the high watermark',
    file: brokerFile('consumer-reads-past-high-watermark'),
    part: 'consumerFetchLimit',
    wrong: 'Consumers are served up to the leader\'s log end: they read records no follower has yet, which a leader failure then loses.',
    reference: 'Kafka serves consumers only below the high watermark (FetchIsolation HIGH_WATERMARK)',
    expectedProperty: 'read-committed',
    broker: asLogic(consumerReadsPastHighWatermarkBroker),
    parts: consumerReadsPastHighWatermarkParts,
  },
  {
    id: 'unclean-election-although-disabled',
    name: 'Unclean election although disabled',
    file: 'src/system/controller/variants/unclean-election-although-disabled.ts',
    part: 'controller.electLeader',
    wrong: 'With no live ISR member, the controller elects any live replica although unclean.leader.election.enable is false.',
    reference: 'Jepsen, "Call me maybe: Kafka" (2013); KIP-106 (unclean election off by default)',
    expectedProperty: 'acks-all-durable',
    broker: reference,
    parts: referenceParts,
    controller: uncleanElectionAlthoughDisabledController as ControllerLogic<unknown>,
    controllerParts: uncleanElectionAlwaysParts,
  },
  {
    id: 'demoted-leader-keeps-leading',
    name: 'Two leaders in one epoch',
    file: brokerFile('demoted-leader-keeps-leading'),
    part: 'roleAfterLeaderChange',
    wrong: 'A leader told of a newer epoch with another leader adopts the epoch but keeps leading, next to the leader the controller elected.',
    reference: 'Election Safety (one leader per epoch) of KIP-101\'s leader epochs and of the TLA+ specification',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(demotedLeaderKeepsLeadingBroker),
    parts: demotedLeaderKeepsLeadingParts,
  },
  {
    id: 'idempotent-duplicate-appended',
    name: 'Idempotent duplicate not detected',
    file: brokerFile('idempotent-duplicate-appended'),
    part: 'checkSequence',
    wrong: 'A retried batch whose sequences the broker already appended is appended again.',
    reference: 'KIP-98 (idempotent producer, DUPLICATE_SEQUENCE_NUMBER)',
    expectedProperty: 'idempotent-no-duplicates',
    broker: asLogic(idempotentDuplicateAppendedBroker),
    parts: idempotentDuplicateAppendedParts,
  },
  {
    id: 'sequence-gap-accepted',
    name: 'Sequence gap accepted',
    file: brokerFile('sequence-gap-accepted'),
    part: 'checkSequence',
    wrong: 'A batch out of sequence is appended: a lost request leaves a gap that the next batch fills, and the lost one lands later.',
    reference: 'KIP-98 (OutOfOrderSequenceException)',
    expectedProperty: 'idempotent-order',
    broker: asLogic(sequenceGapAcceptedBroker),
    parts: sequenceGapAcceptedParts,
  },
  {
    id: 'high-watermark-restored-past-log-end',
    name: 'HW checkpoint written ahead of the flushed log',
    file: brokerFile('high-watermark-restored-past-log-end'),
    part: 'recoveredHighWatermark',
    wrong: 'After a power loss the replica restores the fsync\'d high-watermark checkpoint as it is, past the end of the log the page cache lost.',
    reference: 'Kafka bounds the recovered high watermark by the log end offset (UnifiedLog.updateHighWatermark)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(highWatermarkRestoredPastLogEndBroker),
    parts: highWatermarkRestoredPastLogEndParts,
  },
  {
    id: 'follower-high-watermark-past-log-end',
    name: 'Follower HW not bounded by its own log end',
    file: brokerFile('follower-high-watermark-past-log-end'),
    part: 'followerHighWatermark',
    wrong: 'A follower takes the leader\'s high watermark from a fetch response as it is, past its own log end.',
    reference: 'ReplicaFetcherThread: the follower\'s high watermark is min(leader HW, own log end offset)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(followerHighWatermarkPastLogEndBroker),
    parts: followerHighWatermarkPastLogEndParts,
  },
  {
    id: 'fenced-replica-joins-isr',
    name: 'Fenced replica admitted to the ISR',
    file: controllerFile('fenced-replica-joins-isr'),
    part: 'controller.admitsToIsr',
    wrong: 'The controller accepts an ISR expansion that adds a fenced broker (a fetch it sent before it stopped arrived after its session ended); restarted after a power loss, it is in the ISR without its unflushed tail.',
    reference: 'KIP-841, KAFKA-13916 (fenced replicas must not join the ISR: INELIGIBLE_REPLICA); KAFKA-14140 for ZooKeeper mode',
    expectedProperty: 'protocol-invariants',
    broker: reference,
    parts: referenceParts,
    controller: fencedReplicaJoinsIsrController as ControllerLogic<unknown>,
    controllerParts: fencedReplicaJoinsIsrParts,
  },
  {
    id: 'stale-isr-update-accepted',
    name: 'ISR change at a stale partition epoch applied',
    file: controllerFile('stale-isr-update-accepted'),
    part: 'controller.partitionEpochCheck',
    wrong: 'The controller applies an AlterPartition request made at an older partition epoch: an expansion built before a member was fenced and came back empty writes that member back into the ISR.',
    reference: 'KIP-497 (AlterIsr/AlterPartition conditional on the partition epoch, INVALID_UPDATE_VERSION; the ZooKeeper controller\'s conditional znode update before it)',
    expectedProperty: 'protocol-invariants',
    broker: reference,
    parts: referenceParts,
    controller: staleIsrUpdateAcceptedController as ControllerLogic<unknown>,
    controllerParts: staleIsrUpdateAcceptedParts,
  },
  {
    id: 'recovery-ignores-epoch-checkpoint',
    name: 'Log recovery without the epoch checkpoint',
    file: brokerFile('recovery-ignores-epoch-checkpoint'),
    part: 'recoveredLogEnd',
    wrong: 'After a power loss a replica keeps every record its disk gave back, including one it had truncated (in the page cache only) and replaced with the new leader\'s, now under its fsync\'d high watermark.',
    reference: 'KIP-101 scenario 2, KAFKA-3919 (replica divergence on restart after multiple hard failures); LogLoader recovery of the unflushed tail',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(recoveryIgnoresEpochCheckpointBroker),
    parts: recoveryIgnoresEpochCheckpointParts,
  },
  {
    id: 'stale-fetch-response-applied',
    name: 'Late fetch answer of the previous leader applied',
    file: brokerFile('stale-fetch-response-applied'),
    part: 'isAwaitedFetchResponse',
    wrong: 'A follower appends the records of any fetch response while it fetches, including a late answer of the previous leader that arrives after it truncated for the new one.',
    reference: 'AbstractFetcherThread processes a response only in the fetch state it was requested in; KIP-320, KAFKA-6880 (zombie replicas must be fenced)',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(staleFetchResponseAppliedBroker),
    parts: staleFetchResponseAppliedParts,
  },
  {
    id: 'high-watermark-ignores-pending-expansion',
    name: 'High watermark over the ISR without the pending expansion',
    file: brokerFile('high-watermark-ignores-pending-expansion'),
    part: 'leaderHighWatermark',
    wrong: 'While an ISR expansion awaits the controller\'s answer, the leader advances its high watermark over its old ISR; once the controller accepts, a member it counts lacks committed records.',
    reference: 'KIP-497 (the leader advances the HW over the maximal ISR while a change is in flight); KIP-841',
    expectedProperty: 'protocol-invariants',
    broker: asLogic(highWatermarkIgnoresPendingExpansionBroker),
    parts: highWatermarkIgnoresPendingExpansionParts,
  },
  {
    id: 'isr-join-before-epoch-start',
    name: 'ISR expanded below the leader epoch\'s start',
    file: brokerFile('isr-join-before-epoch-start'),
    part: 'mayJoinIsr',
    wrong: 'A follower joins the ISR when its log end reaches the leader\'s (lagging) high watermark, though it has not reached the start of the leader\'s epoch: a replica back from a power loss joins without acked records.',
    reference: 'KAFKA-7128 (lagging high watermark can lead to committed data loss after ISR expansion)',
    expectedProperty: 'power-loss-one-at-a-time',
    broker: asLogic(isrJoinBeforeEpochStartBroker),
    parts: isrJoinBeforeEpochStartParts,
  },
  {
    id: 'epoch-start-at-first-append',
    name: 'New leader\'s epoch recorded only at its first append',
    file: brokerFile('epoch-start-at-first-append'),
    part: 'epochStartOnElection',
    wrong: 'A new leader writes its epoch to the leader-epoch cache only with its first append; until then the ISR expansion rule finds no epoch start and admits a follower at the leader\'s lagging high watermark.',
    reference: 'KAFKA-7415 (OffsetsForLeaderEpoch may answer undefined because of the delayed update of the leader epoch cache; a new leader persists its epoch at once)',
    expectedProperty: 'power-loss-one-at-a-time',
    broker: asLogic(epochStartAtFirstAppendBroker),
    parts: epochStartAtFirstAppendParts,
  },
  {
    id: 'isr-never-shrinks',
    name: 'The ISR never shrinks',
    file: brokerFile('isr-never-shrinks'),
    part: 'isLaggingFollower',
    wrong: 'The leader never finds a follower lagging: a follower that is up but stops fetching stays in the ISR, and acks=all waits for it although min.insync.replicas others are connected.',
    reference: 'replica.lag.time.max.ms, ReplicaManager.maybeShrinkIsr; KAFKA-1546 (a lagging follower not recognised)',
    expectedProperty: 'acks-all-available',
    broker: asLogic(isrNeverShrinksBroker),
    parts: isrNeverShrinksParts,
  },
];

/** The group coordinator variants (claim C12): the reference broker with one coordinator part swapped. */
const GROUP_ENTRIES: readonly ZooEntry[] = GROUP_VARIANTS.map((v) => ({
  id: v.id,
  name: v.name,
  file: `src/system/coordinator/variants/${v.id}.ts`,
  part: `coordinator.${v.part}`,
  wrong: v.wrong,
  reference: v.reference,
  expectedProperty: v.expectedProperty,
  broker: v.broker,
  parts: referenceParts,
  coordinatorParts: v.parts,
}));

export const ZOO: readonly ZooEntry[] = [...BROKER_AND_CONTROLLER_ENTRIES, ...GROUP_ENTRIES];

export function zooEntry(id: string): ZooEntry | undefined {
  return id === REFERENCE_ENTRY.id ? REFERENCE_ENTRY : ZOO.find((e) => e.id === id);
}
