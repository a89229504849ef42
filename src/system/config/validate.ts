/**
 * Builds a `ClusterConfig` from a partial, untrusted description (CLI flags, a JSON file, a test) and rejects
 * anything Kafka would reject or kcheck cannot simulate, with a one-line reason. Nothing falls back silently:
 * an unknown field is an error too.
 */
import {
  DEFAULT_CLUSTER_CONFIG,
  DEFAULT_CONSUMER_CONFIG,
  DEFAULT_PRODUCER_CONFIG,
  type ClusterConfig,
  type ConsumerConfig,
  type FlushPolicy,
  type ProducerConfig,
} from './config.ts';
import { KcheckInputError } from '../../input-error.ts';
import { DEFAULT_GROUP_MEMBER_CONFIG, DEFAULT_GROUPS_CONFIG, type GroupMemberConfig, type GroupsConfig } from './groups.ts';

export type ProducerConfigInput = Partial<ProducerConfig>;
export type ConsumerConfigInput = Partial<Omit<ConsumerConfig, 'group'>> & { group?: Partial<GroupMemberConfig> };
export type ClusterConfigInput = Partial<Omit<ClusterConfig, 'producers' | 'consumers' | 'groups'>> & {
  producers?: ProducerConfigInput[];
  consumers?: ConsumerConfigInput[];
  groups?: Partial<GroupsConfig>;
};

/** Upper bounds that keep a simulation small enough to explore; not Kafka limits. */
const BROKERS_MAX = 9;
const PARTITIONS_MAX = 64;
const CLIENTS_MAX = 8;

