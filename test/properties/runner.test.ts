/**
 * The lockstep runner: the fault budget turns excess faults into no-ops, targeted steps resolve against the
 * cluster as it is, every observation becomes a history op checked at its step, the final phase reads
 * everything back, and the same schedule always gives the same run.
 */
import { describe, expect, it } from 'vitest';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { judgedBy } from '../../src/properties/claims/claim.ts';
import type { Step } from '../../src/system/kernel/steps.ts';
import { storyLines } from '../../src/properties/runner/story.ts';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from '../../src/properties/settings.ts';
import { numberSends } from '../../src/properties/schedule/schedule-arbitrary.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';
import { checkHistory } from '../../src/model/check-history.ts';
import { highWatermarkAtLeaderLogEndBroker } from '../../src/system/broker/variants/high-watermark-at-leader-log-end.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';

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

  const faultOutcomes = (run: ReturnType<typeof runSchedule>) => run.executed.filter((e) => e.phase === 'faults' && e.step.type !== 'run' && e.step.type !== 'send').map((e) => e.noop ?? 'applied');

  it('takes power losses one at a time while it spares a broker; a budget of every broker allows them together', () => {
    const schedule: ScheduleStep[] = [send, { type: 'run', ms: 100 }, { type: 'powerLoss', node: 'b1' }, { type: 'restart', node: 'b1' }, { type: 'powerLoss', node: 'b2' }, { type: 'run', ms: 3_000 }, { type: 'powerLoss', node: 'b2' }];
    expect(faultOutcomes(runSchedule(settings({ impairedBrokersMax: 2 }), schedule))).toEqual([
      'applied',
      'applied',
      'fault budget: one power loss at a time, and b1 has not yet recovered from its own (back in every ISR)',
      'applied', // after the run b1 is back in the ISR
    ]);
    expect(faultOutcomes(runSchedule(settings({ impairedBrokersMax: 3 }), schedule))).toEqual(['applied', 'applied', 'applied', 'b2 is already down']);
  });

  it('never takes power from the last whole ISR member: the others restarted and are about to be fenced (KIP-966)', () => {
    const restarted: ScheduleStep[] = [{ type: 'crash', node: 'b0' }, { type: 'restart', node: 'b0' }, { type: 'crash', node: 'b1' }, { type: 'restart', node: 'b1' }];
    const run = runSchedule(settings({ impairedBrokersMax: 1 }), [send, { type: 'run', ms: 3_000 }, ...restarted, { type: 'powerLoss', node: 'b2' }, { type: 'run', ms: 3_000 }, { type: 'powerLoss', node: 'b2' }]);
    expect(faultOutcomes(run)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      "fault budget: b2 is the last whole member of p0's ISR, and its power loss would lose what the ISR committed (KIP-966)",
      'applied', // once b0 and b1 are registered again and back in the ISR
    ]);
  });

  it('never leaves a power-lost broker as the last ISR member: no fault on the other one while it recovers (KIP-966)', () => {
    // b0 is out of the ISR [1,2] (fenced while down, restarted, not caught up); b1 loses power; a crash of b2 would
    // leave b1, without r1, the last member standing, and the controller would let it lead.
    const schedule: ScheduleStep[] = [{ type: 'crash', node: 'b0' }, send, { type: 'run', ms: 6_000 }, { type: 'restart', node: 'b0' }, { type: 'powerLoss', node: 'b1' }, { type: 'crash', node: 'b2' }];
    expect(faultOutcomes(runSchedule(settings({ impairedBrokersMax: 2 }), schedule))).toEqual([
      'applied',
      'applied',
      'applied',
      "fault budget: b2 is the last whole member of p0's ISR besides b1, which lost power: b1 would be left as the last member, without its unflushed tail (KIP-966)",
    ]);
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

describe('invariants within a step', () => {
  it('judge the cluster after every transition: a high watermark ahead of the ISR that the same run repairs is caught', () => {
    // The variant commits r1 as soon as its leader appends it; within the same run 1000ms both followers copy it,
    // so the cluster after the step satisfies strong-isr, and only a check between transitions sees the state.
    const run = runSchedule(settings({ acks: 1, minInsyncReplicas: 1, enableIdempotence: false }), numberSends([send, { type: 'run', ms: 1_000 }]), {
      broker: highWatermarkAtLeaderLogEndBroker as BrokerLogic<unknown>,
      recordSnapshots: true,
    });
    const finding = run.findings.find((f) => f.kind === 'strong-isr');
    expect(finding).toMatchObject({ source: 'invariant', step: 2 });
    const afterStep = run.snapshots![finding!.step]!;
    expect(afterStep.brokers.map((b) => b.replicas[0]!.values)).toEqual([['r1'], ['r1'], ['r1']]);
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
    const run = runSchedule(settings({ acks: 1, minInsyncReplicas: 1, enableIdempotence: false }), numberSends([send, { type: 'run', ms: 1_000 }]), {
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

describe('the fault budget and a paused last ISR member', () => {
  it('refuses the power loss of a paused broker that is the last whole member of an ISR (KIP-966 is C7-last-replica\'s, not a budget that spares a broker)', () => {
    const claim = claimNamed('protocol-invariants')!;
    const schedule: Step[] = [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 6_000 },
      { type: 'pause', node: 'b0' },
      { type: 'run', ms: 6_000 },
      { type: 'crash', node: 'b2' },
      { type: 'restart', node: 'b2' },
      { type: 'pause', node: 'b1' },
      { type: 'powerLoss', node: 'b1' },
      { type: 'run', ms: 10 },
    ];
    const run = runSchedule(claim.settings, schedule, {});
    expect(run.executed.find((e) => e.step.type === 'powerLoss')!.noop).toMatch(/^fault budget: b1 is the last whole member of p0's ISR/);
    expect(run.findings.filter((f) => judgedBy(claim)(f, run.history))).toEqual([]);
  });
});
