/**
 * Regressions of the reference broker and controller, each found by the protocol invariants
 * (src/properties/invariants/) and fixed the way Kafka does. Every test replays the reproducer, checks the
 * invariants after every step, and asserts that the data the defect used to lose is still there.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants, createInvariantState, type AckedRecord, type InvariantState } from '../../src/properties/invariants/index.ts';
import type { ClusterConfig } from '../../src/system/config/config.ts';
import { clientIndexOf } from '../../src/system/kernel/ids.ts';
import { describeStep, type Step } from '../../src/system/kernel/steps.ts';
import { step, startSimulation, type Simulation } from '../../src/system/simulation.ts';
import { acked, config, consumeAll, isrOf, leaderOf, logValues, replicaOf } from './scenario-kit.ts';

/** A simulation checked after every step; acks=all acks are collected as the invariants need them. */
interface CheckedRun {
  simulation: Simulation;
  state: InvariantState;
  ackedAll: AckedRecord[];
  violations: string[];
}

function runChecked(run: CheckedRun, steps: readonly Step[]): CheckedRun {
  for (const next of steps) {
    for (const event of step(run.simulation, next)) {
      if (event.type !== 'observed' || event.observation.type !== 'sendAcked') continue;
      const { producer, partition, offset, value } = event.observation;
      if (run.simulation.world.config.producers[clientIndexOf(producer)]?.acks === 'all') run.ackedAll.push({ partition, offset, value });
    }
    for (const violation of checkInvariants(run.state, run.simulation, run.ackedAll)) {
      run.violations.push(`after ${describeStep(next)}: ${violation.invariant}: ${violation.message}`);
    }
  }
  return run;
}

/** Boots as bootCluster does (a `run 1000`), checking from the first step. */
function bootChecked(cfg: ClusterConfig): CheckedRun {
  return runChecked({ simulation: startSimulation(cfg), state: createInvariantState(), ackedAll: [], violations: [] }, [{ type: 'run', ms: 1_000 }]);
}

const send = (value: string, key: string | null = null): Step => ({ type: 'send', producer: 'producer0', key, value });
const deliver = (from: string, to: string): Step => ({ type: 'deliver', from, to });
const drop = (from: string, to: string): Step => ({ type: 'drop', from, to });
const run = (ms: number): Step => ({ type: 'run', ms });
const fault = (type: 'crash' | 'powerLoss' | 'restart' | 'pause' | 'resume', node: string): Step => ({ type, node });

