/**
 * single-leader-per-epoch (Raft's Election Safety, with leader epochs as terms): at most one broker ever acts as
 * leader of a partition in a given leader epoch. The state remembers the first broker seen with role `leader`
 * per (partition, epoch), so two brokers leading the same epoch at different steps are caught too.
 *
 * Which views: every available one, paused included — a paused leader still believes it leads, and would act
 * on it when resumed. Leaders of different epochs at once are allowed (a zombie of an old epoch; epochs fence
 * it). The same broker leading an epoch again after a restart is the same leader, and allowed.
 */
import { brokerNode } from '../../system/kernel/ids.ts';
import type { PartitionSnapshot } from './cluster-snapshot.ts';
import { showPartition } from './describe.ts';
import { epochKey, type InvariantState, type InvariantViolation } from './types.ts';

export function checkSingleLeaderPerEpoch(state: InvariantState, partition: PartitionSnapshot, violations: InvariantViolation[]): void {
  for (const { broker, node, replica } of partition.replicas) {
    if (replica.role !== 'leader') continue;
    const key = epochKey(partition.partition, replica.leaderEpoch);
    const first = state.epochLeaders[key];
    if (first === undefined) state.epochLeaders[key] = broker;
    else if (first !== broker) {
      violations.push({
        invariant: 'single-leader-per-epoch',
        partition: partition.partition,
        message: `${node} acts as leader of ${showPartition(partition.partition)} in epoch ${replica.leaderEpoch}, which ${brokerNode(first)} already led.`,
      });
    }
  }
}
