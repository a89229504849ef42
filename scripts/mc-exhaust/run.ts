/**
 * Issue 11's exhaust: 3 brokers, 1 partition, RF 3, minISR 2, acks=all (acks-all-durable), 2 sends, 1 process crash,
 * followers fetching again after 100 ms, virtual time ≤ 1100 ms, no drops, no polls, final read at the idle states,
 * depth-first with --por. The space is exhausted and no acknowledged record is lost; the counts are printed and
 * asserted against the ones measured (docs/model-checking.md). Too slow for the test suite (tens of minutes on a
 * loaded core); test/mc/model-check.test.ts pins a smaller sibling (two sends, no crash).
 * Run: node --import tsx scripts/mc-exhaust/run.ts    (exit 0: the counts and verdict as pinned; 1: not)
 */
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { modelCheck } from '../../src/mc/model-check.ts';

const EXPECTED = { verdict: 'verified', end: 'exhausted', distinct: 7_740_841, generated: 25_318_854, depthReached: 38, ackedStates: 698_387, finalReads: 97_761 };

const durable = claimNamed('acks-all-durable')!;
const claim = { ...durable, settings: { ...durable.settings, replicaFetchWaitMaxMs: 100 } };
const startMs = performance.now();
const result = modelCheck({
  claim,
  model: { sends: 2, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 },
  search: { depthMax: 60, statesMax: 50_000_000 },
  strategy: 'dfs',
  por: true,
  progressEvery: 1_000_000,
  onProgress: (p) => console.error(`${p.distinct} distinct, ${p.generated} generated, ${Math.round((performance.now() - startMs) / 1_000)} s`),
});
const s = result.search;
const measured = { verdict: result.verdict, end: s.end, distinct: s.distinct, generated: s.generated, depthReached: s.depthReached, ackedStates: s.ackedStates, finalReads: s.finalReads };
console.log(JSON.stringify({ ...measured, seconds: Math.round((performance.now() - startMs) / 1_000), bytesPerState: Math.round(s.bytesPerState * 10) / 10 }));
const same = (Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]).every((key) => measured[key] === EXPECTED[key]);
if (!same) console.error(`not as pinned: expected ${JSON.stringify(EXPECTED)}`);
process.exitCode = same ? 0 : 1;
