// Unit tests of the producer's state machine: init and handle are called directly with hand-made contexts, and the
// outputs (messages, timers, observations) are checked.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig, ProducerConfig } from '../../src/system/config/config.ts';
import { makeClusterConfig } from '../../src/system/config/validate.ts';
import { brokerNode, CONTROLLER_NODE, producerNode, type NodeId } from '../../src/system/kernel/ids.ts';
import type { NodeInput, Output } from '../../src/system/kernel/node-logic.ts';
import type { Observation, SendAcked, SendFailed } from '../../src/system/kernel/observations.ts';
import type { ErrorCode } from '../../src/system/protocol/errors.ts';
import type { Message, ProduceRequest } from '../../src/system/protocol/messages.ts';
import { partitionForKey } from '../../src/system/clients/partitioner/default-partitioner.ts';
import { producerLogic } from '../../src/system/clients/producer/producer.ts';
import type { ProducerState } from '../../src/system/clients/producer/producer-state.ts';

const SELF = producerNode(0);

/** Drives one producer by hand: a virtual clock, the state, and the outputs of the last input. */
class Driver {
  nowMs = 0;
  state: ProducerState;
  outputs: Output[];

  constructor(readonly config: ClusterConfig) {
    const init = producerLogic.init({ self: SELF, nowMs: 0, config, incarnation: 1, disk: {} });
    this.state = init.state;
    this.outputs = init.outputs;
  }

  get producer(): ProducerConfig {
    return this.config.producers[0]!;
  }

  input(input: NodeInput): Output[] {
    const transition = producerLogic.handle(this.state, input, { self: SELF, nowMs: this.nowMs, config: this.config });
    this.state = transition.state;
    this.outputs = transition.outputs;
    return this.outputs;
  }

  send(key: string | null, value: string): Output[] {
    return this.input({ type: 'command', command: { type: 'send', key, value } });
  }

  deliver(from: NodeId, message: Message): Output[] {
    return this.input({ type: 'message', from, message });
  }

  fire(name: string): Output[] {
    return this.input({ type: 'timer', name });
  }

  /** Answers the metadata request of the last outputs: partition p is led by `leaders[p]` in epoch 1. */
  answerMetadata(leaders: number[]): Output[] {
    const request = this.outputs.find((o) => o.type === 'send' && o.message.type === 'metadataRequest');
    const correlationId = request?.type === 'send' && request.message.type === 'metadataRequest' ? request.message.correlationId : 0;
    const partitions = leaders.map((leader, partition) => ({ partition, leader, leaderEpoch: 1 }));
    return this.deliver(CONTROLLER_NODE, { type: 'metadataResponse', correlationId, partitions });
  }

  respond(request: ProduceRequest, from: NodeId, error: ErrorCode, baseOffset: number): Output[] {
    return this.deliver(from, { type: 'produceResponse', correlationId: request.correlationId, partition: request.partition, error, baseOffset });
  }
}

function producerWith(producer: Partial<ProducerConfig>, partitions = 1): Driver {
  return new Driver(makeClusterConfig({ partitions, producers: [producer] }));
}

function sent(outputs: Output[]): { to: NodeId; message: Message }[] {
  return outputs.flatMap((o) => (o.type === 'send' ? [{ to: o.to, message: o.message }] : []));
}

function produceRequests(outputs: Output[]): { to: NodeId; request: ProduceRequest }[] {
  return sent(outputs).flatMap((s) => (s.message.type === 'produceRequest' ? [{ to: s.to, request: s.message }] : []));
}

