/**
 * The indexed checker (src/model) against the quadratic one it replaced (test/model/reference-spec/, a copy of
 * the model before its indexes): on random well-formed histories full of anomalies — offsets drawn at random,
 * values repeated, sends completing in any order, polls that skip, go back and time out, final reads — both
 * report the same anomalies at the same ops with the same messages, and so the same report text. The indexed
 * one also continues the same from a JSON snapshot taken at any op.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Anomaly, History, Op, SendMicroOp } from '../../src/model/history.ts';
import { createSpec, finishSpec, observeOp, type SpecState } from '../../src/model/spec.ts';
import { formatHistoryReport, type HistoryReport } from '../../src/model/check-history.ts';
import { outstandingKey } from '../../src/model/outstanding-key.ts';
import { createSpec as createReference } from './reference-spec/spec-state.ts';
import { observeOp as observeReference } from './reference-spec/observe-op.ts';
import { finishSpec as finishReference } from './reference-spec/finish.ts';
import { history, runModel, type Draft, type Reported } from './history-kit.ts';

const SEED = 20_261_202;
const PARTITIONS = 3;
const PRODUCERS = ['producer0', 'producer1'];
const CONSUMERS = ['consumer0', 'consumer1', 'final'];
/** Integer-like values and record-unfriendly ones on purpose: the old model kept them as record keys, whose order
 * (array indices first) its messages followed. */
const VALUES = ['a', 'b', 'c', 'd', '5', '12', '0', '__proto__', 'constructor', 'two words'];
const OFFSET_MAX = 6;

type Action =
  | { kind: 'invoke-send'; producer: number; records: Array<[partition: number, value: number]> }
  | { kind: 'complete-send'; producer: number; pick: number; outcome: 'ok' | 'fail' | 'info'; offsets: Array<number | null> }
  | { kind: 'poll'; consumer: number; outcome: 'ok' | 'info' | 'fail'; slices: Array<[partition: number, records: Array<[offset: number, value: number]>]>; final: boolean }
  | { kind: 'assign'; consumer: number; outcome: 'ok' | 'info' | 'fail'; partitions: number[] };

const partition = fc.nat(PARTITIONS - 1);
const value = fc.nat(VALUES.length - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('invoke-send' as const), producer: fc.nat(PRODUCERS.length - 1), records: fc.array(fc.tuple(partition, value), { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('complete-send' as const),
      producer: fc.nat(PRODUCERS.length - 1),
      pick: fc.nat(),
      outcome: fc.constantFrom('ok' as const, 'ok' as const, 'fail' as const, 'info' as const),
      offsets: fc.array(fc.option(fc.nat(OFFSET_MAX), { freq: 6 }), { minLength: 3, maxLength: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('poll' as const),
      consumer: fc.nat(CONSUMERS.length - 1),
      outcome: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'info' as const, 'fail' as const),
      slices: fc.array(fc.tuple(partition, fc.array(fc.tuple(fc.nat(OFFSET_MAX), value), { maxLength: 4 })), { maxLength: 3 }),
      final: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), consumer: fc.nat(CONSUMERS.length - 1), outcome: fc.constantFrom('ok' as const, 'info' as const, 'fail' as const), partitions: fc.uniqueArray(partition, { maxLength: 3 }) }) },
);

