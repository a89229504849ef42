import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  createInvariantState,
  INVARIANT_NAMES,
  type AckedRecord,
  type InvariantName,
  type InvariantState,
  type InvariantViolation,
} from '../../src/properties/invariants/index.ts';
import { acked, isrOf, leaderOf, logValues, replicaOf } from '../../src/scenarios/readers.ts';
import type { BrokerState } from '../../src/system/broker/broker-state.ts';
import { createBroker } from '../../src/system/broker/create-broker.ts';
import { referenceParts } from '../../src/system/broker/reference-parts.ts';
import { unsafeTruncateToHighWatermarkBroker } from '../../src/system/broker/variants/truncate-to-high-watermark.ts';
import type { ClusterConfig } from '../../src/system/config/config.ts';
import { makeClusterConfig } from '../../src/system/config/validate.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import type { KernelEvent } from '../../src/system/kernel/events.ts';
import { clientIndexOf } from '../../src/system/kernel/ids.ts';
import { describeStep, type Step } from '../../src/system/kernel/steps.ts';
import { startSimulation, step, type Simulation } from '../../src/system/simulation.ts';

/** A violation with the step after which it was first seen (0 is the boot's `run 1000`). */
interface Sighting {
  step: number;
  label: string;
  violation: InvariantViolation;
}

/** A simulation checked after every step, collecting acks=all acks from the observations as it goes. */
interface CheckedRun {
  simulation: Simulation;
  state: InvariantState;
  ackedAll: AckedRecord[];
  steps: number;
  found: Sighting[];
}

function ackedAllIn(config: ClusterConfig, events: readonly KernelEvent[], into: AckedRecord[]): void {
  for (const event of events) {
    if (event.type !== 'observed' || event.observation.type !== 'sendAcked') continue;
    const { producer, partition, offset, value } = event.observation;
    if (config.producers[clientIndexOf(producer)]?.acks === 'all') into.push({ partition, offset, value });
  }
}

function runChecked(run: CheckedRun, steps: readonly Step[]): CheckedRun {
  for (const next of steps) {
    ackedAllIn(run.simulation.world.config, step(run.simulation, next), run.ackedAll);
    run.steps++;
    for (const violation of checkInvariants(run.state, run.simulation, run.ackedAll)) {
      run.found.push({ step: run.steps, label: describeStep(next), violation });
    }
  }
  return run;
}

/** Boots like scenario-kit's bootCluster (a `run 1000`), checking from the first step. */
function bootChecked(config: ClusterConfig, broker?: BrokerLogic<unknown>): CheckedRun {
  const run: CheckedRun = { simulation: startSimulation(config, broker), state: createInvariantState(), ackedAll: [], steps: -1, found: [] };
  return runChecked(run, [{ type: 'run', ms: 1_000 }]);
}

function config(input: Record<string, unknown>): ClusterConfig {
  return makeClusterConfig(input);
}

const send = (value: string): Step => ({ type: 'send', producer: 'producer0', key: null, value });

/** The first sighting of each invariant, as `name @ step`: what a test states about when each one broke. */
function firstSightings(found: readonly Sighting[]): string[] {
  const seen = new Map<InvariantName, number>();
  for (const sighting of found) if (!seen.has(sighting.violation.invariant)) seen.set(sighting.violation.invariant, sighting.step);
  return [...seen].map(([name, at]) => `${name} @ ${at}`);
}

function show(found: readonly Sighting[]): string {
  return found.map((s) => `after step ${s.step} (${s.label}): ${s.violation.invariant}: ${s.violation.message}`).join('\n');
}

const acksAllMinIsr2 = { minInsyncReplicas: 2, producers: [{ acks: 'all', lingerMs: 0 }] };

