/**
 * Hand-written histories for the model tests: ops are written without index and time, `history` numbers them
 * (time = index), and the shorthands write the common invoke/completion pairs.
 */
import type { Anomaly, AssignOp, History, Op, Partition, PollOp, SendOp, Value } from '../../src/model/history.ts';
import { createSpec, finishSpec, observeOp } from '../../src/model/spec.ts';

type Unnumbered<T> = T extends Op ? Omit<T, 'index' | 'timeMs'> : never;
export type Draft = Unnumbered<Op>;

export function history(...steps: Array<Draft | Draft[]>): History {
  const ops = steps.flat().map((draft, index) => ({ ...draft, index, timeMs: index }) as Op);
  return { format: 'kcheck-history', version: 1, ops };
}

export const send = {
  invoke: (process: string, partition: Partition, value: Value): Draft => ({ process, type: 'invoke', f: 'send', value: [['send', partition, value]] }) satisfies Unnumbered<SendOp>,
  ok: (process: string, partition: Partition, value: Value, offset: number | null): Draft => ({ process, type: 'ok', f: 'send', value: [['send', partition, [offset, value]]] }),
  fail: (process: string, partition: Partition, value: Value): Draft => ({ process, type: 'fail', f: 'send', value: [['send', partition, value]], error: 'NOT_ENOUGH_REPLICAS' }),
  info: (process: string, partition: Partition, value: Value): Draft => ({ process, type: 'info', f: 'send', value: [['send', partition, value]], error: 'REQUEST_TIMEOUT' }),
};

/** A send invoked and acked at once: 2 ops. */
export function acked(process: string, partition: Partition, value: Value, offset: number | null): Draft[] {
  return [send.invoke(process, partition, value), send.ok(process, partition, value, offset)];
}

/** A poll invoked and returning `slices` (partition → [offset, value] pairs): 2 ops. */
export function poll(process: string, slices: Record<number, Array<[number, Value]>>, final = false): Draft[] {
  const invoke: Unnumbered<PollOp> = { process, type: 'invoke', f: 'poll', value: [['poll']] };
  const ok: Unnumbered<PollOp> = { process, type: 'ok', f: 'poll', value: [['poll', slices]], ...(final ? { final } : {}) };
  return [invoke, ok];
}

/** A poll invoked that timed out (info): 2 ops. */
export function pollTimedOut(process: string): Draft[] {
  const invoke: Unnumbered<PollOp> = { process, type: 'invoke', f: 'poll', value: [['poll']] };
  return [invoke, { ...invoke, type: 'info', error: 'REQUEST_TIMEOUT' }];
}

/** An assign invoked and ok: 2 ops. */
export function assign(process: string, partitions: Partition[]): Draft[] {
  const invoke: Unnumbered<AssignOp> = { process, type: 'invoke', f: 'assign', value: partitions };
  return [invoke, { ...invoke, type: 'ok' }];
}

/** Each anomaly with the op at which the online model reported it ('end' for finishSpec). */
export interface Reported {
  at: number | 'end';
  anomaly: Anomaly;
}

export function runModel(h: History, options: Parameters<typeof createSpec>[0] = {}): Reported[] {
  const spec = createSpec(options);
  const reported: Reported[] = [];
  for (const op of h.ops) for (const anomaly of observeOp(spec, op)) reported.push({ at: op.index, anomaly });
  for (const anomaly of finishSpec(spec)) reported.push({ at: 'end', anomaly });
  return reported;
}

export function named(reported: readonly Reported[], name: Anomaly['name']): Reported[] {
  return reported.filter((r) => r.anomaly.name === name);
}

/** The anomaly without its message, for exact comparison. */
export function shape(r: Reported): { at: number | 'end'; name: string; partition: number; values: string[]; offsets: number[]; ops: number[] } {
  const { name, partition, values, offsets, ops } = r.anomaly;
  return { at: r.at, name, partition, values, offsets, ops };
}
