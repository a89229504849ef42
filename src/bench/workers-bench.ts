/**
 * The worker-threads benchmark: the `always` claims of the catalogue checked as one campaign, once on a pool of
 * one worker thread and once on a pool of N, side by side in one run. It shows schedules/s of
 * each and the speedup, and that the verdicts are the same (outcome and schedules run, claim by claim). The
 * threads are the CLI's (src/sandbox/); this module only times what it is given and formats the figures.
 */
import { performance } from 'node:perf_hooks';
import type { ClaimResult } from '../properties/check-claim.ts';
import { CLAIMS } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';

export const WORKERS_BENCH_TARGETS = {
  /** On an idle 2-core machine, 2 workers over 1 (issue 12). */
  speedupOnTwoCores: 1.8,
} as const;

export interface WorkersBenchResult {
  claims: number;
  runsPerClaim: number;
  workers: number;
  oneWorker: { wallMs: number; schedulesPerSecond: number };
  allWorkers: { wallMs: number; schedulesPerSecond: number };
  speedup: number;
  /** Every claim's outcome and schedule count agree between the two campaigns. */
  sameVerdicts: boolean;
  perClaim: Array<{ name: string; outcome: string; runs: number }>;
}

/** Checks one claim on some thread of a pool; resolves with its result. */
export type CheckOnWorker = (claim: Claim, runs: number) => Promise<ClaimResult>;

/** A pool of `workers` threads that check claims, and how to close it. */
export interface WorkerPool {
  check: CheckOnWorker;
  close(): Promise<void>;
}

export function benchedClaims(): Claim[] {
  return CLAIMS.filter((c) => c.expectation === 'always');
}

/** Every thread loads kcheck (a TypeScript compile) and warms its JIT before the clock starts: the figures compare
 * checking, not start-up. Returns the campaign's wall time and results. */
async function campaign(pool: WorkerPool, workers: number, claims: readonly Claim[], runs: number): Promise<{ ms: number; results: ClaimResult[] }> {
  await Promise.all(Array.from({ length: workers }, () => pool.check(claims[0]!, WARM_UP_RUNS)));
  const start = performance.now();
  const results = await Promise.all(claims.map((claim) => pool.check(claim, runs)));
  return { ms: performance.now() - start, results };
}

/** Schedules each thread runs before the clock starts. */
const WARM_UP_RUNS = 30;

/**
 * The same campaign on a pool of one thread and on a pool of `workers`: both pay the same thread costs (a worker's
 * own JIT, messages to the main thread), so the ratio is what `--workers` buys.
 */
export async function runWorkersBench(options: { runsPerClaim: number; workers: number; openPool: (workers: number) => Promise<WorkerPool>; onProgress?: (text: string) => void }): Promise<WorkersBenchResult> {
  const claims = benchedClaims();
  const measure = async (workers: number) => {
    options.onProgress?.(`workers bench: ${workers} worker(s)`);
    const pool = await options.openPool(workers);
    try {
      return await campaign(pool, workers, claims, options.runsPerClaim);
    } finally {
      await pool.close();
    }
  };
  const single = await measure(1);
  const parallel = await measure(options.workers);
  const schedules = single.results.reduce((n, r) => n + r.runs, 0);
  const perSecond = (ms: number) => Math.round((schedules / ms) * 1000);
  return {
    claims: claims.length,
    runsPerClaim: options.runsPerClaim,
    workers: options.workers,
    oneWorker: { wallMs: Math.round(single.ms), schedulesPerSecond: perSecond(single.ms) },
    allWorkers: { wallMs: Math.round(parallel.ms), schedulesPerSecond: perSecond(parallel.ms) },
    speedup: Math.round((single.ms / parallel.ms) * 100) / 100,
    sameVerdicts: parallel.results.every((r, i) => r.outcome === single.results[i]!.outcome && r.runs === single.results[i]!.runs),
    perClaim: single.results.map((result) => ({ name: result.claim.name, outcome: result.outcome, runs: result.runs })),
  };
}

export function formatWorkersBenchMarkdown(result: WorkersBenchResult, cores: number): string {
  return [
    '## Checks on every core',
    '',
    `The ${result.claims} \`always\` claims, ${result.runsPerClaim} schedules each (seed 1), as one campaign: on a pool of one worker thread, then of ${result.workers} (\`--workers ${result.workers}\`; this machine has ${cores} cores), each thread warmed first. Measured side by side in one run. A claim runs on one thread, so the longest claim bounds the speedup, as do the cores and what they share (memory bandwidth, caches).`,
    '',
    '| Workers | Wall | Schedules/s |',
    '| ---: | ---: | ---: |',
    `| 1 | ${(result.oneWorker.wallMs / 1000).toFixed(1)} s | ${result.oneWorker.schedulesPerSecond} |`,
    `| ${result.workers} | ${(result.allWorkers.wallMs / 1000).toFixed(1)} s | ${result.allWorkers.schedulesPerSecond} |`,
    '',
    `Speedup ${result.speedup}× (target on an idle 2-core machine: ≥ ${WORKERS_BENCH_TARGETS.speedupOnTwoCores}×). Verdicts ${result.sameVerdicts ? 'identical' : 'DIFFERENT'} (outcome and schedules run, claim by claim).`,
    '',
  ].join('\n');
}
