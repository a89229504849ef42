/**
 * `kcheck zoo` (= `npm run bench:zoo`): hunts every bug-zoo variant, and the reference as the control, over a few
 * seeds; writes reports/bug-zoo.md and .json, and each variant's example counterexample to reports/zoo/.
 * Exit 0 iff every variant is caught on every seed (a known miss excepted) and the reference on none.
 */
import { readdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runZooBench, zooPassed, type ZooFigures } from '../bench/zoo-bench.ts';
import { KcheckInputError } from '../input-error.ts';
import { huntOrder, isCatch, referenceAlsoFails, ZOO_BUDGET } from '../zoo/hunt.ts';
import { checkClaimInSandbox, huntInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openPool, openSandbox, SANDBOX_OPTIONS, sandboxLimits, WORKERS_OPTION, WORKERS_USAGE } from './sandbox-flags.ts';
import { ZOO } from '../zoo/registry.ts';
import { zooJson, zooMarkdown } from '../zoo/zoo-report.ts';
import { FLAG_MAX, outputPathFlag, progressLine, wholeNumberFlag, writeReport } from './flags.ts';
import { RUNS_DIR, saveTrace } from './trace-files.ts';
import { displayText } from '../text/display-text.ts';

export const ZOO_USAGE = `  kcheck zoo [--seeds N] [--runs N] [--other-runs N] [--only TEXT] [--workers N] [--out-dir DIR]
                                         hunt every bug-zoo variant (docs/bug-zoo.md) with the
                                         always claims, its expected property first (--runs
                                         schedules, default ${ZOO_BUDGET.expectedRuns}; --other-runs for each other
                                         claim, default ${ZOO_BUDGET.otherRuns}), over seeds 1..N (default 5), and
                                         the reference as the control; writes reports/bug-zoo.md
                                         and .json and an example trace per variant to
                                         reports/zoo/ (or DIR); exit 0 iff every variant is
                                         caught on every seed (a known miss excepted) and the
                                         reference on none; ${WORKERS_USAGE}
  kcheck zoo --broker MODULE [--seeds N] [--runs N] [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]
                                         hunt your broker as the zoo hunts a variant: every always
                                         claim, --runs schedules each (default ${ZOO_BUDGET.otherRuns}), seeds 1..N, in
                                         the sandbox; a catch counts only if the reference keeps the
                                         claim on the same schedule; traces go to reports/runs/zoo/;
                                         exit 1 if it was caught (or failed) on a seed, 0 if not`;

/** `zoo --broker`: the hunt of one sandboxed module, claim after claim, seed after seed. */
async function huntModule(values: Parameters<typeof openSandbox>[0], seedCount: number, runs: number): Promise<number> {
  const sandbox = (await openSandbox(values))!;
  const progress = progressLine();
  let caughtSeeds = 0;
  try {
    for (let seed = 1; seed <= seedCount; seed++) {
      let caught: string | undefined;
      for (const claim of huntOrder({ expectedProperty: '' })) {
        progress.update(`  seed ${seed}: ${claim.name}`);
        const result = await checkClaimInSandbox(sandbox, claim, { source: 'catalogue', name: claim.name, settings: claim.settings }, { seed, runs });
        if (!isCatch(result) || referenceAlsoFails(result)) continue;
        const trace = saveTrace(result, `${RUNS_DIR}/zoo`, `${sandbox.brokerId || 'broker'}-${claim.name}`);
        const finding = result.counterexample?.finding;
        caught = `caught by ${claim.name}: ${finding ? `${finding.kind}: ${finding.message}` : result.brokerFailure}${trace ? ` (trace: ${trace})` : ''}`;
        break;
      }
      progress.done();
      if (caught) caughtSeeds++;
      console.log(`seed ${seed}: ${caught ?? `not caught (${runs} schedules on each always claim)`}`);
    }
  } finally {
    await sandbox.close();
  }
  console.log(`${displayText(values.broker ?? '')}: caught on ${caughtSeeds} of ${seedCount} seed(s)`);
  return caughtSeeds > 0 ? 1 : 0;
}