/** A well-formed history (every completion matches an outstanding invoke) with whatever content the actions say. */
function chaoticHistory(actions: readonly Action[]): History {
  const drafts: Draft[] = [];
  const outstanding = PRODUCERS.map(() => [] as SendMicroOp[][]);
  const keys = new Set<string>();
  for (const a of actions) {
    switch (a.kind) {
      case 'invoke-send': {
        const records = a.records.map(([p, v]): SendMicroOp => ['send', p, VALUES[v]!]);
        const draft: Draft = { process: PRODUCERS[a.producer]!, type: 'invoke', f: 'send', value: records };
        const key = outstandingKey({ ...draft, index: 0, timeMs: 0 } as Op);
        if (keys.has(key)) break;
        keys.add(key);
        outstanding[a.producer]!.push(records);
        drafts.push(draft);
        break;
      }
      case 'complete-send': {
        const open = outstanding[a.producer]!;
        if (open.length === 0) break;
        const records = open.splice(a.pick % open.length, 1)[0]!;
        const process = PRODUCERS[a.producer]!;
        keys.delete(outstandingKey({ process, type: 'invoke', f: 'send', value: records, index: 0, timeMs: 0 }));
        if (a.outcome === 'ok') {
          drafts.push({ process, type: 'ok', f: 'send', value: records.map(([, p, v], i): SendMicroOp => ['send', p, [a.offsets[i] ?? null, v as string]]) });
        } else {
          drafts.push({ process, type: a.outcome, f: 'send', value: records, error: 'REQUEST_TIMEOUT' });
        }
        break;
      }
      case 'poll': {
        const process = CONSUMERS[a.consumer]!;
        drafts.push({ process, type: 'invoke', f: 'poll', value: [['poll']] });
        if (a.outcome !== 'ok') {
          drafts.push({ process, type: a.outcome, f: 'poll', value: [['poll']], error: 'REQUEST_TIMEOUT' });
          break;
        }
        // Two micro-ops when a partition comes twice, so that a final read's second slice of it is tried too.
        const first: Record<string, Array<[number, string]>> = {};
        const second: Record<string, Array<[number, string]>> = {};
        for (const [p, records] of a.slices) (Object.hasOwn(first, String(p)) ? second : first)[String(p)] = records.map(([o, v]): [number, string] => [o, VALUES[v]!]);
        const micro: Array<['poll', Record<string, Array<[number, string]>>]> = [['poll', first]];
        if (Object.keys(second).length > 0) micro.push(['poll', second]);
        drafts.push({ process, type: 'ok', f: 'poll', value: micro, ...(a.final ? { final: true } : {}) });
        break;
      }
      case 'assign': {
        const process = CONSUMERS[a.consumer]!;
        drafts.push({ process, type: 'invoke', f: 'assign', value: a.partitions }, { process, type: a.outcome, f: 'assign', value: a.partitions });
        break;
      }
    }
  }
  return history(drafts);
}

function runReference(h: History): Reported[] {
  const spec = createReference();
  const reported: Reported[] = [];
  for (const op of h.ops) for (const anomaly of observeReference(spec, op)) reported.push({ at: op.index, anomaly });
  for (const anomaly of finishReference(spec)) reported.push({ at: 'end', anomaly });
  return reported;
}

/** The indexed model, its state replaced by a JSON copy of itself before op `snapshotAt`. */
function runWithSnapshot(h: History, snapshotAt: number): Anomaly[] {
  let spec: SpecState = createSpec();
  const anomalies: Anomaly[] = [];
  for (const op of h.ops) {
    if (op.index === snapshotAt) spec = JSON.parse(JSON.stringify(spec)) as SpecState;
    anomalies.push(...observeOp(spec, op));
  }
  return [...anomalies, ...finishSpec(spec)];
}

function reportOf(h: History, reported: readonly Reported[]): string {
  const anomalies = reported.map((r) => r.anomaly);
  const counts: HistoryReport['counts'] = {};
  for (const a of anomalies) counts[a.name] = (counts[a.name] ?? 0) + 1;
  return formatHistoryReport({ valid: anomalies.length === 0, opCount: h.ops.length, anomalies, counts });
}

const actions = fc.array(action, { maxLength: 80, size: 'max' });

describe(`the indexed checker (seed ${SEED})`, () => {
  it('reports what the quadratic one did: the same anomalies, at the same ops, in the same words', () => {
    let anomalous = 0;
    fc.assert(
      fc.property(actions, (steps) => {
        const h = chaoticHistory(steps);
        const expected = runReference(h);
        const actual = runModel(h);
        expect(actual).toEqual(expected);
        expect(reportOf(h, actual)).toBe(reportOf(h, expected));
        if (expected.length > 0) anomalous++;
      }),
      { seed: SEED, numRuns: 400 },
    );
    // The histories are meant to be full of anomalies; a generator that made only valid ones would prove little.
    expect(anomalous).toBeGreaterThan(300);
  });

  it('continues the same from a JSON snapshot of its state taken at any op', () => {
    fc.assert(
      fc.property(actions, fc.nat(), (steps, pick) => {
        const h = chaoticHistory(steps);
        fc.pre(h.ops.length > 0);
        expect(runWithSnapshot(h, pick % h.ops.length)).toEqual(runModel(h).map((r) => r.anomaly));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('has seen every kind of anomaly among its histories', () => {
    const names = new Set<string>();
    fc.assert(
      fc.property(actions, (steps) => {
        for (const r of runModel(chaoticHistory(steps))) names.add(r.anomaly.name);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect([...names].sort()).toEqual(['aborted-read', 'duplicate', 'inconsistent-offsets', 'int-nonmonotonic-poll', 'int-poll-skip', 'lost-write', 'nonmonotonic-poll', 'nonmonotonic-send', 'phantom', 'poll-skip', 'unseen']);
  });
});
