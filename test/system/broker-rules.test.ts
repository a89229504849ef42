/**
 * The rules a broker kcheck did not write must keep, as the guard checks them: messages of the shape their type
 * says, to nodes of the cluster, and state that is plain data.
 */
import { describe, expect, it } from 'vitest';
import { messageProblem } from '../../src/system/kernel/message-shape.ts';
import { plainDataProblem } from '../../src/system/kernel/plain-data.ts';

describe('messageProblem', () => {
  it('accepts the messages the reference sends', () => {
    expect(messageProblem({ type: 'produceResponse', correlationId: 1, partition: 0, error: 'NONE', baseOffset: 3 })).toBeUndefined();
    expect(messageProblem({ type: 'brokerHeartbeat', brokerId: 1, incarnation: 2 })).toBeUndefined();
    expect(messageProblem({ type: 'fetchResponse', correlationId: 1, partition: 0, error: 'NONE', records: [{ offset: 0, leaderEpoch: 0, key: null, value: 'a', producerId: -1, sequence: -1 }], highWatermark: 1, leaderEpoch: 0 })).toBeUndefined();
  });

  it.each([
    [null, /not an object/],
    [{ type: 'reply' }, /unknown type "reply"/],
    [{ type: 'produceResponse', correlationId: 1, partition: 0, error: 'NONE' }, /\(produceResponse\) has no baseOffset/],
    [{ type: 'produceResponse', correlationId: '1', partition: 0, error: 'NONE', baseOffset: 0 }, /field correlationId is not a whole number/],
    [{ type: 'produceResponse', correlationId: 1, partition: 0, error: 'OOPS', baseOffset: 0 }, /field error is not a Kafka error code/],
    [{ type: 'fetchResponse', correlationId: 1, partition: 0, error: 'NONE', records: [{ value: 7 }], highWatermark: 1, leaderEpoch: 0 }, /field records \[0\] has no whole offset/],
    [{ type: 'leaderAndIsr', partition: 0, leader: 1, leaderEpoch: 1, partitionEpoch: 1, isr: [1, 'b2'], replicas: [1], brokerEpoch: 1 }, /field isr \[1\] is not a whole number/],
    [{ type: 'brokerHeartbeat', brokerId: 1, incarnation: 2, partitionEpochs: [{ partition: 0 }] }, /partitionEpochs \[0\]/],
  ])('%j → %s', (message, problem) => {
    expect(messageProblem(message)).toMatch(problem);
  });
});

describe('plainDataProblem', () => {
  it('accepts JSON data and undefined, shared references included', () => {
    const shared = { a: 1 };
    expect(plainDataProblem({ n: 1, s: 'x', b: true, z: null, u: undefined, list: [shared, shared], bare: Object.create(null) as object })).toBeUndefined();
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    [{ big: 1n }, /state\.big is a BigInt/],
    [{ seen: new Map() }, /state\.seen is an instance of Map/],
    [{ at: new Date(0) }, /state\.at is an instance of Date/],
    [{ f: () => 1 }, /state\.f is a function/],
    [{ n: Number.NaN }, /state\.n is the number NaN/],
    [{ list: [1, Symbol('x')] }, /state\.list\[1\] is a symbol/],
    [cyclic, /state\.self refers back to itself/],
    [new (class Replica {})(), /state is an instance of Replica/],
  ])('%s', (state, problem) => {
    expect(plainDataProblem(state)).toMatch(problem);
  });
});