function fail(reason: string): never {
  throw new KcheckInputError('config', reason);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKnownKeys(input: Record<string, unknown>, known: object, where: string): void {
  for (const key of Object.keys(input)) {
    if (!(key in known)) fail(`unknown setting ${where}${key}`);
  }
}

function wholeNumber(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  if (value < min) fail(`${name} must be at least ${min}, got ${value}`);
  if (value > max) fail(`${name} must be at most ${max}, got ${value}`);
  return value;
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(`${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function oneOf<T extends string | number>(value: unknown, name: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    fail(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function flushPolicy(value: unknown): FlushPolicy {
  if (!isPlainObject(value)) fail(`flush must be an object, got ${JSON.stringify(value)}`);
  const kind = oneOf(value.kind, 'flush.kind', ['writeback', 'fsyncEveryWrite'] as const);
  if (kind === 'fsyncEveryWrite') {
    checkKnownKeys(value, { kind: 0 }, 'flush.');
    return { kind };
  }
  checkKnownKeys(value, { kind: 0, intervalMs: 0 }, 'flush.');
  return { kind, intervalMs: wholeNumber(value.intervalMs, 'flush.intervalMs', 1) };
}

function producerConfig(input: unknown, index: number): ProducerConfig {
  const where = `producers[${index}].`;
  if (!isPlainObject(input)) fail(`${where.slice(0, -1)} must be an object`);
  checkKnownKeys(input, DEFAULT_PRODUCER_CONFIG, where);
  const merged = { ...DEFAULT_PRODUCER_CONFIG, ...input };
  const config: ProducerConfig = {
    acks: oneOf(merged.acks, `${where}acks`, [0, 1, 'all'] as const),
    lingerMs: wholeNumber(merged.lingerMs, `${where}lingerMs`, 0),
    batchSize: wholeNumber(merged.batchSize, `${where}batchSize`, 1),
    retries: wholeNumber(merged.retries, `${where}retries`, 0),
    retryBackoffMs: wholeNumber(merged.retryBackoffMs, `${where}retryBackoffMs`, 0),
    requestTimeoutMs: wholeNumber(merged.requestTimeoutMs, `${where}requestTimeoutMs`, 1),
    deliveryTimeoutMs: wholeNumber(merged.deliveryTimeoutMs, `${where}deliveryTimeoutMs`, 1),
    maxInFlightRequestsPerConnection: wholeNumber(
      merged.maxInFlightRequestsPerConnection,
      `${where}maxInFlightRequestsPerConnection`,
      1,
    ),
    enableIdempotence: bool(merged.enableIdempotence, `${where}enableIdempotence`),
    partitioner: oneOf(merged.partitioner, `${where}partitioner`, ['default', 'roundRobin'] as const),
    metadataRefreshBackoffMs: wholeNumber(merged.metadataRefreshBackoffMs, `${where}metadataRefreshBackoffMs`, 0),
  };
  // Kafka's ProducerConfig rejects these combinations with a ConfigException.
  if (config.deliveryTimeoutMs < config.lingerMs + config.requestTimeoutMs) {
    fail(`${where}deliveryTimeoutMs must be at least lingerMs + requestTimeoutMs (${config.lingerMs + config.requestTimeoutMs})`);
  }
  if (config.enableIdempotence) {
    if (config.acks !== 'all') fail(`${where}enableIdempotence requires acks "all", got ${JSON.stringify(config.acks)}`);
    if (config.retries === 0) fail(`${where}enableIdempotence requires retries > 0`);
    if (config.maxInFlightRequestsPerConnection > 5) {
      fail(`${where}enableIdempotence requires maxInFlightRequestsPerConnection ≤ 5`);
    }
  }
  return config;
}

/** Offsets partitions a cluster may have: a few keep the world small (Kafka's default is 50). */
const OFFSETS_PARTITIONS_MAX = 8;

function groupsConfig(input: unknown): GroupsConfig {
  if (!isPlainObject(input)) fail('groups must be an object');
  checkKnownKeys(input, DEFAULT_GROUPS_CONFIG, 'groups.');
  const merged = { ...DEFAULT_GROUPS_CONFIG, ...input };
  return {
    offsetsPartitions: wholeNumber(merged.offsetsPartitions, 'groups.offsetsPartitions', 1, OFFSETS_PARTITIONS_MAX),
    initialRebalanceDelayMs: wholeNumber(merged.initialRebalanceDelayMs, 'groups.initialRebalanceDelayMs', 0),
  };
}

function groupMemberConfig(input: unknown, where: string): GroupMemberConfig {
  if (!isPlainObject(input)) fail(`${where} must be an object`);
  checkKnownKeys(input, DEFAULT_GROUP_MEMBER_CONFIG, `${where}.`);
  const merged = { ...DEFAULT_GROUP_MEMBER_CONFIG, ...input };
  if (typeof merged.groupId !== 'string' || merged.groupId === '') fail(`${where}.groupId must be a non-empty string`);
  const heartbeatIntervalMs = wholeNumber(merged.heartbeatIntervalMs, `${where}.heartbeatIntervalMs`, 1);
  const sessionTimeoutMs = wholeNumber(merged.sessionTimeoutMs, `${where}.sessionTimeoutMs`, 1);
  // Kafka: heartbeat.interval.ms must be lower than session.timeout.ms.
  if (heartbeatIntervalMs >= sessionTimeoutMs) fail(`${where}.heartbeatIntervalMs must be below sessionTimeoutMs`);
  return {
    groupId: merged.groupId,
    assignor: oneOf(merged.assignor, `${where}.assignor`, ['range', 'roundRobin'] as const),
    processing: oneOf(merged.processing, `${where}.processing`, ['commitAfterProcessing', 'commitBeforeProcessing', 'autoCommit'] as const),
    sessionTimeoutMs,
    heartbeatIntervalMs,
    maxPollIntervalMs: wholeNumber(merged.maxPollIntervalMs, `${where}.maxPollIntervalMs`, 1),
    autoCommitIntervalMs: wholeNumber(merged.autoCommitIntervalMs, `${where}.autoCommitIntervalMs`, 1),
    retryBackoffMs: wholeNumber(merged.retryBackoffMs, `${where}.retryBackoffMs`, 1),
  };
}

function consumerConfig(input: unknown, index: number, partitions: number, hasGroups: boolean): ConsumerConfig {
  const where = `consumers[${index}].`;
  if (!isPlainObject(input)) fail(`${where.slice(0, -1)} must be an object`);
  checkKnownKeys(input, { ...DEFAULT_CONSUMER_CONFIG, partitions: 0, group: {} }, where);
  if (input.group !== undefined && !hasGroups) fail(`${where}group needs the cluster's groups setting (the __consumer_offsets topic)`);
  const assigned = input.partitions ?? Array.from({ length: partitions }, (_, p) => p);
  if (!Array.isArray(assigned) || assigned.length === 0) fail(`${where}partitions must be a non-empty list`);
  const merged = { ...DEFAULT_CONSUMER_CONFIG, ...input };
  return {
    partitions: assigned.map((p, i) => wholeNumber(p, `${where}partitions[${i}]`, 0, partitions - 1)),
    fetchMaxRecords: wholeNumber(merged.fetchMaxRecords, `${where}fetchMaxRecords`, 1),
    requestTimeoutMs: wholeNumber(merged.requestTimeoutMs, `${where}requestTimeoutMs`, 1),
    ...(input.group === undefined ? {} : { group: groupMemberConfig(input.group, `${where}group`) }),
  };
}

/** Validates a partial configuration, fills Kafka's defaults, and returns a complete one. */
export function makeClusterConfig(input: unknown = {}): ClusterConfig {
  if (!isPlainObject(input)) fail('the configuration must be a JSON object');
  checkKnownKeys(input, { ...DEFAULT_CLUSTER_CONFIG, groups: {} }, '');
  const merged = { ...DEFAULT_CLUSTER_CONFIG, ...input } as Record<keyof ClusterConfig, unknown>;
  const brokers = wholeNumber(merged.brokers, 'brokers', 1, BROKERS_MAX);
  const partitions = wholeNumber(merged.partitions, 'partitions', 1, PARTITIONS_MAX);
  const replicationFactor = wholeNumber(merged.replicationFactor, 'replicationFactor', 1);
  if (replicationFactor > brokers) fail(`replicationFactor ${replicationFactor} exceeds the ${brokers} brokers`);
  const minInsyncReplicas = wholeNumber(merged.minInsyncReplicas, 'minInsyncReplicas', 1);
  if (minInsyncReplicas > replicationFactor) {
    fail(`minInsyncReplicas ${minInsyncReplicas} exceeds replicationFactor ${replicationFactor}: acks=all could never succeed`);
  }
  const brokerHeartbeatIntervalMs = wholeNumber(merged.brokerHeartbeatIntervalMs, 'brokerHeartbeatIntervalMs', 1);
  const brokerSessionTimeoutMs = wholeNumber(merged.brokerSessionTimeoutMs, 'brokerSessionTimeoutMs', 1);
  if (brokerSessionTimeoutMs <= brokerHeartbeatIntervalMs) {
    fail('brokerSessionTimeoutMs must exceed brokerHeartbeatIntervalMs, or every broker is fenced between heartbeats');
  }
  // One producer and one consumer of every partition unless the input says otherwise.
  const producerInputs = input.producers ?? [{}];
  const consumerInputs = input.consumers ?? [{}];
  if (!Array.isArray(producerInputs) || producerInputs.length > CLIENTS_MAX) fail(`producers must be a list of at most ${CLIENTS_MAX}`);
  if (!Array.isArray(consumerInputs) || consumerInputs.length > CLIENTS_MAX) fail(`consumers must be a list of at most ${CLIENTS_MAX}`);
  return {
    brokers,
    partitions,
    replicationFactor,
    minInsyncReplicas,
    uncleanLeaderElection: bool(merged.uncleanLeaderElection, 'uncleanLeaderElection'),
    replicaLagTimeMaxMs: wholeNumber(merged.replicaLagTimeMaxMs, 'replicaLagTimeMaxMs', 1),
    replicaFetchWaitMaxMs: wholeNumber(merged.replicaFetchWaitMaxMs, 'replicaFetchWaitMaxMs', 1),
    replicaFetchMaxRecords: wholeNumber(merged.replicaFetchMaxRecords, 'replicaFetchMaxRecords', 1),
    replicaSocketTimeoutMs: wholeNumber(merged.replicaSocketTimeoutMs, 'replicaSocketTimeoutMs', 1),
    brokerHeartbeatIntervalMs,
    brokerSessionTimeoutMs,
    highWatermarkCheckpointIntervalMs: wholeNumber(
      merged.highWatermarkCheckpointIntervalMs,
      'highWatermarkCheckpointIntervalMs',
      1,
    ),
    flush: flushPolicy(merged.flush),
    producers: producerInputs.map((p, i) => producerConfig(p, i)),
    consumers: consumerInputs.map((c, i) => consumerConfig(c, i, partitions, input.groups !== undefined)),
    // Only a cluster that asks for groups has them, so every other configuration stays exactly as it was.
    ...(input.groups === undefined ? {} : { groups: groupsConfig(input.groups) }),
  };
}
