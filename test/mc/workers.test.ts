// kcheck mc --workers N: the parallel breadth-first search gives the one-thread result for every N — the same
// counts, end, progress reports, verdict and trace, byte for byte — on an exhausted space, a depth bound, a state
// bound, a violation judged by the final read (acks=1's lost write) and zoo variants; --workers with depth-first
// or --por is bad input; a worker that fails ends the search with an error, not a hang. Bounded by state counts.
import { describe, expect, it, vi, afterEach } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { modelCheck, type ModelCheckResult } from '../../src/mc/model-check.ts';
import type { ModelBounds } from '../../src/mc/actions.ts';
import type { SearchBounds, SearchProgress } from '../../src/mc/search.ts';
import { modelCheckParallel } from '../../src/mc/parallel/model-check-parallel.ts';
import { traceJson } from '../../src/properties/trace/trace.ts';
import { mcSystemOf, mcSystemSource, type McSystemOptions } from '../../src/zoo/mc-system.ts';

interface Configuration {
  name: string;
  system: McSystemOptions;
  model: ModelBounds;
  search: SearchBounds;
  verdict: ModelCheckResult['verdict'];
  end: string;
}

const CONFIGURATIONS: Configuration[] = [
  { name: 'one crash, one drop, no send: exhausted', system: { property: 'acks-all-durable' }, model: { sends: 0, polls: 0, faults: 1, drops: 1, timeMaxMs: 1_000 }, search: { depthMax: 60, statesMax: 10_000 }, verdict: 'vacuous', end: 'exhausted' },
  { name: 'one crash, no send, depth 4: the depth bound', system: { property: 'acks-all-durable' }, model: { sends: 0, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_000 }, search: { depthMax: 4, statesMax: 10_000 }, verdict: 'vacuous', end: 'depth-bound' },
  { name: 'one send, one crash, to 1600 ms: the state bound', system: { property: 'acks-all-durable' }, model: { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_600 }, search: { depthMax: 60, statesMax: 1_500 }, verdict: 'bounded', end: 'state-bound' },
  { name: 'acks=1: the lost write, judged by a final read', system: { property: 'acks1-loss' }, model: { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 3_000 }, search: { depthMax: 30, statesMax: 10_000 }, verdict: 'witnessed', end: 'found' },
  { name: 'zoo acks-all-at-append: violated in a step', system: { property: 'acks-all-durable', variant: 'acks-all-at-append' }, model: { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 }, search: { depthMax: 60, statesMax: 5_000 }, verdict: 'violated', end: 'found' },
  {
    name: 'zoo truncate-to-high-watermark, fetch wait 100 ms: final reads judged, the state bound',
    system: { property: 'acks-all-durable', variant: 'truncate-to-high-watermark', settings: { ...mcSystemOf({ property: 'acks-all-durable' }).claim.settings, replicaFetchWaitMaxMs: 100 } },
    model: { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 },
    search: { depthMax: 60, statesMax: 2_000 },
    verdict: 'bounded',
    end: 'state-bound',
  },
];

const PROGRESS_EVERY = 100;

function oneThread(c: Configuration): { result: ModelCheckResult; progress: SearchProgress[] } {
  const { claim, system } = mcSystemOf(c.system);
  const progress: SearchProgress[] = [];
  const result = modelCheck({ claim, ...(system.broker ? { broker: system.broker } : {}), ...(system.controller ? { controller: system.controller } : {}), model: c.model, search: c.search, progressEvery: PROGRESS_EVERY, onProgress: (p) => progress.push(p) });
  return { result, progress };
}

async function onWorkers(c: Configuration, workers: number, roundPlacesPerWorker?: number): Promise<{ result: ModelCheckResult; progress: SearchProgress[] }> {
  const progress: SearchProgress[] = [];
  const rounds = roundPlacesPerWorker ? { roundPlacesPerWorker } : {};
  const result = await modelCheckParallel({ source: mcSystemSource(c.system), workers, model: c.model, search: c.search, progressEvery: PROGRESS_EVERY, onProgress: (p) => progress.push(p), ...rounds });
  return { result, progress };
}