describe('protocol invariants on the reference broker', () => {
  it('scenario: sends, a leader crash and restart, power loss of a follower and then of the leader: no violation after any step', () => {
    const run = bootChecked(config(acksAllMinIsr2));
    runChecked(run, [
      send('v1'),
      send('v2'),
      { type: 'run', ms: 500 },
      send('v3'),
      { type: 'deliver', from: 'producer0', to: 'b0' },
      { type: 'run', ms: 1_500 },
      { type: 'crash', node: 'b0' }, // the leader
      { type: 'run', ms: 12_000 },
      send('v4'), // to b0 still: the producer learns of the crash by its request timeout
      { type: 'run', ms: 35_000 },
    ]);
    expect(leaderOf(run.simulation)).toBe(1);
    runChecked(run, [
      send('v5'),
      { type: 'run', ms: 1_000 },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 5_000 },
      { type: 'powerLoss', node: 'b2' }, // a follower loses what the OS had not written back yet
      { type: 'restart', node: 'b2' },
    ]);
    // b2 came back without v4 and v5, which b1's HW covers, and the controller still lists it in the ISR: its
    // new incarnation has not registered yet. strong-isr skips it (see strong-isr.ts); registering removes it.
    expect(logValues(run.simulation, 'b2')).toEqual(['v1', 'v2', 'v3']);
    expect(replicaOf(run.simulation, 'b1')!.highWatermark).toBe(5);
    expect(isrOf(run.simulation)).toEqual([0, 1, 2]);
    runChecked(run, [
      { type: 'deliver', from: 'b2', to: 'controller' }, // its registration
    ]);
    expect(isrOf(run.simulation)).toEqual([0, 1]);
    runChecked(run, [
      { type: 'run', ms: 5_000 },
      send('v6'),
      { type: 'run', ms: 1_000 },
      { type: 'powerLoss', node: 'b1' }, // then the leader, once b2 is back in the ISR
      { type: 'run', ms: 12_000 },
      { type: 'restart', node: 'b1' },
      send('v7'),
      { type: 'run', ms: 5_000 },
    ]);

    expect(show(run.found)).toBe('');
    // The story did what it says: every record acked, leadership moved twice, and the replicas converged.
    const all = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'];
    expect(run.ackedAll.map((a) => a.value)).toEqual(all);
    expect(leaderOf(run.simulation)).toBe(0);
    expect(isrOf(run.simulation)).toEqual([0, 1, 2]);
    for (const node of ['b0', 'b1', 'b2']) expect(logValues(run.simulation, node)).toEqual(all);
  });

  it('scenario: a leader paused past its session and a partitioned follower, then healed: no violation after any step', () => {
    const run = bootChecked(config(acksAllMinIsr2));
    runChecked(run, [
      send('v1'),
      { type: 'run', ms: 500 },
      { type: 'pause', node: 'b0' }, // a zombie leader
      send('v2'),
      { type: 'run', ms: 12_000 },
      { type: 'resume', node: 'b0' },
      { type: 'run', ms: 3_000 },
      { type: 'partition', nodes: ['b2'] },
      send('v3'),
      { type: 'run', ms: 12_000 },
      { type: 'heal' },
      { type: 'run', ms: 35_000 },
      send('v4'),
      { type: 'run', ms: 2_000 },
    ]);

    expect(show(run.found)).toBe('');
    expect(run.ackedAll.map((a) => a.value)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(leaderOf(run.simulation)).toBe(1);
  });

  it('property: random schedules (acks=all, minISR=2, clean election, process faults, partitions, drops) never violate an invariant', () => {
    const brokers = ['b0', 'b1', 'b2'];
    const nodes = [...brokers, 'controller', 'producer0'];
    const links = nodes.flatMap((from) => nodes.filter((to) => to !== from).map((to) => ({ from, to })));
    const link = fc.constantFrom(...links);
    const broker = fc.constantFrom(...brokers);
    const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
      // The value is a placeholder: each send gets a unique value from its position below.
      { weight: 4, arbitrary: fc.constant(send('?')) },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('run' as const), ms: fc.integer({ min: 0, max: 3_000 }) }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3_000 }) }) },
      { weight: 3, arbitrary: link.map(({ from, to }): Step => ({ type: 'deliver', from, to })) },
      { weight: 1, arbitrary: link.map(({ from, to }): Step => ({ type: 'drop', from, to })) },
      { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('crash' as const, 'restart' as const, 'pause' as const, 'resume' as const), node: broker }) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('partition' as const), nodes: fc.uniqueArray(fc.constantFrom(...nodes), { minLength: 1, maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.constant({ type: 'heal' as const }) },
    );
    // After the schedule the cluster is brought back and given time, so elections and catch-up are checked too.
    const settle: Step[] = [
      { type: 'heal' },
      ...brokers.flatMap((node): Step[] => [{ type: 'resume', node }, { type: 'restart', node }]),
      { type: 'run', ms: 15_000 },
      send('last'),
      { type: 'run', ms: 15_000 },
    ];
    let ackedTotal = 0;

    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 10, maxLength: 20 }), (schedule) => {
        const steps = schedule.map((s, i) => (s.type === 'send' ? send(`v${i}`) : s));
        const run = runChecked(bootChecked(config(acksAllMinIsr2)), [...steps, ...settle]);
        ackedTotal += run.ackedAll.length;
        expect(show(run.found)).toBe('');
      }),
      { seed: 20_240_611, numRuns: 40 },
    );
    // Not vacuous: the schedules got records acked, which leader-completeness and strong-isr then judged.
    expect(ackedTotal).toBeGreaterThan(40);
  });
});

