import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { coverageOfRun, coverageRecorder } from '../../src/properties/coverage/run-coverage.ts';
import { guidedCheck } from '../../src/properties/guided/guided-check.ts';
import { shrinkSchedule } from '../../src/properties/guided/shrink-schedule.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';

const claim = claimNamed('acks-all-durable')!;
const crashLeader: ScheduleStep[] = [
  { type: 'send', producer: 'producer0', key: null, value: 'r1' },
  { type: 'run', ms: 1_000 },
  { type: 'target', action: 'crash', role: 'leader', partition: 0 },
  { type: 'run', ms: 6_000 },
];

describe('coverage', () => {
  it('a crash of the leader reaches a leader-epoch change, live and recorded alike', () => {
    const recorder = coverageRecorder();
    runSchedule(claim.settings, crashLeader, { observer: recorder.observer });
    const live = recorder.situations();
    expect(live).toEqual(expect.arrayContaining(['leader-crash', 'leader-moved', 'send-acked']));
    expect(live.some((s) => s.startsWith('leader-epoch-changes:') && s !== 'leader-epoch-changes:0')).toBe(true);
    expect(coverageOfRun(runSchedule(claim.settings, crashLeader, { recordSnapshots: true }))).toEqual(live);
  });
});

describe('guided campaign (seed 1)', () => {
  it('the same seed gives the same campaign', () => {
    const a = guidedCheck(claim, { seed: 1, runs: 40 });
    const b = guidedCheck(claim, { seed: 1, runs: 40 });
    // Determinism, not a verdict: 40 mutated schedules may make too little progress to count (vacuous).
    expect(a.result.outcome).toBe(b.result.outcome);
    expect(['holds', 'vacuous']).toContain(a.result.outcome);
    expect(a.result.runs).toBe(40);
    expect(JSON.stringify(a.situations)).toBe(JSON.stringify(b.situations));
    expect(a.corpusSize).toBe(b.corpusSize);
  });
});

describe('shrinkSchedule', () => {
  it('keeps the property of the schedule and yields a shorter one', () => {
    const padded: ScheduleStep[] = [{ type: 'tick', ms: 100 }, ...crashLeader, { type: 'heal' }, { type: 'tick', ms: 1_000 }];
    const keeps = (s: ScheduleStep[]) => s.some((x) => x.type === 'target') && s.some((x) => x.type === 'send');
    const shrunk = shrinkSchedule(padded, keeps);
    expect(keeps(shrunk.schedule)).toBe(true);
    expect(shrunk.schedule.length).toBe(2);
  });
});
