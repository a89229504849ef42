import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { coverageOfRun, coverageRecorder } from '../../src/properties/coverage/run-coverage.ts';
import { guidedCheck } from '../../src/properties/guided/guided-check.ts';
import { mutateOnce } from '../../src/properties/guided/mutate.ts';
import seedrandom from 'seedrandom';
import { shrinkSchedule } from '../../src/properties/guided/shrink-schedule.ts';
import { interleavedCheck } from '../../src/properties/guided/interleaved-check.ts';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { ZOO } from '../../src/zoo/registry.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';

const claim = claimNamed('acks-all-durable')!;
const crashLeader: ScheduleStep[] = [
  { type: 'send', producer: 'producer0', key: null, value: 'r1' },
  { type: 'run', ms: 1_000 },
  { type: 'target', action: 'crash', role: 'leader', partition: 0 },
  { type: 'run', ms: 6_000 },
];

/** The situations a live run of `schedule` reaches, after checking that the same run recorded and folded after the
 * fact reaches the same ones. */
function coverageLiveAndRecorded(settings: typeof claim.settings, schedule: ScheduleStep[]): string[] {
  const recorder = coverageRecorder();
  runSchedule(settings, schedule, { observer: recorder.observer });
  const live = recorder.situations();
  expect(coverageOfRun(runSchedule(settings, schedule, { recordSnapshots: true }))).toEqual(live);
  return live;
}

describe('coverage', () => {
  it('a crash of the leader reaches a leader-epoch change, live and recorded alike', () => {
    const live = coverageLiveAndRecorded(claim.settings, crashLeader);
    expect(live).toEqual(expect.arrayContaining(['leader-crash', 'leader-moved', 'send-acked']));
    expect(live.some((s) => s.startsWith('leader-epoch-changes:') && s !== 'leader-epoch-changes:0')).toBe(true);
  });

  it('the boot\'s first election is no leader change, and its overtaken leaderless word no replaced word', () => {
    const recorder = coverageRecorder();
    runSchedule(claim.settings, [{ type: 'run', ms: 1_000 }], { observer: recorder.observer });
    expect(recorder.situations()).toContain('leader-epoch-changes:0');
    expect(recorder.situations()).not.toContain('leader-moved');
    expect(recorder.situations()).not.toContain('superseded-word-delivered');
  });
});

describe('mutations', () => {
  const sources = (seed: string) => ({ random: seedrandom(seed), partitions: 1, draw: () => crashLeader, other: () => crashLeader, stepsMax: 30 });
  const orders = (steps: readonly ScheduleStep[]) => steps.filter((s) => s.type === 'deliveryOrder');

  it('redraw the delivery order, or draw one for a schedule that had none, as the first step', () => {
    const withOrder: ScheduleStep[] = [{ type: 'deliveryOrder', seed: 7 }, ...crashLeader];
    const fromOrdered = Array.from({ length: 200 }, (_, i) => mutateOnce(withOrder, sources(`a${i}`)));
    expect(fromOrdered.some((m) => m[0]?.type === 'deliveryOrder' && m[0].seed !== 7 && orders(m).length === 1)).toBe(true);
    const fromUnordered = Array.from({ length: 200 }, (_, i) => mutateOnce(crashLeader, sources(`b${i}`)));
    expect(fromUnordered.some((m) => m[0]?.type === 'deliveryOrder' && m.length === crashLeader.length + 1)).toBe(true);
  });
});

describe('coverage of deep stories', () => {
  // b2 paused across two leader changes, b0 back in the lead after b1, then b0's page cache written back and lost.
  const twoLeaderChanges: ScheduleStep[] = [
    { type: 'send', producer: 'producer0', key: null, value: 'r1' },
    { type: 'run', ms: 1_000 },
    { type: 'pause', node: 'b2' },
    ...[1, 2].flatMap((): ScheduleStep[] => [
      { type: 'target', action: 'crash', role: 'leader', partition: 0 },
      { type: 'run', ms: 12_000 },
      { type: 'target', action: 'restart', role: 'down' },
      { type: 'run', ms: 3_000 },
    ]),
    { type: 'writeback', node: 'b0' },
    { type: 'powerLoss', node: 'b0' },
    { type: 'run', ms: 3_000 },
  ];

  it('a replica away across two leader changes, a leader that returned, a power loss after writeback', () => {
    const live = coverageLiveAndRecorded(claimNamed('protocol-invariants')!.settings, twoLeaderChanges);
    expect(live).toEqual(expect.arrayContaining(['replica-paused-across-leader-changes:2', 'leader-returned', 'powerLoss-written-back']));
  });
});

