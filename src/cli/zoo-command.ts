/**
 * `kcheck zoo` (= `npm run bench:zoo`): hunts every bug-zoo variant, and the reference as the control, over a few
 * seeds; writes reports/bug-zoo.md and .json, and each variant's example counterexample to reports/zoo/.
 * Exit 0 iff every variant is caught on every seed (a known miss excepted) and the reference on none.
 */
import { readdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { huntTimed, runZooBench, zooPassed, type TimedHunt, type ZooBenchResult, type ZooFigures } from '../bench/zoo-bench.ts';
import { KcheckInputError } from '../input-error.ts';
import { huntOrder, isCatch, referenceAlsoFails, ZOO_BUDGET, type ZooBudget } from '../zoo/hunt.ts';
import type { ClaimResult } from '../properties/check-claim.ts';
import { claimNamed } from '../properties/claims/catalogue.ts';
import { checkClaimInSandbox, huntInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openPool, openSandbox, SANDBOX_OPTIONS, sandboxLimits, WORKERS_OPTION, WORKERS_USAGE } from './sandbox-flags.ts';
import { REFERENCE_ENTRY, ZOO, type ZooEntry } from '../zoo/registry.ts';
import { zooJson, zooMarkdown } from '../zoo/zoo-report.ts';
import { FLAG_MAX, outputPathFlag, progressLine, wholeNumberFlag, writeReport } from './flags.ts';
import { shardFlag, shardIndices, SHARD_OPTION, SHARD_USAGE, SHARDS_DIR, writeShardFile } from './shards.ts';
import { RUNS_DIR, saveTrace } from './trace-files.ts';
import { displayText } from '../text/display-text.ts';

export const ZOO_USAGE = `  kcheck zoo [--seeds N] [--runs N] [--other-runs N] [--only TEXT] [--workers N] [--shard i/n] [--out-dir DIR]
                                         hunt every bug-zoo variant (docs/bug-zoo.md) with the
                                         always claims, its expected property first (--runs
                                         schedules, default ${ZOO_BUDGET.expectedRuns}; --other-runs for each other
                                         claim, default ${ZOO_BUDGET.otherRuns}; a budget above 2,000 is dealt in
                                         blind and guided slices in turn, docs/verification.md),
                                         over seeds 1..N (default 5), and
                                         the reference as the control; writes reports/bug-zoo.md
                                         and .json and an example trace per variant to
                                         reports/zoo/ (or DIR); exit 0 iff every variant is
                                         caught on every seed (a known miss excepted) and the
                                         reference on none; ${WORKERS_USAGE};
                                         ${SHARD_USAGE}
                                         (a hunt is one variant on one seed; default DIR:
                                         ${SHARDS_DIR}); a shard exits 0 once its file is written
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
    options: { seeds: { type: 'string' }, runs: { type: 'string' }, 'other-runs': { type: 'string' }, only: { type: 'string' }, 'out-dir': { type: 'string' }, ...SANDBOX_OPTIONS, ...WORKERS_OPTION, ...SHARD_OPTION },
    strict: true,
  });
  const seedCount = wholeNumberFlag(values.seeds, 'seeds', 5, 1);
  if (values.broker !== undefined) {
    if (values.only !== undefined || values['other-runs'] !== undefined || values['out-dir'] !== undefined || values.workers !== undefined || values.shard !== undefined) {
      throw new KcheckInputError('usage', '--only, --other-runs, --out-dir, --workers and --shard are for the zoo\'s own variants: not with --broker (its hunt runs in one sandbox)');
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
  const shard = shardFlag(values.shard);
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? (shard ? SHARDS_DIR : 'reports');
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const progress = progressLine();
  if (shard) {
    const hunts = zooHunts(entries, seeds);
    const indices = shardIndices(hunts.length, shard);
    const pool = await openPool(values, indices.length);
    const huntOne = (entry: ZooEntry, seed: number): Promise<TimedHunt> =>
      pool ? pool.use((sandbox) => huntInSandbox(sandbox, entry.id, seed, budget)) : Promise.resolve(huntTimed(entry, seed, budget, (text) => progress.update(`  ${text}`)));
    const started = pool ? indices.map((i) => huntOne(hunts[i]!.entry, hunts[i]!.seed)) : [];
    const results: Array<{ index: number; result: ShardHunt }> = [];
    try {
      for (const [k, i] of indices.entries()) {
        const { entry, seed } = hunts[i]!;
        const { figures, catch: caught } = await (started[k] ?? huntOne(entry, seed));
        progress.done();
        console.log(`  ${entry.id} seed ${seed}: ${figures.caughtBy ? `caught by ${figures.caughtBy}` : 'not caught'}`);
        const shardHunt: ShardHunt = { entryId: entry.id, seed, figures, ...(caught ? { catch: withoutClaim(caught), catchClaim: caught.claim.name } : {}) };
        results.push({ index: i, result: shardHunt });
      }
    } finally {
      await pool?.close();
    }
    const path = writeShardFile(dir, 'zoo', shard, { seeds: seedCount, budget, only: values.only ?? null }, hunts.length, results);
    console.log(`shard ${shard.index}/${shard.count}: ${results.length} hunt(s) of ${hunts.length}; shard file: ${path} (kcheck merge writes the report)`);
    return 0;
  }
  const pool = await openPool(values, entries.length + 1);
  const result = await runZooBench({
    seeds,
    budget,
    entries,
    onProgress: (text) => progress.update(`  ${text}`),
    saveExample: exampleSaver(dir),
    ...(pool ? { huntOne: (entry, seed, huntBudget) => pool.use((sandbox) => huntInSandbox(sandbox, entry.id, seed, huntBudget)) } : {}),
  }).finally(() => pool?.close());
  progress.done();
  return writeZooReports(result, dir);
}

/** A hunt as a shard file holds it: the catching claim by name (its judging functions are code). */
export interface ShardHunt {
  entryId: string;
  seed: number;
  figures: TimedHunt['figures'];
  catch?: Omit<ClaimResult, 'claim'>;
  catchClaim?: string;
}

function withoutClaim({ claim: _claim, ...rest }: ClaimResult): Omit<ClaimResult, 'claim'> {
  return rest;
}

/** Every hunt of the campaign, the unit a shard takes its share of: each entry (the reference last) with each seed. */
function zooHunts(entries: readonly ZooEntry[], seeds: readonly number[]): Array<{ entry: ZooEntry; seed: number }> {
  return [...entries, REFERENCE_ENTRY].flatMap((entry) => seeds.map((seed) => ({ entry, seed })));
}

function exampleSaver(dir: string): (entry: ZooEntry, result: ClaimResult) => string | undefined {
  return (entry, claimResult) => {
    clearExamples(`${dir}/zoo`, entry.id);
    return saveTrace(claimResult, `${dir}/zoo`, entry.id);
  };
}

/** The report of a merged zoo campaign: the hunts the shards ran, taken in the order an unsharded zoo takes them. */
export async function mergeZooShards(parameters: Record<string, unknown>, results: readonly ShardHunt[], dir: string): Promise<number> {
  const only = parameters.only as string | null;
  const seedCount = parameters.seeds as number;
  const entries = ZOO.filter((e) => only === null || e.id.includes(only));
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const expected = zooHunts(entries, seeds);
  const byKey = new Map(results.map((r) => [`${r.entryId}#${r.seed}`, r]));
  if (expected.length !== results.length || expected.some(({ entry, seed }) => !byKey.has(`${entry.id}#${seed}`))) {
    throw new KcheckInputError('shard', 'the zoo shard files do not hold the hunts of this kcheck\'s zoo (a variant was added or removed since they were written)');
  }
  const huntOne = async (entry: ZooEntry, seed: number): Promise<TimedHunt> => {
    const { figures, catch: caught, catchClaim } = byKey.get(`${entry.id}#${seed}`)!;
    const claim = catchClaim === undefined ? undefined : claimNamed(catchClaim);
    if (catchClaim !== undefined && !claim) throw new KcheckInputError('shard', `the zoo shard files name claim ${JSON.stringify(catchClaim)}, which this kcheck does not have`);
    return { figures, ...(caught && claim ? { catch: { ...caught, claim } } : {}) };
  };
  const result = await runZooBench({ seeds, budget: parameters.budget as ZooBudget, entries, saveExample: exampleSaver(dir), huntOne });
  return writeZooReports(result, dir);
}

/** The verdict lines, the tracked reports and the exit code: what an unsharded zoo and `kcheck merge` both end with. */
function writeZooReports(result: ZooBenchResult, dir: string): number {
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
