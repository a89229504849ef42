/**
 * What one verification run is about: the cluster settings a claim is judged under, and the faults the
 * schedules may inject. The cluster keeps Kafka's rules but shorter timeouts than Kafka's defaults, so a
 * schedule of a few dozen steps covers fencing, ISR shrink and retries (the report states these figures).
 */
import type { ClusterConfig, ProcessingStyle } from '../system/config/config.ts';
import { makeClusterConfig } from '../system/config/validate.ts';
import type { Acks } from '../system/protocol/messages.ts';
import { KcheckInputError } from '../input-error.ts';

/** The failures a schedule may inject. `powerOutage` cuts power to every broker at once (a rack or data
 * centre outage); the others hit one broker per step. */
export type FaultKind = 'crash' | 'powerLoss' | 'pause' | 'partition' | 'powerOutage' | 'messageLoss';

export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'powerLoss', 'pause', 'partition', 'powerOutage', 'messageLoss'];

export interface CheckSettings {
  acks: Acks;
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  partitions: number;
  enableIdempotence: boolean;
  maxInFlightRequestsPerConnection: number;
  faults: FaultKind[];
  /** At most this many brokers impaired at once (crashed, paused, or cut off from the controller). */
  impairedBrokersMax: number;
  /** Producer retries (Kafka's `retries`); absent: Kafka's default, 2147483647. Optional fields like this one are
   * absent unless a configuration changes them, so the claims' settings and older traces stay as they were. */
  retries?: number;
  /** The producer's `linger.ms`; absent: 5 (Kafka 4.0's default). */
  lingerMs?: number;
  /** Records per producer batch (Kafka counts bytes: `batch.size`); absent: 16. */
  batchSize?: number;
  /** Brokers fsync every append (Kafka's `flush.messages=1`); absent: the OS writes the page cache back every 30 s. */
  fsyncEveryWrite?: boolean;
  /** After convergence, probe availability (runner/availability.ts): an acks=all send to p0 while this many
   * followers of p0 stay up but lose every fetch; absent: no probe. */
  probeLaggingFollowers?: number;
  /** The repair phase leaves this many of the brokers the fault phase left crashed down for good, the lowest ids
   * first, and restarts the rest (final-phase.ts): the availability boundary of leader-after-heal, where whether a
   * partition gets a leader hangs on unclean election. Absent: every broker is repaired. */
  brokersLeftDown?: number;
  /** How long a follower waits after an empty fetch before the next (Kafka's leader holds it up to
   * `replica.fetch.wait.max.ms`); absent: 500. The model checker shortens it to bring acks=all acks within a
   * small virtual-time bound. */
  replicaFetchWaitMaxMs?: number;
  /** Consumer groups (groups-settings.ts): this many members of one group share the topic, processing in this style;
   * absent: no group, no `__consumer_offsets`. */
  groups?: GroupSettings;
}

export interface GroupSettings {
  members: number;
  processing: ProcessingStyle;
}

/** The optional fields of `CheckSettings`, in the order a trace and `describeSettings` give them. */
export const OPTIONAL_SETTINGS = ['retries', 'lingerMs', 'batchSize', 'fsyncEveryWrite', 'probeLaggingFollowers', 'brokersLeftDown', 'replicaFetchWaitMaxMs', 'groups'] as const;

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  acks: 'all',
  minInsyncReplicas: 2,
  uncleanLeaderElection: false,
  partitions: 1,
  enableIdempotence: true,
  maxInFlightRequestsPerConnection: 5,
  faults: ['crash'],
  impairedBrokersMax: 1,
};

/** Brokers and replicas of every checked cluster: Kafka's usual RF=3. */
export const CHECK_BROKERS = 3;
/** consumer0 polls during the run; consumer1 only makes the final read. */
export const LIVE_CONSUMER = 'consumer0';
export const FINAL_READER = 'consumer1';
export const PRODUCER = 'producer0';

/** Timeouts of the checked cluster (ms), shorter than Kafka's defaults so that short schedules reach them. */
export const CHECK_TIMING = {
  replicaLagTimeMaxMs: 5_000,
  replicaSocketTimeoutMs: 5_000,
  brokerHeartbeatIntervalMs: 1_000,
  brokerSessionTimeoutMs: 3_000,
  requestTimeoutMs: 5_000,
  deliveryTimeoutMs: 15_000,
  retryBackoffMs: 100,
} as const;

/**
 * Records per follower fetch (Kafka bounds a fetch by bytes, replica.fetch.max.bytes). Small, so that a follower
 * that fell behind by a few sends catches up over several fetches, as a real one does over many, and a schedule
 * can stop between them.
 */
export const CHECK_REPLICA_FETCH_MAX_RECORDS = 1;

/** Partitions of a checked topic at most: a schedule of a few dozen steps means nothing over more. */
export const CHECK_PARTITIONS_MAX = 64;

