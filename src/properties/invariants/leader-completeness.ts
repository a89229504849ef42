/**
 * leader-completeness (Raft's Leader Completeness; the TLA+ spec's StrongIsr aims at it): the current leader
 * holds every record acked with acks=all, at its acked offset, with the acked value.
 *
 * Which leader: the one the controller names, and only once that broker's view says it leads in the
 * controller's epoch — before it has heard of its election it serves nothing, and the old leader it replaces is
 * allowed to lack records acked after it was deposed. Paused counts as well as up: a paused leader's log is
 * what it will serve when it resumes, and no other broker can ack a record the controller's leader lacks (a
 * zombie of an older epoch cannot advance its HW past the log end the new leader reported while it followed).
 *
 * Expected to break with unclean election (a replica outside the ISR takes over) or correlated power loss (the
 * ISR's unflushed tails are gone); it holds for acks=all, minISR ≥ 2, clean election and process crashes.
 */
import type { LogRecord } from '../../system/protocol/records.ts';
import type { PartitionSnapshot, ReplicaSnapshot } from './cluster-snapshot.ts';
import { showPartition, showRecord, showValue } from './describe.ts';
import type { AckedRecord, InvariantViolation } from './types.ts';

/** The controller's leader of the partition, once its own view says it leads in the controller's epoch. */
function currentLeader(partition: PartitionSnapshot): ReplicaSnapshot | undefined {
  const registration = partition.registration;
  if (!registration || registration.leader < 0) return undefined;
  const leader = partition.replicas.find((r) => r.broker === registration.leader);
  return leader && leader.replica.role === 'leader' && leader.replica.leaderEpoch === registration.leaderEpoch ? leader : undefined;
}

function holds(log: readonly LogRecord[], record: AckedRecord): boolean {
  const held = log[record.offset];
  return held !== undefined && held.offset === record.offset && held.value === record.value;
}

/** Judges each partition on its own acked records, in ack order (offsets of -1, acks without an offset, are skipped). */
export function checkLeaderCompleteness(partitions: readonly PartitionSnapshot[], ackedByPartition: readonly (readonly AckedRecord[] | undefined)[], violations: InvariantViolation[]): void {
  for (const partition of partitions) {
    const acked = ackedByPartition[partition.partition];
    const leader = acked && acked.length > 0 ? currentLeader(partition) : undefined;
    if (!acked || !leader) continue;
    let record: AckedRecord | undefined;
    let count = 0;
    for (const candidate of acked) {
      if (candidate.offset < 0 || holds(leader.replica.log, candidate)) continue;
      record ??= candidate;
      count++;
    }
    if (!record) continue;
    const more = count > 1 ? ` (and ${count - 1} more acked record${count > 2 ? 's' : ''})` : '';
    violations.push({
      invariant: 'leader-completeness',
      partition: partition.partition,
      message:
        `${leader.node}, leader of ${showPartition(partition.partition)} in epoch ${leader.replica.leaderEpoch}, lacks ${showValue(record.value)} ` +
        `acked at offset ${record.offset}: it holds ${showRecord(leader.replica.log[record.offset], record.offset)} there${more}.`,
    });
  }
}
