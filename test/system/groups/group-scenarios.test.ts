/**
 * Group stories with exact outcomes: the first rebalance waits out the initial delay and shares the partitions by
 * range; a member crash ends its session and the survivor takes over from the committed offsets; a coordinator
 * fail-over keeps the commits and the generation; a paused member (a zombie) comes back and its commit is fenced.
 */
import { describe, expect, it } from 'vitest';
import { observationsOf } from '../../../src/system/simulation.ts';
import { assignments, commit, coordinatorGroup, groupConfig, groupEvents, poll, run, send, simulate } from './group-kit.ts';

describe('group membership', () => {
  it('the first rebalance waits group.initial.rebalance.delay.ms and gives one partition to each member (range)', () => {
    expect(assignments(simulate(groupConfig(2), [run(2_900)]))).toEqual([]);
    const after = simulate(groupConfig(2), [run(5_000)]);
    expect(assignments(after)).toEqual([
      { consumer: 'consumer0', generation: 1, partitions: [0], positions: [{ partition: 0, offset: 0 }] },
      { consumer: 'consumer1', generation: 1, partitions: [1], positions: [{ partition: 1, offset: 0 }] },
    ]);
    // b2 leads partition 2, __consumer_offsets-0 (abs("g".hashCode()) % 1 = 0): it is the coordinator.
    expect(coordinatorGroup(after, 'b2')).toMatchObject({ phase: 'Stable', generation: 1, leaderId: 'consumer0-e1-0' });
  });

  it('a crashed member\'s session ends; the survivor gets both partitions from the committed offsets', () => {
    const sim = simulate(groupConfig(2), [
      run(5_000), send('a'), send('b'), run(1_000),
      poll('consumer0'), poll('consumer1'), run(1_000), commit('consumer0'), commit('consumer1'), run(1_000),
      { type: 'crash', node: 'consumer1' }, run(12_000), poll('consumer0'), run(1_000),
    ]);
    const read = observationsOf(sim).flatMap((o) => (o.type === 'pollReturned' ? o.records.map((r) => `${o.consumer}:${r.value}@${r.offset}`) : []));
    expect(read).toEqual(['consumer0:a@0', 'consumer0:b@1']);
    expect(groupEvents(sim, 'consumer0').map((o) => o.type)).toEqual(['groupAssigned', 'offsetCommitted', 'groupRevoked', 'offsetCommitted', 'groupAssigned']);
    expect(assignments(sim).at(-1)).toEqual({ consumer: 'consumer0', generation: 2, partitions: [0, 1], positions: [{ partition: 0, offset: 2 }, { partition: 1, offset: 0 }] });
  });

  it('a coordinator fail-over keeps what was committed and the generation', () => {
    const sim = simulate(groupConfig(2), [
      run(5_000), send('a'), send('b'), run(1_000), poll('consumer0'), run(1_000), commit('consumer0'), run(1_000),
      { type: 'crash', node: 'b2' }, run(20_000),
    ]);
    const committed = groupEvents(sim, 'consumer0').filter((o) => o.type === 'offsetCommitted');
    expect(committed).toMatchObject([{ generation: 1, offsets: [{ partition: 0, offset: 2 }], error: 'NONE' }]);
    // b0 leads __consumer_offsets-0 now and has loaded the group from it: generation 1, the commit, both members.
    const group = coordinatorGroup(sim, 'b0');
    expect(group).toMatchObject({ phase: 'Stable', generation: 1, offsets: { 0: { offset: 2, generation: 1 } } });
    expect(Object.keys(group!.members)).toEqual(['consumer0-e1-0', 'consumer1-e1-1']);
    expect(assignments(sim)).toHaveLength(2); // no rebalance was needed
  });

  it('a paused member is removed; when it wakes, its commit is fenced and it loses its partition', () => {
    const sim = simulate(groupConfig(2), [
      run(5_000), { type: 'pause', node: 'consumer1' }, run(15_000), poll('consumer0'), run(2_000),
      { type: 'resume', node: 'consumer1' }, commit('consumer1'), run(2_000), poll('consumer1'), run(1_000),
    ]);
    expect(groupEvents(sim, 'consumer1').slice(1)).toMatchObject([
      { type: 'offsetCommitted', generation: 1, offsets: [{ partition: 1, offset: 0 }], error: 'UNKNOWN_MEMBER_ID' },
      { type: 'groupRevoked', generation: 1, partitions: [1], lost: true },
    ]);
    expect(assignments(sim).filter((a) => a.generation === 2)).toEqual([{ consumer: 'consumer0', generation: 2, partitions: [0, 1], positions: [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }] }]);
  });

  it('a group member that leaves hands its partitions over at once', () => {
    const sim = simulate(groupConfig(2), [run(5_000), { type: 'leave', consumer: 'consumer1' }, run(1_500), poll('consumer0'), run(1_000)]);
    expect(groupEvents(sim, 'consumer1').map((o) => o.type)).toEqual(['groupAssigned', 'groupRevoked']);
    expect(assignments(sim).at(-1)).toMatchObject({ consumer: 'consumer0', generation: 2, partitions: [0, 1] });
  });

  it('round-robin deals three partitions over two members', () => {
    const sim = simulate(groupConfig(2, { partitions: 3 }, { assignor: 'roundRobin' }), [run(5_000)]);
    expect(assignments(sim).map((a) => [a.consumer, a.partitions])).toEqual([['consumer0', [0, 2]], ['consumer1', [1]]]);
  });
});
