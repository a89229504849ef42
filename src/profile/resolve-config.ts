/**
 * Turns a user's Kafka configuration — assignments from properties files, `--set key=value` and flags, in the
 * order they take precedence — into the settings kcheck checks, following Kafka 4.0: its defaults for unset keys,
 * its refusals (a malformed value, an explicit `enable.idempotence=true` it cannot honour, …) and its silent
 * adjustments (idempotence off by default with acks≠all or retries=0). A key kcheck does not model is listed, with
 * its reason; an unknown key is refused with the file, line and key. The fault model is not configuration: the
 * caller adds it.
 */
import { KcheckInputError } from '../input-error.ts';
import type { CheckSettings } from '../properties/settings.ts';
import type { Acks } from '../system/protocol/messages.ts';
import { KAFKA_BROKER_KEYS, KAFKA_PRODUCER_KEYS, KAFKA_TOPIC_KEYS, type KafkaKeyTable } from './kafka-config-keys.ts';
import { checkKafkaValue } from './kafka-values.ts';
import {
  INT_MAX,
  MODELLED_KEYS,
  modelledKey,
  modelledKeyNamed,
  NOT_MODELLED,
  NOT_MODELLED_REASONS,
  RECORD_BYTES,
  TOPIC_CREATION_KEYS,
  type ModelledKey,
  type Scope,
  type SettingName,
  type SettingValue,
} from './modelled-keys.ts';
import type { PropertyEntry } from './properties-file.ts';

/** Where a value came from: a file's line, a `--set`, a flag (its text as typed), Kafka's default, or kcheck's
 * (where kcheck cannot take Kafka's: the replication factor). */
export type ValueSource = { kind: 'file'; file: string; line: number } | { kind: 'set'; text: string } | { kind: 'flag'; text: string } | { kind: 'default' } | { kind: 'kcheck' };

export interface Assignment {
  scope: Scope;
  key: string;
  value: string;
  source: ValueSource;
}

/** One modelled setting as the profile states it. */
export interface ConfigLine {
  key: string;
  value: string;
  /** `producer.properties:3`, `--acks 1`, `Kafka's default`, … */
  source: string;
  /** What kcheck makes of it, when that is more than the value (`16 records`, `turned off by Kafka: acks=1`). */
  note?: string;
}

export interface NotModelledKey {
  key: string;
  source: string;
  reason: string;
}

export interface ResolvedConfig {
  settings: Omit<CheckSettings, 'faults' | 'impairedBrokersMax'>;
  lines: ConfigLine[];
  notModelled: NotModelledKey[];
}

const SCOPE_TABLES: Record<Scope, KafkaKeyTable> = { producer: KAFKA_PRODUCER_KEYS, broker: KAFKA_BROKER_KEYS, topic: KAFKA_TOPIC_KEYS };
const SCOPE_FLAGS: Record<Scope, string> = { producer: '--producer-config', broker: '--broker-config', topic: '--topic-config' };
/** Open-ended key families Kafka accepts (per-listener settings, config providers), never modelled. */
const OPEN_PREFIXES: Partial<Record<Scope, readonly string[]>> = { broker: ['listener.name.', 'config.providers.'], producer: ['config.providers.'] };

export function sourceLabel(source: ValueSource): string {
  switch (source.kind) {
    case 'file':
      return `${source.file}:${source.line}`;
    case 'set':
      return `--set ${source.text}`;
    case 'flag':
      return source.text;
    case 'default':
      return 'Kafka’s default';
    case 'kcheck':
      return 'kcheck’s default';
    default: {
      const unknown: never = source;
      return String(unknown);
    }
  }
}

function fail(source: ValueSource, what: string): never {
  throw new KcheckInputError('config', `${sourceLabel(source)}: ${what}`);
}

/** Refuses one value: a file's line names its key and value; a `--set` or a flag already shows them. */
function refuseValue(source: ValueSource, key: string, raw: string, why: string): never {
  const subject = source.kind === 'set' ? '' : `${key}=${raw.trim()}: `;
  return fail(source, `${subject}${why}`);
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}