export function clusterConfigFor(settings: CheckSettings): ClusterConfig {
  // Refused before the partition list is allocated: a count from a flag or a trace may be any number.
  if (!Number.isSafeInteger(settings.partitions) || settings.partitions < 1 || settings.partitions > CHECK_PARTITIONS_MAX) {
    throw new KcheckInputError('config', `partitions must be a whole number from 1 to ${CHECK_PARTITIONS_MAX}, got ${settings.partitions}`);
  }
  const allPartitions = Array.from({ length: settings.partitions }, (_, p) => p);
  return makeClusterConfig({
    brokers: CHECK_BROKERS,
    partitions: settings.partitions,
    replicationFactor: CHECK_BROKERS,
    minInsyncReplicas: settings.minInsyncReplicas,
    uncleanLeaderElection: settings.uncleanLeaderElection,
    replicaLagTimeMaxMs: CHECK_TIMING.replicaLagTimeMaxMs,
    replicaSocketTimeoutMs: CHECK_TIMING.replicaSocketTimeoutMs,
    brokerHeartbeatIntervalMs: CHECK_TIMING.brokerHeartbeatIntervalMs,
    brokerSessionTimeoutMs: CHECK_TIMING.brokerSessionTimeoutMs,
    replicaFetchMaxRecords: CHECK_REPLICA_FETCH_MAX_RECORDS,
    ...(settings.replicaFetchWaitMaxMs !== undefined ? { replicaFetchWaitMaxMs: settings.replicaFetchWaitMaxMs } : {}),
    ...(settings.fsyncEveryWrite ? { flush: { kind: 'fsyncEveryWrite' } } : {}),
    producers: [
      {
        ...(settings.retries !== undefined ? { retries: settings.retries } : {}),
        ...(settings.lingerMs !== undefined ? { lingerMs: settings.lingerMs } : {}),
        ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
        acks: settings.acks,
        enableIdempotence: settings.enableIdempotence,
        maxInFlightRequestsPerConnection: settings.maxInFlightRequestsPerConnection,
        requestTimeoutMs: CHECK_TIMING.requestTimeoutMs,
        deliveryTimeoutMs: CHECK_TIMING.deliveryTimeoutMs,
        retryBackoffMs: CHECK_TIMING.retryBackoffMs,
      },
    ],
    consumers: [
      { partitions: allPartitions, requestTimeoutMs: CHECK_TIMING.requestTimeoutMs },
      { partitions: allPartitions, requestTimeoutMs: CHECK_TIMING.requestTimeoutMs },
      ...groupMemberConfigs(settings),
    ],
    ...(settings.groups ? { groups: CHECK_GROUPS } : {}),
  });
}

/** Group members are consumer2, consumer3, … (after the live consumer and the final reader, which keep their jobs). */
export const FIRST_MEMBER_INDEX = 2;
export const GROUP_ID = 'group0';
/** Members at most: each adds steps to a schedule of a few dozen. */
export const GROUP_MEMBERS_MAX = 4;

/** Group timeouts (ms), shorter than Kafka's defaults (45 s session, 3 s heartbeat, 300 s max poll interval, 5 s
 * auto-commit, 3 s initial delay) in the proportions CHECK_TIMING keeps, so that short schedules reach them. */
export const CHECK_GROUP_TIMING = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  maxPollIntervalMs: 12_000,
  autoCommitIntervalMs: 1_000,
  initialRebalanceDelayMs: 1_000,
} as const;

const CHECK_GROUPS = { offsetsPartitions: 1, initialRebalanceDelayMs: CHECK_GROUP_TIMING.initialRebalanceDelayMs };

function groupMemberConfigs(settings: CheckSettings): Array<Record<string, unknown>> {
  const groups = settings.groups;
  if (!groups) return [];
  if (!Number.isSafeInteger(groups.members) || groups.members < 1 || groups.members > GROUP_MEMBERS_MAX) {
    throw new KcheckInputError('config', `groups.members must be a whole number from 1 to ${GROUP_MEMBERS_MAX}, got ${groups.members}`);
  }
  const { initialRebalanceDelayMs: _delay, ...memberTiming } = CHECK_GROUP_TIMING;
  const group = { groupId: GROUP_ID, assignor: 'range', processing: groups.processing, retryBackoffMs: CHECK_TIMING.retryBackoffMs, ...memberTiming };
  return Array.from({ length: groups.members }, () => ({ requestTimeoutMs: CHECK_TIMING.requestTimeoutMs, group }));
}

export function describeSettings(settings: CheckSettings): string {
  return [
    `acks=${settings.acks}`,
    `minISR=${settings.minInsyncReplicas}`,
    `unclean=${settings.uncleanLeaderElection ? 'on' : 'off'}`,
    `P=${settings.partitions}`,
    `idempotence=${settings.enableIdempotence ? 'on' : 'off'}`,
    `inFlight=${settings.maxInFlightRequestsPerConnection}`,
    `faults=${settings.faults.join('+') || 'none'}`,
    `impairedMax=${settings.impairedBrokersMax}`,
    ...(settings.retries !== undefined ? [`retries=${settings.retries}`] : []),
    ...(settings.lingerMs !== undefined ? [`linger=${settings.lingerMs}ms`] : []),
    ...(settings.batchSize !== undefined ? [`batch=${settings.batchSize}`] : []),
    ...(settings.fsyncEveryWrite ? ['fsync=every-write'] : []),
    ...(settings.probeLaggingFollowers !== undefined ? [`probe=${settings.probeLaggingFollowers}-lagging`] : []),
    ...(settings.brokersLeftDown !== undefined ? [`leftDown=${settings.brokersLeftDown}`] : []),
    ...(settings.replicaFetchWaitMaxMs !== undefined ? [`fetchWait=${settings.replicaFetchWaitMaxMs}ms`] : []),
    ...(settings.groups ? [`group=${settings.groups.members}x${settings.groups.processing}`] : []),
  ].join(' ');
}
