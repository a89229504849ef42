/**
 * The group zoo: coordinators with exactly one part (coordinator-parts.ts) swapped, each in a broker that is the
 * reference otherwise; each file's header says what is wrong and which claim (properties/claims/group-claims.ts)
 * is expected to catch it. src/zoo/registry.ts lists them in `kcheck zoo`.
 */
import type { BrokerLogic } from '../../kernel/broker-logic.ts';
import type { CoordinatorParts } from '../coordinator-parts.ts';
import { assignmentToEveryMemberBroker, assignmentToEveryMemberParts } from './assignment-to-every-member.ts';
import { commitAckedAtAppendBroker, commitAckedAtAppendParts } from './commit-acked-at-append.ts';
import { commitFromAnyGenerationBroker, commitFromAnyGenerationParts } from './commit-from-any-generation.ts';
import { loadForgetsGenerationBroker, loadForgetsGenerationParts } from './load-forgets-generation.ts';

export interface GroupVariant {
  /** kebab-case, the name of the variant's file. */
  id: string;
  name: string;
  part: keyof CoordinatorParts;
  wrong: string;
  /** Where the bug or the rule it breaks is known from. */
  reference: string;
  expectedProperty: string;
  parts: CoordinatorParts;
  broker: BrokerLogic<unknown>;
}

const asLogic = <S>(broker: BrokerLogic<S>) => broker as unknown as BrokerLogic<unknown>;

export const GROUP_VARIANTS: readonly GroupVariant[] = [
  {
    id: 'commit-from-any-generation',
    name: 'Commit from a fenced generation accepted',
    part: 'commitError',
    wrong: 'The coordinator writes a commit from any member and generation (only a Dead group refuses it): a zombie member\'s commit of partitions the group has handed to another member lands.',
    reference: 'Kafka 0.8\'s ZooKeeper-based offset commits carried no generation; the group coordinator fences them (ClassicGroup.validateOffsetCommit: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION)',
    expectedProperty: 'group-fenced-commit',
    parts: commitFromAnyGenerationParts,
    broker: asLogic(commitFromAnyGenerationBroker),
  },
  {
    id: 'assignment-to-every-member',
    name: 'One partition assigned to every member',
    part: 'acceptedAssignment',
    wrong: 'From the leader\'s SyncGroup the coordinator hands every member every partition the leader assigned to anyone: two members own one partition in one generation.',
    reference: 'The assignor contract (ConsumerPartitionAssignor: each partition to one member of a generation), which cooperative-sticky assignor bugs broke',
    expectedProperty: 'group-single-owner',
    parts: assignmentToEveryMemberParts,
    broker: asLogic(assignmentToEveryMemberBroker),
  },
  {
    id: 'commit-acked-at-append',
    name: 'Offset commit acknowledged before replication',
    part: 'commitDurability',
    wrong: 'A commit is answered once appended to the coordinator\'s __consumer_offsets partition, before the followers have it: a coordinator fail-over loses an acknowledged commit.',
    reference: 'offsets.commit.required.acks (default -1: a commit waits for the full ISR)',
    expectedProperty: 'group-commits-monotonic',
    parts: commitAckedAtAppendParts,
    broker: asLogic(commitAckedAtAppendBroker),
  },
  {
    id: 'load-forgets-generation',
    name: 'Coordinator fail-over forgets the generation',
    part: 'groupsFromLog',
    wrong: 'A new coordinator rebuilds the committed offsets from __consumer_offsets but not the group metadata: generations start again from 0 and a past generation\'s number is handed out again.',
    reference: 'GroupMetadataManager.loadGroupsAndOffsets (a new coordinator loads the group metadata records with the offsets)',
    expectedProperty: 'group-single-owner',
    parts: loadForgetsGenerationParts,
    broker: asLogic(loadForgetsGenerationBroker),
  },
];
