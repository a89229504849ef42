/**
 * A history: every client operation as an invocation and its completion, in the order they happened. The
 * vocabulary follows Jepsen's Kafka workload: a `send` or `poll` operation carries micro-operations; a key of
 * Jepsen's is a partition here. The spec model and the history checker judge only this; they never see a
 * broker. `docs/history-format.md` documents the JSON form.
 */

/** invoke: the client called. ok: it definitely happened. fail: it definitely did not happen. info: unknown
 * (a timeout) — the operation may or may not have taken effect. */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export type Partition = number;
/** A record's value; unique per send in a generated workload. */
export type Value = string;
/** [offset, value]; the offset is null when the system did not say (acks=0). */
export type OffsetValue = [offset: number | null, value: Value];

/** `['send', partition, value]` on invoke, fail and info; `['send', partition, [offset, value]]` on ok. */
export type SendMicroOp = ['send', Partition, Value | OffsetValue];
/** `['poll']` on invoke; `['poll', { partition: [[offset, value], …] }]` on ok (offsets always known). */
export type PollMicroOp = ['poll'] | ['poll', Record<string, Array<[number, Value]>>];

interface OpBase {
  /** Position in the history, 0-based, dense. */
  index: number;
  /** Virtual time in ms. */
  timeMs: number;
  /** The client: `producer0`, `consumer1`, … */
  process: string;
  type: OpType;
  /** Why a fail or info happened (`NOT_ENOUGH_REPLICAS`, `DELIVERY_TIMEOUT`). */
  error?: string;
}

export interface SendOp extends OpBase {
  f: 'send';
  value: SendMicroOp[];
}

export interface PollOp extends OpBase {
  f: 'poll';
  value: PollMicroOp[];
  /** On an ok: this poll returned every record of its partitions from offset 0 to the end of the log, read
   * after the cluster healed and converged. A value missing from a final read is lost, not merely unseen. */
  final?: boolean;
}

/** The consumer's partitions; its positions start over (Kafka's assign, or a reset of the position to the log
 * start by auto.offset.reset=earliest). */
export interface AssignOp extends OpBase {
  f: 'assign';
  value: Partition[];
}

export type Op = SendOp | PollOp | AssignOp;

export interface History {
  format: 'kcheck-history';
  version: 1;
  ops: Op[];
}

/** Names after Jepsen's Kafka checker, plus aborted-read and phantom. */
export type AnomalyName =
  | 'lost-write'
  | 'duplicate'
  | 'inconsistent-offsets'
  | 'poll-skip'
  | 'nonmonotonic-poll'
  | 'nonmonotonic-send'
  | 'int-poll-skip'
  | 'int-nonmonotonic-poll'
  | 'aborted-read'
  | 'phantom'
  | 'unseen';

export const ANOMALY_NAMES: readonly AnomalyName[] = [
  'lost-write',
  'duplicate',
  'inconsistent-offsets',
  'poll-skip',
  'nonmonotonic-poll',
  'nonmonotonic-send',
  'int-poll-skip',
  'int-nonmonotonic-poll',
  'aborted-read',
  'phantom',
  'unseen',
];

export interface Anomaly {
  name: AnomalyName;
  partition: Partition;
  /** The values and offsets involved. */
  values: Value[];
  offsets: number[];
  /** Indices of the history ops that show it; the last one is where it became visible. */
  ops: number[];
  /** One sentence a person can read: "producer0's r1, acked at offset 0 of p0 (op 3), is missing from the final read
   * of p0 (op 17)". */
  message: string;
}
