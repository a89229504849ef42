/**
 * Configuration of a simulated cluster: brokers, one topic's partitions, replication, and the clients.
 * Defaults follow Kafka's (KRaft mode, Kafka 3.x/4.x) wherever kcheck models the setting; a byte size in
 * Kafka (batch.size) becomes a record count here.
 */
import type { Acks } from '../protocol/messages.ts';
import type { GroupMemberConfig, GroupsConfig } from './groups.ts';

export * from './groups.ts';

/** How the page cache reaches the disk: the OS writes dirty pages back after an interval (Kafka's default
 * relies on this, with no fsync), or every write is fsync'd. */
export type FlushPolicy = { kind: 'writeback'; intervalMs: number } | { kind: 'fsyncEveryWrite' };

export type PartitionerKind = 'default' | 'roundRobin';

export interface ProducerConfig {
  acks: Acks;
  lingerMs: number;
  /** Records per batch (Kafka counts bytes). */
  batchSize: number;
  retries: number;
  retryBackoffMs: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  maxInFlightRequestsPerConnection: number;
  enableIdempotence: boolean;
  partitioner: PartitionerKind;
  metadataRefreshBackoffMs: number;
}

export interface ConsumerConfig {
  /** Partitions assigned to this consumer (`assign`, not a group); ignored when `group` is set. */
  partitions: number[];
  fetchMaxRecords: number;
  requestTimeoutMs: number;
  /** Present: the consumer `subscribe`s to the topic as a member of this group (groups.ts) instead of `assign`. */
  group?: GroupMemberConfig;
}

export interface ClusterConfig {
  brokers: number;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  replicaLagTimeMaxMs: number;
  replicaFetchWaitMaxMs: number;
  replicaFetchMaxRecords: number;
  /** How long a follower waits for a fetch or an AlterPartition answer before sending again. */
  replicaSocketTimeoutMs: number;
  brokerHeartbeatIntervalMs: number;
  brokerSessionTimeoutMs: number;
  highWatermarkCheckpointIntervalMs: number;
  flush: FlushPolicy;
  producers: ProducerConfig[];
  consumers: ConsumerConfig[];
  /** Present: the cluster hosts the `__consumer_offsets` topic and group coordinators (groups.ts). */
  groups?: GroupsConfig;
}

export const DEFAULT_PRODUCER_CONFIG: ProducerConfig = {
  acks: 'all',
  lingerMs: 5,
  batchSize: 16,
  retries: 2147483647,
  retryBackoffMs: 100,
  requestTimeoutMs: 30_000,
  deliveryTimeoutMs: 120_000,
  maxInFlightRequestsPerConnection: 5,
  enableIdempotence: true,
  partitioner: 'default',
  metadataRefreshBackoffMs: 100,
};

export const DEFAULT_CONSUMER_CONFIG: Omit<ConsumerConfig, 'partitions'> = {
  fetchMaxRecords: 500,
  requestTimeoutMs: 30_000,
};

export const DEFAULT_CLUSTER_CONFIG: ClusterConfig = {
  brokers: 3,
  partitions: 1,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  uncleanLeaderElection: false,
  replicaLagTimeMaxMs: 30_000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMaxRecords: 500,
  replicaSocketTimeoutMs: 30_000,
  brokerHeartbeatIntervalMs: 2_000,
  brokerSessionTimeoutMs: 9_000,
  highWatermarkCheckpointIntervalMs: 5_000,
  flush: { kind: 'writeback', intervalMs: 30_000 },
  producers: [DEFAULT_PRODUCER_CONFIG],
  consumers: [{ ...DEFAULT_CONSUMER_CONFIG, partitions: [0] }],
};

/** Every partition the brokers host: the topic's, then `__consumer_offsets`'s (groups.ts numbers them after). */
export function hostedPartitionCount(config: ClusterConfig): number {
  return config.partitions + (config.groups?.offsetsPartitions ?? 0);
}

/** Replica assignment as Kafka's simple round-robin: partition p lives on brokers p, p+1, … (mod brokers),
 * and the first one is the preferred leader. */
export function replicasOf(config: ClusterConfig, partition: number): number[] {
  const replicas: number[] = [];
  for (let i = 0; i < config.replicationFactor; i++) replicas.push((partition + i) % config.brokers);
  return replicas;
}
