import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../src/system/config/config.ts';
import { benchClusterConfig } from '../../src/bench/simulator-bench.ts';
import type { NodeId } from '../../src/system/kernel/ids.ts';
import type { Step } from '../../src/system/kernel/steps.ts';
import { startSimulation, step, worldHash, type Simulation } from '../../src/system/simulation.ts';

// The benchmark's standard workload: 3 brokers, 3 partitions, RF 3, two producers and a consumer.
const clusterConfig: ClusterConfig = benchClusterConfig();

const send = (producer: NodeId, key: string | null, value: string): Step => ({ type: 'send', producer, key, value });

/** A story with every kind of fault: sends, runs, a crash and restart, a partition and heal, a power loss, drops. */
const handWrittenSchedule: readonly Step[] = [
  { type: 'run', ms: 1_000 },
  send('producer0', 'k1', 'v0'),
  send('producer1', null, 'v1'),
  { type: 'tick', ms: 5 },
  { type: 'deliver', from: 'producer0', to: 'b0' },
  { type: 'run', ms: 200 },
  { type: 'poll', consumer: 'consumer0' },
  send('producer0', 'k2', 'v2'),
  { type: 'drop', from: 'b1', to: 'b0' },
  { type: 'run', ms: 600 },
  { type: 'crash', node: 'b0' },
  send('producer1', 'k3', 'v3'),
  { type: 'run', ms: 12_000 },
  { type: 'restart', node: 'b0' },
  { type: 'run', ms: 3_000 },
  { type: 'partition', nodes: ['b1'] },
  send('producer0', 'k4', 'v4'),
  send('producer1', 'k5', 'v5'),
  { type: 'run', ms: 10_000 },
  { type: 'drop', from: 'b2', to: 'b0' },
  { type: 'heal' },
  { type: 'run', ms: 2_000 },
  { type: 'pause', node: 'b2' },
  send('producer0', null, 'v6'),
  { type: 'deliverAll' },
  { type: 'resume', node: 'b2' },
  { type: 'powerLoss', node: 'b1' },
  { type: 'run', ms: 1_000 },
  { type: 'restart', node: 'b1' },
  send('producer0', 'k7', 'v7'),
  { type: 'run', ms: 35_000 },
  { type: 'poll', consumer: 'consumer0' },
  { type: 'run', ms: 1_000 },
];

/** Applies `schedule` to a fresh simulation and returns it with the world hash after every step (boot first). */
function replay(schedule: readonly Step[]): { simulation: Simulation; hashes: string[] } {
  const simulation = startSimulation(clusterConfig);
  const hashes = [worldHash(simulation)];
  for (const next of schedule) {
    step(simulation, next);
    hashes.push(worldHash(simulation));
  }
  return { simulation, hashes };
}

describe('determinism: the same config and schedule give the same run', () => {
  it('a hand-written schedule gives identical world hashes after every step and identical events', () => {
    // Act
    const first = replay(handWrittenSchedule);
    const second = replay(handWrittenSchedule);

    // Assert
    expect(second.hashes).toEqual(first.hashes);
    expect(JSON.stringify(second.simulation.stepEvents)).toBe(JSON.stringify(first.simulation.stepEvents));
    // The story did something: records were acked and the world moved on from its boot.
    const observed = first.simulation.stepEvents.flat().filter((e) => e.type === 'observed');
    expect(observed.some((e) => e.type === 'observed' && e.observation.type === 'sendAcked')).toBe(true);
    expect(new Set(first.hashes).size).toBeGreaterThan(handWrittenSchedule.length / 2);
  });

  it('a different schedule gives a different final hash', () => {
    // Arrange: the same story with one value changed
    const changed = handWrittenSchedule.map((s) => (s.type === 'send' && s.value === 'v7' ? { ...s, value: 'v7-other' } : s));

    // Act
    const original = replay(handWrittenSchedule).hashes.at(-1);
    const other = replay(changed).hashes.at(-1);

    // Assert
    expect(other).not.toBe(original);
  });

  it('a schedule without one of its faults gives a different final hash', () => {
    const withoutPowerLoss = handWrittenSchedule.filter((s) => s.type !== 'powerLoss');

    expect(replay(withoutPowerLoss).hashes.at(-1)).not.toBe(replay(handWrittenSchedule).hashes.at(-1));
  });

  it('property: any small schedule, run twice, gives identical hashes and events (fast-check reports the seed)', () => {
    const brokers = ['b0', 'b1', 'b2'];
    const nodes = [...brokers, 'controller', 'producer0', 'producer1', 'consumer0'];
    const faultable = [...brokers, 'producer0', 'producer1', 'consumer0'];
    const node = fc.constantFrom(...nodes);
    const faultTarget = fc.constantFrom(...faultable);
    const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('send' as const), producer: fc.constantFrom('producer0', 'producer1'), key: fc.option(fc.constantFrom('k0', 'k1', 'k2'), { nil: null }), value: fc.constantFrom('a', 'b', 'c') }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constant('poll' as const), consumer: fc.constant('consumer0') }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constant('deliver' as const), from: node, to: node }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('drop' as const), from: node, to: node }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 2_000 }) }) },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('run' as const), ms: fc.integer({ min: 0, max: 15_000 }) }) },
      { weight: 1, arbitrary: fc.constant({ type: 'deliverAll' as const }) },
      {
        weight: 2,
        arbitrary: fc.record({ type: fc.constantFrom('crash' as const, 'powerLoss' as const, 'restart' as const, 'pause' as const, 'resume' as const), node: faultTarget }),
      },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('partition' as const), nodes: fc.uniqueArray(fc.constantFrom(...brokers), { minLength: 1, maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.constant({ type: 'heal' as const }) },
    );

    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 25 }), (schedule) => {
        const first = replay(schedule);
        const second = replay(schedule);
        expect(second.hashes).toEqual(first.hashes);
        expect(JSON.stringify(second.simulation.stepEvents)).toBe(JSON.stringify(first.simulation.stepEvents));
      }),
      { numRuns: 30 },
    );
  });
});