function onlyProduceRequest(outputs: Output[]): { to: NodeId; request: ProduceRequest } {
  const requests = produceRequests(outputs);
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

function observations(outputs: Output[]): Observation[] {
  return outputs.flatMap((o) => (o.type === 'observe' ? [o.observation] : []));
}

function acks(outputs: Output[]): SendAcked[] {
  return observations(outputs).filter((o): o is SendAcked => o.type === 'sendAcked');
}

function failures(outputs: Output[]): SendFailed[] {
  return observations(outputs).filter((o): o is SendFailed => o.type === 'sendFailed');
}

function timersSet(outputs: Output[]): { name: string; delayMs: number }[] {
  return outputs.flatMap((o) => (o.type === 'setTimer' ? [{ name: o.name, delayMs: o.delayMs }] : []));
}

const NON_IDEMPOTENT = { acks: 1, enableIdempotence: false, lingerMs: 0 } as const;
const IDEMPOTENT = { acks: 'all', enableIdempotence: true, lingerMs: 0 } as const;

describe('producer init', () => {
  it('asks the controller for metadata and sets a timer for the answer', () => {
    // Arrange + Act
    const driver = producerWith(NON_IDEMPOTENT);

    // Assert
    expect(sent(driver.outputs)).toEqual([{ to: CONTROLLER_NODE, message: { type: 'metadataRequest', correlationId: 0 } }]);
    expect(timersSet(driver.outputs)).toContainEqual({ name: 'metadata-timeout', delayMs: driver.producer.requestTimeoutMs });
    expect(driver.state.producerId).toBe(-1);
  });

  it('gives an idempotent producer a producer id that changes with the incarnation', () => {
    // Arrange
    const config = makeClusterConfig({ producers: [{}, IDEMPOTENT] });

    // Act
    const first = producerLogic.init({ self: producerNode(1), nowMs: 0, config, incarnation: 1, disk: {} });
    const restarted = producerLogic.init({ self: producerNode(1), nowMs: 0, config, incarnation: 2, disk: {} });

    // Assert
    expect(first.state.producerId).toBe(1101);
    expect(restarted.state.producerId).toBe(1102);
  });

  it('asks again after the metadata request times out, once the refresh backoff has passed', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, metadataRefreshBackoffMs: 50 });
    driver.nowMs = driver.producer.requestTimeoutMs;

    // Act
    const onTimeout = driver.fire('metadata-timeout');
    driver.nowMs += 50;
    const onBackoff = driver.fire('metadata-backoff');

    // Assert
    expect(sent(onTimeout)).toEqual([]);
    expect(timersSet(onTimeout)).toContainEqual({ name: 'metadata-backoff', delayMs: 50 });
    expect(sent(onBackoff).map((s) => s.message.type)).toEqual(['metadataRequest']);
  });
});

describe('producer send', () => {
  it('sends a keyed record to the leader of its partition and reports the invocation', () => {
    // Arrange
    const driver = producerWith(NON_IDEMPOTENT, 3);
    driver.answerMetadata([2, 0, 1]);
    const partition = partitionForKey('k', 3);

    // Act
    const outputs = driver.send('k', 'v');

    // Assert
    expect(observations(outputs)).toContainEqual({ type: 'sendInvoked', producer: SELF, sendId: `${SELF}.1:0`, key: 'k', value: 'v', partition });
    const { to, request } = onlyProduceRequest(outputs);
    expect(to).toBe(brokerNode([2, 0, 1][partition]!));
    expect(request).toMatchObject({ partition, acks: 1, producerId: -1, baseSequence: -1, records: [{ key: 'k', value: 'v' }] });
    expect(timersSet(outputs)).toContainEqual({ name: `request:${request.correlationId}`, delayMs: driver.producer.requestTimeoutMs });
  });

  it('keeps records in the open batch until the linger timer fires', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, lingerMs: 10, batchSize: 3 });
    driver.answerMetadata([0]);

    // Act
    const first = driver.send(null, 'a');
    const second = driver.send(null, 'b');
    driver.nowMs = 10;
    const onLinger = driver.fire('linger:0');

    // Assert
    expect(produceRequests(first)).toEqual([]);
    expect(timersSet(first)).toContainEqual({ name: 'linger:0', delayMs: 10 });
    expect(produceRequests(second)).toEqual([]);
    expect(onlyProduceRequest(onLinger).request.records.map((r) => r.value)).toEqual(['a', 'b']);
  });

  it('sends a full batch at once without waiting for the linger timer', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, lingerMs: 1000, batchSize: 3 });
    driver.answerMetadata([0]);
    driver.send(null, 'a');
    driver.send(null, 'b');

    // Act
    const outputs = driver.send(null, 'c');

    // Assert
    expect(onlyProduceRequest(outputs).request.records.map((r) => r.value)).toEqual(['a', 'b', 'c']);
    expect(outputs).toContainEqual({ type: 'cancelTimer', name: 'linger:0' });
  });

  it('acknowledges at once with offset -1 when acks=0, with nothing in flight', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, acks: 0 });
    driver.answerMetadata([0]);

    // Act
    const outputs = driver.send(null, 'v');

    // Assert
    expect(onlyProduceRequest(outputs).request.acks).toBe(0);
    expect(acks(outputs)).toEqual([{ type: 'sendAcked', producer: SELF, sendId: `${SELF}.1:0`, value: 'v', partition: 0, offset: -1 }]);
    expect(timersSet(outputs).filter((t) => t.name.startsWith('request:'))).toEqual([]);
    expect(driver.state.inFlight).toEqual({});
  });

  it('asks for metadata when a batch is ready but the leader is unknown, and sends once it is known', () => {
    // Arrange
    const driver = producerWith(NON_IDEMPOTENT);
    driver.answerMetadata([-1]);
    driver.nowMs = driver.producer.metadataRefreshBackoffMs;

    // Act
    const onSend = driver.send(null, 'v');
    const onMetadata = driver.answerMetadata([1]);

    // Assert
    expect(produceRequests(onSend)).toEqual([]);
    expect(sent(onSend).map((s) => s.message.type)).toEqual(['metadataRequest']);
    expect(onlyProduceRequest(onMetadata).to).toBe(brokerNode(1));
  });

  it('fails a batch that waited past the delivery timeout, definitely since it was never sent', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, deliveryTimeoutMs: 40_000 });
    driver.answerMetadata([-1]);
    const onSend = driver.send(null, 'v');

    // Act
    driver.nowMs = 40_000;
    const onExpiry = driver.fire('expiry');

    // Assert
    expect(timersSet(onSend)).toContainEqual({ name: 'expiry', delayMs: 40_000 });
    expect(failures(onExpiry)).toEqual([
      { type: 'sendFailed', producer: SELF, sendId: `${SELF}.1:0`, value: 'v', partition: 0, error: 'DELIVERY_TIMEOUT', definite: true },
    ]);
  });
});

