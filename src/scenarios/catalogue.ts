/**
 * The scenario set `kcheck scenarios` (and `npm start`) runs against a broker: one hand-written schedule per
 * story of design.md, each with the outcome Kafka's semantics predict. A story either shows a guarantee
 * holding under its fault, or shows the exact way a weaker setting loses data. The vitest suites hold more,
 * finer-grained scenarios; these are the ones a user sees summarised.
 */
import type { ClusterConfigInput } from '../system/config/validate.ts';
import type { Step } from '../system/kernel/steps.ts';
import type { Simulation } from '../system/simulation.ts';
import { assignmentLines, commitLines, coordinatorLine, revocationLines } from './group-readers.ts';
import { acked, consumeAll, failed, isrOf, leaderOf, logValues } from './readers.ts';

export interface Scenario {
  name: string;
  /** The claim of design.md §1 this story illustrates. */
  claim: string;
  config: ClusterConfigInput;
  steps: Step[];
  /** Undefined when the outcome is the expected one, else what differs. */
  check(simulation: Simulation): string | undefined;
}

const send = (value: string, key: string | null = null): Step => ({ type: 'send', producer: 'producer0', key, value });

function expectEqual(what: string, actual: unknown, expected: unknown): string | undefined {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return a === e ? undefined : `${what}: expected ${e}, got ${a}`;
}

function firstProblem(...problems: Array<string | undefined>): string | undefined {
  return problems.find((p) => p !== undefined);
}

/** The common outcome of a leader-failure story: r1 was acked, `leader` took over, and the final read holds `finalRead`. */
function ackedThenLeaderChanged(leader: number, finalRead: string[]): Scenario['check'] {
  return (s) =>
    firstProblem(
      expectEqual('acked', acked(s).map((a) => a.value), ['r1']),
      expectEqual('new leader', leaderOf(s), leader),
      expectEqual('final read of p0', consumeAll(s)[0] ?? [], finalRead),
    );
}

const leaderCrashAfterAck: Step[] = [
  send('r1'),
  { type: 'deliver', from: 'producer0', to: 'b0' },
  { type: 'run', ms: 1_500 },
  { type: 'crash', node: 'b0' },
  { type: 'run', ms: 12_000 },
];

/** Two members of group `g` share a two-partition topic; `__consumer_offsets` has one partition, led by b2 at first
 * (abs("g".hashCode()) % 1 = 0: partition 2 of the cluster), so b2 is the coordinator until it fails. */
const GROUP_CONFIG: ClusterConfigInput = {
  partitions: 2,
  groups: { offsetsPartitions: 1 },
  consumers: [0, 1].map(() => ({ requestTimeoutMs: 5_000, group: { groupId: 'g', assignor: 'range', processing: 'commitAfterProcessing', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, maxPollIntervalMs: 20_000 } })),
};
const poll = (consumer: string): Step => ({ type: 'poll', consumer });
const commit = (consumer: string): Step => ({ type: 'commit', consumer });
const run = (ms: number): Step => ({ type: 'run', ms });
/** The group forms (the initial rebalance delay, 3 s): consumer0 gets p0, consumer1 p1 (range); d goes to p0, a b c to p1. */
const groupFormsAndReads: Step[] = [run(5_000), send('a', 'k0'), send('b', 'k1'), send('c', 'k2'), send('d', 'k3'), run(1_000)];
const bothProcessAndCommit: Step[] = [poll('consumer0'), poll('consumer1'), run(1_000), commit('consumer0'), commit('consumer1'), run(1_000)];
const FIRST_GENERATION = ['consumer0 gen 1: p0@0', 'consumer1 gen 1: p1@0'];
const BOTH_COMMITTED = ['consumer0 gen 1 p0@1 NONE', 'consumer1 gen 1 p1@3 NONE'];

