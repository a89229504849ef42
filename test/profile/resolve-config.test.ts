/**
 * A Kafka configuration as kcheck reads it: Kafka 4.0's defaults, its idempotence interplay (the outcomes below are
 * what Kafka 4.0.0's ProducerConfig gives for the same keys, checked when this test was written), its refusals, the
 * keys kcheck lists as not modelled, and kcheck's own bounds. Each refusal is one line naming where and which key.
 */
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/profile/properties-file.ts';
import { fileAssignments, resolveConfig, setAssignment, type Assignment } from '../../src/profile/resolve-config.ts';
import type { Scope } from '../../src/profile/modelled-keys.ts';

const file = (scope: Scope, name: string, text: string): Assignment[] => fileAssignments(scope, name, parseProperties(text, name));
const producer = (text: string) => file('producer', 'producer.properties', text);
const broker = (text: string) => file('broker', 'server.properties', text);
const resolve = (...assignments: Assignment[][]) => resolveConfig(assignments.flat());

describe('Kafka 4.0 defaults', () => {
  it('an empty configuration is a producer and a broker with nothing set, on a topic with RF 3', () => {
    const config = resolve();
    expect(config.settings).toEqual({ acks: 'all', enableIdempotence: true, maxInFlightRequestsPerConnection: 5, minInsyncReplicas: 1, uncleanLeaderElection: false, partitions: 1 });
    expect(config.notModelled).toEqual([]);
    const line = (key: string) => config.lines.find((l) => l.key === key)!;
    expect(line('acks')).toMatchObject({ value: 'all', source: 'Kafka’s default' });
    expect(line('batch.size')).toMatchObject({ value: '16384', note: '16 records per batch (1 KiB a record)' });
    expect(line('replication.factor')).toMatchObject({ value: '3', source: 'kcheck’s default' });
  });

  it('files of comments only give the same settings as no files', () => {
    expect(resolve(producer('# nothing\n'), broker('# nothing\n')).settings).toEqual(resolve().settings);
  });
});

describe('idempotence as Kafka 4.0 decides it', () => {
  it.each([
    ['acks=1', { acks: 1, enableIdempotence: false }],
    ['acks=0', { acks: 0, enableIdempotence: false }],
    ['acks=-1', { acks: 'all', enableIdempotence: true }],
    ['retries=0', { retries: 0, enableIdempotence: false }],
    ['acks=all\nenable.idempotence=false', { acks: 'all', enableIdempotence: false }],
    ['enable.idempotence=false\nmax.in.flight.requests.per.connection=6', { enableIdempotence: false, maxInFlightRequestsPerConnection: 6 }],
    ['enable.idempotence=TRUE', { enableIdempotence: true }],
  ])('%j: Kafka turns its default off, or keeps it', (text, expected) => {
    expect(resolve(producer(text)).settings).toMatchObject(expected);
  });

  it('says why Kafka turned its default off', () => {
    expect(resolve(producer('acks=1')).lines.find((l) => l.key === 'enable.idempotence')).toMatchObject({ value: 'false', source: 'Kafka’s default', note: 'Kafka turns its default (true) off with acks=1' });
  });

  it.each([
    ['acks=1\nenable.idempotence=true', /^config: producer\.properties:2: enable\.idempotence=true: Kafka refuses it with acks=1 \(producer\.properties:1\): Must set acks to all in order to use the idempotent producer/],
    ['retries=0\nenable.idempotence=true', /^config: producer\.properties:2: enable\.idempotence=true: Kafka refuses it with retries=0 \(producer\.properties:1\): Must set retries to non-zero/],
    ['enable.idempotence=true\nmax.in.flight.requests.per.connection=6', /^config: producer\.properties:1: enable\.idempotence=true: Kafka refuses it with max\.in\.flight\.requests\.per\.connection=6 \(producer\.properties:2\): To use the idempotent producer, max\.in\.flight\.requests\.per\.connection must be set to at most 5/],
    // Kafka 4.0 refuses more than 5 in flight whenever idempotence is on, even by default (3.x turned it off).
    ['max.in.flight.requests.per.connection=6', /^config: producer\.properties:1: max\.in\.flight\.requests\.per\.connection=6: Kafka refuses it: To use the idempotent producer, .* \(enable\.idempotence=false allows it\)$/],
    ['acks=1\nmax.in.flight.requests.per.connection=6', /^config: producer\.properties:2: max\.in\.flight\.requests\.per\.connection=6: Kafka refuses it/],
    ['acks=1\ntransactional.id=t1', /^config: producer\.properties:2: transactional\.id=t1: Kafka refuses it: Cannot set a transactional\.id without also enabling idempotence\.$/],
    ['delivery.timeout.ms=1000', /^config: producer\.properties:1: delivery\.timeout\.ms=1000: Kafka refuses it: delivery\.timeout\.ms should be equal to or larger than linger\.ms \+ request\.timeout\.ms \(5 \+ 30000\)$/],
  ])('%j is refused as Kafka refuses it', (text, message) => {
    expect(() => resolve(producer(text))).toThrow(message);
  });
});

