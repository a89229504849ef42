/**
 * OffsetCommit and OffsetFetch on the coordinator. A commit the commitError part accepts is written to
 * `__consumer_offsets` and takes effect (is answered, and is what OffsetFetch returns) when the commitDurability part
 * says: by the reference once replicated, so a coordinator fail-over keeps every commit it acknowledged.
 */
import type { NodeId } from '../kernel/ids.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { OffsetCommitRequest, OffsetFetchRequest } from '../protocol/group-messages.ts';
import { reply, type CoordinatorContext } from './coordinator-context.ts';
import type { Group } from './group-state.ts';
import { offsetCommitRecord } from './offsets-log.ts';
import { appendToOffsetsLog, coordinatingReplica, writeAdmission } from './offsets-writes.ts';

export function handleCommit(c: CoordinatorContext, group: Group | undefined, offsetsPartition: number, from: NodeId, request: OffsetCommitRequest, createGroup: () => Group): void {
  const answer = (error: ErrorCode) => reply(c, from, { type: 'offsetCommitResponse', correlationId: request.correlationId, error });
  const error = c.parts.commitError(group, request.memberId, request.generation);
  if (error !== 'NONE') return answer(error);
  const replica = coordinatingReplica(c, offsetsPartition)!;
  const admission = writeAdmission(c, replica);
  if (admission !== 'NONE') return answer(admission);
  const target = group ?? createGroup();
  const offsets = request.offsets.map((o) => ({ partition: o.partition, offset: o.offset }));
  const requiredOffset = appendToOffsetsLog(c, replica, offsets.map((o) => offsetCommitRecord(target.groupId, o.partition, o.offset, request.generation)));
  const write = { kind: 'commit' as const, partition: offsetsPartition, leaderEpoch: replica.leaderEpoch, requiredOffset, groupId: target.groupId, generation: request.generation, offsets, reply: { client: from, correlationId: request.correlationId } };
  if (c.parts.commitDurability() === 'whenAppended') return onCommitWritten(c, target, write);
  c.state.pendingWrites.push(write);
}

/** The commit is durable (or, for a variant, merely appended): it takes effect and is acknowledged. */
export function onCommitWritten(c: CoordinatorContext, group: Group, write: { generation: number; offsets: { partition: number; offset: number }[]; reply: { client: NodeId; correlationId: number } }): void {
  for (const o of write.offsets) group.offsets[o.partition] = { offset: o.offset, generation: write.generation };
  reply(c, write.reply, { type: 'offsetCommitResponse', correlationId: write.reply.correlationId, error: 'NONE' });
}

/** Kafka's consumer asks for stable offsets (KIP-447, require_stable): while a commit of one of the partitions waits
 * for replication, the answer is UNSTABLE_OFFSET_COMMIT and the consumer asks again, so a new owner never starts from
 * an offset about to be overtaken by a commit already on its way. */
export function handleOffsetFetch(c: CoordinatorContext, group: Group | undefined, from: NodeId, request: OffsetFetchRequest): void {
  const pending = c.state.pendingWrites.some((w) => w.kind === 'commit' && w.groupId === request.groupId && w.offsets.some((o) => request.partitions.includes(o.partition)));
  if (pending) return reply(c, from, { type: 'offsetFetchResponse', correlationId: request.correlationId, error: 'UNSTABLE_OFFSET_COMMIT', offsets: [] });
  const offsets = request.partitions.map((partition) => ({ partition, offset: group?.offsets[partition]?.offset ?? -1 }));
  reply(c, from, { type: 'offsetFetchResponse', correlationId: request.correlationId, error: 'NONE', offsets });
}