describe('producer responses', () => {
  it('acknowledges each record of a batch with its offset', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, lingerMs: 5, batchSize: 2 });
    driver.answerMetadata([0]);
    driver.send(null, 'a');
    const { to, request } = onlyProduceRequest(driver.send(null, 'b'));

    // Act
    const outputs = driver.respond(request, to, 'NONE', 7);

    // Assert
    expect(acks(outputs).map((a) => [a.value, a.offset])).toEqual([['a', 7], ['b', 8]]);
    expect(outputs).toContainEqual({ type: 'cancelTimer', name: `request:${request.correlationId}` });
  });

  it('retries a retriable error after the backoff with the same sequence, and refreshes metadata', () => {
    // Arrange
    const driver = producerWith(IDEMPOTENT);
    driver.answerMetadata([0]);
    const first = onlyProduceRequest(driver.send(null, 'v'));
    driver.nowMs = 1_000;

    // Act
    const onError = driver.respond(first.request, first.to, 'NOT_LEADER_OR_FOLLOWER', -1);
    driver.nowMs += driver.producer.retryBackoffMs;
    const onBackoff = driver.fire('retry:0');

    // Assert
    expect(produceRequests(onError)).toEqual([]);
    expect(failures(onError)).toEqual([]);
    expect(timersSet(onError)).toContainEqual({ name: 'retry:0', delayMs: driver.producer.retryBackoffMs });
    expect(sent(onError).map((s) => s.message.type)).toEqual(['metadataRequest']);
    const retry = onlyProduceRequest(onBackoff).request;
    expect(retry.baseSequence).toBe(first.request.baseSequence);
    expect(retry.producerId).toBe(1001);
    expect(retry.correlationId).not.toBe(first.request.correlationId);
  });

  it('treats DUPLICATE_SEQUENCE_NUMBER as success with the offset the broker returns', () => {
    // Arrange
    const driver = producerWith(IDEMPOTENT);
    driver.answerMetadata([0]);
    const { to, request } = onlyProduceRequest(driver.send(null, 'v'));

    // Act
    const outputs = driver.respond(request, to, 'DUPLICATE_SEQUENCE_NUMBER', 3);

    // Assert
    expect(acks(outputs).map((a) => a.offset)).toEqual([3]);
  });

  it('retries after a request timeout and ignores the late response', () => {
    // Arrange
    const driver = producerWith(IDEMPOTENT);
    driver.answerMetadata([0]);
    const first = onlyProduceRequest(driver.send(null, 'v'));

    // Act
    driver.nowMs += driver.producer.requestTimeoutMs;
    const onTimeout = driver.fire(`request:${first.request.correlationId}`);
    const onLate = driver.respond(first.request, first.to, 'NONE', 0);
    driver.nowMs += driver.producer.retryBackoffMs;
    const onBackoff = driver.fire('retry:0');

    // Assert
    expect(failures(onTimeout)).toEqual([]);
    expect(sent(onTimeout).map((s) => s.message.type)).toEqual(['metadataRequest']);
    expect(onLate).toEqual([]);
    expect(onlyProduceRequest(onBackoff).request.baseSequence).toBe(0);
    expect(driver.state.queues[0]?.batches).toEqual([]);
  });

  it('fails with the last error once retries are exhausted, definitely after rejections only', () => {
    // Arrange
    const driver = producerWith({ ...IDEMPOTENT, retries: 1 });
    driver.answerMetadata([0]);
    const first = onlyProduceRequest(driver.send(null, 'v'));
    driver.respond(first.request, first.to, 'NOT_ENOUGH_REPLICAS', -1);
    driver.nowMs += driver.producer.retryBackoffMs;
    const second = onlyProduceRequest(driver.fire('retry:0'));

    // Act
    const outputs = driver.respond(second.request, second.to, 'NOT_ENOUGH_REPLICAS', -1);

    // Assert
    expect(failures(outputs)).toEqual([
      { type: 'sendFailed', producer: SELF, sendId: `${SELF}.1:0`, value: 'v', partition: 0, error: 'NOT_ENOUGH_REPLICAS', definite: true },
    ]);
  });

  it('reports a failure as indefinite once an attempt may have been appended', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, acks: 'all', retries: 1 });
    driver.answerMetadata([0]);
    const first = onlyProduceRequest(driver.send(null, 'v'));
    driver.respond(first.request, first.to, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', -1);
    driver.nowMs += driver.producer.retryBackoffMs;
    const second = onlyProduceRequest(driver.fire('retry:0'));

    // Act
    const outputs = driver.respond(second.request, second.to, 'NOT_ENOUGH_REPLICAS', -1);

    // Assert
    expect(failures(outputs).map((f) => [f.error, f.definite])).toEqual([['NOT_ENOUGH_REPLICAS', false]]);
  });
});

