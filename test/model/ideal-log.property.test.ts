/**
 * Soundness of the model: a history produced by an ideal log — sends appended in order, polls returning
 * contiguous slices from each consumer's position, timeouts that may or may not have appended, a final read of
 * everything — is always valid. And dropping an acked record from that final read is always a lost write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/model/check-history.ts';
import type { History, Op, SendMicroOp } from '../../src/model/history.ts';
import { parseHistory } from '../../src/model/parse-history.ts';
import type { Draft } from './history-kit.ts';
import { history } from './history-kit.ts';

const PARTITIONS = 3;
const PRODUCERS = ['producer0', 'producer1'];
const CONSUMERS = ['consumer0', 'consumer1'];

interface Action {
  process: number;
  /** 0..99: picks what the process does next (the outcome of a send, the length of a slice, …). */
  choice: number;
  partition: number;
}

const actions = fc.array(
  fc.record({ process: fc.nat(PRODUCERS.length + CONSUMERS.length - 1), choice: fc.nat(99), partition: fc.nat(PARTITIONS - 1) }),
  // size 'max': fast-check's default size keeps arrays near 10 actions, too short for polls to follow polls.
  { maxLength: 120, size: 'max' },
);

type Fate = 'ok' | 'ok-acks0' | 'info-appended' | 'info-lost' | 'fail';

function fateOf(choice: number): Fate {
  if (choice < 55) return 'ok';
  if (choice < 65) return 'ok-acks0';
  if (choice < 75) return 'info-appended';
  if (choice < 85) return 'info-lost';
  return 'fail';
}

/** Runs the actions against an ideal log; returns the history and the values that were acked ok. */
function idealHistory(steps: readonly Action[]): { history: History; acked: string[] } {
  const logs: string[][] = Array.from({ length: PARTITIONS }, () => []);
  const drafts: Draft[] = [];
  const acked: string[] = [];
  const open = new Map<string, { f: 'send'; fate: Fate; micro: Array<{ partition: number; value: string; offset: number | null }> } | { f: 'poll' } | { f: 'assign'; partition: number }>();
  const positions = new Map<string, number[]>(CONSUMERS.map((c) => [c, Array<number>(PARTITIONS).fill(0)]));
  let nextValue = 0;

  for (const { process: index, choice, partition } of steps) {
    const isProducer = index < PRODUCERS.length;
    const process = isProducer ? PRODUCERS[index]! : CONSUMERS[index - PRODUCERS.length]!;
    const pending = open.get(process);
    if (isProducer && pending === undefined) {
      // A batch of one or two records; the log appends them at invoke time (a later ack, or none, is allowed).
      const fate = fateOf(choice);
      const partitions = choice % 2 === 0 ? [partition] : [partition, (partition + 1) % PARTITIONS];
      const micro = partitions.map((p) => {
        const value = `v${nextValue++}`;
        const appended = fate === 'ok' || fate === 'ok-acks0' || fate === 'info-appended';
        if (appended) logs[p]!.push(value);
        return { partition: p, value, offset: appended ? logs[p]!.length - 1 : null };
      });
      open.set(process, { f: 'send', fate, micro });
      drafts.push({ process, type: 'invoke', f: 'send', value: micro.map((m): SendMicroOp => ['send', m.partition, m.value]) });
    } else if (isProducer && pending?.f === 'send') {
      open.delete(process);
      const asked = pending.micro.map((m): SendMicroOp => ['send', m.partition, m.value]);
      if (pending.fate === 'ok' || pending.fate === 'ok-acks0') {
        const acks0 = pending.fate === 'ok-acks0';
        drafts.push({ process, type: 'ok', f: 'send', value: pending.micro.map((m): SendMicroOp => ['send', m.partition, [acks0 ? null : m.offset, m.value]]) });
        acked.push(...pending.micro.map((m) => m.value));
      } else {
        drafts.push({ process, type: pending.fate === 'fail' ? 'fail' : 'info', f: 'send', value: asked });
      }
    } else if (pending === undefined) {
      if (choice < 15) {
        open.set(process, { f: 'assign', partition });
        drafts.push({ process, type: 'invoke', f: 'assign', value: [partition] });
      } else {
        open.set(process, { f: 'poll' });
        drafts.push({ process, type: 'invoke', f: 'poll', value: [['poll']] });
      }
    } else if (pending.f === 'assign') {
      // An assign may seek anywhere in the log: the consumer's position is unknown afterwards.
      open.delete(process);
      const assigned = pending.partition;
      positions.get(process)![assigned] = choice % (logs[assigned]!.length + 1);
      drafts.push({ process, type: 'ok', f: 'assign', value: [assigned] });
    } else {
      open.delete(process);
      const position = positions.get(process)!;
      if (choice >= 90) {
        // A timed-out poll may or may not have moved the consumer on.
        if (choice % 2 === 1) position.forEach((at, p) => (position[p] = Math.min(logs[p]!.length, at + 1)));
        drafts.push({ process, type: 'info', f: 'poll', value: [['poll']] });
        continue;
      }
      const slices: Record<string, Array<[number, string]>> = {};
      for (let p = 0; p < PARTITIONS; p++) {
        const from = position[p]!;
        const to = Math.min(logs[p]!.length, from + ((choice + p) % 3));
        slices[String(p)] = logs[p]!.slice(from, to).map((value, i): [number, string] => [from + i, value]);
        position[p] = to;
      }
      drafts.push({ process, type: 'ok', f: 'poll', value: [['poll', slices]] });
    }
  }
  const everything: Record<string, Array<[number, string]>> = {};
  logs.forEach((log, p) => (everything[String(p)] = log.map((value, offset): [number, string] => [offset, value])));
  drafts.push({ process: 'final', type: 'invoke', f: 'poll', value: [['poll']] }, { process: 'final', type: 'ok', f: 'poll', value: [['poll', everything]], final: true });
  return { history: history(drafts), acked };
}

describe('an ideal log', () => {
  it('always produces a valid history (also after a round trip through the file format)', () => {
    fc.assert(
      fc.property(actions, (steps) => {
        const { history: h } = idealHistory(steps);
        const report = checkHistory(parseHistory(JSON.stringify(h), 'generated.json'));
        expect(report.anomalies.map((a) => a.message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with one acked record dropped from the final read shows a lost write of it', () => {
    fc.assert(
      fc.property(actions, fc.nat(), (steps, pick) => {
        const { history: h, acked } = idealHistory(steps);
        fc.pre(acked.length > 0);
        const lost = acked[pick % acked.length]!;
        const finalRead = h.ops[h.ops.length - 1]! as Extract<Op, { f: 'poll' }>;
        const slices = finalRead.value[0]![1]!;
        for (const key of Object.keys(slices)) slices[key] = slices[key]!.filter(([, value]) => value !== lost);
        const lostWrites = checkHistory(h).anomalies.filter((a) => a.name === 'lost-write');
        expect(lostWrites.map((a) => a.values)).toEqual([[lost]]);
      }),
      { numRuns: 200 },
    );
  });
});
