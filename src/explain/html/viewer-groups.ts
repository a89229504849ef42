/**
 * What the viewer shows of a consumer group after each step of a group run: the coordinator (the leader of the
 * group's `__consumer_offsets` partition, as the controller has it), each member's generation and the partitions
 * it owns with where it started, and the committed offset of each partition as the members saw it acknowledged.
 * Folded from the run's group events (what the members observed), not read from the coordinator's memory.
 */
import type { GroupEventRecord } from '../../properties/runner/history-recorder.ts';
import type { ClusterSnapshot } from '../../properties/runner/snapshot.ts';

export interface ViewerGroupMember {
  consumer: string;
  generation: number;
  /** "p0@1, p1@3": owned partitions and the offset each started at; empty once given up. */
  owns: string;
  /** "owns", "gave up" (a rebalance), "lost" (fenced). */
  status: string;
}

export interface ViewerGroup {
  /** "b2", or "none" while the offsets partition has no leader. */
  coordinator: string;
  members: ViewerGroupMember[];
  /** Per partition the highest acknowledged commit: offset, by whom, in which generation. */
  committed: Array<{ partition: number; offset: number; consumer: string; generation: number }>;
}

/** The group after each step (null for every step of a run without groups). `offsetsPartition`: the hosted id of
 * the group's `__consumer_offsets` partition, whose leader is the coordinator. */
export function groupsByStep(events: readonly GroupEventRecord[] | undefined, snapshots: readonly ClusterSnapshot[], offsetsPartition: number | undefined): Array<ViewerGroup | null> {
  if (!events || offsetsPartition === undefined) return snapshots.map(() => null);
  const members = new Map<string, ViewerGroupMember>();
  const committed = new Map<number, ViewerGroup['committed'][number]>();
  let next = 0;
  return snapshots.map((snapshot, step) => {
    for (; next < events.length && events[next]!.step <= step; next++) {
      const o = events[next]!.observation;
      if (o.type === 'groupAssigned') members.set(o.consumer, { consumer: o.consumer, generation: o.generation, owns: o.positions.map((p) => `p${p.partition}@${p.offset}`).join(', '), status: 'owns' });
      else if (o.type === 'groupRevoked') members.set(o.consumer, { consumer: o.consumer, generation: o.generation, owns: '', status: o.lost ? 'lost (fenced)' : 'gave up' });
      else if (o.error === 'NONE') {
        for (const { partition, offset } of o.offsets) {
          if ((committed.get(partition)?.offset ?? -1) < offset) committed.set(partition, { partition, offset, consumer: o.consumer, generation: o.generation });
        }
      }
    }
    const leader = snapshot.controller.find((c) => c.partition === offsetsPartition)?.leader ?? -1;
    return {
      coordinator: leader < 0 ? 'none' : `b${leader}`,
      members: [...members.values()].sort((a, b) => a.consumer.localeCompare(b.consumer)),
      committed: [...committed.values()].sort((a, b) => a.partition - b.partition),
    };
  });
}