function suggestion(key: string, scopes: readonly Scope[]): string {
  const candidates = scopes.flatMap((s) => [...Object.keys(SCOPE_TABLES[s]), ...(s === 'topic' ? TOPIC_CREATION_KEYS : [])]);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 6)) + 1;
  for (const candidate of candidates) {
    const d = distance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function isKafkaKey(scope: Scope, key: string): boolean {
  return Object.hasOwn(SCOPE_TABLES[scope], key) || (scope === 'topic' && (TOPIC_CREATION_KEYS as readonly string[]).includes(key)) || (OPEN_PREFIXES[scope] ?? []).some((p) => key.startsWith(p));
}

/** The entries of a properties file given for one scope, as assignments. */
export function fileAssignments(scope: Scope, file: string, entries: readonly PropertyEntry[]): Assignment[] {
  return entries.map((e) => ({ scope, key: e.key, value: e.value, source: { kind: 'file', file, line: e.line } }));
}

/** `--set key=value`: the key says its scope (a modelled key first, then the producer's, the topic's, the broker's). */
export function setAssignment(text: string): Assignment {
  const source: ValueSource = { kind: 'set', text };
  const at = text.indexOf('=');
  if (at <= 0) fail(source, 'must be key=value');
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1);
  const scopes: Scope[] = ['producer', 'topic', 'broker'];
  const scope = scopes.find((s) => modelledKeyNamed(s, key)) ?? scopes.find((s) => isKafkaKey(s, key));
  if (!scope) fail(source, `unknown Kafka key ${JSON.stringify(key)}${suggestion(key, scopes)}`);
  return { scope, key, value, source };
}

function checkKnown(assignment: Assignment): void {
  const { scope, key, source } = assignment;
  if (isKafkaKey(scope, key)) return;
  const elsewhere = (['producer', 'broker', 'topic'] as const).filter((s) => s !== scope && isKafkaKey(s, key));
  if (elsewhere.length > 0) fail(source, `${key} is not a ${scope} key but a ${elsewhere.join(' and ')} key: give it with ${elsewhere.map((s) => SCOPE_FLAGS[s]).join(' or ')}`);
  fail(source, `unknown ${scope} key ${JSON.stringify(key)}${suggestion(key, [scope])}`);
}

interface Chosen {
  value: SettingValue;
  raw: string;
  key: string;
  source: ValueSource;
}

/** Reads every assignment, later ones overriding earlier ones; returns the modelled settings given, the raw values
 * of the keys Kafka's rules need, and the keys not modelled. */
function readAssignments(assignments: readonly Assignment[]): { chosen: Map<SettingName, Chosen>; ruleKeys: Map<string, { raw: string; source: ValueSource }>; notModelled: Map<string, NotModelledKey> } {
  const chosen = new Map<SettingName, Chosen>();
  const ruleKeys = new Map<string, { raw: string; source: ValueSource }>();
  const notModelled = new Map<string, NotModelledKey>();
  for (const assignment of assignments) {
    checkKnown(assignment);
    const { scope, key, value: raw, source } = assignment;
    const modelled = modelledKeyNamed(scope, key);
    if (modelled) {
      const reading = modelled.read(raw);
      if ('beyondKcheck' in reading) refuseValue(source, key, raw, reading.beyondKcheck);
      if (!reading.ok) refuseValue(source, key, raw, `Kafka refuses it: ${reading.reason}`);
      chosen.set(modelled.setting, { value: reading.value, raw: raw.trim(), key, source });
      continue;
    }
    const declared = SCOPE_TABLES[scope][key];
    const problem = declared ? checkKafkaValue(raw, declared) : undefined;
    if (problem) refuseValue(source, key, raw, `Kafka refuses it: ${problem}`);
    if (scope === 'producer' && (key === 'delivery.timeout.ms' || key === 'request.timeout.ms' || key === 'transactional.id')) ruleKeys.set(key, { raw: raw.trim(), source });
    notModelled.delete(key);
    notModelled.set(key, { key, source: sourceLabel(source), reason: NOT_MODELLED_REASONS[key] ?? NOT_MODELLED });
  }
  return { chosen, ruleKeys, notModelled };
}

function defaultOf(key: ModelledKey): Chosen {
  const raw = key.kcheckDefault?.value ?? key.kafkaDefault;
  const reading = key.read(raw);
  if (!('ok' in reading) || !reading.ok) throw new Error(`the default of ${key.setting} does not read`);
  return { value: reading.value, raw, key: key.names.producer ?? key.names.topic!, source: { kind: key.kcheckDefault ? 'kcheck' : 'default' } };
}

function show(chosen: Chosen): string {
  return `${chosen.key}=${chosen.raw}`;
}

/** Kafka 4.0's ProducerConfig.postProcessAndValidateIdempotenceConfigs: idempotence is on by default and turned
 * off in silence by acks≠all or retries=0, but refused when asked for explicitly; more than 5 requests in flight
 * are refused whenever idempotence is on (Kafka 3.x turned it off with a warning). */
