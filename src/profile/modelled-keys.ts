/**
 * The Kafka keys kcheck models, with Kafka 4.0's default and the bounds a value must keep (Kafka's, then the
 * simulator's), and the reason kcheck gives for a real Kafka key it reads but does not model. Which value wins and
 * how the keys interact (idempotence) is resolve-config.ts's business.
 */
import type { Acks } from '../system/protocol/messages.ts';
import { CHECK_PARTITIONS_MAX } from '../properties/settings.ts';
import { readBoolean, readWhole, type ValueReading } from './kafka-values.ts';

export type Scope = 'producer' | 'broker' | 'topic';

/** Settings kcheck models, named by the Kafka key that sets them (the topic-level name where there are two). */
export type SettingName =
  | 'acks'
  | 'enable.idempotence'
  | 'max.in.flight.requests.per.connection'
  | 'retries'
  | 'linger.ms'
  | 'batch.size'
  | 'min.insync.replicas'
  | 'unclean.leader.election.enable'
  | 'replication.factor'
  | 'partitions'
  | 'flush.messages';

export type SettingValue = Acks | boolean | number;

/** A reading refused by kcheck (beyond what it simulates), not by Kafka: the message says so. */
export interface KcheckBound {
  beyondKcheck: string;
}

export interface ModelledKey {
  setting: SettingName;
  /** The key's name in each scope that has it (a broker's `num.partitions` is a topic's `partitions`). */
  names: Partial<Record<Scope, string>>;
  /** Kafka 4.0's default, as Kafka writes it. */
  kafkaDefault: string;
  /** What kcheck takes when the key is unset, where that is not Kafka's default (and why). */
  kcheckDefault?: { value: string; why: string };
  read: (raw: string) => ValueReading<SettingValue> | KcheckBound;
}

/** Upper bounds of the simulated cluster (not Kafka limits): one topic on 3 brokers. */
export const PARTITIONS_MAX = CHECK_PARTITIONS_MAX;
export const REPLICATION_FACTOR = 3;
/** The checked cluster's delivery.timeout.ms (15 s) less its request.timeout.ms (5 s): Kafka's rule linger.ms +
 * request.timeout.ms ≤ delivery.timeout.ms keeps a longer linger from fitting its timing. */
export const LINGER_MS_MAX = 10_000;
/** `batch.size` counts bytes, kcheck's batches records: a record is taken as 1 KiB (16384, Kafka's default, is 16). */
export const RECORD_BYTES = 1_024;
export const INT_MAX = 2_147_483_647;
export const LONG_MAX = 9_223_372_036_854_775_807n;

/** `limit` says what kcheck's bound is, in words that follow "kcheck simulates at most". */
const whole = (type: 'INT' | 'LONG', min: number, kcheckMax?: number, limit?: string) => (raw: string): ValueReading<SettingValue> | KcheckBound => {
  const reading = readWhole(raw, type, min);
  if (!reading.ok) return reading;
  if (kcheckMax !== undefined && reading.value > BigInt(kcheckMax)) return { beyondKcheck: `kcheck simulates at most ${limit ?? kcheckMax}` };
  // A LONG past what kcheck bounds is only ever compared with small counts: the largest safe number stands for it.
  return { ok: true, value: reading.value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(reading.value) };
};

const bool = (raw: string): ValueReading<SettingValue> => readBoolean(raw);

function readAcks(raw: string): ValueReading<SettingValue> {
  const text = raw.trim();
  if (text === 'all' || text === '-1') return { ok: true, value: 'all' };
  if (text === '0' || text === '1') return { ok: true, value: Number(text) as 0 | 1 };
  return { ok: false, reason: 'must be one of all, -1, 0, 1' };
}

function readReplicationFactor(raw: string): ValueReading<SettingValue> | KcheckBound {
  const reading = readWhole(raw, 'INT', 1);
  if (!reading.ok) return reading;
  if (reading.value !== BigInt(REPLICATION_FACTOR)) return { beyondKcheck: `kcheck simulates replication factor ${REPLICATION_FACTOR} only (${REPLICATION_FACTOR} brokers)` };
  return { ok: true, value: REPLICATION_FACTOR };
}

