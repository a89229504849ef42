/**
 * The no-false-alarm sweep of issue 15: every claim of the catalogue on the reference broker, seeds FROM…TO (default
 * 1–20) at each claim's default budget. Prints one line per claim: its outcomes, and for an `always` claim the least
 * share of runs that made progress over the seeds (what its `progress` threshold in catalogue.ts must stay below).
 * With `--runs N`, every claim at N schedules instead of its budget, and only the `always` claims (the 10,000-run
 * sweep: `npx tsx scripts/no-false-alarm/sweep.ts 1 1 --runs 10000`).
 * Run: npx tsx scripts/no-false-alarm/sweep.ts [FROM] [TO] [NAME…] [--runs N]
 */
import { checkClaim } from '../../src/properties/check-claim.ts';
import { CLAIMS } from '../../src/properties/claims/catalogue.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runsEach = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : undefined;
const from = Number(args[0] ?? 1);
const to = Number(args[1] ?? 20);
const names = args.slice(2);
let unexpected = 0;
for (const claim of CLAIMS.filter((c) => (names.length === 0 || names.includes(c.name)) && (runsEach === undefined || c.expectation === 'always'))) {
  const outcomes = new Map<string, number>();
  const shares: number[] = [];
  const figures = { read: Infinity, acked: Infinity, final: Infinity };
  let runs = 0;
  for (let seed = from; seed <= to; seed++) {
    const result = checkClaim(claim, { seed, ...(runsEach !== undefined ? { runs: runsEach } : {}) });
    outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
    if (!result.asExpected) {
      unexpected++;
      console.log(`  UNEXPECTED ${claim.name} seed ${seed}: ${result.outcome} ${result.counterexample?.finding.message ?? result.vacuity ?? ''}`);
    }
    runs += result.runs;
    const p = result.progress;
    if (claim.expectation === 'always' && p.runs > 0) {
      shares.push((100 * p.ackedReadBack) / p.runs);
      figures.acked = Math.min(figures.acked, (100 * p.acked) / p.runs);
      figures.read = Math.min(figures.read, (100 * p.readDuringRun) / p.runs);
      figures.final = Math.min(figures.final, (100 * p.finalRead) / p.runs);
    }
  }
  const outcomeText = [...outcomes].map(([o, n]) => `${o} ×${n}`).join(', ');
  const progressText =
    shares.length > 0
      ? `; acked and read back: min ${Math.min(...shares).toFixed(0)}% mean ${(shares.reduce((a, b) => a + b, 0) / shares.length).toFixed(0)}% (threshold ${claim.progress?.ackedReadBackPercentMin ?? '-'}%, read ${claim.progress?.readDuringRunPercentMin ?? '-'}%); min acked ${figures.acked.toFixed(0)}%, read ${figures.read.toFixed(0)}%, final read ${figures.final.toFixed(0)}%`
      : '';
  console.log(`${claim.id.padEnd(16)} ${claim.name.padEnd(28)} ${claim.expectation.padEnd(9)} seeds ${from}-${to}: ${outcomeText}; ${runs} runs${progressText}`);
}
console.log(unexpected === 0 ? 'no false alarm' : `${unexpected} unexpected outcome(s)`);
process.exitCode = unexpected === 0 ? 0 : 1;