/** Removes the traces an earlier run wrote for this variant (`<id>-<seed>.json`), so the directory keeps one example each. */
function clearExamples(dir: string, id: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (new RegExp(`^${id}-\\d+\\.json$`).test(name)) rmSync(`${dir}/${name}`);
}

function verdictLine(e: ZooFigures): string {
  const time = e.medianMsToDetect === null ? 'not detected' : `median ${Math.round(e.medianMsToDetect)} ms to detect`;
  const by = e.caughtBy ? ` by ${e.caughtBy}${e.expectedCaught === e.seeds.length ? '' : ` (expected ${e.expectedProperty}: ${e.expectedCaught}/${e.seeds.length})`}` : '';
  const verdict = e.detected ? 'ok  ' : e.knownMiss ? 'miss' : 'MISS';
  return `${verdict} ${e.id.padEnd(36)} ${e.caught}/${e.seeds.length} seeds${by}, ${time}${e.knownMiss && !e.detected ? ' (a known miss: docs/bug-zoo.md)' : ''}`;
}

export async function zooCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { seeds: { type: 'string' }, runs: { type: 'string' }, 'other-runs': { type: 'string' }, only: { type: 'string' }, 'out-dir': { type: 'string' }, ...SANDBOX_OPTIONS, ...WORKERS_OPTION },
    strict: true,
  });
  const seedCount = wholeNumberFlag(values.seeds, 'seeds', 5, 1);
  if (values.broker !== undefined) {
    if (values.only !== undefined || values['other-runs'] !== undefined || values['out-dir'] !== undefined || values.workers !== undefined) {
      throw new KcheckInputError('usage', '--only, --other-runs, --out-dir and --workers are for the zoo\'s own variants: not with --broker (its hunt runs in one sandbox)');
    }
    return huntModule(values, seedCount, wholeNumberFlag(values.runs, 'runs', ZOO_BUDGET.otherRuns, 1));
  }
  sandboxLimits(values);
  const budget = {
    expectedRuns: wholeNumberFlag(values.runs, 'runs', ZOO_BUDGET.expectedRuns, 1),
    otherRuns: wholeNumberFlag(values['other-runs'], 'other-runs', ZOO_BUDGET.otherRuns, 1, FLAG_MAX.runs),
  };
  const entries = ZOO.filter((e) => values.only === undefined || e.id.includes(values.only));
  if (entries.length === 0) throw new KcheckInputError('usage', `--only ${JSON.stringify(values.only)} matches no variant; known: ${ZOO.map((e) => e.id).join(', ')}`);
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? 'reports';
  const progress = progressLine();
  const pool = await openPool(values, entries.length + 1);
  const result = await runZooBench({
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    budget,
    entries,
    onProgress: (text) => progress.update(`  ${text}`),
    saveExample: (entry, claimResult) => {
      clearExamples(`${dir}/zoo`, entry.id);
      return saveTrace(claimResult, `${dir}/zoo`, entry.id);
    },
    ...(pool ? { huntOne: (entry, seed, huntBudget) => pool.use((sandbox) => huntInSandbox(sandbox, entry.id, seed, huntBudget)) } : {}),
  }).finally(() => pool?.close());
  progress.done();
  for (const e of result.entries) console.log(verdictLine(e));
  console.log(`${result.control.caught === 0 ? 'ok  ' : 'FAIL'} reference (control)                  ${result.control.caught === 0 ? 'no false alarm' : `caught on ${result.control.caught} seed(s)`}`);
  writeReport(`${dir}/bug-zoo.json`, `${JSON.stringify(zooJson(result), null, 2)}\n`);
  writeReport(`${dir}/bug-zoo.md`, zooMarkdown(result));
  const { summary } = result;
  const median = summary.medianDetectMs === null ? '—' : `${Math.round(summary.medianDetectMs)} ms`;
  const slowest = summary.slowestDetectMs === null ? '—' : `${Math.round(summary.slowestDetectMs)} ms`;
  console.log(`${summary.detected} of ${summary.entries} variants detected${summary.knownMisses > 0 ? ` (${summary.knownMisses} known miss(es))` : ''}; median time to detect ${median}, slowest variant ${slowest}; report: ${dir}/bug-zoo.md`);
  return zooPassed(result) ? 0 : 1;
}
