/** `kcheck bench` (= `npm run bench`): the simulator and claims benchmarks, written to reports/bench.{json,md}. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { formatClaimsBenchMarkdown, runClaimsBench } from '../bench/claims-bench.ts';
import { formatCoverageBenchMarkdown, runCoverageBench } from '../bench/coverage-bench.ts';
import { formatHistoryBenchMarkdown, runHistoryBench } from '../bench/history-bench.ts';
import { formatBenchMarkdown, runSimulatorBench } from '../bench/simulator-bench.ts';
import { formatWorkersBenchMarkdown, runWorkersBench, type WorkersBenchResult } from '../bench/workers-bench.ts';
import { SandboxPool, defaultWorkers } from '../sandbox/sandbox-pool.ts';
import { DEFAULT_SANDBOX_LIMITS } from '../sandbox/broker-sandbox.ts';
import { claimRefOf } from '../sandbox/claim-ref.ts';
import { checkClaimInSandbox } from '../sandbox/sandboxed-runs.ts';
import { boundedNumberFlag, ensureWritableDir, outputPathFlag, wholeNumberFlag, writeReport } from './flags.ts';
import { WORKERS_MAX, WORKERS_OPTION } from './sandbox-flags.ts';
import { formatMcBenchMarkdown, runMcBench } from '../bench/mc-bench.ts';

export const BENCH_USAGE = `  kcheck bench [--seed S] [--steps N] [--claim-seeds N] [--workers N] [--out-dir DIR]
                                         benchmark the simulator on the standard workload, and
                                         the claims (time to witness and shrunk length over N
                                         seeds, default 20; schedules/s), the always claims on 1
                                         worker and on --workers (default: one per core), the
                                         protocol situations random and --guided schedules reach
                                         per always claim (200 runs each), and the history
                                         checker on 10k, 100k and 1M ops; writes
                                         reports/bench.json and reports/bench.md (or DIR)`;

/** Schedules per claim of the workers section: enough that thread start-up is a small part of the wall time. */
const WORKERS_BENCH_RUNS = 300;

export async function benchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { seed: { type: 'string' }, steps: { type: 'string' }, 'claim-seeds': { type: 'string' }, ...WORKERS_OPTION, 'out-dir': { type: 'string' } },
    strict: true,
  });
  const workers = boundedNumberFlag(values.workers, 'workers', defaultWorkers(), 1, WORKERS_MAX);
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const steps = wholeNumberFlag(values.steps, 'steps', 50_000, 1);
  const claimSeeds = wholeNumberFlag(values['claim-seeds'], 'claim-seeds', 20, 1, 1_000);
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? 'reports';
  // Before the benchmarks, which take minutes (the history checker's alone writes and checks 1M ops).
  ensureWritableDir(dir);
  const showProgress = process.stdout.isTTY === true;
  const result = runSimulatorBench({
    seed,
    steps,
    onProgress: showProgress ? (done, total) => process.stdout.write(`\r  ${done}/${total} steps`) : undefined,
  });
  if (showProgress) process.stdout.write('\n');
  const claims = runClaimsBench({
    seeds: claimSeeds,
    alwaysRuns: 200,
    onProgress: showProgress ? (text) => process.stdout.write(`\r\x1b[2K  ${text}`) : undefined,
  });
  const parallel = await measureWorkers(workers, showProgress);
  const coverage = runCoverageBench({ seed, runs: 200, onProgress: showProgress ? (text) => process.stdout.write(`\r\x1b[2K  ${text}`) : undefined });
  const history = runHistoryBench({ seed, onProgress: showProgress ? (text) => process.stdout.write(`\r\x1b[2K  ${text}`) : undefined });
  const mc = await runMcBench();
  if (showProgress) process.stdout.write('\r\x1b[2K');
  writeReport(`${dir}/bench.json`, `${JSON.stringify({ simulator: result, claims, workers: parallel, coverage, history, mc }, null, 2)}\n`);
  const markdown = `${formatBenchMarkdown(result)}\n${formatClaimsBenchMarkdown(claims)}\n${formatWorkersBenchMarkdown(parallel, availableParallelism())}\n${formatCoverageBenchMarkdown(coverage)}\n${formatHistoryBenchMarkdown(history)}\n${formatMcBenchMarkdown(mc, claims.witnesses)}`;
  writeReport(`${dir}/bench.md`, markdown);
  console.log(markdown);
  return 0;
}

/** The always claims on a pool of one thread, then of `workers` threads of the reference broker (trusted, so unguarded). */
async function measureWorkers(workers: number, showProgress: boolean): Promise<WorkersBenchResult> {
  return runWorkersBench({
    runsPerClaim: WORKERS_BENCH_RUNS,
    workers,
    openPool: async (size) => {
      const pool = await new SandboxPool(size, undefined, 'the reference broker', DEFAULT_SANDBOX_LIMITS).start();
      return { check: (claim, runs) => pool.use((sandbox) => checkClaimInSandbox(sandbox, claim, claimRefOf(claim), { seed: 1, runs })), close: () => pool.close() };
    },
    ...(showProgress ? { onProgress: (text: string) => process.stdout.write(`\r\x1b[2K  ${text}`) } : {}),
  });
}
