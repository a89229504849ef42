/**
 * What a well-formed protocol message looks like, field by field, for the broker guard: a broker kcheck did not
 * write may send anything, and a malformed message must be reported as that broker's failure where it is sent,
 * not crash a client or the controller that receives it. Values are checked for type and basic range only;
 * whether they are right is the protocol invariants' and the spec model's business.
 */
import type { ErrorCode } from '../protocol/errors.ts';
import type { Message, MessageType } from '../protocol/messages.ts';

type FieldKind = 'int' | 'string' | 'acks' | 'error' | 'ints' | 'producedRecords' | 'logRecords' | 'partitionEpochs' | 'partitionMetadata' | 'strings' | 'assignorOrNull' | 'memberAssignments' | 'partitionOffsets';

const ERROR_CODES: Record<ErrorCode, true> = {
  NONE: true,
  NOT_LEADER_OR_FOLLOWER: true,
  NOT_ENOUGH_REPLICAS: true,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: true,
  REQUEST_TIMED_OUT: true,
  FENCED_LEADER_EPOCH: true,
  UNKNOWN_LEADER_EPOCH: true,
  OFFSET_OUT_OF_RANGE: true,
  DUPLICATE_SEQUENCE_NUMBER: true,
  OUT_OF_ORDER_SEQUENCE_NUMBER: true,
  INVALID_UPDATE_VERSION: true,
  STALE_BROKER_EPOCH: true,
  INELIGIBLE_REPLICA: true,
  NOT_COORDINATOR: true,
  COORDINATOR_NOT_AVAILABLE: true,
  ILLEGAL_GENERATION: true,
  REBALANCE_IN_PROGRESS: true,
  UNKNOWN_MEMBER_ID: true,
  UNSTABLE_OFFSET_COMMIT: true,
};

/** Required fields per message type (`?` marks an optional one). A type added to messages.ts and not here fails tsc. */
const FIELDS: Record<MessageType, Record<string, FieldKind>> = {
  produceRequest: { correlationId: 'int', partition: 'int', acks: 'acks', timeoutMs: 'int', producerId: 'int', baseSequence: 'int', records: 'producedRecords' },
  produceResponse: { correlationId: 'int', partition: 'int', error: 'error', baseOffset: 'int' },
  fetchRequest: { correlationId: 'int', partition: 'int', fetchOffset: 'int', replicaId: 'int', currentLeaderEpoch: 'int', maxRecords: 'int' },
  fetchResponse: { correlationId: 'int', partition: 'int', error: 'error', records: 'logRecords', highWatermark: 'int', leaderEpoch: 'int' },
  offsetsForLeaderEpochRequest: { correlationId: 'int', partition: 'int', replicaId: 'int', currentLeaderEpoch: 'int', leaderEpoch: 'int' },
  offsetsForLeaderEpochResponse: { correlationId: 'int', partition: 'int', error: 'error', leaderEpoch: 'int', endOffset: 'int' },
  brokerRegistration: { brokerId: 'int', incarnation: 'int' },
  brokerHeartbeat: { brokerId: 'int', incarnation: 'int', 'partitionEpochs?': 'partitionEpochs' },
  leaderAndIsr: { partition: 'int', leader: 'int', leaderEpoch: 'int', partitionEpoch: 'int', isr: 'ints', replicas: 'ints', brokerEpoch: 'int' },
  alterPartitionRequest: { brokerId: 'int', partition: 'int', leaderEpoch: 'int', partitionEpoch: 'int', newIsr: 'ints' },
  alterPartitionResponse: { partition: 'int', error: 'error', leader: 'int', leaderEpoch: 'int', partitionEpoch: 'int', isr: 'ints' },
  metadataRequest: { correlationId: 'int' },
  metadataResponse: { correlationId: 'int', partitions: 'partitionMetadata' },
  findCoordinatorRequest: { correlationId: 'int', groupId: 'string' },
  findCoordinatorResponse: { correlationId: 'int', error: 'error', coordinator: 'int' },
  joinGroupRequest: { correlationId: 'int', groupId: 'string', memberId: 'string', sessionTimeoutMs: 'int', rebalanceTimeoutMs: 'int', assignors: 'strings' },
  joinGroupResponse: { correlationId: 'int', error: 'error', generation: 'int', memberId: 'string', leaderId: 'string', assignor: 'assignorOrNull', members: 'strings' },
  syncGroupRequest: { correlationId: 'int', groupId: 'string', memberId: 'string', generation: 'int', assignments: 'memberAssignments' },
  syncGroupResponse: { correlationId: 'int', error: 'error', partitions: 'ints' },
  heartbeatRequest: { correlationId: 'int', groupId: 'string', memberId: 'string', generation: 'int' },
  heartbeatResponse: { correlationId: 'int', error: 'error' },
  leaveGroupRequest: { correlationId: 'int', groupId: 'string', memberId: 'string' },
  leaveGroupResponse: { correlationId: 'int', error: 'error' },
  offsetCommitRequest: { correlationId: 'int', groupId: 'string', memberId: 'string', generation: 'int', offsets: 'partitionOffsets' },
  offsetCommitResponse: { correlationId: 'int', error: 'error' },
  offsetFetchRequest: { correlationId: 'int', groupId: 'string', partitions: 'ints' },
  offsetFetchResponse: { correlationId: 'int', error: 'error', offsets: 'partitionOffsets' },
};