export const MODELLED_KEYS: readonly ModelledKey[] = [
  { setting: 'acks', names: { producer: 'acks' }, kafkaDefault: 'all', read: readAcks },
  { setting: 'enable.idempotence', names: { producer: 'enable.idempotence' }, kafkaDefault: 'true', read: bool },
  { setting: 'max.in.flight.requests.per.connection', names: { producer: 'max.in.flight.requests.per.connection' }, kafkaDefault: '5', read: whole('INT', 1) },
  { setting: 'retries', names: { producer: 'retries' }, kafkaDefault: String(INT_MAX), read: whole('INT', 0) },
  { setting: 'linger.ms', names: { producer: 'linger.ms' }, kafkaDefault: '5', read: whole('LONG', 0, LINGER_MS_MAX, `linger.ms=${LINGER_MS_MAX} (its delivery.timeout.ms 15000 less its request.timeout.ms 5000)`) },
  { setting: 'batch.size', names: { producer: 'batch.size' }, kafkaDefault: '16384', read: whole('INT', 0) },
  {
    setting: 'min.insync.replicas',
    names: { broker: 'min.insync.replicas', topic: 'min.insync.replicas' },
    kafkaDefault: '1',
    read: whole('INT', 1, REPLICATION_FACTOR, `min.insync.replicas=${REPLICATION_FACTOR}, its topic’s replication factor (with more, no acks=all write could succeed)`),
  },
  { setting: 'unclean.leader.election.enable', names: { broker: 'unclean.leader.election.enable', topic: 'unclean.leader.election.enable' }, kafkaDefault: 'false', read: bool },
  {
    setting: 'replication.factor',
    names: { broker: 'default.replication.factor', topic: 'replication.factor' },
    kafkaDefault: '1',
    kcheckDefault: { value: String(REPLICATION_FACTOR), why: `kcheck’s topic is created with RF ${REPLICATION_FACTOR} on ${REPLICATION_FACTOR} brokers (Kafka’s default.replication.factor=1 is for auto-created topics)` },
    read: readReplicationFactor,
  },
  { setting: 'partitions', names: { broker: 'num.partitions', topic: 'partitions' }, kafkaDefault: '1', read: whole('INT', 1, PARTITIONS_MAX, `${PARTITIONS_MAX} partitions`) },
  { setting: 'flush.messages', names: { broker: 'log.flush.interval.messages', topic: 'flush.messages' }, kafkaDefault: String(LONG_MAX), read: whole('LONG', 1) },
];

export function modelledKey(setting: SettingName): ModelledKey {
  return MODELLED_KEYS.find((k) => k.setting === setting)!;
}

/** The modelled key a scope's key name sets, if any. */
export function modelledKeyNamed(scope: Scope, name: string): ModelledKey | undefined {
  return MODELLED_KEYS.find((k) => k.names[scope] === name);
}

/** kafka-topics --create takes these; they are not topic configs, but a topic file may give them. */
export const TOPIC_CREATION_KEYS = ['partitions', 'replication.factor'] as const;

/** What kcheck says of a real Kafka key it has no more to say about. */
export const NOT_MODELLED = 'not modelled, ignored';

const TIMING = 'not modelled: the checked cluster runs its own shorter timeouts so that short schedules reach them (docs/verification.md §5)';
const TIME_FLUSH = 'not modelled: the page cache reaches the disk when the OS writes it back (every 30 s) or on every append (flush.messages=1)';

/** Why a real Kafka key that matters to durability or ordering is not modelled; other keys are just "ignored". */
export const NOT_MODELLED_REASONS: Readonly<Record<string, string>> = {
  'request.timeout.ms': TIMING,
  'delivery.timeout.ms': TIMING,
  'retry.backoff.ms': TIMING,
  'retry.backoff.max.ms': TIMING,
  'replica.lag.time.max.ms': TIMING,
  'replica.socket.timeout.ms': TIMING,
  'replica.fetch.wait.max.ms': TIMING,
  'broker.session.timeout.ms': TIMING,
  'broker.heartbeat.interval.ms': TIMING,
  'log.flush.interval.ms': TIME_FLUSH,
  'log.flush.scheduler.interval.ms': TIME_FLUSH,
  'flush.ms': TIME_FLUSH,
  'transactional.id': 'not modelled: kcheck has no transactions (Kafka’s rule that it needs idempotence is checked)',
  'compression.type': 'not modelled: batches are not compressed',
  'partitioner.class': 'not modelled: kcheck uses Kafka’s default partitioner',
};
