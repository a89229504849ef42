import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, consumeAll, failed, isrOf, leaderOf, logValues } from './scenario-kit.ts';

const oneRecordAckedThenLeaderCrash = [
  { type: 'send', producer: 'producer0', key: null, value: 'r1' },
  { type: 'deliver', from: 'producer0', to: 'b0' },
  { type: 'deliver', from: 'b0', to: 'producer0' },
  { type: 'crash', node: 'b0' },
  { type: 'run', ms: 12_000 },
] as const;

describe('acks and leader crashes', () => {
  it('acks=1: a record acked by the leader is lost when the leader crashes before any follower fetched it', () => {
    // Arrange
    const simulation = bootCluster(config({ minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }] }));
    expect(leaderOf(simulation)).toBe(0);
    // Act
    runSteps(simulation, [...oneRecordAckedThenLeaderCrash]);
    // Assert: r1 was acked at offset 0, b1 now leads without it
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 0]]);
    expect(leaderOf(simulation)).toBe(1);
    expect(logValues(simulation, 'b1')).toEqual([]);
    // The old leader comes back and truncates r1 away: every replica agrees it is gone.
    runSteps(simulation, [{ type: 'restart', node: 'b0' }, { type: 'run', ms: 3_000 }]);
    expect(logValues(simulation, 'b0')).toEqual([]);
    expect(consumeAll(simulation)[0] ?? []).not.toContain('r1');
  });

  it('acks=all with minISR=2: the record is acked only once the ISR holds it, and survives the leader crash', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 2, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] }));
    runSteps(simulation, [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'deliver', from: 'producer0', to: 'b0' },
    ]);
    expect(acked(simulation)).toEqual([]);
    // The followers fetch it, fetch again (which tells the leader they hold it), and the leader answers.
    runSteps(simulation, [{ type: 'run', ms: 1_500 }, { type: 'crash', node: 'b0' }, { type: 'run', ms: 12_000 }]);
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 0]]);
    expect(leaderOf(simulation)).toBe(1);
    expect(logValues(simulation, 'b1')).toEqual(['r1']);
    expect(consumeAll(simulation)[0]).toEqual(['r1']);
  });

  it('acks=all is refused with NOT_ENOUGH_REPLICAS while the ISR is below minISR', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 2, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0, retries: 0 }] }));
    runSteps(simulation, [
      { type: 'crash', node: 'b1' },
      { type: 'crash', node: 'b2' },
      { type: 'run', ms: 12_000 },
    ]);
    expect(isrOf(simulation)).toEqual([0]);
    runSteps(simulation, [{ type: 'send', producer: 'producer0', key: null, value: 'r1' }, { type: 'run', ms: 100 }]);
    expect(failed(simulation).map((f) => [f.value, f.error, f.definite])).toEqual([['r1', 'NOT_ENOUGH_REPLICAS', true]]);
    expect(logValues(simulation, 'b0')).toEqual([]);
  });
});
