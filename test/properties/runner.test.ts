/**
 * The lockstep runner: the fault budget turns excess faults into no-ops, targeted steps resolve against the
 * cluster as it is, every observation becomes a history op checked at its step, the final phase reads
 * everything back, and the same schedule always gives the same run.
 */
import { describe, expect, it } from 'vitest';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { storyLines } from '../../src/properties/runner/story.ts';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from '../../src/properties/settings.ts';
import { numberSends } from '../../src/properties/schedule/schedule-arbitrary.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';
import { checkHistory } from '../../src/model/check-history.ts';

const settings = (overrides: Partial<CheckSettings> = {}): CheckSettings => ({ ...DEFAULT_CHECK_SETTINGS, ...overrides });
const send: ScheduleStep = { type: 'send', producer: 'producer0', key: null, value: '' };

describe('fault budget', () => {
  it('refuses a fault beyond the budget as a no-op with the reason, and allows it after a repair', () => {
    const run = runSchedule(settings({ impairedBrokersMax: 1 }), [
      { type: 'crash', node: 'b1' },
      { type: 'pause', node: 'b2' },
      { type: 'restart', node: 'b1' },
      { type: 'pause', node: 'b2' },
    ]);
    const faults = run.executed.filter((e) => e.phase === 'faults');
    expect(faults.map((e) => e.noop ?? 'applied')).toEqual(['applied', 'fault budget: at most 1 broker(s) impaired at once', 'applied', 'applied']);
  });

  it('counts brokers cut off by a partition until the heal', () => {
    const run = runSchedule(settings({ impairedBrokersMax: 1 }), [{ type: 'partition', nodes: ['b1'] }, { type: 'crash', node: 'b2' }, { type: 'heal' }, { type: 'crash', node: 'b2' }]);
    expect(run.executed.filter((e) => e.phase === 'faults').map((e) => e.noop === undefined)).toEqual([true, false, true, true]);
  });
});

describe('targeted steps', () => {
  it('resolve against the current leader, and record the concrete step with its intent', () => {
    const run = runSchedule(settings({ impairedBrokersMax: 2 }), [{ type: 'target', action: 'crash', role: 'leader', partition: 0 }, { type: 'run', ms: 5_000 }, { type: 'target', action: 'crash', role: 'leader', partition: 0 }]);
    expect(storyLines(run.executed)).toEqual(['  1. crash b0 (the leader of p0)', '  2. run 5000ms', '  3. crash b1 (the leader of p0)']);
  });

  it('are skipped when nobody has the role (no broker is down to restart)', () => {
    const run = runSchedule(settings(), [{ type: 'target', action: 'restart', role: 'down' }]);
    expect(run.executed.filter((e) => e.phase === 'faults')).toEqual([]);
  });
});

describe('history and final phase', () => {
  it('records asynchronous sends, acks, and one final read of every partition; a clean run is valid', () => {
    const run = runSchedule(settings({ partitions: 2 }), numberSends([send, send, { type: 'run', ms: 100 }, send]));
    expect(run.completed).toBe(true);
    expect(run.findings).toEqual([]);
    const finalRead = run.history.at(-1)!;
    expect(finalRead).toMatchObject({ f: 'poll', type: 'ok', final: true, process: 'consumer1' });
    expect(checkHistory({ format: 'kcheck-history', version: 1, ops: run.history })).toMatchObject({ valid: true });
    expect(run.executed.map((e) => e.phase)).toContain('finalRead');
  });

  it('judges an observation at the step where it happens: acks=1 loss names the final read', () => {
    const run = runSchedule(settings({ acks: 1, minInsyncReplicas: 1, enableIdempotence: false }), numberSends([
      send,
      { type: 'tick', ms: 5 }, // linger.ms
      { type: 'deliver', from: 'producer0', to: 'b0' },
      { type: 'deliver', from: 'b0', to: 'producer0' },
      { type: 'crash', node: 'b0' },
    ]));
    const lost = run.findings.find((f) => f.kind === 'lost-write')!;
    expect(lost).toMatchObject({ source: 'anomaly', values: ['r1'], partition: 0 });
    expect(run.executed[lost.step]!.phase).toBe('finalRead');
    expect(run.findings.find((f) => f.kind === 'leader-completeness')).toBeUndefined(); // acks=1: not an acks=all record
  });

  it('stops at the first finding the property asks for', () => {
    const run = runSchedule(settings({ acks: 1, minInsyncReplicas: 1, enableIdempotence: false }), numberSends([send, { type: 'run', ms: 100 }]), {
      stopWhen: (f) => f.kind === 'lost-write',
    });
    expect(run.completed).toBe(true); // nothing lost: the run went to the end
  });
});

describe('determinism', () => {
  it('the same schedule gives byte-identical runs', () => {
    const schedule = numberSends([send, { type: 'target', action: 'pause', role: 'leader', partition: 0 }, send, { type: 'tick', ms: 3_000 }, { type: 'target', action: 'resume', role: 'down' }, send]);
    const a = runSchedule(settings(), schedule, { recordSnapshots: true });
    const b = runSchedule(settings(), schedule, { recordSnapshots: true });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
