/**
 * Assignment 5 starter: consumer group offset commits on the coordinator (README.md one folder up).
 *
 * This is kcheck's reference broker, group coordinator included, with ONE coordinator decision replaced by a stub:
 * `groupsFromLog`, what a broker that becomes the leader of a `__consumer_offsets` partition (the group's new
 * coordinator) rebuilds from that partition's replicated log. The rest is the reference's: validating each commit
 * (generation and member checks, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS), writing commits and group metadata
 * through `__consumer_offsets` with acks=all and answering only once they are replicated, and the rebalance
 * protocol itself. Grade it with:
 *
 *   npx kcheck grade broker.ts --assignment 5
 *
 * Do not call `referenceCoordinatorParts.groupsFromLog`: writing it is the assignment.
 */
import { createBroker, readOffsetsRecord, referenceCoordinatorParts, referenceParts, type CoordinatorParts, type Group } from 'kcheck';

/**
 * The groups the log of `__consumer_offsets` partition `offsetsPartition` holds, by group id, as a new coordinator
 * loads them at virtual time `nowMs`. `readOffsetsRecord(record)` reads one record back: an offset commit
 * (`{ kind: 'offset', groupId, partition, offset, generation }`), a group's metadata after a rebalance
 * (`{ kind: 'group', groupId, stored: { generation, assignor, leaderId, members } }`), or undefined for a record
 * the coordinator did not write. A group you return must be complete (every field of `Group`); a new one starts
 * `{ groupId, offsetsPartition, phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {},
 * offsets: {}, nextMemberSeq: 0, rebalance: null }`.
 */
const groupsFromLog: CoordinatorParts['groupsFromLog'] = (log, offsetsPartition, nowMs) => {
  const groups: Record<string, Group> = {};
  // TODO(assignment 5): replay the log in offset order, the latest record of a key winning: each group's committed
  // offsets, and its generation, leader, assignor and members (their sessions start at nowMs, awaiting nothing);
  // a group with members comes back Stable, one without Empty.
  // STUB: the new coordinator remembers nothing; every group starts again from scratch. kcheck finds what that breaks.
  void log;
  void offsetsPartition;
  void nowMs;
  void readOffsetsRecord;
  return groups;
};

export default createBroker('student/assignment-5', referenceParts, { ...referenceCoordinatorParts, groupsFromLog });