const GROUP_SCENARIOS: readonly Scenario[] = [
  {
    name: 'a member crash ends its session; the survivor takes both partitions over from the committed offsets',
    claim: 'C12',
    config: GROUP_CONFIG,
    steps: [...groupFormsAndReads, ...bothProcessAndCommit, { type: 'crash', node: 'consumer1' }, run(12_000), poll('consumer0'), run(1_000)],
    check: (s) =>
      firstProblem(
        expectEqual('assignments', assignmentLines(s), [...FIRST_GENERATION, 'consumer0 gen 2: p0@1 p1@3']),
        // consumer0 commits what it processed before it rejoins (eager protocol), in generation 1.
        expectEqual('commits', commitLines(s), [...BOTH_COMMITTED, 'consumer0 gen 1 p0@1 NONE']),
        expectEqual('revocations', revocationLines(s), ['consumer0 gen 1 p0']),
        expectEqual('coordinator', coordinatorLine(s, 'b2', 'g'), 'b2 Stable gen 2: p0@1 p1@3'),
      ),
  },
  {
    name: 'a coordinator fail-over keeps the commits: the next rebalance starts from them',
    claim: 'C12',
    config: GROUP_CONFIG,
    steps: [...groupFormsAndReads, ...bothProcessAndCommit, { type: 'crash', node: 'b2' }, run(20_000), { type: 'leave', consumer: 'consumer0' }, run(1_500), poll('consumer1'), run(1_000)],
    check: (s) =>
      firstProblem(
        expectEqual('new coordinator (leader of __consumer_offsets-0)', leaderOf(s, 2), 0),
        expectEqual('assignments', assignmentLines(s), [...FIRST_GENERATION, 'consumer1 gen 2: p0@1 p1@3']),
        expectEqual('commits', commitLines(s), [...BOTH_COMMITTED, 'consumer1 gen 1 p1@3 NONE']),
        expectEqual('coordinator', coordinatorLine(s, 'b0', 'g'), 'b0 Stable gen 2: p0@1 p1@3'),
      ),
  },
  {
    name: 'a zombie member (paused past its session timeout) has its commit fenced; its partition restarts from the last commit',
    claim: 'C12',
    config: GROUP_CONFIG,
    steps: [...groupFormsAndReads, poll('consumer1'), run(1_000), { type: 'pause', node: 'consumer1' }, run(15_000), poll('consumer0'), run(2_000), { type: 'resume', node: 'consumer1' }, commit('consumer1'), run(2_000), poll('consumer1'), run(1_000)],
    check: (s) =>
      firstProblem(
        expectEqual('assignments', assignmentLines(s), [...FIRST_GENERATION, 'consumer0 gen 2: p0@0 p1@0']),
        expectEqual('commits', commitLines(s), ['consumer0 gen 1 p0@0 NONE', 'consumer1 gen 1 p1@3 UNKNOWN_MEMBER_ID']),
        expectEqual('revocations', revocationLines(s), ['consumer0 gen 1 p0', 'consumer1 gen 1 p1 lost']),
        expectEqual('coordinator', coordinatorLine(s, 'b2', 'g'), 'b2 PreparingRebalance gen 2: p0@0'),
      ),
  },
];

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'acks=1 loses an acked record when the leader crashes before replication',
    claim: 'C4',
    config: { minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }] },
    steps: [send('r1'), { type: 'deliver', from: 'producer0', to: 'b0' }, { type: 'deliver', from: 'b0', to: 'producer0' }, { type: 'crash', node: 'b0' }, { type: 'run', ms: 12_000 }, { type: 'restart', node: 'b0' }, { type: 'run', ms: 3_000 }],
    check: ackedThenLeaderChanged(1, []),
  },
  {
    name: 'acks=all with minISR=2 keeps an acked record through the leader crash',
    claim: 'C5',
    config: { minInsyncReplicas: 2, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] },
    steps: leaderCrashAfterAck,
    check: ackedThenLeaderChanged(1, ['r1']),
  },
  {
    name: 'acks=all is refused with NOT_ENOUGH_REPLICAS when the ISR is below minISR',
    claim: 'C5',
    config: { minInsyncReplicas: 2, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0, retries: 0 }] },
    steps: [{ type: 'crash', node: 'b1' }, { type: 'crash', node: 'b2' }, { type: 'run', ms: 12_000 }, send('r1'), { type: 'run', ms: 100 }],
    check: (s) =>
      firstProblem(
        expectEqual('ISR', isrOf(s), [0]),
        expectEqual('failures', failed(s).map((f) => [f.value, f.error]), [['r1', 'NOT_ENOUGH_REPLICAS']]),
        expectEqual('leader log', logValues(s, 'b0'), []),
      ),
  },
  {
    name: 'unclean election loses a record acked by an ISR of one',
    claim: 'C6',
    config: { minInsyncReplicas: 1, uncleanLeaderElection: true, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] },
    steps: [
      { type: 'pause', node: 'b1' },
      { type: 'pause', node: 'b2' },
      { type: 'run', ms: 16_000 },
      send('r1'),
      { type: 'run', ms: 100 },
      { type: 'crash', node: 'b0' },
      { type: 'resume', node: 'b1' },
      { type: 'resume', node: 'b2' },
      { type: 'run', ms: 12_000 },
    ],
    check: ackedThenLeaderChanged(1, []),
  },
  {
    name: 'power loss loses the unflushed tail; a process crash loses nothing',
    claim: 'C7',
    config: { brokers: 1, replicationFactor: 1, minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }] },
    steps: [
      send('r1'),
      { type: 'run', ms: 100 },
      { type: 'crash', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 30_000 },
      send('r2'),
      { type: 'run', ms: 100 },
      { type: 'powerLoss', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 1_000 },
    ],
    check: (s) =>
      firstProblem(
        expectEqual('acked', acked(s).map((a) => a.value), ['r1', 'r2']),
        expectEqual('log after power loss', logValues(s, 'b0'), ['r1']),
      ),
  },
  {
    name: 'three partitions reorder 1 2 3 4 5 a b c d e; each partition keeps its own order',
    claim: 'C1, C2',
    config: { partitions: 3, producers: [{ acks: 1, enableIdempotence: false }] },
    steps: [...['1', '2', '3', '4', '5', 'a', 'b', 'c', 'd', 'e'].map((v) => send(v, v)), { type: 'run', ms: 1_000 }],
    check: (s) => {
      const read = consumeAll(s);
      const consumed = [0, 1, 2].flatMap((p) => read[p] ?? []);
      const sent = ['1', '2', '3', '4', '5', 'a', 'b', 'c', 'd', 'e'];
      const perPartitionOrder = [0, 1, 2].every((p) => JSON.stringify(read[p] ?? []) === JSON.stringify(sent.filter((v) => (read[p] ?? []).includes(v))));
      return firstProblem(
        expectEqual('records read', [...consumed].sort(), [...sent].sort()),
        JSON.stringify(consumed) === JSON.stringify(sent) ? 'consumed in send order: expected another order across partitions' : undefined,
        perPartitionOrder ? undefined : `a partition is out of send order: ${JSON.stringify(read)}`,
      );
    },
  },
  ...GROUP_SCENARIOS,
];
