/**
 * Reads a trace's check settings and its cluster config. The settings are what a replay runs under; the config
 * is recorded for readers and must be exactly the one kcheck derives from the settings, so a trace can never say
 * one cluster and replay another. The settings are validated the way every cluster is: by building its config.
 */
import { isKcheckInputError } from '../../input-error.ts';
import type { ClusterConfig } from '../../system/config/config.ts';
import type { Acks } from '../../system/protocol/messages.ts';
import { CHECK_BROKERS, CHECK_PARTITIONS_MAX, clusterConfigFor, FAULT_KINDS, GROUP_MEMBERS_MAX, OPTIONAL_SETTINGS, type CheckSettings, type FaultKind, type GroupSettings } from '../settings.ts';
import { preview, readArray, readBoolean, readInteger, readObject, readOneOf, type Fail } from './trace-fields.ts';

/** The fields every trace has; `OPTIONAL_SETTINGS` may be absent (older traces have none of them). */
const SETTINGS_FIELDS: ReadonlyArray<keyof CheckSettings> = [
  'acks',
  'minInsyncReplicas',
  'uncleanLeaderElection',
  'partitions',
  'enableIdempotence',
  'maxInFlightRequestsPerConnection',
  'faults',
  'impairedBrokersMax',
];

function readGroupSettings(raw: unknown, fail: Fail): GroupSettings {
  const o = readObject(raw, 'settings.groups', ['members', 'processing'], [], fail);
  return {
    members: readInteger(o.members, 'settings.groups.members', fail, 1, GROUP_MEMBERS_MAX),
    processing: readOneOf(o.processing, 'settings.groups.processing', ['commitAfterProcessing', 'commitBeforeProcessing', 'autoCommit'] as const, fail),
  };
}

export function readSettings(raw: unknown, fail: Fail): { settings: CheckSettings; config: ClusterConfig } {
  const o = readObject(raw, 'settings', SETTINGS_FIELDS, OPTIONAL_SETTINGS, fail);
  const faults = readArray(o.faults, 'settings.faults', FAULT_KINDS.length, fail, (f, at) => readOneOf<FaultKind>(f, at, FAULT_KINDS, fail));
  if (new Set(faults).size !== faults.length) fail('settings.faults', `names a fault twice: ${preview(faults)}`);
  const settings: CheckSettings = {
    acks: readOneOf<Acks>(o.acks, 'settings.acks', [0, 1, 'all'], fail),
    minInsyncReplicas: readInteger(o.minInsyncReplicas, 'settings.minInsyncReplicas', fail, 1),
    uncleanLeaderElection: readBoolean(o.uncleanLeaderElection, 'settings.uncleanLeaderElection', fail),
    partitions: readInteger(o.partitions, 'settings.partitions', fail, 1, CHECK_PARTITIONS_MAX),
    enableIdempotence: readBoolean(o.enableIdempotence, 'settings.enableIdempotence', fail),
    maxInFlightRequestsPerConnection: readInteger(o.maxInFlightRequestsPerConnection, 'settings.maxInFlightRequestsPerConnection', fail, 1),
    faults,
    impairedBrokersMax: readInteger(o.impairedBrokersMax, 'settings.impairedBrokersMax', fail, 0, CHECK_BROKERS),
    ...(o.retries !== undefined ? { retries: readInteger(o.retries, 'settings.retries', fail, 0) } : {}),
    ...(o.lingerMs !== undefined ? { lingerMs: readInteger(o.lingerMs, 'settings.lingerMs', fail, 0) } : {}),
    ...(o.batchSize !== undefined ? { batchSize: readInteger(o.batchSize, 'settings.batchSize', fail, 1) } : {}),
    ...(o.fsyncEveryWrite !== undefined ? { fsyncEveryWrite: readBoolean(o.fsyncEveryWrite, 'settings.fsyncEveryWrite', fail) } : {}),
    ...(o.probeLaggingFollowers !== undefined ? { probeLaggingFollowers: readInteger(o.probeLaggingFollowers, 'settings.probeLaggingFollowers', fail, 1, CHECK_BROKERS - 1) } : {}),
    ...(o.brokersLeftDown !== undefined ? { brokersLeftDown: readInteger(o.brokersLeftDown, 'settings.brokersLeftDown', fail, 1, CHECK_BROKERS - 1) } : {}),
    ...(o.replicaFetchWaitMaxMs !== undefined ? { replicaFetchWaitMaxMs: readInteger(o.replicaFetchWaitMaxMs, 'settings.replicaFetchWaitMaxMs', fail, 1) } : {}),
    ...(o.groups !== undefined ? { groups: readGroupSettings(o.groups, fail) } : {}),
  };
  try {
    return { settings, config: clusterConfigFor(settings) };
  } catch (error) {
    if (isKcheckInputError(error)) fail('settings', `give no valid cluster: ${error.reason}`);
    throw error;
  }
}

/** The first place where `actual` differs from `expected`, as a JSON path and a reason; undefined when equal. */
function firstDifference(actual: unknown, expected: unknown, where: string): [string, string] | undefined {
  if (typeof expected !== 'object' || expected === null) {
    return Object.is(actual, expected) ? undefined : [where, `is ${preview(actual)}, but the settings give ${preview(expected)}`];
  }
  if (Array.isArray(expected) !== Array.isArray(actual) || typeof actual !== 'object' || actual === null) return [where, `must be ${Array.isArray(expected) ? 'a list' : 'an object'}, got ${preview(actual)}`];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const at = (key: string) => (Array.isArray(expected) ? `${where}[${key}]` : `${where}.${key}`);
  for (const key of Object.keys(a)) if (!Object.hasOwn(e, key)) return [at(key), Array.isArray(expected) ? `is one item too many (the settings give ${Object.keys(e).length})` : 'is not a config field'];
  for (const key of Object.keys(e)) {
    if (!Object.hasOwn(a, key)) return [at(key), 'is missing'];
    const difference = firstDifference(a[key], e[key], at(key));
    if (difference) return difference;
  }
  return undefined;
}

/** The recorded config must be the one the settings give (kcheck derives the cluster from the settings). */
export function checkConfig(raw: unknown, expected: ClusterConfig, fail: Fail): void {
  const difference = firstDifference(raw, expected, 'config');
  if (difference) fail(difference[0], `${difference[1]} (kcheck derives the cluster from "settings"; edit those)`);
}