describe('coverage of a truncation without a fetch before it', () => {
  // The leader, cut off with the producer, appends r2 alone; a new leader is elected; healed, the deposed leader cuts
  // r2 and fetches from below its old log end. It never fetched as a follower, so only the last reading tells it.
  const deposed: ScheduleStep[] = [
    { type: 'send', producer: 'producer0', key: null, value: 'r1' },
    { type: 'run', ms: 1_000 },
    { type: 'target', action: 'isolate', role: 'leader', partition: 0, withProducer: true },
    { type: 'send', producer: 'producer0', key: null, value: 'r2' },
    { type: 'run', ms: 12_000 },
    { type: 'heal' },
    { type: 'run', ms: 5_000 },
  ];

  it('a deposed leader that truncates its tail', () => {
    const live = coverageLiveAndRecorded(claimNamed('protocol-invariants')!.settings, deposed);
    expect(live).toEqual(expect.arrayContaining(['deposed-leader-truncated', 'log-truncated']));
  });
});

describe('coverage of a zombie leader', () => {
  // KIP-279's story (reports/bug-zoo.md): b1 is paused as b0 loses power and comes back at once; the controller elects
  // b1 while it is paused, then b2 once b1's session lapses; resumed, b1 takes its word of epoch 2 and the producer's
  // retry of r2, which it appends as a leader the controller has replaced.
  const zombie: ScheduleStep[] = [
    { type: 'target', action: 'pause', role: 'follower', partition: 0 },
    { type: 'send', producer: 'producer0', key: 'k1', value: 'r1' },
    { type: 'run', ms: 500 },
    { type: 'send', producer: 'producer0', key: null, value: 'r2' },
    { type: 'target', action: 'powerLoss', role: 'leader', partition: 0 },
    { type: 'target', action: 'restart', role: 'down' },
    { type: 'run', ms: 30_000 },
  ];

  it('a broker elected while paused, a word the controller replaced delivered late, a deposed leader that acknowledges a write', () => {
    const live = coverageLiveAndRecorded(claimNamed('protocol-invariants')!.settings, zombie);
    expect(live).toEqual(expect.arrayContaining(['paused-broker-elected', 'superseded-word-delivered', 'deposed-leader-acked']));
  });

  it('none of them without the pause', () => {
    const recorder = coverageRecorder();
    runSchedule(claimNamed('protocol-invariants')!.settings, zombie.slice(1), { observer: recorder.observer });
    expect(recorder.situations().filter((s) => ['paused-broker-elected', 'deposed-leader-acked'].includes(s))).toEqual([]);
  });
});

describe('interleaved blind and guided search', () => {
  const shape = { firstBlindRuns: 20, guidedRuns: 20, blindRuns: 20, campaignSlicesMax: 1 };

  it('the same seed gives the same search, over blind and guided slices', () => {
    const a = interleavedCheck(claim, { seed: 1, runs: 100 }, shape);
    const b = interleavedCheck(claim, { seed: 1, runs: 100 }, shape);
    expect(a.runs).toBe(100);
    expect(['holds', 'vacuous']).toContain(a.outcome);
    expect(JSON.stringify(a.progress)).toBe(JSON.stringify(b.progress));
    expect(a.progress.runs).toBe(100);
  });

  it('a catch within the first blind slice is the blind check\'s, schedule and path alike', () => {
    const entry = ZOO.find((e) => e.id === 'acks-all-at-append')!;
    const blind = checkClaim(claim, { seed: 1, runs: 20, broker: entry.broker });
    const mixed = interleavedCheck(claim, { seed: 1, runs: 200, broker: entry.broker }, shape);
    expect(blind.outcome).toBe('violated');
    expect(mixed.runs).toBe(blind.runs);
    expect(mixed.counterexample!.path).toBe(blind.counterexample!.path);
    expect(mixed.counterexample!.schedule).toEqual(blind.counterexample!.schedule);
  });
});

describe('a blind slice goes on with the check\'s own stream', () => {
  it('skipping the schedules before a catch finds the same counterexample, path and all', () => {
    const entry = ZOO.find((e) => e.id === 'min-isr-unchecked')!;
    const whole = checkClaim(claim, { seed: 1, runs: 2_000, broker: entry.broker });
    expect(whole.outcome).toBe('violated');
    expect(whole.runs).toBeGreaterThan(1);
    const rest = checkClaim(claim, { seed: 1, runs: 2_000, skipRuns: whole.runs - 1, broker: entry.broker });
    expect(rest.runs).toBe(1);
    expect(rest.counterexample!.path).toBe(whole.counterexample!.path);
    expect(rest.counterexample!.schedule).toEqual(whole.counterexample!.schedule);
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
