/**
 * One side of the before/after bench (run.ts): every `always` claim of the tree at ROOT on the reference broker,
 * seed 1, RUNS schedules each, timed. Prints JSON: [{ name, runs, ms, outcome }]. It imports the tree's own sources,
 * so the same file measures an older commit's checker as well as this one's.
 * Run: npx tsx scripts/bench-before-after/measure.ts ROOT RUNS
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ClaimLike {
  name: string;
  expectation: string;
}
interface CheckModule {
  checkClaim: (claim: ClaimLike, options: { seed: number; runs: number }) => { runs: number; outcome: string };
}

const [root, runsText] = process.argv.slice(2);
if (!root || !runsText) throw new Error('usage: measure.ts ROOT RUNS');
const load = async <T>(path: string) => (await import(pathToFileURL(join(root, path)).href)) as T;
const { checkClaim } = await load<CheckModule>('src/properties/check-claim.ts');
const { CLAIMS } = await load<{ CLAIMS: readonly ClaimLike[] }>('src/properties/claims/catalogue.ts');
const runs = Number(runsText);
// Warm the JIT on one claim first, so that the first claim timed does not pay for it.
checkClaim(CLAIMS.find((c) => c.expectation === 'always')!, { seed: 2, runs: 100 });
const results = CLAIMS.filter((c) => c.expectation === 'always').map((claim) => {
  const started = performance.now();
  const result = checkClaim(claim, { seed: 1, runs });
  return { name: claim.name, runs: result.runs, ms: performance.now() - started, outcome: result.outcome };
});
console.log(JSON.stringify(results));
