/**
 * How a replica takes the controller's word: a LeaderAndIsr with a newer leader epoch makes it leader or
 * follower (or leaves it without a leader); one with a newer partition epoch in the same leader epoch only
 * updates the ISR. Stale words are ignored: this is the epoch fencing that keeps one leader per epoch.
 */
import type { AlterPartitionResponse, LeaderAndIsr } from '../protocol/messages.ts';
import type { BrokerContext } from './broker-context.ts';
import { logEndOffset, type PartitionReplica } from './broker-state.ts';
import { startFollowing } from './follower.ts';
import { failPurgatory, maybeAdvanceHighWatermark, resetFollowers } from './leader.ts';
import { assignEpochStart } from './log.ts';

type PartitionWord = Pick<LeaderAndIsr, 'leader' | 'leaderEpoch' | 'partitionEpoch' | 'isr'>;

function becomeLeader(b: BrokerContext, replica: PartitionReplica): void {
  replica.role = 'leader';
  replica.fetcher = { status: 'idle', correlationId: -1 };
  assignEpochStart(replica, replica.leaderEpoch, logEndOffset(replica), b.outputs);
  resetFollowers(b, replica);
  maybeAdvanceHighWatermark(b, replica);
}

function changeLeadership(b: BrokerContext, replica: PartitionReplica, word: PartitionWord): void {
  const wasLeader = replica.role === 'leader';
  replica.leader = word.leader;
  replica.leaderEpoch = word.leaderEpoch;
  replica.partitionEpoch = word.partitionEpoch;
  replica.isr = [...word.isr];
  replica.pendingIsrChange = null;
  if (word.leader === b.state.brokerId) return becomeLeader(b, replica);
  if (wasLeader) failPurgatory(b, replica, 'NOT_LEADER_OR_FOLLOWER');
  replica.followers = {};
  if (word.leader < 0) {
    replica.role = 'none';
    replica.fetcher = { status: 'idle', correlationId: -1 };
    return;
  }
  replica.role = 'follower';
  startFollowing(b, replica);
}

/** Applies a word from the controller; returns false when it was stale. */
export function applyPartitionWord(b: BrokerContext, replica: PartitionReplica, word: PartitionWord): boolean {
  if (word.leaderEpoch > replica.leaderEpoch) {
    changeLeadership(b, replica, word);
    return true;
  }
  if (word.leaderEpoch === replica.leaderEpoch && word.partitionEpoch > replica.partitionEpoch) {
    replica.partitionEpoch = word.partitionEpoch;
    replica.isr = [...word.isr];
    if (replica.role === 'leader') maybeAdvanceHighWatermark(b, replica);
    return true;
  }
  return false;
}

export function onLeaderAndIsr(b: BrokerContext, message: LeaderAndIsr): void {
  const replica = b.state.partitions[message.partition];
  if (replica) applyPartitionWord(b, replica, message);
}

export function onAlterPartitionResponse(b: BrokerContext, response: AlterPartitionResponse): void {
  const replica = b.state.partitions[response.partition];
  if (!replica) return;
  if (replica.role === 'leader' && response.leaderEpoch === replica.leaderEpoch) replica.pendingIsrChange = null;
  applyPartitionWord(b, replica, response);
}
