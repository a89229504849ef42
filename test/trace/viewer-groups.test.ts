/**
 * The viewer's consumer-group card (src/explain/html/viewer-groups.ts), on the at-most-once story of
 * test/properties/groups: after the last step it shows the coordinator, each member's generation and what it owns
 * (started at), and the acknowledged commit per partition; a run without groups has no card.
 */
import { describe, expect, it } from 'vitest';
import { groupsByStep } from '../../src/explain/html/viewer-groups.ts';
import { clusterConfigFor, GROUP_ID } from '../../src/properties/settings.ts';
import { offsetsPartitionOf } from '../../src/system/coordinator/offsets-partition.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';

const STORY: ScheduleStep[] = [
  { type: 'run', ms: 2_000 },
  { type: 'send', producer: 'producer0', key: 'k0', value: 'r1' },
  { type: 'send', producer: 'producer0', key: 'k1', value: 'r2' },
  { type: 'run', ms: 600 },
  { type: 'hold', from: 'b2', to: 'consumer2' },
  { type: 'hold', from: 'b2', to: 'consumer3' },
  { type: 'poll', consumer: 'consumer3' },
  { type: 'run', ms: 600 },
  { type: 'crash', node: 'consumer3' },
  { type: 'release', from: 'b2', to: 'consumer2' },
  { type: 'run', ms: 8_000 },
  { type: 'poll', consumer: 'consumer2' },
  { type: 'run', ms: 600 },
];

describe('the viewer\'s group card', () => {
  it('shows members, generations, assignments and acknowledged commits after each step', () => {
    const claim = claimNamed('group-at-most-once-skip')!;
    const run = runSchedule(claim.settings, STORY, { recordSnapshots: true });
    const groups = groupsByStep(run.groupEvents, run.snapshots!, offsetsPartitionOf(clusterConfigFor(claim.settings), GROUP_ID));
    expect(groups[1]).toEqual({
      coordinator: 'b2',
      members: [
        { consumer: 'consumer2', generation: 1, owns: 'p0@0', status: 'owns' },
        { consumer: 'consumer3', generation: 1, owns: 'p1@0', status: 'owns' },
      ],
      committed: [],
    });
    expect(groups[STORY.length]).toMatchObject({
      coordinator: 'b2',
      members: [{ consumer: 'consumer2', generation: 2, owns: 'p0@0, p1@2', status: 'owns' }, { consumer: 'consumer3', generation: 1 }],
    });
  });

  it('is absent from a run without groups', () => {
    const claim = claimNamed('acks-all-durable')!;
    const run = runSchedule(claim.settings, [{ type: 'run', ms: 1_000 }], { recordSnapshots: true });
    expect(groupsByStep(run.groupEvents, run.snapshots!, claim.settings.partitions).every((g) => g === null)).toBe(true);
  });
});
