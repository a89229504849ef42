/**
 * Schedules for group claims: the claim's ordinary schedule (sends, runs, broker faults within the fault budget)
 * with group-member steps spliced in: members poll-and-process, commit, leave and subscribe again; with the claim's
 * faults, members crash and restart, pause and resume, are cut off from everyone (their coordinator included), and
 * the coordinator (the leader of `__consumer_offsets`) crashes or is isolated, or a member processes and commits
 * and its coordinator crashes right after the member heard the commit acknowledged (a trigger: the moment a commit not yet
 * replicated would be lost). A poll
 * comes with a short run: the fetch's round trip, so that a member processes what it polled (poll-and-process). A
 * zombie story comes as one draw: a member paused past its session timeout while the others poll (and rebalance),
 * then back and committing at once, before a heartbeat tells it it was fenced. Every step stays valid in every
 * state, so shrinking may drop any of them.
 */
import fc from 'fast-check';
import type { Step } from '../../system/kernel/steps.ts';
import { numberSends, scheduleArbitrary, type ScheduleShape } from '../schedule/schedule-arbitrary.ts';
import type { ScheduleStep } from '../schedule/targeted-step.ts';
import { CHECK_GROUP_TIMING, PRODUCER, type CheckSettings } from '../settings.ts';
import { groupMembers } from './group-members.ts';

/** Paused past the session timeout while the others poll, then resumed and committing from its old generation. */
function zombieStory(member: string, others: readonly string[]): ScheduleStep[] {
  return [
    { type: 'pause', node: member },
    { type: 'run', ms: CHECK_GROUP_TIMING.sessionTimeoutMs + CHECK_GROUP_TIMING.heartbeatIntervalMs },
    ...others.flatMap((other): ScheduleStep[] => [{ type: 'poll', consumer: other }, { type: 'run', ms: 600 }]),
    { type: 'resume', node: member },
    { type: 'commit', consumer: member },
  ];
}

function memberSteps(member: string, others: readonly string[], settings: CheckSettings): fc.Arbitrary<ScheduleStep[]> {
  const one = (step: ScheduleStep) => ({ arbitrary: fc.constant<ScheduleStep[]>([step]), weight: 1 });
  const weighted = (weight: number, step: Step) => ({ arbitrary: fc.constant<ScheduleStep[]>([step]), weight });
  const faults = settings.faults;
  const coordinatorPartition = settings.partitions; // __consumer_offsets-0 comes right after the topic's partitions
  const crashAfterCommitAnswered: ScheduleStep = { type: 'on', trigger: { event: 'commitAnswered', partition: coordinatorPartition, whom: 'leader', fault: 'crash' } };
  const choices = [
    { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'poll', consumer: member }, { type: 'run', ms: 600 }]), weight: 16 },
    weighted(settings.groups?.processing === 'commitAfterProcessing' ? 6 : 2, { type: 'commit', consumer: member }),
    one({ type: 'leave', consumer: member }),
    one({ type: 'subscribe', consumer: member }),
    ...(faults.includes('crash')
      ? [one({ type: 'crash', node: member }), weighted(2, { type: 'restart', node: member }), one({ type: 'target', action: 'crash', role: 'leader', partition: coordinatorPartition }), { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'poll', consumer: member }, { type: 'run', ms: 600 }, crashAfterCommitAnswered, { type: 'commit', consumer: member }, { type: 'run', ms: 600 }]), weight: 2 }]
      : []),
    ...(faults.includes('pause') ? [one({ type: 'pause', node: member }), weighted(2, { type: 'resume', node: member }), { arbitrary: fc.constant(zombieStory(member, others)), weight: 1 }] : []),
    ...(faults.includes('partition')
      ? [one({ type: 'partition', nodes: [member] }), { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'target', action: 'isolate', role: 'leader', partition: coordinatorPartition }]), weight: 1 }, weighted(2, { type: 'heal' })]
      : []),
  ];
  return fc.oneof(...choices);
}

/** Where a group step goes, as a fraction of the base schedule (in thousandths): deleting a base step while
 * shrinking moves each group step by one place at most and keeps their order, so the story stays the same story. */
const PLACE_MAX = 1_000;

/** Splices each drawn group step in before the base step at its drawn place; steps drawn for one place keep their order. */
function splice(base: readonly ScheduleStep[], inserts: ReadonlyArray<[number, ScheduleStep[]]>): ScheduleStep[] {
  const before: ScheduleStep[][] = Array.from({ length: base.length + 1 }, () => []);
  for (const [place, steps] of inserts) before[Math.floor((place * (base.length + 1)) / (PLACE_MAX + 1))]!.push(...steps);
  return before.flatMap((steps, i) => (i < base.length ? [...steps, base[i]!] : steps));
}

export function groupScheduleArbitrary(shape: ScheduleShape, settings: CheckSettings): fc.Arbitrary<ScheduleStep[]> {
  const members = groupMembers(settings);
  // Sends come with the members' steps too, or they would be drowned out by them.
  const send = fc.constant<ScheduleStep[]>([{ type: 'send', producer: PRODUCER, key: null, value: '' }]);
  const step = fc.oneof(...members.map((m) => ({ arbitrary: memberSteps(m, members.filter((o) => o !== m), settings), weight: 2 })), { arbitrary: send, weight: 1 });
  const inserts = fc.array(fc.tuple(fc.nat(PLACE_MAX), step), { minLength: 1, maxLength: shape.stepsMax, size: 'max' });
  // The group forms first (the initial rebalance delay, a join and a sync): what a schedule does before is not about groups.
  const forming: ScheduleStep = { type: 'run', ms: CHECK_GROUP_TIMING.initialRebalanceDelayMs + 1_000 };
  return fc.tuple(scheduleArbitrary(shape), inserts).map(([base, drawn]) => numberSends([forming, ...splice(base, drawn)]));
}