describe('producer in-flight limits and ordering', () => {
  it('keeps at most maxInFlightRequestsPerConnection requests in flight to one broker, across partitions', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, partitioner: 'roundRobin', maxInFlightRequestsPerConnection: 2 }, 2);
    driver.answerMetadata([0, 0]);

    // Act
    const sends = ['a', 'b', 'c', 'd'].map((value) => produceRequests(driver.send(null, value)));
    const first = sends[0]![0]!;
    const onResponse = driver.respond(first.request, first.to, 'NONE', 0);

    // Assert
    expect(sends.map((s) => s.length)).toEqual([1, 1, 0, 0]);
    expect(sends[1]![0]!.request.partition).toBe(1);
    const next = onlyProduceRequest(onResponse);
    expect(next.request).toMatchObject({ partition: 0, records: [{ key: null, value: 'c' }] });
    expect(Object.keys(driver.state.inFlight)).toHaveLength(2);
  });

  it('sends no batch of a partition while an earlier one awaits its retry and another is in flight', () => {
    // Arrange: A (seq 0) and B (seq 1) in flight; A fails and waits for its retry; C is appended.
    const driver = producerWith(IDEMPOTENT);
    driver.answerMetadata([0]);
    const a = onlyProduceRequest(driver.send(null, 'a'));
    const b = onlyProduceRequest(driver.send(null, 'b'));
    driver.respond(a.request, a.to, 'NOT_ENOUGH_REPLICAS', -1);
    const onC = driver.send(null, 'c');

    // Act
    driver.nowMs += driver.producer.retryBackoffMs;
    const onBackoffWhileBInFlight = driver.fire('retry:0');
    const aRetried = onlyProduceRequest(driver.respond(b.request, b.to, 'OUT_OF_ORDER_SEQUENCE_NUMBER', -1));
    const onAAcked = driver.respond(aRetried.request, aRetried.to, 'NONE', 0);
    driver.nowMs += driver.producer.retryBackoffMs;
    const onBBackoff = driver.fire('retry:0');

    // Assert
    expect([a.request.baseSequence, b.request.baseSequence]).toEqual([0, 1]);
    expect(produceRequests(onC)).toEqual([]);
    expect(produceRequests(onBackoffWhileBInFlight)).toEqual([]);
    expect(aRetried.request.baseSequence).toBe(0);
    expect(acks(onAAcked).map((x) => x.value)).toEqual(['a']);
    expect(produceRequests(onAAcked)).toEqual([]);
    // B's retry goes out alone; C, fresh, may follow it on the same connection.
    expect(produceRequests(onBBackoff).map((r) => [r.request.baseSequence, r.request.records[0]!.value])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('moves the sticky partition on when a batch of it closes, and keeps its state plain JSON', () => {
    // Arrange
    const driver = producerWith({ ...NON_IDEMPOTENT, maxInFlightRequestsPerConnection: 5 }, 3);
    driver.answerMetadata([0, 1, 2]);

    // Act
    const partitions = ['a', 'b', 'c', 'd'].map((value) => onlyProduceRequest(driver.send(null, value)).request.partition);

    // Assert
    expect(partitions).toEqual([0, 1, 2, 0]);
    expect(JSON.parse(JSON.stringify(driver.state))).toEqual(driver.state);
  });

  it('ignores messages that are not for a producer', () => {
    // Arrange
    const driver = producerWith(NON_IDEMPOTENT);
    const before = JSON.stringify(driver.state);

    // Act
    const outputs = driver.deliver(brokerNode(0), { type: 'brokerHeartbeat', brokerId: 0, incarnation: 1 });

    // Assert
    expect(outputs).toEqual([]);
    expect(JSON.stringify(driver.state)).toBe(before);
  });
});