function effectiveIdempotence(get: (s: SettingName) => Chosen): { enabled: boolean; offBecause?: string } {
  const idempotence = get('enable.idempotence');
  if (idempotence.value !== true) return { enabled: false };
  const explicit = idempotence.source.kind !== 'default';
  const retries = get('retries');
  const acks = get('acks');
  const inFlight = get('max.in.flight.requests.per.connection');
  const refuse = (other: Chosen, message: string): never =>
    refuseValue(idempotence.source, idempotence.key, idempotence.raw, `Kafka refuses it with ${show(other)} (${sourceLabel(other.source)}): ${message}`);
  let offBecause: string | undefined;
  if (retries.value === 0) {
    if (explicit) refuse(retries, 'Must set retries to non-zero when using the idempotent producer.');
    offBecause = 'retries=0';
  }
  if (acks.value !== 'all') {
    if (explicit) refuse(acks, 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.');
    offBecause ??= `acks=${acks.raw}`;
  }
  if ((inFlight.value as number) > 5) {
    const message = `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${inFlight.raw}.`;
    if (explicit) refuse(inFlight, message);
    refuseValue(inFlight.source, inFlight.key, inFlight.raw, `Kafka refuses it: ${message} (enable.idempotence=false allows it)`);
  }
  return offBecause ? { enabled: false, offBecause } : { enabled: true };
}

/** KafkaProducer's rules on the keys kcheck reads but does not model. */
function checkProducerRules(ruleKeys: Map<string, { raw: string; source: ValueSource }>, lingerMs: number, idempotence: boolean): void {
  const transactional = ruleKeys.get('transactional.id');
  if (transactional && !idempotence) refuseValue(transactional.source, 'transactional.id', transactional.raw, 'Kafka refuses it: Cannot set a transactional.id without also enabling idempotence.');
  const delivery = ruleKeys.get('delivery.timeout.ms');
  if (!delivery) return;
  const requestMs = Number(ruleKeys.get('request.timeout.ms')?.raw ?? 30_000);
  if (Number(delivery.raw) < lingerMs + requestMs) {
    refuseValue(delivery.source, 'delivery.timeout.ms', delivery.raw, `Kafka refuses it: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${lingerMs} + ${requestMs})`);
  }
}

const DEFAULT_BATCH_RECORDS = 16;
const DEFAULT_LINGER_MS = 5;

export function batchRecords(batchSizeBytes: number): number {
  return Math.max(1, Math.floor(batchSizeBytes / RECORD_BYTES));
}

/** Resolves the assignments (lowest precedence first) against Kafka's defaults and rules. */
export function resolveConfig(assignments: readonly Assignment[]): ResolvedConfig {
  const { chosen, ruleKeys, notModelled } = readAssignments(assignments);
  const get = (setting: SettingName): Chosen => chosen.get(setting) ?? defaultOf(modelledKey(setting));
  const idempotence = effectiveIdempotence(get);
  const lingerMs = get('linger.ms').value as number;
  checkProducerRules(ruleKeys, lingerMs, idempotence.enabled);
  const retries = get('retries').value as number;
  const batchSize = batchRecords(get('batch.size').value as number);
  const fsyncEveryWrite = get('flush.messages').value === 1;
  const settings: ResolvedConfig['settings'] = {
    acks: get('acks').value as Acks,
    minInsyncReplicas: get('min.insync.replicas').value as number,
    uncleanLeaderElection: get('unclean.leader.election.enable').value as boolean,
    partitions: get('partitions').value as number,
    enableIdempotence: idempotence.enabled,
    maxInFlightRequestsPerConnection: get('max.in.flight.requests.per.connection').value as number,
    // Kafka's defaults stay implicit, so the settings of a default configuration read as the suite's do.
    ...(retries !== INT_MAX ? { retries } : {}),
    ...(lingerMs !== DEFAULT_LINGER_MS ? { lingerMs } : {}),
    ...(batchSize !== DEFAULT_BATCH_RECORDS ? { batchSize } : {}),
    ...(fsyncEveryWrite ? { fsyncEveryWrite } : {}),
  };
  const notes: Partial<Record<SettingName, string>> = {
    'enable.idempotence': idempotence.offBecause ? `Kafka turns its default (true) off with ${idempotence.offBecause}` : undefined,
    'batch.size': `${batchSize} record${batchSize === 1 ? '' : 's'} per batch (1 KiB a record)`,
    'replication.factor': get('replication.factor').source.kind === 'kcheck' ? modelledKey('replication.factor').kcheckDefault!.why : undefined,
    'flush.messages': fsyncEveryWrite ? 'fsync after every append' : 'no fsync: the OS writes the page cache back every 30 s',
  };
  const lines = MODELLED_KEYS.map((key): ConfigLine => {
    const value = get(key.setting);
    const note = notes[key.setting];
    // The value kcheck runs: Kafka's own adjustment (idempotence turned off) shows, with its reason.
    const raw = key.setting === 'enable.idempotence' ? String(idempotence.enabled) : value.raw;
    return { key: value.key, value: raw, source: sourceLabel(value.source), ...(note ? { note } : {}) };
  });
  return { settings, lines, notModelled: [...notModelled.values()] };
}
