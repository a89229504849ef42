/**
 * The records a coordinator writes to `__consumer_offsets` and how a new coordinator rebuilds its groups from them,
 * as Kafka's GroupMetadataManager does on loading a partition: an offset commit per partition (key
 * `offset:<group>:<partition>`) and the group's metadata after each completed rebalance (key `group:<group>`); the
 * latest record of a key wins. Values are JSON. Left out: tombstones, offset expiry, compaction.
 */
import type { AssignorName } from '../config/groups.ts';
import type { PartitionId } from '../kernel/ids.ts';
import type { LogRecord, ProducedRecord } from '../protocol/records.ts';
import type { Group, GroupMember } from './group-state.ts';

export interface StoredMember {
  memberId: string;
  client: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignors: AssignorName[];
  assignment: PartitionId[];
}

export interface StoredGroup {
  generation: number;
  assignor: AssignorName | null;
  leaderId: string | null;
  members: StoredMember[];
}

export function offsetCommitRecord(groupId: string, partition: PartitionId, offset: number, generation: number): ProducedRecord {
  return { key: `offset:${groupId}:${partition}`, value: JSON.stringify({ offset, generation }) };
}

export function groupMetadataRecord(group: Readonly<Group>): ProducedRecord {
  const members: StoredMember[] = Object.values(group.members).map((m) => ({
    memberId: m.memberId,
    client: m.client,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    assignors: [...m.assignors],
    assignment: [...m.assignment],
  }));
  const stored: StoredGroup = { generation: group.generation, assignor: group.assignor, leaderId: group.leaderId, members };
  return { key: `group:${group.groupId}`, value: JSON.stringify(stored) };
}

/** A record of this coordinator's making, read back; undefined for anything else (it is skipped, as Kafka skips unknown keys). */
export type OffsetsLogEntry =
  | { kind: 'offset'; groupId: string; partition: PartitionId; offset: number; generation: number }
  | { kind: 'group'; groupId: string; stored: StoredGroup };

export function readOffsetsRecord(record: Readonly<LogRecord>): OffsetsLogEntry | undefined {
  const key = record.key ?? '';
  try {
    if (key.startsWith('offset:')) {
      const cut = key.lastIndexOf(':');
      const value = JSON.parse(record.value) as { offset: number; generation: number };
      return { kind: 'offset', groupId: key.slice('offset:'.length, cut), partition: Number(key.slice(cut + 1)), offset: value.offset, generation: value.generation };
    }
    if (key.startsWith('group:')) return { kind: 'group', groupId: key.slice('group:'.length), stored: JSON.parse(record.value) as StoredGroup };
  } catch {
    return undefined; // not JSON: not a record this coordinator wrote
  }
  return undefined;
}

function memberFromStore(stored: StoredMember, nowMs: number): GroupMember {
  return { ...stored, assignors: [...stored.assignors], assignment: [...stored.assignment], awaitingJoin: null, awaitingSync: null, lastHeartbeatMs: nowMs };
}

/**
 * The groups a partition's log holds: offsets and the last metadata per group. A group with members comes back
 * Stable in its generation (its members' sessions start now), one without comes back Empty, as in Kafka.
 */
export function loadGroups(log: readonly LogRecord[], offsetsPartition: PartitionId, nowMs: number): Record<string, Group> {
  const groups: Record<string, Group> = {};
  const groupOf = (groupId: string): Group =>
    (groups[groupId] ??= { groupId, offsetsPartition, phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {}, offsets: {}, nextMemberSeq: 0, rebalance: null });
  for (const record of log) {
    const entry = readOffsetsRecord(record);
    if (!entry) continue;
    const group = groupOf(entry.groupId);
    if (entry.kind === 'offset') {
      group.offsets[entry.partition] = { offset: entry.offset, generation: entry.generation };
      continue;
    }
    group.generation = entry.stored.generation;
    group.assignor = entry.stored.assignor;
    group.leaderId = entry.stored.leaderId;
    group.members = {};
    for (const member of entry.stored.members) group.members[member.memberId] = memberFromStore(member, nowMs);
    group.phase = entry.stored.members.length > 0 ? 'Stable' : 'Empty';
  }
  return groups;
}
