/**
 * Schedules for group claims: the claim's ordinary schedule (sends, runs, broker faults within the fault budget)
 * with group-member steps spliced in: members poll-and-process, commit, leave and subscribe again; with the claim's
 * faults, members crash and restart, pause and resume, are cut off from everyone (their coordinator included), and
 * the coordinator (the leader of `__consumer_offsets`) crashes or is isolated. A poll comes with a short run: the
 * fetch's round trip, so that a member processes what it polled (poll-and-process). Every step stays valid in
 * every state, so shrinking may drop any of them.
 */
import fc from 'fast-check';
import type { Step } from '../../system/kernel/steps.ts';
import { numberSends, scheduleArbitrary, type ScheduleShape } from '../schedule/schedule-arbitrary.ts';
import type { ScheduleStep } from '../schedule/targeted-step.ts';
import { CHECK_GROUP_TIMING, PRODUCER, type CheckSettings } from '../settings.ts';
import { groupMembers } from './group-members.ts';

function memberSteps(member: string, settings: CheckSettings): fc.Arbitrary<ScheduleStep[]> {
  const one = (step: Step) => ({ arbitrary: fc.constant<ScheduleStep[]>([step]), weight: 1 });
  const weighted = (weight: number, step: Step) => ({ arbitrary: fc.constant<ScheduleStep[]>([step]), weight });
  const faults = settings.faults;
  const coordinatorPartition = settings.partitions; // __consumer_offsets-0 comes right after the topic's partitions
  const choices = [
    { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'poll', consumer: member }, { type: 'run', ms: 600 }]), weight: 16 },
    weighted(settings.groups?.processing === 'commitAfterProcessing' ? 6 : 2, { type: 'commit', consumer: member }),
    one({ type: 'leave', consumer: member }),
    one({ type: 'subscribe', consumer: member }),
    ...(faults.includes('crash')
      ? [one({ type: 'crash', node: member }), weighted(2, { type: 'restart', node: member }), { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'target', action: 'crash', role: 'leader', partition: coordinatorPartition }]), weight: 1 }]
      : []),
    ...(faults.includes('pause') ? [one({ type: 'pause', node: member }), weighted(2, { type: 'resume', node: member })] : []),
    ...(faults.includes('partition')
      ? [one({ type: 'partition', nodes: [member] }), { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'target', action: 'isolate', role: 'leader', partition: coordinatorPartition }]), weight: 1 }, weighted(2, { type: 'heal' })]
      : []),
  ];
  return fc.oneof(...choices);
}

/** Splices each drawn group step in at its drawn position (taken modulo the length so far), in order. */
function splice(base: readonly ScheduleStep[], inserts: ReadonlyArray<[number, ScheduleStep[]]>): ScheduleStep[] {
  const out = [...base];
  for (const [at, steps] of inserts) out.splice(at % (out.length + 1), 0, ...steps);
  return out;
}

export function groupScheduleArbitrary(shape: ScheduleShape, settings: CheckSettings): fc.Arbitrary<ScheduleStep[]> {
  const members = groupMembers(settings);
  // Sends come with the members' steps too, or they would be drowned out by them.
  const send = fc.constant<ScheduleStep[]>([{ type: 'send', producer: PRODUCER, key: null, value: '' }]);
  const step = fc.oneof(...members.map((m) => ({ arbitrary: memberSteps(m, settings), weight: 2 })), { arbitrary: send, weight: 1 });
  const inserts = fc.array(fc.tuple(fc.nat(), step), { minLength: 1, maxLength: shape.stepsMax, size: 'max' });
  // The group forms first (the initial rebalance delay, a join and a sync): what a schedule does before is not about groups.
  const forming: ScheduleStep = { type: 'run', ms: CHECK_GROUP_TIMING.initialRebalanceDelayMs + 1_000 };
  return fc.tuple(scheduleArbitrary(shape), inserts).map(([base, drawn]) => numberSends([forming, ...splice(base, drawn)]));
}