/** Records one message may carry at most: more is a runaway broker. */
const RECORDS_PER_MESSAGE_MAX = 100_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown): boolean => Number.isSafeInteger(value);
const isKey = (value: unknown): boolean => value === null || typeof value === 'string';

function listProblem(value: unknown, each: (item: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(value)) return 'is not a list';
  if (value.length > RECORDS_PER_MESSAGE_MAX) return `has ${value.length} entries (at most ${RECORDS_PER_MESSAGE_MAX})`;
  for (let i = 0; i < value.length; i++) {
    const problem = each(value[i]);
    if (problem) return `[${i}] ${problem}`;
  }
  return undefined;
}

function logRecordProblem(r: unknown): string | undefined {
  if (!isObject(r)) return 'is not a record';
  if (!isInt(r.offset) || (r.offset as number) < 0) return 'has no whole offset ≥ 0';
  if (!isInt(r.leaderEpoch) || !isInt(r.producerId) || !isInt(r.sequence)) return 'needs whole leaderEpoch, producerId and sequence';
  if (typeof r.value !== 'string' || !isKey(r.key)) return 'needs a string value and a string or null key';
  if (r.lastInBatch !== undefined && typeof r.lastInBatch !== 'boolean') return 'has a lastInBatch that is not a boolean';
  return undefined;
}

function fieldProblem(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'int':
      return isInt(value) ? undefined : 'is not a whole number';
    case 'string':
      return typeof value === 'string' ? undefined : 'is not a string';
    case 'acks':
      return value === 0 || value === 1 || value === 'all' ? undefined : 'is not 0, 1 or "all"';
    case 'error':
      return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value) ? undefined : 'is not a Kafka error code kcheck knows';
    case 'ints':
      return listProblem(value, (v) => (isInt(v) ? undefined : 'is not a whole number'));
    case 'producedRecords':
      return listProblem(value, (r) => (isObject(r) && typeof r.value === 'string' && isKey(r.key) ? undefined : 'is not { key, value } with a string value'));
    case 'logRecords':
      return listProblem(value, logRecordProblem);
    case 'partitionEpochs':
      return listProblem(value, (e) => (isObject(e) && isInt(e.partition) && isInt(e.partitionEpoch) ? undefined : 'is not { partition, partitionEpoch }'));
    case 'partitionMetadata':
      return listProblem(value, (m) => (isObject(m) && isInt(m.partition) && isInt(m.leader) && isInt(m.leaderEpoch) ? undefined : 'is not { partition, leader, leaderEpoch }'));
    case 'strings':
      return listProblem(value, (v) => (typeof v === 'string' ? undefined : 'is not a string'));
    case 'assignorOrNull':
      return value === null || value === 'range' || value === 'roundRobin' ? undefined : 'is not "range", "roundRobin" or null';
    case 'memberAssignments':
      return listProblem(value, (a) => (isObject(a) && typeof a.memberId === 'string' && fieldProblem('ints', a.partitions) === undefined ? undefined : 'is not { memberId, partitions }'));
    case 'partitionOffsets':
      return listProblem(value, (o) => (isObject(o) && isInt(o.partition) && isInt(o.offset) ? undefined : 'is not { partition, offset }'));
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** What is wrong with a message a broker sends, or undefined when it has the shape its type says. */
export function messageProblem(message: unknown): string | undefined {
  if (!isObject(message)) return 'is not an object';
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return `has an unknown type ${JSON.stringify(type) ?? String(type)}`;
  for (const [name, kind] of Object.entries(FIELDS[type as MessageType])) {
    const optional = name.endsWith('?');
    const field = optional ? name.slice(0, -1) : name;
    const value = message[field];
    if (value === undefined) {
      if (optional) continue;
      return `(${type}) has no ${field}`;
    }
    const problem = fieldProblem(kind, value);
    if (problem) return `(${type}) field ${field} ${problem}`;
  }
  return undefined;
}

export type { Message };
