import { describe, expect, it } from 'vitest';
import type { FlushPolicy } from '../../src/system/config/config.ts';
import { runSteps } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, logValues } from './scenario-kit.ts';

// One broker, no replication: what survives a fault is exactly what its disk kept.
const singleBroker = (flush: FlushPolicy = { kind: 'writeback', intervalMs: 30_000 }) =>
  config({
    brokers: 1,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    flush,
    producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }],
  });

describe('page cache, process crash and power loss', () => {
  it('a process crash loses nothing written: the page cache survives the process', () => {
    const simulation = bootCluster(singleBroker());
    runSteps(simulation, [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 100 },
      { type: 'crash', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 1_000 },
    ]);
    expect(acked(simulation).map((a) => a.value)).toEqual(['r1']);
    expect(logValues(simulation, 'b0')).toEqual(['r1']);
  });

  it('a power loss loses the unflushed tail, and only that', () => {
    const simulation = bootCluster(singleBroker({ kind: 'writeback', intervalMs: 30_000 }));
    runSteps(simulation, [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 30_000 }, // the OS writes r1 back (at 30 s)
      { type: 'send', producer: 'producer0', key: null, value: 'r2' },
      { type: 'run', ms: 100 }, // r2 is acked, in the page cache only
      { type: 'powerLoss', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 1_000 },
    ]);
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 0], ['r2', 1]]);
    expect(logValues(simulation, 'b0')).toEqual(['r1']);
  });

  it('with fsync on every write, a power loss loses nothing acked', () => {
    const simulation = bootCluster(singleBroker({ kind: 'fsyncEveryWrite' }));
    runSteps(simulation, [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 100 },
      { type: 'powerLoss', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 1_000 },
    ]);
    expect(logValues(simulation, 'b0')).toEqual(['r1']);
  });
});
