// Experiment: the guided campaign alone on the expected property. npx tsx scripts/hunt-deep/guided-only.ts ID SEEDS
import { guidedCheck } from '../../src/properties/guided/guided-check.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { ZOO } from '../../src/zoo/registry.ts';
const [id, seedsText = '1-5', runsText = '20000'] = process.argv.slice(2);
const entry = ZOO.find((e) => e.id === id)!;
const [from, to] = seedsText.split('-').map(Number) as [number, number];
for (let seed = from; seed <= (to ?? from); seed++) {
  const t = performance.now();
  let first: number | undefined;
  const r = guidedCheck(claimNamed(entry.expectedProperty)!, { seed, runs: Number(runsText), broker: entry.broker, ...(entry.controller ? { controller: entry.controller } : {}), onFirstFailure: () => (first = performance.now() - t) });
  console.log(`${id} seed ${seed}: ${r.result.outcome} after ${r.result.runs} runs ${first ? (first / 1000).toFixed(1) + ' s' : ''} corpus ${r.corpusSize} situations ${r.situations.length}`);
}
