/**
 * Configuration of consumer groups: the broker side (`__consumer_offsets`, the coordinator) and each member's
 * settings. Defaults are Kafka's (classic protocol, Kafka 3.x/4.x); the offsets topic is small here (Kafka's
 * default is 50 partitions) to keep the simulated world small. Left out: static membership, multiple topics.
 */

/** Who hands out partitions in a generation: the leader member runs one of these (Kafka's `partition.assignment.strategy`). */
export type AssignorName = 'range' | 'roundRobin';

/**
 * How a member's application processes what a poll returns (the consumer chapter's commit disciplines):
 * - `commitAfterProcessing`: process at once, commit the processed positions at a `commit` step and before a
 *   rebalance revokes the partitions (at-least-once);
 * - `commitBeforeProcessing`: commit the new position first, process once the commit is acknowledged (at-most-once);
 * - `autoCommit`: process at once; each poll commits, every `autoCommitIntervalMs`, the positions the previous polls
 *   returned, and a rebalance commits them first (Kafka's `enable.auto.commit`).
 */
export type ProcessingStyle = 'commitAfterProcessing' | 'commitBeforeProcessing' | 'autoCommit';

export interface GroupMemberConfig {
  groupId: string;
  assignor: AssignorName;
  processing: ProcessingStyle;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Also the rebalance timeout the member asks for, as in Kafka's classic protocol. */
  maxPollIntervalMs: number;
  autoCommitIntervalMs: number;
  retryBackoffMs: number;
}

export interface GroupsConfig {
  /** `offsets.topic.num.partitions`: partitions of `__consumer_offsets`, numbered after the topic's own. */
  offsetsPartitions: number;
  /** `group.initial.rebalance.delay.ms`: how long the first rebalance of an empty group waits for more members. */
  initialRebalanceDelayMs: number;
}

export const DEFAULT_GROUP_MEMBER_CONFIG: GroupMemberConfig = {
  groupId: 'group0',
  assignor: 'range',
  processing: 'autoCommit',
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 3_000,
  maxPollIntervalMs: 300_000,
  autoCommitIntervalMs: 5_000,
  retryBackoffMs: 100,
};

export const DEFAULT_GROUPS_CONFIG: GroupsConfig = {
  offsetsPartitions: 1,
  initialRebalanceDelayMs: 3_000,
};
