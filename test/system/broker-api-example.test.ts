/**
 * The minimal example broker of docs/broker-api.md, run in the simulated cluster in place of the reference
 * broker: one broker, one replica per partition.
 */
import { describe, expect, it } from 'vitest';
import { minimalBroker } from '../../examples/minimal-broker.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import type { Step } from '../../src/system/kernel/steps.ts';
import { runSteps, type Simulation } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, consumeAll, logValues, replicaOf } from './scenario-kit.ts';

const cfg = config({
  brokers: 1,
  replicationFactor: 1,
  minInsyncReplicas: 1,
  producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }],
});

const sendAB: Step[] = [
  { type: 'send', producer: 'producer0', key: null, value: 'a' },
  { type: 'send', producer: 'producer0', key: null, value: 'b' },
  { type: 'run', ms: 100 },
];

function bootAndSendAB(): Simulation {
  const simulation = bootCluster(cfg, minimalBroker as BrokerLogic<unknown>);
  return runSteps(simulation, sendAB);
}

describe('the minimal example broker', () => {
  it('leads its partition, acks two records at offsets 0 and 1, and serves them to a consumer', () => {
    const simulation = bootAndSendAB();
    expect(replicaOf(simulation, 'b0')?.role).toBe('leader');
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(consumeAll(simulation)[0]).toEqual(['a', 'b']);
  });

  it('keeps its log across a process crash: the page cache survives', () => {
    const simulation = bootAndSendAB();
    const epochBefore = replicaOf(simulation, 'b0')!.leaderEpoch;
    runSteps(simulation, [{ type: 'crash', node: 'b0' }, { type: 'restart', node: 'b0' }, { type: 'run', ms: 3_000 }]);
    expect(logValues(simulation, 'b0')).toEqual(['a', 'b']);
    // The new incarnation registered, and the controller made it leader again in a newer epoch.
    expect(replicaOf(simulation, 'b0')?.role).toBe('leader');
    expect(replicaOf(simulation, 'b0')!.leaderEpoch).toBeGreaterThan(epochBefore);
    // It appends after the recovered log.
    runSteps(simulation, [{ type: 'send', producer: 'producer0', key: null, value: 'c' }, { type: 'run', ms: 100 }]);
    expect(acked(simulation).map((a) => a.offset)).toEqual([0, 1, 2]);
  });

  it('loses acknowledged records on a power loss before the OS writeback: it never fsyncs', () => {
    const simulation = bootAndSendAB();
    expect(acked(simulation)).toHaveLength(2);
    runSteps(simulation, [{ type: 'powerLoss', node: 'b0' }, { type: 'restart', node: 'b0' }, { type: 'run', ms: 3_000 }]);
    expect(logValues(simulation, 'b0')).toEqual([]);
  });
});
