/** The coordinator's pure pieces: Kafka's partition choice for a group, its commit rules, the assignors, the offsets log. */
import { describe, expect, it } from 'vitest';
import { rangeAssignor, roundRobinAssignor } from '../../../src/system/clients/consumer/assignors.ts';
import { classicCommitError } from '../../../src/system/coordinator/coordinator-parts.ts';
import { newGroup } from '../../../src/system/coordinator/membership.ts';
import { loadGroups, offsetCommitRecord } from '../../../src/system/coordinator/offsets-log.ts';
import { javaStringHashCode, kafkaAbs, offsetsPartitionIndexOf } from '../../../src/system/coordinator/offsets-partition.ts';
import type { Group } from '../../../src/system/coordinator/group-state.ts';

describe('the group\'s __consumer_offsets partition, as Kafka picks it', () => {
  it('hashes as Java\'s String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('my-group')).toBe(-1906497762); // computed independently, 32-bit wrap-around
    // The classic string whose hash is Integer.MIN_VALUE: Kafka's Utils.abs maps it to 0, Math.abs would not.
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(kafkaAbs(-2147483648)).toBe(0);
  });

  it('takes abs(hash) % offsets.topic.num.partitions', () => {
    expect(offsetsPartitionIndexOf('my-group', 50)).toBe(12); // 1906497762 % 50
    expect(offsetsPartitionIndexOf('polygenelubricants', 50)).toBe(0);
    expect(offsetsPartitionIndexOf('hello', 3)).toBe(99162322 % 3);
  });
});

function groupIn(phase: Group['phase'], generation: number, members: string[]): Group {
  const group = newGroup('g', 2);
  group.phase = phase;
  group.generation = generation;
  for (const memberId of members) {
    group.members[memberId] = { memberId, client: 'consumer0', sessionTimeoutMs: 1, rebalanceTimeoutMs: 1, assignors: ['range'], awaitingJoin: null, awaitingSync: null, assignment: [], lastHeartbeatMs: 0 };
  }
  return group;
}

describe('OffsetCommit rules (ClassicGroup.validateOffsetCommit)', () => {
  it('accepts generation -1 only while the group is Empty', () => {
    expect(classicCommitError(undefined, '', -1)).toBe('NONE');
    expect(classicCommitError(groupIn('Empty', 3, []), '', -1)).toBe('NONE');
    expect(classicCommitError(groupIn('Stable', 3, ['m']), '', -1)).toBe('UNKNOWN_MEMBER_ID');
  });

  it('fences an old generation and an unknown member', () => {
    expect(classicCommitError(groupIn('Stable', 3, ['m']), 'm', 2)).toBe('ILLEGAL_GENERATION');
    expect(classicCommitError(groupIn('Stable', 3, ['m']), 'x', 3)).toBe('UNKNOWN_MEMBER_ID');
    expect(classicCommitError(undefined, 'm', 3)).toBe('ILLEGAL_GENERATION');
  });

  it('refuses commits while CompletingRebalance, accepts them while PreparingRebalance and Stable', () => {
    expect(classicCommitError(groupIn('CompletingRebalance', 3, ['m']), 'm', 3)).toBe('REBALANCE_IN_PROGRESS');
    expect(classicCommitError(groupIn('PreparingRebalance', 3, ['m']), 'm', 3)).toBe('NONE');
    expect(classicCommitError(groupIn('Stable', 3, ['m']), 'm', 3)).toBe('NONE');
    expect(classicCommitError(groupIn('Dead', 3, ['m']), 'm', 3)).toBe('COORDINATOR_NOT_AVAILABLE');
  });
});

describe('assignors', () => {
  it('range gives contiguous runs, the first members one more', () => {
    expect(rangeAssignor(['b', 'a'], [0, 1, 2])).toEqual([{ memberId: 'a', partitions: [0, 1] }, { memberId: 'b', partitions: [2] }]);
    expect(rangeAssignor(['a', 'b', 'c'], [0, 1])).toEqual([{ memberId: 'a', partitions: [0] }, { memberId: 'b', partitions: [1] }, { memberId: 'c', partitions: [] }]);
  });

  it('round-robin deals in turn', () => {
    expect(roundRobinAssignor(['b', 'a'], [0, 1, 2])).toEqual([{ memberId: 'a', partitions: [0, 2] }, { memberId: 'b', partitions: [1] }]);
  });
});

describe('loading __consumer_offsets', () => {
  it('keeps the latest commit per partition and skips records it did not write', () => {
    const records = [offsetCommitRecord('g', 0, 3, 1), { key: 'junk', value: '{' }, offsetCommitRecord('g', 0, 5, 2), offsetCommitRecord('h', 1, 7, -1)];
    const log = records.map((r, offset) => ({ ...r, offset, leaderEpoch: 1, producerId: -1, sequence: -1 }));
    const groups = loadGroups(log, 2, 0);
    expect(groups.g!.offsets).toEqual({ 0: { offset: 5, generation: 2 } });
    expect(groups.h!.offsets).toEqual({ 1: { offset: 7, generation: -1 } });
    expect(groups.g!.phase).toBe('Empty');
  });
});
