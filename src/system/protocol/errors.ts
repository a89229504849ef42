/** Kafka protocol error codes used by the simulated cluster (names as in Kafka's `Errors` enum). */
export type ErrorCode =
  | 'NONE'
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'REQUEST_TIMED_OUT'
  | 'FENCED_LEADER_EPOCH'
  | 'UNKNOWN_LEADER_EPOCH'
  | 'OFFSET_OUT_OF_RANGE'
  | 'DUPLICATE_SEQUENCE_NUMBER'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'INVALID_UPDATE_VERSION'
  | 'STALE_BROKER_EPOCH'
  | 'INELIGIBLE_REPLICA'
  // Consumer groups (the coordinator's answers):
  | 'NOT_COORDINATOR'
  | 'COORDINATOR_NOT_AVAILABLE'
  | 'ILLEGAL_GENERATION'
  | 'REBALANCE_IN_PROGRESS'
  | 'UNKNOWN_MEMBER_ID'
  | 'UNSTABLE_OFFSET_COMMIT';

/** Errors after which a producer may retry the same batch (Kafka's `RetriableException` subclasses). */
export const RETRIABLE_PRODUCE_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
]);

/** Errors that tell a client its view of the partition leader is stale. */
export const STALE_METADATA_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_LEADER_OR_FOLLOWER',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
]);
