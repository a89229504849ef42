/**
 * A seeded synthetic client history of any length, to benchmark `kcheck history`: asynchronous producers with
 * several sends in flight (completing in any order; some time out, some fail), consumers polling their assigned
 * partitions (a poll now and then times out, an assign now and then moves them), and a final read of every
 * partition. An ideal log stands behind it, so the history is valid unless anomalies are injected: a lost write
 * (an acked record the final read lacks) or a duplicate (an acked value appended a second time).
 *
 * Not a model of a real cluster: no faults, no leaders; only the shape and mix of a Jepsen-style history.
 */
import seedrandom from 'seedrandom';
import type { Op, Partition, PollOp, SendOp } from '../model/history.ts';

export interface SyntheticHistoryOptions {
  seed: number;
  /** How many ops the history holds, at least (it ends with the completion of what is in flight and a final read). */
  ops: number;
  partitions?: number;
  producers?: number;
  consumers?: number;
  /** Anomalies to inject, alternately a lost write and a duplicate, spread over the history. */
  anomalies?: number;
}

/** Sends one producer keeps in flight at most. */
const IN_FLIGHT_MAX = 3;
/** Records one poll returns per partition at most. */
const POLL_RECORDS_MAX = 8;

type Fate = 'ok' | 'info-written' | 'info-lost' | 'fail';

interface InFlight {
  invoke: SendOp;
  fate: Fate;
  offset: number | null;
}

interface Consumer {
  name: string;
  partitions: Partition[];
  /** partition → the next offset it reads. */
  positions: Map<Partition, number>;
}

/** The history as `kcheck history` reads it (docs/history-format.md). */
export function buildSyntheticHistory(options: SyntheticHistoryOptions): Op[] {
  const random = seedrandom(`synthetic-history-${options.seed}`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const partitionCount = options.partitions ?? 4;
  const partitions = Array.from({ length: partitionCount }, (_, p) => p);
  const logs: string[][] = partitions.map(() => []);
  const ops: Op[] = [];
  const emit = (op: Omit<SendOp, 'index' | 'timeMs'> | Omit<PollOp, 'index' | 'timeMs'> | Omit<Extract<Op, { f: 'assign' }>, 'index' | 'timeMs'>): Op => {
    const numbered = { ...op, index: ops.length, timeMs: ops.length } as Op;
    ops.push(numbered);
    return numbered;
  };
  const producers = Array.from({ length: options.producers ?? 4 }, (_, i) => ({ name: `producer${i}`, inFlight: [] as InFlight[] }));
  const consumers: Consumer[] = Array.from({ length: options.consumers ?? 2 }, (_, i) => ({ name: `consumer${i}`, partitions: [], positions: new Map() }));
  const anomalies = options.anomalies ?? 0;
  const anomalyEvery = anomalies > 0 ? Math.floor(options.ops / (anomalies + 1)) : Infinity;
  const lost = new Set<string>();
  let injected = 0;
  let nextValue = 0;

  const complete = (producer: string, flight: InFlight): void => {
    const { invoke, fate, offset } = flight;
    const [, partition, value] = invoke.value[0]!;
    if (fate === 'ok') emit({ process: producer, type: 'ok', f: 'send', value: [['send', partition, [offset, value as string]]] });
    else emit({ process: producer, type: fate === 'fail' ? 'fail' : 'info', f: 'send', value: invoke.value, error: fate === 'fail' ? 'NOT_ENOUGH_REPLICAS' : 'REQUEST_TIMEOUT' });
  };

  for (const consumer of consumers) assign(consumer, partitions.filter((p) => p % consumers.length === consumers.indexOf(consumer)));
  while (ops.length < options.ops) {
    if (injected < anomalies && ops.length >= anomalyEvery * (injected + 1)) injected += inject(injected);
    const roll = random();
    if (roll < 0.7) {
      const producer = pick(producers);
      if (producer.inFlight.length < IN_FLIGHT_MAX && (producer.inFlight.length === 0 || random() < 0.5)) {
        const partition = pick(partitions);
        const value = `v${nextValue++}`;
        const fateRoll = random();
        const fate: Fate = fateRoll < 0.94 ? 'ok' : fateRoll < 0.96 ? 'info-written' : fateRoll < 0.98 ? 'info-lost' : 'fail';
        const written = fate === 'ok' || fate === 'info-written';
        const offset = written ? logs[partition]!.push(value) - 1 : null;
        const invoke = emit({ process: producer.name, type: 'invoke', f: 'send', value: [['send', partition, value]] }) as SendOp;
        producer.inFlight.push({ invoke, fate, offset });
      } else {
        const flight = producer.inFlight.splice(Math.floor(random() * producer.inFlight.length), 1)[0]!;
        complete(producer.name, flight);
      }
    } else if (roll < 0.995) {
      poll(pick(consumers));
    } else {
      const consumer = pick(consumers);
      assign(consumer, partitions.filter(() => random() < 0.5));
    }
  }
  for (const producer of producers) for (const flight of producer.inFlight.splice(0)) complete(producer.name, flight);
  const slices = Object.fromEntries(partitions.map((p) => [String(p), logs[p]!.map((v, o): [number, string] => [o, v]).filter(([, v]) => !lost.has(v))]));
  emit({ process: 'final', type: 'invoke', f: 'poll', value: [['poll']] });
  emit({ process: 'final', type: 'ok', f: 'poll', value: [['poll', slices]], final: true });
  return ops;

  function assign(consumer: Consumer, to: Partition[]): void {
    emit({ process: consumer.name, type: 'invoke', f: 'assign', value: to });
    emit({ process: consumer.name, type: 'ok', f: 'assign', value: to });
    consumer.partitions = to;
    // A newly assigned partition is read from its start; one kept goes on where it was.
    consumer.positions = new Map(to.map((p) => [p, consumer.positions.get(p) ?? 0]));
  }

  function poll(consumer: Consumer): void {
    emit({ process: consumer.name, type: 'invoke', f: 'poll', value: [['poll']] });
    if (random() < 0.01) {
      emit({ process: consumer.name, type: 'info', f: 'poll', value: [['poll']], error: 'REQUEST_TIMEOUT' });
      return;
    }
    const slices: Record<string, Array<[number, string]>> = {};
    for (const p of consumer.partitions) {
      const from = consumer.positions.get(p)!;
      const to = Math.min(logs[p]!.length, from + Math.floor(random() * (POLL_RECORDS_MAX + 1)));
      if (to === from) continue;
      slices[String(p)] = logs[p]!.slice(from, to).map((v, i): [number, string] => [from + i, v]);
      consumer.positions.set(p, to);
    }
    emit({ process: consumer.name, type: 'ok', f: 'poll', value: [['poll', slices]] });
  }

  /** A lost write: an acked record the final read will lack; a duplicate: an acked value appended again. */
  function inject(n: number): number {
    const acked = ops.filter((op): op is SendOp => op.f === 'send' && op.type === 'ok').slice(-100);
    if (acked.length === 0) return 0;
    const [, partition, payload] = pick(acked).value[0]!;
    const value = (payload as [number, string])[1];
    if (n % 2 === 0) lost.add(value);
    else logs[partition]!.push(value);
    return 1;
  }
}
