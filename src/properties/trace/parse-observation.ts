/**
 * Reads the client observations a trace records per step (what the producer and consumers saw). They are for
 * reading only — a replay derives its own — but a trace that claims an observation of a node or partition the
 * cluster does not have is not a trace of this cluster, so it is rejected like any other malformed field.
 */
import type { Observation } from '../../system/kernel/observations.ts';
import type { ConsumedRecord } from '../../system/protocol/records.ts';
import { readNode, type ClusterNodes } from './parse-step.ts';
import { preview, readArray, readBoolean, readInteger, readObject, readString, type Fail } from './trace-fields.ts';

const OBSERVATION_TYPES: ReadonlyArray<Observation['type']> = ['sendInvoked', 'sendAcked', 'sendFailed', 'pollReturned', 'positionReset', 'groupAssigned', 'groupRevoked', 'offsetCommitted'];
/** Partitions one group event may name; a topic here has a few. */
const GROUP_PARTITIONS_MAX = 1_000;
/** Records one poll may return in a trace; a consumer fetches at most a few hundred per request. */
const POLLED_RECORDS_MAX = 10_000;

export interface ObservationContext {
  nodes: ClusterNodes;
  partitions: number;
}

function readKey(value: unknown, where: string, fail: Fail): string | null {
  return value === null ? null : readString(value, where, fail);
}

function readRecord(raw: unknown, where: string, partitions: number, fail: Fail): ConsumedRecord {
  const o = readObject(raw, where, ['partition', 'offset', 'key', 'value'], [], fail);
  return {
    partition: readInteger(o.partition, `${where}.partition`, fail, 0, partitions - 1),
    offset: readInteger(o.offset, `${where}.offset`, fail, 0),
    key: readKey(o.key, `${where}.key`, fail),
    value: readString(o.value, `${where}.value`, fail),
  };
}

function readPartitionOffset(raw: unknown, where: string, partitions: number, fail: Fail): { partition: number; offset: number } {
  const o = readObject(raw, where, ['partition', 'offset'], [], fail);
  return { partition: readInteger(o.partition, `${where}.partition`, fail, 0, partitions - 1), offset: readInteger(o.offset, `${where}.offset`, fail, 0) };
}

export function readObservation(raw: unknown, where: string, context: ObservationContext, fail: Fail): Observation {
  const type = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).type : undefined) as Observation['type'];
  if (!OBSERVATION_TYPES.includes(type)) fail(`${where}.type`, `unknown observation type ${preview(type)}; one of ${OBSERVATION_TYPES.join(', ')}`);
  const { nodes, partitions } = context;
  const partition = (o: Record<string, unknown>) => readInteger(o.partition, `${where}.partition`, fail, 0, partitions - 1);
  const producer = (o: Record<string, unknown>) => readNode(o.producer, `${where}.producer`, ['producer'], nodes, fail);
  const consumer = (o: Record<string, unknown>) => readNode(o.consumer, `${where}.consumer`, ['consumer'], nodes, fail);
  const text = (o: Record<string, unknown>, field: string) => readString(o[field], `${where}.${field}`, fail);
  const generation = (o: Record<string, unknown>) => readInteger(o.generation, `${where}.generation`, fail, -1);
  const partitionList = (o: Record<string, unknown>) => readArray(o.partitions, `${where}.partitions`, GROUP_PARTITIONS_MAX, fail, (p, at) => readInteger(p, at, fail, 0, partitions - 1));
  switch (type) {
    case 'sendInvoked': {
      const o = readObject(raw, where, ['type', 'producer', 'sendId', 'key', 'value', 'partition'], [], fail);
      return { type, producer: producer(o), sendId: text(o, 'sendId'), key: readKey(o.key, `${where}.key`, fail), value: text(o, 'value'), partition: partition(o) };
    }
    case 'sendAcked': {
      const o = readObject(raw, where, ['type', 'producer', 'sendId', 'value', 'partition', 'offset'], [], fail);
      return { type, producer: producer(o), sendId: text(o, 'sendId'), value: text(o, 'value'), partition: partition(o), offset: readInteger(o.offset, `${where}.offset`, fail, -1) };
    }
    case 'sendFailed': {
      const o = readObject(raw, where, ['type', 'producer', 'sendId', 'value', 'partition', 'error', 'definite'], [], fail);
      // The error code is shown, not interpreted: any name a broker answered with is kept as written.
      const error = readString(o.error, `${where}.error`, fail, { nonEmpty: true }) as Extract<Observation, { type: 'sendFailed' }>['error'];
      return { type, producer: producer(o), sendId: text(o, 'sendId'), value: text(o, 'value'), partition: partition(o), error, definite: readBoolean(o.definite, `${where}.definite`, fail) };
    }
    case 'pollReturned': {
      const o = readObject(raw, where, ['type', 'consumer', 'partition', 'fetchOffset', 'records'], [], fail);
      const records = readArray(o.records, `${where}.records`, POLLED_RECORDS_MAX, fail, (r, at) => readRecord(r, at, partitions, fail));
      return { type, consumer: consumer(o), partition: partition(o), fetchOffset: readInteger(o.fetchOffset, `${where}.fetchOffset`, fail, 0), records };
    }
    case 'positionReset': {
      const o = readObject(raw, where, ['type', 'consumer', 'partition', 'fromOffset', 'toOffset'], [], fail);
      return { type, consumer: consumer(o), partition: partition(o), fromOffset: readInteger(o.fromOffset, `${where}.fromOffset`, fail, 0), toOffset: readInteger(o.toOffset, `${where}.toOffset`, fail, 0) };
    }
    case 'groupAssigned': {
      const o = readObject(raw, where, ['type', 'consumer', 'groupId', 'memberId', 'generation', 'partitions', 'positions'], [], fail);
      return {
        type,
        consumer: consumer(o),
        groupId: text(o, 'groupId'),
        memberId: text(o, 'memberId'),
        generation: generation(o),
        partitions: partitionList(o),
        positions: readArray(o.positions, `${where}.positions`, GROUP_PARTITIONS_MAX, fail, (p, at) => readPartitionOffset(p, at, partitions, fail)),
      };
    }
    case 'groupRevoked': {
      const o = readObject(raw, where, ['type', 'consumer', 'groupId', 'generation', 'partitions', 'lost'], [], fail);
      return {
        type,
        consumer: consumer(o),
        groupId: text(o, 'groupId'),
        generation: generation(o),
        partitions: partitionList(o),
        lost: readBoolean(o.lost, `${where}.lost`, fail),
      };
    }
    case 'offsetCommitted': {
      const o = readObject(raw, where, ['type', 'consumer', 'groupId', 'memberId', 'generation', 'offsets', 'error', 'sentMs'], [], fail);
      const error = readString(o.error, `${where}.error`, fail, { nonEmpty: true }) as Extract<Observation, { type: 'offsetCommitted' }>['error'];
      return {
        type,
        consumer: consumer(o),
        groupId: text(o, 'groupId'),
        memberId: text(o, 'memberId'),
        generation: generation(o),
        offsets: readArray(o.offsets, `${where}.offsets`, GROUP_PARTITIONS_MAX, fail, (p, at) => readPartitionOffset(p, at, partitions, fail)),
        error,
        sentMs: readInteger(o.sentMs, `${where}.sentMs`, fail, 0),
      };
    }
    default: {
      const never: never = type;
      return fail(`${where}.type`, `unknown observation type ${preview(never)}`);
    }
  }
}
