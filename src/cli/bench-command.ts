/** `kcheck bench` (= `npm run bench`): the simulator and claims benchmarks, written to reports/bench.{json,md}. */
import { parseArgs } from 'node:util';
import { formatClaimsBenchMarkdown, runClaimsBench } from '../bench/claims-bench.ts';
import { formatHistoryBenchMarkdown, runHistoryBench } from '../bench/history-bench.ts';
import { formatBenchMarkdown, runSimulatorBench } from '../bench/simulator-bench.ts';
import { formatMcBenchMarkdown, runMcBench } from '../bench/mc-bench.ts';
import { ensureWritableDir, outputPathFlag, wholeNumberFlag, writeReport } from './flags.ts';

export const BENCH_USAGE = `  kcheck bench [--seed S] [--steps N] [--claim-seeds N] [--out-dir DIR]
                                         benchmark the simulator on the standard workload, and
                                         the claims (time to witness and shrunk length over N
                                         seeds, default 20; schedules/s), and the history
                                         checker on 10k, 100k and 1M ops; writes
                                         reports/bench.json and reports/bench.md (or DIR)`;

export function benchCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { seed: { type: 'string' }, steps: { type: 'string' }, 'claim-seeds': { type: 'string' }, 'out-dir': { type: 'string' } },
    strict: true,
  });
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
  const history = runHistoryBench({ seed, onProgress: showProgress ? (text) => process.stdout.write(`\r\x1b[2K  ${text}`) : undefined });
  const mc = runMcBench();
  if (showProgress) process.stdout.write('\r\x1b[2K');
  writeReport(`${dir}/bench.json`, `${JSON.stringify({ simulator: result, claims, history, mc }, null, 2)}\n`);
  const markdown = `${formatBenchMarkdown(result)}\n${formatClaimsBenchMarkdown(claims)}\n${formatHistoryBenchMarkdown(history)}\n${formatMcBenchMarkdown(mc)}`;
  writeReport(`${dir}/bench.md`, markdown);
  console.log(markdown);
  return 0;
}