describe('regressions of the reference broker and controller', () => {
  it('a restarted broker ignores a LeaderAndIsr meant for its previous incarnation (broker epoch), so an acks=all record survives', () => {
    // Key d goes to p1, whose replicas are b1, b2, b0: b1 leads epoch 1.
    const checked = bootChecked(config({ partitions: 2, minInsyncReplicas: 2, producers: [{ acks: 'all', lingerMs: 0 }] }));
    runChecked(checked, [send('v1', 'd'), run(1_000), run(500)]);
    expect(checked.ackedAll).toEqual([{ partition: 1, offset: 0, value: 'v1' }]);
    runChecked(checked, [
      fault('crash', 'b1'), // the leader's process dies
      run(7_500),
      fault('powerLoss', 'b2'), // a follower loses v1 (not written back yet)
      fault('restart', 'b2'),
      drop('b2', 'controller'), // its registration: the controller still counts b2's previous process
      run(2_500), // b1 is fenced; the controller elects b2 in epoch 2 and tells the (new) b2 process
    ]);
    // The LeaderAndIsr of epoch 2 was stamped for b2's first incarnation: the empty new process did not lead
    // with it, so b0 did not truncate v1 on its word. Once b2's new incarnation registered (by its heartbeat),
    // b2's old process was fenced, b0 took over, and b2 learned its role from the state resent to it.
    expect(logValues(checked.simulation, 'b0', 1)).toEqual(['v1']);
    runChecked(checked, [run(10_000)]);
    expect(leaderOf(checked.simulation, 1)).toBe(0);
    expect(replicaOf(checked.simulation, 'b2', 1)!.role).toBe('follower');
    expect(logValues(checked.simulation, 'b2', 1)).toEqual(['v1']);
    expect(checked.violations).toEqual([]);
    expect(consumeAll(checked.simulation)[1]).toEqual(['v1']);
  });

  it('a lost answer to an ISR expansion is retried, not dropped: the leader\'s ISR never falls behind the controller\'s', () => {
    const checked = bootChecked(config({}));
    runChecked(checked, [
      fault('crash', 'b2'),
      run(15_000), // b2 is fenced: the ISR is b0, b1
      fault('restart', 'b2'),
      deliver('b2', 'controller'), // its registration
      deliver('controller', 'b2'), // the LeaderAndIsr: follow b0
      deliver('b2', 'b0'), // its first fetch, at b0's log end: b0 asks to add b2 to the ISR
      deliver('b0', 'controller'), // the controller adds b2
      drop('controller', 'b0'), // and its answer is lost
    ]);
    expect(isrOf(checked.simulation)).toEqual([0, 1, 2]);
    runChecked(checked, [
      run(42_000), // past replicaSocketTimeoutMs: b0 asks again, and the controller answers with the ISR it applied
      fault('pause', 'b2'),
      run(1_500),
      send('v2'),
      run(1_000), // b2 is in the ISR for b0 too: v2 cannot be committed without it
    ]);
    expect(replicaOf(checked.simulation, 'b0')!.isr).toEqual([0, 1, 2]);
    expect(acked(checked.simulation)).toEqual([]);
    runChecked(checked, [fault('crash', 'b0'), fault('crash', 'b1'), fault('resume', 'b2'), run(12_000)]);
    expect(leaderOf(checked.simulation)).toBe(2); // clean: b2 is in the ISR
    expect(checked.violations).toEqual([]);
    // Whatever was acked is on the new leader.
    const onLeader = logValues(checked.simulation, 'b2') ?? [];
    for (const record of checked.ackedAll) expect(onLeader[record.offset]).toBe(record.value);
  });

  it('a power loss that undoes a truncation does not leave a divergent record under the high watermark', () => {
    const checked = bootChecked(config({ producers: [{ acks: 1, enableIdempotence: false, retries: 0, lingerMs: 0 }] }));
    runChecked(checked, [
      send('v1'),
      run(24_000),
      send('v2'),
      deliver('producer0', 'b0'), // b0 appends v2 (epoch 1) alone
      fault('crash', 'b0'),
      run(12_000), // b1 leads epoch 2; the OS writes b0's page cache back, v2 included
      send('v3'),
      run(31_000),
      send('v4'), // v4 is committed at offset 1 in epoch 2
      run(1_000),
      fault('restart', 'b0'),
      run(7_000), // b0 truncates v2 and fetches v4, in its page cache only; its checkpoints are fsync'd
    ]);
    expect(logValues(checked.simulation, 'b0')).toEqual(['v1', 'v4']);
    runChecked(checked, [fault('powerLoss', 'b0'), fault('restart', 'b0')]);
    // The disk gave back v2 at offset 1 while the epoch checkpoint says epoch 2 starts there: recovery keeps
    // only the log that agrees with the checkpoint, and the high watermark cannot cover v2.
    expect(logValues(checked.simulation, 'b0')).toEqual(['v1']);
    expect(replicaOf(checked.simulation, 'b0')!.highWatermark).toBe(1);
    runChecked(checked, [run(10_000)]);
    for (const node of ['b0', 'b1', 'b2']) expect(logValues(checked.simulation, node)).toEqual(['v1', 'v4']);
    // Recovery cut the log file too: what b0 fetched since lies where it belongs, as another restart shows.
    runChecked(checked, [fault('crash', 'b0'), fault('restart', 'b0')]);
    expect(logValues(checked.simulation, 'b0')).toEqual(['v1', 'v4']);
    runChecked(checked, [run(5_000)]);
    expect(checked.violations).toEqual([]);
    expect(consumeAll(checked.simulation)[0]).toEqual(['v1', 'v4']);
  });
});
