import { describe, expect, it } from 'vitest';
import { unsafeTruncateToHighWatermarkBroker } from '../../src/system/broker/variants/truncate-to-high-watermark.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import { runSteps } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, consumeAll, isrOf, leaderOf, logValues, replicaOf } from './scenario-kit.ts';

describe('ISR, elections and truncation', () => {
  it('a new topic\'s partitions are led by their preferred replicas, each with the full ISR', () => {
    const simulation = bootCluster(config({ partitions: 3 }));
    expect([0, 1, 2].map((p) => leaderOf(simulation, p))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((p) => [...isrOf(simulation, p)].sort())).toEqual([[0, 1, 2], [0, 1, 2], [0, 1, 2]]);
  });

  it('the ISR shrinks after replica.lag.time.max.ms without the follower catching up, and expands once it does', () => {
    // A long session timeout keeps the controller from fencing b2: only the leader's lag check acts here.
    const simulation = bootCluster(config({ replicaLagTimeMaxMs: 10_000, brokerSessionTimeoutMs: 60_000, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }] }));
    expect(isrOf(simulation)).toEqual([0, 1, 2]);
    // b2 stops fetching while records keep arriving; 10 s later the leader drops it from the ISR.
    runSteps(simulation, [
      { type: 'pause', node: 'b2' },
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 9_000 },
    ]);
    expect(isrOf(simulation)).toEqual([0, 1, 2]);
    runSteps(simulation, [{ type: 'run', ms: 7_000 }]);
    expect(isrOf(simulation)).toEqual([0, 1]);
    // It resumes, fetches r1, reaches the high watermark, and the leader adds it back.
    runSteps(simulation, [{ type: 'resume', node: 'b2' }, { type: 'run', ms: 3_000 }]);
    expect(logValues(simulation, 'b2')).toEqual(['r1']);
    expect(isrOf(simulation)).toEqual([0, 1, 2]);
  });

  it('unclean election loses an acked record; clean election keeps the partition offline instead', () => {
    for (const unclean of [true, false]) {
      const simulation = bootCluster(config({ minInsyncReplicas: 1, uncleanLeaderElection: unclean, replicaLagTimeMaxMs: 10_000, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] }));
      // b1 and b2 stall; they are fenced and leave the ISR, and the leader acks r1 alone (minISR=1).
      runSteps(simulation, [
        { type: 'pause', node: 'b1' },
        { type: 'pause', node: 'b2' },
        { type: 'run', ms: 16_000 },
      ]);
      expect(isrOf(simulation)).toEqual([0]);
      runSteps(simulation, [
        { type: 'send', producer: 'producer0', key: null, value: 'r1' },
        { type: 'run', ms: 100 },
        { type: 'crash', node: 'b0' },
        { type: 'resume', node: 'b1' },
        { type: 'resume', node: 'b2' },
        { type: 'run', ms: 12_000 },
      ]);
      expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 0]]);
      if (unclean) {
        expect(leaderOf(simulation)).toBe(1);
        expect(consumeAll(simulation)[0] ?? []).toEqual([]);
      } else {
        expect(leaderOf(simulation)).toBe(-1);
        // b0 returns, is the only ISR member, leads again: r1 is still there.
        runSteps(simulation, [{ type: 'restart', node: 'b0' }, { type: 'run', ms: 3_000 }]);
        expect(leaderOf(simulation)).toBe(0);
        expect(consumeAll(simulation)[0]).toEqual(['r1']);
      }
    }
  });

  it('a returning leader truncates its unreplicated tail by leader epoch and takes the new leader\'s records', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0, retries: 0 }] }));
    runSteps(simulation, [
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
      { type: 'run', ms: 1_000 }, // replicated everywhere
      { type: 'send', producer: 'producer0', key: null, value: 'r2' },
      { type: 'deliver', from: 'producer0', to: 'b0' }, // only b0 has r2 (epoch 1, offset 1)
      { type: 'crash', node: 'b0' },
      { type: 'run', ms: 35_000 }, // b1 leads in epoch 2; the producer's r2 request times out and it learns of b1
      { type: 'send', producer: 'producer0', key: null, value: 'r3' },
      { type: 'run', ms: 1_000 }, // r3 at offset 1, epoch 2
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 3_000 },
    ]);
    expect(logValues(simulation, 'b1')).toEqual(['r1', 'r3']);
    expect(logValues(simulation, 'b0')).toEqual(['r1', 'r3']);
    expect(replicaOf(simulation, 'b0')!.log.map((r) => r.leaderEpoch)).toEqual([1, 2]);
  });

  it('KIP-101: a follower that truncates to its stale high watermark loses an acked record that leader epochs keep', () => {
    // b1 holds r1 but has not yet heard the high watermark that covers it. It restarts and follows b0 again;
    // b0 dies before b1 fetches anything. In KRaft the restart removed b1 from the ISR, so its election is
    // unclean (enabled here): the point is what b1's log holds when it is elected.
    const story = (broker?: BrokerLogic<unknown>) => {
      const simulation = bootCluster(config({ brokers: 2, replicationFactor: 2, minInsyncReplicas: 1, uncleanLeaderElection: true, producers: [{ acks: 'all', enableIdempotence: false, lingerMs: 0 }] }), broker);
      runSteps(simulation, [
        { type: 'send', producer: 'producer0', key: null, value: 'r1' },
        { type: 'deliver', from: 'producer0', to: 'b0' },
        { type: 'tick', ms: 500 }, // b1's fetch timer: it asks for offset 0
        { type: 'deliver', from: 'b1', to: 'b0' },
        { type: 'deliver', from: 'b0', to: 'b1' }, // b1 appends r1 and fetches offset 1
        { type: 'deliver', from: 'b1', to: 'b0' }, // the leader's HW reaches 1: r1 is acked
        { type: 'deliver', from: 'b0', to: 'producer0' },
        { type: 'crash', node: 'b1' }, // before the fetch response carrying HW=1 arrives
        { type: 'restart', node: 'b1' },
        { type: 'deliver', from: 'b1', to: 'controller' }, // re-registration
        { type: 'deliver', from: 'controller', to: 'b1' },
        { type: 'deliver', from: 'controller', to: 'b1' }, // b1 follows b0 in epoch 1 and starts its truncation
        { type: 'crash', node: 'b0' },
        { type: 'run', ms: 12_000 },
      ]);
      return simulation;
    };
    const withEpochs = story();
    expect(acked(withEpochs).map((a) => a.value)).toEqual(['r1']);
    expect(leaderOf(withEpochs)).toBe(1);
    expect(logValues(withEpochs, 'b1')).toEqual(['r1']);
    const withHighWatermark = story(unsafeTruncateToHighWatermarkBroker as BrokerLogic<unknown>);
    expect(acked(withHighWatermark).map((a) => a.value)).toEqual(['r1']);
    expect(leaderOf(withHighWatermark)).toBe(1);
    expect(logValues(withHighWatermark, 'b1')).toEqual([]);
  });
});
