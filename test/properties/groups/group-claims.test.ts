/**
 * Claim C12's properties: each `always` group claim holds on the reference for fixed seeds at its budget; the
 * at-most-once skip is shown by a short story (commit before processing, crash before processing) whose cause the
 * claim states, and the same story with commit-after-processing skips nothing (it repeats instead); searched, the
 * skip is found within the claim's run budget and shrinks to a story that shows its cause.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../../src/properties/check-claim.ts';
import { claimNamed } from '../../../src/properties/claims/catalogue.ts';
import { committedBeforeProcessingThenFailed, GROUP_CLAIMS } from '../../../src/properties/claims/group-claims.ts';
import { groupFigures } from '../../../src/properties/groups/group-checks.ts';
import { groupMembers } from '../../../src/properties/groups/group-members.ts';
import { runSchedule } from '../../../src/properties/runner/run-schedule.ts';
import { storyLines } from '../../../src/properties/runner/story.ts';
import type { ScheduleStep } from '../../../src/properties/schedule/targeted-step.ts';
import { parseTrace } from '../../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../../src/properties/trace/replay-trace.ts';
import { buildTrace, traceJson } from '../../../src/properties/trace/trace.ts';

const ALWAYS_GROUP_CLAIMS = GROUP_CLAIMS.filter((c) => c.expectation === 'always');

describe.each(ALWAYS_GROUP_CLAIMS.map((c) => c.name))('%s', (name) => {
  it.each([1, 2, 3])('holds on the reference, seed %i, at its budget', (seed) => {
    const claim = claimNamed(name)!;
    const result = checkClaim(claim, { seed });
    expect(result.outcome, result.counterexample?.finding.message ?? result.vacuity).toBe('holds');
    expect(result.runs).toBe(claim.budget.runs);
  });
});

/** consumer2 owns p0 and consumer3 p1 (range); r1 and r2 go to p1. consumer3 polls them; its coordinator's answers
 * are held, then it crashes; its session ends and consumer2 takes p1 over from the committed offset. */
const CRASH_BEFORE_PROCESSING: ScheduleStep[] = [
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

/** Schedules the seed-1 search may take to witness the skip: the claim's own budget (it needs 232, measured). */
const SKIP_SEARCH_SEED = 1;
/** The shrunk story's steps at most: seeds 1, 2, 3 shrink to 31, 39 and 34 (a zombie pause, the commits, the
 * fault, the takeover, and sends and polls fast-check does not delete; the hand-built story takes 13). */
const SKIP_STORY_STEPS_MAX = 40;

describe('group-at-most-once-skip, searched', () => {
  it(`kcheck finds the skip within the claim's run budget and shrinks it to a story showing the cause (seed ${SKIP_SEARCH_SEED})`, () => {
    const claim = claimNamed('group-at-most-once-skip')!;
    const result = checkClaim(claim, { seed: SKIP_SEARCH_SEED });
    expect(result.outcome).toBe('witnessed');
    expect(result.runs).toBeLessThanOrEqual(claim.budget.runs);
    const { finding, cause, run } = result.counterexample!;
    expect(finding.kind).toBe('group-skip');
    // The cause: a member committed before processing, a fault kept it from processing, the next owner started at the commit.
    expect(cause).toMatch(/^consumer\d committed p\d@\d+ before processing r\d+.*; a (crash|pause|partition|drop of a message|commit that failed) kept it from processing them, and consumer\d started at the commit in generation \d+$/);
    const story = storyLines(run.executed);
    expect(story.length).toBeLessThanOrEqual(SKIP_STORY_STEPS_MAX);
    expect(story.some((line) => / commit$/.test(line))).toBe(true);
    expect(story.some((line) => /(pause|crash|partition|drop) /.test(line))).toBe(true);
  });
});

describe('group-at-most-once-skip', () => {
  it('a member that commits before processing and crashes before processing leaves records unprocessed', () => {
    const claim = claimNamed('group-at-most-once-skip')!;
    const run = runSchedule(claim.settings, CRASH_BEFORE_PROCESSING, { recordSnapshots: true });
    const skip = run.findings.find((f) => f.kind === 'group-skip')!;
    expect(skip).toMatchObject({ partition: 1, values: ['r1', 'r2'] });
    expect(committedBeforeProcessingThenFailed(run, skip)).toBe('consumer3 committed p1@2 before processing r1, r2; a crash kept it from processing them, and consumer2 started at the commit in generation 2');
  });

  it('the story as a trace replays to the same skip and cause', () => {
    const claim = claimNamed('group-at-most-once-skip')!;
    const run = runSchedule(claim.settings, CRASH_BEFORE_PROCESSING, { recordSnapshots: true, stopWhen: (f) => f.kind === 'group-skip' });
    const finding = run.findings.find((f) => f.kind === 'group-skip')!;
    const cause = committedBeforeProcessingThenFailed(run, finding);
    const trace = buildTrace(claim, { schedule: CRASH_BEFORE_PROCESSING, finding, run, ...(cause ? { cause } : {}), seed: 0, path: '', shrinks: 0 });
    const replay = replayTrace(parseTrace(traceJson(trace), 'group-skip.json'));
    expect(replay.verdict).toBe('reproduced');
    expect(replay.finding?.kind).toBe('group-skip');
    expect(replay.cause).toBe(cause);
  });

  it('with commit after processing the same story skips nothing: consumer2 reads r1 and r2 again', () => {
    const claim = claimNamed('group-at-least-once')!;
    const polls: ScheduleStep[] = [{ type: 'poll', consumer: 'consumer2' }, { type: 'run', ms: 600 }, { type: 'poll', consumer: 'consumer2' }, { type: 'run', ms: 600 }];
    const run = runSchedule(claim.settings, [...CRASH_BEFORE_PROCESSING, ...polls]);
    expect(run.findings.filter((f) => f.kind.startsWith('group-'))).toEqual([]);
    const facts = { groupEvents: run.groupEvents!, history: run.history, opSteps: run.opSteps, members: new Set(groupMembers(claim.settings)), lastStep: run.executed.length - 1 };
    expect(groupFigures(facts)).toEqual({ duplicates: 2, skipped: 0 });
  });
});
