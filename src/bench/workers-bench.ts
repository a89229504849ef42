/**
 * The worker-threads benchmark: the `always` claims of the catalogue checked as one campaign, once on a single
 * worker (in-process) and once spread over N worker threads, side by side in one run. It shows schedules/s of
 * each and the speedup, and that the verdicts are the same (outcome and schedules run, claim by claim). The
 * threads are the CLI's (src/sandbox/); this module only measures what it is given and formats the figures.
 */
import { performance } from 'node:perf_hooks';
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
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
  perClaim: Array<{ name: string; outcome: string; runs: number; oneWorkerMs: number }>;
}

/** Checks one claim on some worker; resolves with its result. */
export type CheckOnWorker = (claim: Claim, runs: number) => Promise<ClaimResult>;

export function benchedClaims(): Claim[] {
  return CLAIMS.filter((c) => c.expectation === 'always');
}

export async function runWorkersBench(options: { runsPerClaim: number; workers: number; checkOnWorker: CheckOnWorker; onProgress?: (text: string) => void }): Promise<WorkersBenchResult> {
  const claims = benchedClaims();
  // Every thread loads kcheck (a TypeScript compile) and runs a schedule before the clock starts: the figures
  // compare checking, not start-up.
  options.onProgress?.(`workers bench: starting ${options.workers} workers`);
  await Promise.all(Array.from({ length: options.workers }, () => options.checkOnWorker(claims[0]!, 1)));
  checkClaim(claims[0]!, { seed: 1, runs: 1 });
  const single: Array<{ result: ClaimResult; ms: number }> = [];
  const oneStart = performance.now();
  for (const claim of claims) {
    options.onProgress?.(`workers bench: 1 worker, ${claim.name}`);
    const start = performance.now();
    single.push({ result: checkClaim(claim, { seed: 1, runs: options.runsPerClaim }), ms: performance.now() - start });
  }
  const oneMs = performance.now() - oneStart;
  options.onProgress?.(`workers bench: ${options.workers} workers`);
  const allStart = performance.now();
  const parallel = await Promise.all(claims.map((claim) => options.checkOnWorker(claim, options.runsPerClaim)));
  const allMs = performance.now() - allStart;
  const schedules = single.reduce((n, s) => n + s.result.runs, 0);
  const perSecond = (ms: number) => Math.round((schedules / ms) * 1000);
  return {
    claims: claims.length,
    runsPerClaim: options.runsPerClaim,
    workers: options.workers,
    oneWorker: { wallMs: Math.round(oneMs), schedulesPerSecond: perSecond(oneMs) },
    allWorkers: { wallMs: Math.round(allMs), schedulesPerSecond: perSecond(allMs) },
    speedup: Math.round((oneMs / allMs) * 100) / 100,
    sameVerdicts: parallel.every((r, i) => r.outcome === single[i]!.result.outcome && r.runs === single[i]!.result.runs),
    perClaim: single.map(({ result, ms }) => ({ name: result.claim.name, outcome: result.outcome, runs: result.runs, oneWorkerMs: Math.round(ms) })),
  };
}

export function formatWorkersBenchMarkdown(result: WorkersBenchResult, cores: number): string {
  return [
    '## Checks on every core',
    '',
    `The ${result.claims} \`always\` claims, ${result.runsPerClaim} schedules each (seed 1), as one campaign: on one worker (in-process), then on ${result.workers} worker threads (\`--workers ${result.workers}\`; this machine has ${cores} cores). Measured side by side in one run; on a busy machine the speedup is below what an idle one gives.`,
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
