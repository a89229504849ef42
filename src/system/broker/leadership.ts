/**
 * How a replica takes the controller's word: a LeaderAndIsr with a newer leader epoch makes it leader or
 * follower (or leaves it without a leader); one with a newer partition epoch in the same leader epoch only
 * updates the ISR. Stale words are ignored: this is the epoch fencing that keeps one leader per epoch. So is a
 * LeaderAndIsr meant for another incarnation of this broker (broker-epoch fencing, KIP-380). The controller sends
 * a partition's LeaderAndIsr again when a heartbeat shows this broker behind on it (one was lost); a copy that
 * arrives after the word it repeats is not newer and is ignored.
 */
import type { AlterPartitionResponse, LeaderAndIsr } from '../protocol/messages.ts';
import type { BrokerContext } from './broker-context.ts';
import type { PartitionReplica } from './broker-state.ts';
import { startFollowing } from './follower.ts';
import { failPurgatory, maybeAdvanceHighWatermark, resetFollowers } from './leader.ts';
import { assignEpochStart } from './log.ts';

type PartitionWord = Pick<LeaderAndIsr, 'leader' | 'leaderEpoch' | 'partitionEpoch' | 'isr'>;

function becomeLeader(b: BrokerContext, replica: PartitionReplica): void {
  replica.role = 'leader';
  replica.fetcher = { status: 'idle', correlationId: -1 };
  const epochStart = b.parts.epochStartOnElection(replica);
  if (epochStart !== null) assignEpochStart(replica, replica.leaderEpoch, epochStart, b.outputs);
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
  const role = b.parts.roleAfterLeaderChange(b.state.brokerId, word.leader, wasLeader);
  if (role === 'leader') return becomeLeader(b, replica);
  if (wasLeader) failPurgatory(b, replica, 'NOT_LEADER_OR_FOLLOWER');
  replica.followers = {};
  if (role === 'none' || word.leader < 0) {
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
    // A newer partition epoch settles any ISR change under way: applied or not, the word says what the ISR is
    // now, and a request made at the older epoch can no longer be accepted (as Kafka's leader takes a metadata
    // update with a newer partition epoch as its committed state, dropping its in-flight one).
    replica.pendingIsrChange = null;
    if (replica.role === 'leader') maybeAdvanceHighWatermark(b, replica);
    return true;
  }
  return false;
}

export function onLeaderAndIsr(b: BrokerContext, message: LeaderAndIsr): void {
  if (b.parts.brokerEpochCheck(b.state.incarnation, message.brokerEpoch) !== 'NONE') return;
  const replica = b.state.partitions[message.partition];
  if (replica) applyPartitionWord(b, replica, message);
}

/**
 * The controller's answer to an ISR change, carrying the partition's current state. A newer state settles the
 * change under way: applied, or overtaken. Otherwise only INELIGIBLE_REPLICA ends it: the controller refused
 * the change at the leader's own partition epoch, so it was not and will not be applied, and the leader keeps
 * its committed ISR. Any other answer that brings nothing newer is about a request already settled (a retry
 * crossed its first answer, or a LeaderAndIsr overtook it) and is ignored, so that it cannot end a later
 * change still under way. This is Kafka's `Partition.handleAlterPartitionError`: it resets to the committed
 * state on INELIGIBLE_REPLICA and waits for newer metadata on INVALID_UPDATE_VERSION or FENCED_LEADER_EPOCH.
 */
export function onAlterPartitionResponse(b: BrokerContext, response: AlterPartitionResponse): void {
  const replica = b.state.partitions[response.partition];
  if (!replica) return;
  if (applyPartitionWord(b, replica, response)) return;
  if (replica.role === 'leader' && response.leaderEpoch === replica.leaderEpoch && response.error === 'INELIGIBLE_REPLICA') replica.pendingIsrChange = null;
}