describe('kcheck mc --workers: the one-thread result for every number of workers', () => {
  it.each(CONFIGURATIONS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected = oneThread(c);
    expect(expected.result.verdict).toBe(c.verdict);
    expect(expected.result.search.end).toBe(c.end);
    // Rounds of 3 places per worker as well as the default: many rounds per level, shares moved between workers.
    for (const [workers, roundPlacesPerWorker] of [[1], [2], [3], [2, 3], [3, 3]] as const) {
      const actual = await onWorkers(c, workers, roundPlacesPerWorker);
      expect(JSON.stringify(actual.result.search), `${workers} workers`).toBe(JSON.stringify(expected.result.search));
      expect(JSON.stringify(actual.result), `${workers} workers`).toBe(JSON.stringify(expected.result));
      expect(actual.result.trace && traceJson(actual.result.trace)).toBe(expected.result.trace && traceJson(expected.result.trace));
      expect(actual.progress, `${workers} workers`).toEqual(expected.progress);
    }
  });
});

describe('kcheck mc --workers: a failing worker ends the search with an error', () => {
  const c = CONFIGURATIONS[0]!;
  it.each([
    ['throws', 'throw', /model checker: worker 1: injected failure of worker 1 at depth 2/],
    ['ends its thread', 'exit', /model checker: worker 1 ended its thread \(exit code 7\)/],
  ] as const)('a worker that %s: the search rejects with its one-line reason', async (_what, how, message) => {
    const search = modelCheckParallel({ source: mcSystemSource(c.system), workers: 2, model: c.model, search: c.search, injectedFailure: { worker: 1, depth: 2, how } });
    await expect(search).rejects.toThrow(message);
  });

  it('a source that cannot build the system: the search rejects', async () => {
    await expect(modelCheckParallel({ source: mcSystemSource({ property: 'no-such-claim' }), workers: 2, model: c.model, search: c.search })).rejects.toThrow(/no claim named "no-such-claim"/);
  });
});

describe('kcheck mc --workers on the command line', () => {
  afterEach(() => vi.restoreAllMocks());

  function captured(): { printed: () => string; errors: () => string } {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    return { printed: () => log.mock.calls.map((call) => call.join(' ')).join('\n'), errors: () => error.mock.calls.map((call) => call.join(' ')).join('\n') };
  }

  it.each([
    [['--workers', '2', '--strategy', 'dfs'], /^kcheck: usage: --workers searches breadth-first: it does not go with --strategy dfs$/],
    [['--workers', '3', '--por'], /^kcheck: usage: --workers does not go with --por/],
    [['--workers', '0'], /^kcheck: usage: --workers must be a whole number from 1 to 64, got "0"$/],
    [['--workers', '65'], /^kcheck: usage: --workers must be a whole number from 1 to 64, got "65"$/],
  ])('kcheck mc %j: exit 2, one line', async (args, says) => {
    const { errors } = captured();
    expect(await main(['mc', ...args])).toBe(2);
    expect(errors()).toMatch(says);
    expect(errors().split('\n')).toHaveLength(1);
  });

  it('prints what one thread prints: the verdict, the counts and the trace (acks=1 lost write, 2 workers)', async () => {
    const args = ['mc', '--property', 'acks1-loss', '--sends', '1', '--time-max-ms', '3000'];
    const one = captured();
    expect(await main(args)).toBe(0);
    const withoutTiming = (text: string) => text.replace(/^ {2}[\d.]+ s, \d+ distinct states\/s.*$/m, '');
    const expected = withoutTiming(one.printed());
    vi.restoreAllMocks();
    const two = captured();
    expect(await main([...args, '--workers', '2'])).toBe(0);
    expect(two.printed()).toMatch(/distinct states\/s on 2 worker threads/);
    expect(withoutTiming(two.printed())).toBe(expected);
  });
});
