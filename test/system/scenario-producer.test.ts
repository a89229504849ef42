import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, consumeAll, logValues } from './scenario-kit.ts';

const send = (value: string) => ({ type: 'send', producer: 'producer0', key: null, value }) as const;

describe('producer retries, idempotence and ordering', () => {
  // The broker appends r1, its answer is lost, the request times out and the producer sends r1 again.
  const lostAnswerThenRetry = [
    send('r1'),
    { type: 'deliver', from: 'producer0', to: 'b0' },
    { type: 'drop', from: 'b0', to: 'producer0' },
    { type: 'run', ms: 31_000 },
  ] as const;

  it('an idempotent producer\'s retry is written once, and acked with the first offset', () => {
    // One broker: acks=all is answered at the append, so the story is only the lost answer and the retry.
    const simulation = bootCluster(config({ brokers: 1, replicationFactor: 1, minInsyncReplicas: 1, producers: [{ acks: 'all', enableIdempotence: true, lingerMs: 0 }] }));
    runSteps(simulation, [...lostAnswerThenRetry]);
    expect(logValues(simulation, 'b0')).toEqual(['r1']);
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 0]]);
    expect(consumeAll(simulation)[0]).toEqual(['r1']);
  });

  it('a non-idempotent producer\'s retry writes a duplicate', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0 }] }));
    runSteps(simulation, [...lostAnswerThenRetry]);
    expect(logValues(simulation, 'b0')).toEqual(['r1', 'r1']);
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['r1', 1]]);
  });

  // Two batches in flight; the first request is lost, the second lands; the first is retried after its timeout.
  const firstOfTwoLost = [
    send('a'),
    send('b'),
    { type: 'drop', from: 'producer0', to: 'b0' },
    { type: 'run', ms: 35_000 },
  ] as const;

  it('retries with 2 requests in flight reorder records within a partition without idempotence', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 1, producers: [{ acks: 1, enableIdempotence: false, lingerMs: 0, batchSize: 1, maxInFlightRequestsPerConnection: 2 }] }));
    runSteps(simulation, [...firstOfTwoLost]);
    expect(logValues(simulation, 'b0')).toEqual(['b', 'a']);
    expect(consumeAll(simulation)[0]).toEqual(['b', 'a']);
  });

  it('the idempotent producer keeps send order through the same loss', () => {
    const simulation = bootCluster(config({ minInsyncReplicas: 1, producers: [{ acks: 'all', enableIdempotence: true, lingerMs: 0, batchSize: 1, maxInFlightRequestsPerConnection: 2 }] }));
    runSteps(simulation, [...firstOfTwoLost]);
    expect(logValues(simulation, 'b0')).toEqual(['a', 'b']);
    expect(acked(simulation).map((a) => [a.value, a.offset])).toEqual([['a', 0], ['b', 1]]);
  });
});

describe('ordering across partitions', () => {
  const values = ['1', '2', '3', '4', '5', 'a', 'b', 'c', 'd', 'e'];
  const sendAll = values.map((value) => ({ type: 'send', producer: 'producer0', key: value, value }) as const);

  it('a 3-partition topic returns 1 2 3 4 5 a b c d e in another order, each partition in its own order', () => {
    const simulation = bootCluster(config({ partitions: 3, producers: [{ acks: 1, enableIdempotence: false }] }));
    runSteps(simulation, [...sendAll, { type: 'run', ms: 1_000 }]);
    const perPartition = consumeAll(simulation);
    const consumed = [0, 1, 2].flatMap((p) => perPartition[p] ?? []);
    expect([...consumed].sort()).toEqual([...values].sort());
    expect(consumed).not.toEqual(values);
    for (const p of [0, 1, 2]) {
      const written = perPartition[p] ?? [];
      expect(written).toEqual(values.filter((v) => written.includes(v))); // send order within the partition
    }
  });

  it('with one partition the order is total', () => {
    const simulation = bootCluster(config({ partitions: 1, producers: [{ acks: 1, enableIdempotence: false }] }));
    runSteps(simulation, [...sendAll, { type: 'run', ms: 1_000 }]);
    expect(consumeAll(simulation)[0]).toEqual(values);
  });
});
