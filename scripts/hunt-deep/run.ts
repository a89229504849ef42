/**
 * Hunts a few zoo variants (by default the slow and missed ones of issue 15) on seeds 1–5 under the zoo's budget and
 * prints, per variant, the seeds caught, the schedules run to the catch (deterministic) and the wall time to detect
 * (noisy): a quick loop for search changes without the whole `kcheck zoo`.
 * Run: npx tsx scripts/hunt-deep/run.ts [ID,ID,…] [SEEDS, e.g. 1-5] [EXPECTED_RUNS]
 */
import { huntTimed } from '../../src/bench/zoo-bench.ts';
import { ZOO_BUDGET } from '../../src/zoo/hunt.ts';
import { zooEntry } from '../../src/zoo/registry.ts';

const DEFAULT_IDS = ['recovery-ignores-epoch-checkpoint', 'stale-epoch-fetch-accepted', 'truncate-to-leader-epoch-end', 'isr-join-before-epoch-start'];
const [idsText, seedsText = '1-5', expectedRunsText] = process.argv.slice(2);
const budget = expectedRunsText ? { ...ZOO_BUDGET, expectedRuns: Number(expectedRunsText) } : ZOO_BUDGET;
const ids = idsText ? idsText.split(',') : DEFAULT_IDS;
const [from, to] = seedsText.split('-').map(Number) as [number, number | undefined];
const seeds = Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

console.log('| Variant | Caught | Runs to detect per seed | Median s | Max s |');
console.log('| --- | --- | --- | ---: | ---: |');
for (const id of ids) {
  const entry = zooEntry(id);
  if (!entry) throw new Error(`no zoo entry ${id}`);
  const cells: string[] = [];
  const times: number[] = [];
  let caught = 0;
  for (const seed of seeds) {
    const { figures } = huntTimed(entry, seed, budget);
    const ok = figures.caughtBy !== undefined;
    if (ok) caught++;
    times.push(ok ? figures.msToDetect! / 1000 : Number.POSITIVE_INFINITY);
    cells.push(ok ? `${seed}:${figures.runs}${figures.caughtBy === entry.expectedProperty ? '' : `(${figures.caughtBy})`}` : `${seed}:✗`);
    process.stderr.write(`${id} seed ${seed}: ${ok ? `${figures.caughtBy} after ${figures.runs} runs, ${(figures.msToDetect! / 1000).toFixed(1)} s` : 'missed'}\n`);
  }
  const fmt = (s: number) => (Number.isFinite(s) ? s.toFixed(1) : '—');
  console.log(`| ${id} | ${caught}/${seeds.length} | ${cells.join(' ')} | ${fmt(median(times))} | ${fmt(Math.max(...times))} |`);
}