describe('protocol invariants catch broken brokers and weak configurations', () => {
  // KIP-101 scenario 1 (test/system/scenario-replication.test.ts): b1 holds r1 but not yet the HW covering it,
  // restarts, starts following b0 again; b0 dies; b1 is elected (uncleanly: its restart removed it from the ISR).
  const kip101 = (broker?: BrokerLogic<unknown>): CheckedRun => {
    const run = bootChecked(
      config({ brokers: 2, replicationFactor: 2, minInsyncReplicas: 1, uncleanLeaderElection: true, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] }),
      broker,
    );
    return runChecked(run, [
      send('r1'), // step 1
      { type: 'deliver', from: 'producer0', to: 'b0' },
      { type: 'tick', ms: 500 },
      { type: 'deliver', from: 'b1', to: 'b0' },
      { type: 'deliver', from: 'b0', to: 'b1' }, // step 5: b1 appends r1
      { type: 'deliver', from: 'b1', to: 'b0' }, // b0's HW reaches 1
      { type: 'deliver', from: 'b0', to: 'producer0' }, // r1 acked
      { type: 'crash', node: 'b1' },
      { type: 'restart', node: 'b1' },
      { type: 'deliver', from: 'b1', to: 'controller' }, // step 10
      { type: 'deliver', from: 'controller', to: 'b1' },
      { type: 'deliver', from: 'controller', to: 'b1' }, // step 12: b1 follows b0 and starts its truncation
      { type: 'crash', node: 'b0' },
      { type: 'run', ms: 12_000 }, // step 14: b1 is elected
    ]);
  };

  it('KIP-101: truncating to the high watermark breaks leader-completeness when b1 takes over; leader epochs keep r1', () => {
    const reference = kip101();
    expect(show(reference.found)).toBe('');
    expect(logValues(reference.simulation, 'b1')).toEqual(['r1']);

    const variant = kip101(unsafeTruncateToHighWatermarkBroker as BrokerLogic<unknown>);
    expect(variant.ackedAll).toEqual([{ partition: 0, offset: 0, value: 'r1' }]);
    expect(leaderOf(variant.simulation)).toBe(1);
    // b1 truncated r1 at step 12 while b0 still held it: no log-matching violation, as b1's HW (0) vouched for
    // nothing. The loss shows when b1 leads without r1.
    expect(firstSightings(variant.found)).toEqual(['leader-completeness @ 14']);
    expect(variant.found[0]!.violation.message).toBe('b1, leader of p0 in epoch 2, lacks r1 acked at offset 0: it holds nothing there.');
  });

  const uncleanStory: Step[] = [
    { type: 'pause', node: 'b1' }, // step 1
    { type: 'pause', node: 'b2' },
    { type: 'run', ms: 16_000 }, // b1 and b2 fenced: the ISR is b0 alone
    send('r1'),
    { type: 'run', ms: 100 }, // step 5: r1 acked by an ISR of one
    { type: 'crash', node: 'b0' },
    { type: 'resume', node: 'b1' },
    { type: 'resume', node: 'b2' },
    { type: 'run', ms: 12_000 }, // step 9: b1 elected from outside the ISR
  ];

  it('unclean election (minISR=1, acks=all) violates leader-completeness; clean election keeps the partition offline and violates nothing', () => {
    const unclean = runChecked(bootChecked(config({ minInsyncReplicas: 1, uncleanLeaderElection: true, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] })), uncleanStory);
    expect(unclean.ackedAll.map((a) => a.value)).toEqual(['r1']);
    expect(leaderOf(unclean.simulation)).toBe(1);
    expect(firstSightings(unclean.found)).toEqual(['leader-completeness @ 9']);
    expect(unclean.found[0]!.violation.message).toMatch(/^b1, leader of p0 in epoch \d+, lacks r1 acked at offset 0: it holds nothing there\.$/);

    const clean = runChecked(bootChecked(config({ minInsyncReplicas: 1, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] })), uncleanStory);
    expect(leaderOf(clean.simulation)).toBe(-1);
    expect(show(clean.found)).toBe('');
  });

  it('a leader whose HW is its own log end (acked before any follower has the record) breaks strong-isr at once, then leader-completeness', () => {
    const hwAtLeaderLogEnd = createBroker('test/hw-at-leader-log-end', { ...referenceParts, leaderHighWatermark: (replica) => replica.log.length });
    const run = bootChecked(config(acksAllMinIsr2), hwAtLeaderLogEnd as BrokerLogic<unknown>);
    runChecked(run, [
      send('r1'), // step 1
      { type: 'deliver', from: 'producer0', to: 'b0' }, // step 2: b0 appends r1 and its HW moves to 1
      { type: 'deliver', from: 'b0', to: 'producer0' }, // r1 acked
      { type: 'crash', node: 'b0' },
      { type: 'run', ms: 12_000 }, // step 5: b1 leads without r1
    ]);
    expect(run.ackedAll.map((a) => a.value)).toEqual(['r1']);
    expect(firstSightings(run.found)).toEqual(['strong-isr @ 2', 'leader-completeness @ 5']);
    expect(run.found.filter((s) => s.step === 2).map((s) => s.violation.message)).toEqual([
      "b1, in the controller's ISR of p0, holds nothing at offset 0, below the high watermark of b0 (leader in epoch 1, HW 1), which holds r1 (epoch 1).",
      "b2, in the controller's ISR of p0, holds nothing at offset 0, below the high watermark of b0 (leader in epoch 1, HW 1), which holds r1 (epoch 1).",
    ]);
    // log-matching stays quiet: each follower's HW is bounded by its own log end, so none vouches for r1.
    expect(run.found.some((s) => s.violation.invariant === 'log-matching')).toBe(false);
  });

  it('a follower that takes the leader\'s HW past its own log end breaks log-matching: it vouches for records it lacks', () => {
    const hwPastLogEnd = createBroker('test/follower-hw-past-log-end', { ...referenceParts, followerHighWatermark: (leaderHw) => leaderHw });
    // One record per fetch, so a follower catching up gets the leader's HW before the records it covers.
    const run = bootChecked(config({ ...acksAllMinIsr2, replicaFetchMaxRecords: 1 }), hwPastLogEnd as BrokerLogic<unknown>);
    runChecked(run, [
      { type: 'crash', node: 'b2' }, // step 1
      { type: 'run', ms: 12_000 }, // b2 fenced: the ISR is b0, b1
      send('r1'),
      send('r2'),
      send('r3'), // step 5
      { type: 'run', ms: 1_000 }, // r1..r3 committed on b0 and b1
      { type: 'restart', node: 'b2' },
      { type: 'deliver', from: 'b2', to: 'controller' },
      { type: 'deliver', from: 'controller', to: 'b2' }, // b2 follows b0 (it has no epoch to ask about)
      { type: 'deliver', from: 'b2', to: 'b0' }, // step 10: fetch from offset 0
      { type: 'deliver', from: 'b0', to: 'b2' }, // step 11: r1 and HW 3
      { type: 'run', ms: 1_000 }, // step 12: b2 catches up
    ]);
    expect(run.ackedAll.map((a) => a.value)).toEqual(['r1', 'r2', 'r3']);
    expect(firstSightings(run.found)).toEqual(['log-matching @ 11']);
    expect(run.found.map((s) => s.step)).toEqual([11]);
    expect(run.found[0]!.violation.message).toBe(
      'b0 and b2 disagree at offset 1 of p0, below both high watermarks (b0 HW 3, b2 HW 3): b0 holds r2 (epoch 1), b2 holds nothing.',
    );
  });

  it('detects a high watermark moving back and two leaders in one epoch (state tampered with between checks)', () => {
    const run = bootChecked(config(acksAllMinIsr2));
    runChecked(run, [send('r1'), { type: 'run', ms: 1_000 }]);
    expect(show(run.found)).toBe('');
    const b0 = run.simulation.world.nodes.b0!.state as BrokerState;
    const b1 = run.simulation.world.nodes.b1!.state as BrokerState;
    b0.partitions[0]!.highWatermark = 0;
    Object.assign(b1.partitions[0]!, { role: 'leader', leaderEpoch: b0.partitions[0]!.leaderEpoch });
    const violations = checkInvariants(run.state, run.simulation, run.ackedAll);
    expect(violations.map((v) => [v.invariant, v.message])).toEqual([
      ['monotonic-high-watermark', 'b0 (incarnation 1), leader of p0 in epoch 1, moved its high watermark back from 1 to 0.'],
      ['single-leader-per-epoch', 'b1 acts as leader of p0 in epoch 1, which b0 already led.'],
    ]);
  });

  it('names every invariant once and keeps a plain, serializable state', () => {
    expect([...INVARIANT_NAMES].sort()).toEqual(['acked-on-min-isr', 'leader-completeness', 'log-matching', 'monotonic-high-watermark', 'single-leader-per-epoch', 'strong-isr']);
    const run = bootChecked(config(acksAllMinIsr2));
    runChecked(run, [send('r1'), { type: 'run', ms: 1_000 }, { type: 'crash', node: 'b0' }, { type: 'run', ms: 12_000 }]);
    expect(JSON.parse(JSON.stringify(run.state))).toEqual(run.state);
    expect(run.state.epochLeaders).toEqual({ 'p0/e1': 0, 'p0/e2': 1 });
    expect(acked(run.simulation).map((a) => a.value)).toEqual(['r1']);
  });
});
