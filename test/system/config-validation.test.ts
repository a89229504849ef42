import { describe, expect, it } from 'vitest';
import { KcheckInputError, type InputErrorKind } from '../../src/input-error.ts';
import { makeClusterConfig } from '../../src/system/config/validate.ts';
import type { Step } from '../../src/system/kernel/steps.ts';
import { startSimulation, step } from '../../src/system/simulation.ts';

/** Runs `action`, expects a KcheckInputError of `kind`, and returns it. */
function inputErrorOf(action: () => unknown, kind: InputErrorKind): KcheckInputError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KcheckInputError);
  const error = caught as KcheckInputError;
  expect(error.kind).toBe(kind);
  expect(error.message).not.toContain('\n');
  expect(error.message.startsWith(`${kind}: `)).toBe(true);
  return error;
}

describe('makeClusterConfig rejects what Kafka rejects, with a one-line reason', () => {
  const rejected: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['minInsyncReplicas > replicationFactor', { minInsyncReplicas: 4 }, /minInsyncReplicas 4 exceeds replicationFactor 3/],
    ['replicationFactor > brokers', { brokers: 2, replicationFactor: 3, minInsyncReplicas: 1 }, /replicationFactor 3 exceeds the 2 brokers/],
    ['acks 2', { producers: [{ acks: 2, enableIdempotence: false }] }, /producers\[0\]\.acks must be one of 0, 1, "all", got 2/],
    ['a negative producer timeout', { producers: [{ requestTimeoutMs: -1 }] }, /producers\[0\]\.requestTimeoutMs must be at least 1, got -1/],
    ['a negative cluster timeout', { replicaLagTimeMaxMs: -5 }, /replicaLagTimeMaxMs must be at least 1, got -5/],
    ['a non-integer count', { partitions: 1.5 }, /partitions must be a whole number, got 1\.5/],
    ['a non-integer timeout', { producers: [{ lingerMs: 2.5 }] }, /producers\[0\]\.lingerMs must be a whole number, got 2\.5/],
    ['a number given as a string', { brokers: '3' }, /brokers must be a whole number, got "3"/],
    ['an unknown setting', { brokerz: 3 }, /unknown setting brokerz/],
    ['an unknown producer setting', { producers: [{ ack: 1 }] }, /unknown setting producers\[0\]\.ack/],
    ['idempotence with acks=1', { producers: [{ acks: 1 }] }, /producers\[0\]\.enableIdempotence requires acks "all", got 1/],
    ['idempotence with acks=0', { producers: [{ acks: 0, enableIdempotence: true }] }, /enableIdempotence requires acks "all", got 0/],
    ['a consumer assigned a partition out of range', { partitions: 3, consumers: [{ partitions: [5] }] }, /consumers\[0\]\.partitions\[0\] must be at most 2, got 5/],
    ['an empty consumer assignment', { consumers: [{ partitions: [] }] }, /consumers\[0\]\.partitions must be a non-empty list/],
    ['a session timeout equal to the heartbeat interval', { brokerHeartbeatIntervalMs: 2_000, brokerSessionTimeoutMs: 2_000 }, /brokerSessionTimeoutMs must exceed brokerHeartbeatIntervalMs/],
    ['a session timeout below the heartbeat interval', { brokerHeartbeatIntervalMs: 3_000, brokerSessionTimeoutMs: 1_000 }, /brokerSessionTimeoutMs must exceed brokerHeartbeatIntervalMs/],
    ['a flush policy without its interval', { flush: { kind: 'writeback' } }, /flush\.intervalMs must be a whole number/],
    ['a non-object producer', { producers: [3] }, /producers\[0\] must be an object/],
    ['a config that is a number', 42, /the configuration must be a JSON object/],
    ['a config that is null', null, /the configuration must be a JSON object/],
    ['a config that is a list', [{ brokers: 3 }], /the configuration must be a JSON object/],
    ['a config that is a string', 'brokers=3', /the configuration must be a JSON object/],
  ];

  it.each(rejected)('rejects %s', (_name, input, reason) => {
    // Act
    const error = inputErrorOf(() => makeClusterConfig(input), 'config');

    // Assert
    expect(error.message).toMatch(reason);
  });
});

