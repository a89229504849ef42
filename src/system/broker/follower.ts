/**
 * The follower side of a partition: on a new leader it finds where its log diverges (the truncation part),
 * truncates, then fetches from its log end offset in a loop, appending what the leader sends and taking the
 * leader's high watermark, bounded by its own log end. A lost fetch is sent again after a socket timeout.
 */
import { brokerNode } from '../kernel/ids.ts';
import type { FetchResponse, OffsetsForLeaderEpochResponse } from '../protocol/messages.ts';
import { nextCorrelationId, timerNames, type BrokerContext } from './broker-context.ts';
import { logEndOffset, type PartitionReplica } from './broker-state.ts';
import { appendRecords, truncateTo } from './log.ts';
import { rebuildSequences, recordSequences } from './sequences.ts';

function armFetchTimer(b: BrokerContext, replica: PartitionReplica, delayMs: number): void {
  b.outputs.push({ type: 'setTimer', name: timerNames.fetch(replica.partition), delayMs });
}

export function sendFetch(b: BrokerContext, replica: PartitionReplica): void {
  const correlationId = nextCorrelationId(b);
  replica.fetcher = { status: 'fetching', correlationId };
  b.outputs.push({
    type: 'send',
    to: brokerNode(replica.leader),
    message: {
      type: 'fetchRequest',
      correlationId,
      partition: replica.partition,
      fetchOffset: b.parts.followerFetchOffset(replica),
      replicaId: b.state.brokerId,
      currentLeaderEpoch: replica.leaderEpoch,
      maxRecords: b.ctx.config.replicaFetchMaxRecords,
    },
  });
  armFetchTimer(b, replica, b.ctx.config.replicaSocketTimeoutMs);
}

function truncateAndFetch(b: BrokerContext, replica: PartitionReplica, offset: number): void {
  if (offset < logEndOffset(replica)) {
    truncateTo(replica, offset, b.outputs, b.parts);
    replica.producers = rebuildSequences(replica.log);
  }
  sendFetch(b, replica);
}

/** Starts following the replica's (new) leader: truncation first, then the fetch loop. */
export function startFollowing(b: BrokerContext, replica: PartitionReplica): void {
  const start = b.parts.truncation.onBecomeFollower(replica);
  if (start.kind === 'truncateTo') return truncateAndFetch(b, replica, start.offset);
  const correlationId = nextCorrelationId(b);
  replica.fetcher = { status: 'truncating', correlationId };
  b.outputs.push({
    type: 'send',
    to: brokerNode(replica.leader),
    message: {
      type: 'offsetsForLeaderEpochRequest',
      correlationId,
      partition: replica.partition,
      replicaId: b.state.brokerId,
      currentLeaderEpoch: replica.leaderEpoch,
      leaderEpoch: start.epoch,
    },
  });
  armFetchTimer(b, replica, b.ctx.config.replicaSocketTimeoutMs);
}

function isAwaited(replica: PartitionReplica | undefined, correlationId: number): replica is PartitionReplica {
  return replica !== undefined && replica.role === 'follower' && replica.fetcher.correlationId === correlationId;
}

export function onEpochEndResponse(b: BrokerContext, response: OffsetsForLeaderEpochResponse): void {
  const replica = b.state.partitions[response.partition];
  if (!isAwaited(replica, response.correlationId) || replica.fetcher.status !== 'truncating') return;
  if (response.error !== 'NONE') {
    replica.fetcher = { status: 'mustTruncate', correlationId: -1 };
    return armFetchTimer(b, replica, b.ctx.config.replicaFetchWaitMaxMs);
  }
  truncateAndFetch(b, replica, b.parts.truncation.truncationOffset(replica, response));
}

export function onFetchResponse(b: BrokerContext, response: FetchResponse): void {
  const replica = b.state.partitions[response.partition];
  if (!replica || replica.role !== 'follower' || replica.fetcher.status !== 'fetching') return;
  if (!b.parts.isAwaitedFetchResponse(replica, replica.fetcher.correlationId, response)) return;
  if (response.error !== 'NONE') {
    // A stale or unknown epoch, or a leader that moved: wait for the controller's word and try again. A log
    // longer than the leader's must find its divergence point first.
    const status = response.error === 'OFFSET_OUT_OF_RANGE' ? 'mustTruncate' : 'idle';
    replica.fetcher = { status, correlationId: -1 };
    return armFetchTimer(b, replica, b.ctx.config.replicaFetchWaitMaxMs);
  }
  const records = response.records.filter((r) => r.offset >= logEndOffset(replica));
  if (records.length > 0 && records[0]!.offset === logEndOffset(replica)) {
    appendRecords(replica, records, b.outputs);
    recordSequences(replica.producers, records);
  }
  replica.highWatermark = Math.max(replica.highWatermark, b.parts.followerHighWatermark(response.highWatermark, logEndOffset(replica)));
  // Kafka's leader holds an empty fetch up to replica.fetch.wait.max.ms; a full one is followed at once.
  if (records.length > 0) sendFetch(b, replica);
  else {
    replica.fetcher = { status: 'idle', correlationId: -1 };
    armFetchTimer(b, replica, b.ctx.config.replicaFetchWaitMaxMs);
  }
}

/** The fetch timer: the wait after an empty fetch is over, or a request went unanswered. */
export function onFetchTimer(b: BrokerContext, replica: PartitionReplica): void {
  if (replica.role !== 'follower' || replica.leader < 0) return;
  const status = replica.fetcher.status;
  if (status === 'truncating' || status === 'mustTruncate') return startFollowing(b, replica);
  sendFetch(b, replica);
}
