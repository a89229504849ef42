// kcheck mc --por (sleep sets over independent single deliveries, src/mc/sleep-sets.ts) cross-checked against the
// unreduced search on small configurations: the same states found (distinct, with an acknowledged record, final
// reads judged), the same verdict and depth, never more successors computed — and, state by state, every delivery
// it sleeps commutes with the step it sleeps across (checkIndependence). Bounded by state counts only.
import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { traceJson } from '../../src/properties/trace/trace.ts';
import { modelCheck } from '../../src/mc/model-check.ts';
import type { ModelBounds } from '../../src/mc/actions.ts';
import type { SearchStrategy } from '../../src/mc/search.ts';

const durable = claimNamed('acks-all-durable')!;
const acks1 = claimNamed('acks1-loss')!;
const search = { depthMax: 60, statesMax: 100_000 };

function figures(model: ModelBounds, strategy: SearchStrategy, por: boolean) {
  const result = modelCheck({ claim: durable, model, search, strategy, por, checkIndependence: por });
  const s = result.search;
  return { verdict: result.verdict, end: s.end, distinct: s.distinct, depth: s.depthReached, acked: s.ackedStates, finalReads: s.finalReads, generated: s.generated };
}

describe('kcheck mc --por', () => {
  it.each([0, 1, 2])('the toy count by hand: %i send(s), no fault, no time past the boot, n + 1 states with and without', (sends) => {
    for (const por of [false, true]) {
      const result = modelCheck({ claim: durable, model: { sends, polls: 0, faults: 0, drops: 0, timeMaxMs: 1_000 }, search, por });
      expect([result.search.end, result.search.distinct, result.search.generated]).toEqual(['exhausted', sends + 1, sends]);
    }
  });

  it.each([
    ['bfs', { sends: 0, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_000 }, [560, 439]],
    ['dfs', { sends: 0, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_000 }, [560, 438]],
    ['bfs', { sends: 0, polls: 0, faults: 1, drops: 1, timeMaxMs: 1_000 }, [2_012, 1_812]],
    ['bfs', { sends: 1, polls: 0, faults: 0, drops: 0, timeMaxMs: 1_600 }, [1_090, 1_076]],
    ['dfs', { sends: 1, polls: 0, faults: 0, drops: 0, timeMaxMs: 1_600 }, [1_090, 1_076]],
  ] as const)('%s %o: the same states and verdict, fewer successors (generated: full, reduced)', (strategy, model, generated) => {
    const full = figures(model, strategy, false);
    const reduced = figures(model, strategy, true);
    expect(full.end).toBe('exhausted');
    expect({ ...reduced, generated: undefined }).toEqual({ ...full, generated: undefined });
    expect([full.generated, reduced.generated]).toEqual(generated);
  });

  it('acks=1: the same shortest lost-write witness, replayed to the same finding', () => {
    const model = { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 3_000 };
    const full = modelCheck({ claim: acks1, model, search: { depthMax: 30, statesMax: 10_000 } });
    const reduced = modelCheck({ claim: acks1, model, search: { depthMax: 30, statesMax: 10_000 }, por: true, checkIndependence: true });
    expect(reduced.verdict).toBe('witnessed');
    expect(reduced.finding?.kind).toBe('lost-write');
    expect(reduced.path).toEqual(full.path);
    expect(reduced.search.generated).toBeLessThanOrEqual(full.search.generated);
    const replay = replayTrace(parseTrace(traceJson(reduced.trace!), 'mc.json'));
    expect(replay.verdict).toBe('reproduced');
  });
});