describe('values and keys Kafka refuses', () => {
  it.each([
    [producer('acks=2'), /^config: producer\.properties:1: acks=2: Kafka refuses it: must be one of all, -1, 0, 1$/],
    [producer('bootstrap.servers=x:9092\nack=1'), /^config: producer\.properties:2: unknown producer key "ack" \(did you mean acks\?\)$/],
    [broker('min.insync.replicas=two'), /^config: server\.properties:1: min\.insync\.replicas=two: Kafka refuses it: not a whole number of type INT$/],
    [broker('min.insync.replicas=0'), /^config: server\.properties:1: min\.insync\.replicas=0: Kafka refuses it: must be at least 1$/],
    [broker('unclean.leader.election.enable=yes'), /^config: server\.properties:1: unclean\.leader\.election\.enable=yes: Kafka refuses it: must be true or false$/],
    [broker('socket.send.buffer.bytes=abc'), /^config: server\.properties:1: socket\.send\.buffer\.bytes=abc: Kafka refuses it: not a whole number of type INT$/],
    [producer('retries=2147483648'), /^config: producer\.properties:1: retries=2147483648: Kafka refuses it: not a number of type INT/],
    [producer('min.insync.replicas=2'), /^config: producer\.properties:1: min\.insync\.replicas is not a producer key but a broker and topic key: give it with --broker-config or --topic-config$/],
    [() => [setAssignment('unclean.leader.elektion.enable=true')], /^config: --set unclean\.leader\.elektion\.enable=true: unknown Kafka key "unclean\.leader\.elektion\.enable" \(did you mean unclean\.leader\.election\.enable\?\)$/],
  ])('%# refuses with the file, line and key', (assignments, message) => {
    expect(() => resolve(typeof assignments === 'function' ? assignments() : assignments)).toThrow(message);
  });
});

describe('what kcheck models, and what it does not', () => {
  it('lists a real Kafka key it does not model once, with its last source, and ignores it', () => {
    const config = resolve(broker('zookeeper.connect=localhost:2181\nlistener.name.internal.ssl.keystore.location=/k'), producer('bootstrap.servers=a:9092\ncompression.type=lz4\nbootstrap.servers=b:9092\n'));
    expect(config.notModelled).toEqual([
      { key: 'zookeeper.connect', source: 'server.properties:1', reason: 'not modelled, ignored' },
      { key: 'listener.name.internal.ssl.keystore.location', source: 'server.properties:2', reason: 'not modelled, ignored' },
      { key: 'compression.type', source: 'producer.properties:2', reason: 'not modelled: batches are not compressed' },
      { key: 'bootstrap.servers', source: 'producer.properties:3', reason: 'not modelled, ignored' },
    ]);
    expect(config.settings).toEqual(resolve().settings);
  });

  it('maps batch.size to records (1 KiB a record, at least 1), linger.ms, retries and flush.messages=1', () => {
    expect(resolve(producer('batch.size=65536\nlinger.ms=20\nretries=3'), broker('log.flush.interval.messages=1')).settings).toMatchObject({ batchSize: 64, lingerMs: 20, retries: 3, fsyncEveryWrite: true });
    expect(resolve(producer('batch.size=0')).settings.batchSize).toBe(1);
    expect(resolve(producer('batch.size=1500')).settings.batchSize).toBe(1);
  });

  it('takes the topic-level value over the broker’s, and --set over the files', () => {
    const topic = file('topic', 'topic.properties', 'min.insync.replicas=2\npartitions=3');
    expect(resolve(broker('min.insync.replicas=1\nnum.partitions=2'), topic).settings).toMatchObject({ minInsyncReplicas: 2, partitions: 3 });
    const config = resolve(broker('min.insync.replicas=1'), [setAssignment('min.insync.replicas=2')]);
    expect(config.lines.find((l) => l.key === 'min.insync.replicas')).toMatchObject({ value: '2', source: '--set min.insync.replicas=2' });
  });

  it.each([
    [broker('num.partitions=1000000000'), /^config: server\.properties:1: num\.partitions=1000000000: kcheck simulates at most 64 partitions$/],
    [broker('min.insync.replicas=4'), /^config: server\.properties:1: min\.insync\.replicas=4: kcheck simulates at most min\.insync\.replicas=3/],
    [broker('default.replication.factor=1'), /^config: server\.properties:1: default\.replication\.factor=1: kcheck simulates replication factor 3 only \(3 brokers\)$/],
    [producer('linger.ms=60000'), /^config: producer\.properties:1: linger\.ms=60000: kcheck simulates at most linger\.ms=10000/],
  ])('%# refuses what kcheck does not simulate, before anything runs', (assignments, message) => {
    expect(() => resolve(assignments)).toThrow(message);
  });
});