describe('makeClusterConfig accepts the defaults and fills in Kafka defaults', () => {
  it('an empty config becomes a 3-broker cluster with an idempotent acks=all producer', () => {
    // Act
    const config = makeClusterConfig();

    // Assert
    expect(config).toEqual(makeClusterConfig({}));
    expect(config.brokers).toBe(3);
    expect(config.replicationFactor).toBe(3);
    expect(config.minInsyncReplicas).toBe(2);
    expect(config.uncleanLeaderElection).toBe(false);
    expect(config.brokerHeartbeatIntervalMs).toBe(2_000);
    expect(config.brokerSessionTimeoutMs).toBe(9_000);
    expect(config.flush).toEqual({ kind: 'writeback', intervalMs: 30_000 });
    expect(config.producers).toHaveLength(1);
    expect(config.producers[0]).toMatchObject({ acks: 'all', enableIdempotence: true, lingerMs: 5, retries: 2147483647, deliveryTimeoutMs: 120_000, requestTimeoutMs: 30_000, maxInFlightRequestsPerConnection: 5 });
    expect(config.consumers).toEqual([{ partitions: [0], fetchMaxRecords: 500, requestTimeoutMs: 30_000 }]);
  });

  it('a partial producer is completed with defaults, and a consumer is assigned every partition', () => {
    const config = makeClusterConfig({ partitions: 3, producers: [{ acks: 1, enableIdempotence: false }], consumers: [{}] });

    expect(config.producers[0]).toMatchObject({ acks: 1, enableIdempotence: false, lingerMs: 5, batchSize: 16 });
    expect(config.consumers[0]!.partitions).toEqual([0, 1, 2]);
  });

  it('fsyncEveryWrite needs no interval', () => {
    expect(makeClusterConfig({ flush: { kind: 'fsyncEveryWrite' } }).flush).toEqual({ kind: 'fsyncEveryWrite' });
  });
});

describe('schedule steps are checked against the cluster, with a one-line reason', () => {
  const cluster = () => startSimulation(makeClusterConfig({ brokers: 3 }));

  it('crash of a broker the cluster does not have names it', () => {
    const error = inputErrorOf(() => step(cluster(), { type: 'crash', node: 'b7' }), 'schedule');

    expect(error.message).toContain('b7');
  });

  it.each(['crash', 'powerLoss', 'restart', 'pause', 'resume'] as const)('%s of the controller is refused', (type) => {
    const error = inputErrorOf(() => step(cluster(), { type, node: 'controller' }), 'schedule');

    expect(error.message).toContain('controller');
  });

  it.each([
    ['a negative tick', { type: 'tick', ms: -1 }, /-1/],
    ['a fractional run', { type: 'run', ms: 1.5 }, /1\.5/],
    ['a send from a broker', { type: 'send', producer: 'b0', key: null, value: 'v' }, /needs a producer, but b0 is a broker/],
    ['a send from an unknown producer', { type: 'send', producer: 'producer3', key: null, value: 'v' }, /producer3/],
    ['a poll by a producer', { type: 'poll', consumer: 'producer0' }, /needs a consumer, but producer0 is a producer/],
    ['a deliver from an unknown node', { type: 'deliver', from: 'b9', to: 'b0' }, /b9/],
    ['a partition naming an unknown node', { type: 'partition', nodes: ['b1', 'bX'] }, /bX/],
    ['an unknown step type', { type: 'explode' }, /explode/],
  ] as ReadonlyArray<readonly [string, Step, RegExp]>)('rejects %s', (_name, bad, reason) => {
    const error = inputErrorOf(() => step(cluster(), bad), 'schedule');

    expect(error.message).toMatch(reason);
  });

  it('a rejected step leaves the simulation usable', () => {
    const simulation = cluster();
    inputErrorOf(() => step(simulation, { type: 'crash', node: 'b7' }), 'schedule');

    expect(() => step(simulation, { type: 'run', ms: 1_000 })).not.toThrow();
    expect(simulation.stepEvents).toHaveLength(2);
  });
});
