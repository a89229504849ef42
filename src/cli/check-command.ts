/**
 * `kcheck check`: checks the claims (all, or one with --property) under their own settings and expectations, or,
 * given a configuration (flags, Kafka properties files, --set, or --profile for Kafka's defaults), answers that
 * configuration's guarantee profile (profile-command.ts). Every claim, a profile's guarantees too, is checked by
 * the one call in `checkCommand`. Exit 0 when every claim came out as expected (every required guarantee held),
 * 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
import { guidedCheck } from '../properties/guided/guided-check.ts';
import { ALL_CLAIMS as CLAIMS, claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { GUARANTEE_NAMES } from '../properties/guarantees.ts';
import { describeSettings } from '../properties/settings.ts';
import type { ClaimRef } from '../sandbox/protocol.ts';
import { checkClaimInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openPool, SANDBOX_OPTIONS, SANDBOX_USAGE, WORKERS_OPTION, WORKERS_USAGE } from './sandbox-flags.ts';
import { buildTrace, traceStory } from '../properties/trace/trace.ts';
import { writeCounterexampleFiles, type CounterexampleFiles } from '../explain/counterexample-files.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { curatedCommand, refuseFlagsWithCurated } from './curated-command.ts';
import { FLAG_MAX, outputPathFlag, progressLine, wholeNumberFlag } from './flags.ts';
import { CONFIGURATION_FLAGS, PROFILE_ONLY_FLAGS, PROFILE_OPTIONS, profileCommand, readProfileInput, refuseProfileFlagsWithProperty } from './profile-command.ts';
import { shardFlag, shardIndices, SHARD_OPTION, SHARD_USAGE, SHARDS_DIR, writeShardFile } from './shards.ts';
import { RUNS_DIR } from './trace-files.ts';
import { claimOfRef, claimRefName, claimRefOf } from '../sandbox/claim-ref.ts';

export const CHECK_USAGE = `  kcheck check [--property NAME] [--runs 1..${FLAG_MAX.runs}] [--seed 0..${FLAG_MAX.seed}] [--path P]
               [--broker MODULE [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]]
               [--steps-max 1..${FLAG_MAX['steps-max']}] [--workers N] [--shard i/n [--out-dir DIR]]
                                         check every claim (or one) under its own settings and
                                         expectation, on the reference broker or on MODULE's
                                         (docs/broker-api.md); --steps-max: fault-phase steps at
                                         most instead of the claim's own (deeper schedules; a
                                         --path replays with the --steps-max it was found with);
                                         a failing claim prints {seed, path}
                                         and writes its trace, explanation and viewer to
                                         reports/runs/ (.json, .md, .html);
                                         ${SANDBOX_USAGE};
                                         ${WORKERS_USAGE};
                                         ${SHARD_USAGE}
                                         (the claims are split; --out-dir DIR, default ${SHARDS_DIR})
  kcheck check --guided [--property NAME] [--runs N] [--seed S]
                                         coverage-guided search instead of blind draws: keeps the
                                         schedules that reached new protocol situations and mutates
                                         them (seeded: same seed, same output); a violation is
                                         shrunk by delta debugging, its trace replays from the
                                         schedule (path ""); reference broker only (no --broker,
                                         --workers, --path or configuration flags)
  kcheck check --list                    every property: id, name, expectation, statement
  kcheck check [--producer-config FILE] [--broker-config FILE] [--topic-config FILE]
               [--set KEY=VALUE]... [--acks 0|1|all] [--min-isr 1..3] [--unclean on|off]
               [--idempotence on|off] [--partitions 1..64] [--profile]
               [--faults LIST|none] [--impaired 0..3] [--require LIST|all]
               [--runs 1..${FLAG_MAX.runs}] [--seed 0..${FLAG_MAX.seed}] [--path P] [--json] [--md FILE]
               [--broker MODULE]
                                         the guarantee profile of a Kafka configuration: for each
                                         of no-loss, partition-order, no-duplicates, send-order,
                                         read-committed, batch-atomicity, protocol-invariants,
                                         holds (no violation in --runs schedules, default 1000,
                                         at most 40 steps each) or VIOLATED (the shrunk story,
                                         {seed, path}, trace files in reports/runs/). FILEs are
                                         Kafka .properties files (Kafka 4.0's keys, defaults and
                                         rules; a key kcheck does not model is listed and
                                         ignored, an unknown one or a bad value exits 2); --set
                                         takes the same keys; precedence: broker file < topic
                                         file < producer file < --set < flags. --profile: no
                                         configuration given, Kafka's defaults. --faults: of
                                         crash, power-loss, pause, partition, message-loss,
                                         power-outage (default: the first five); --impaired:
                                         brokers impaired at once (default 2). Exit 0 when every
                                         --require'd guarantee holds (default all), 1 when one is
                                         violated; --path P replays one, with --require NAME;
                                         --json prints the profile as JSON; --md FILE writes it
                                         as Markdown. A configuration flag with --property exits 2
  kcheck check --curated DIR [--runs N] [--seed S] [--broker MODULE]
                                         regenerate the curated profiles (Kafka's defaults, acks=1
                                         for speed, acks=all but minISR=1, unclean election on)
                                         in DIR (npm run profiles: reports/profiles/)`;


/** fast-check's replay path: run index, then shrink indices, separated by colons. */
const PATH_PATTERN = /^\d{1,9}(:\d{1,9}){0,9999}$/;

function pathFlag(value: string | undefined, runs: number): string | undefined {
  if (value === undefined) return undefined;
  if (!PATH_PATTERN.test(value)) throw new KcheckInputError('usage', `--path is fast-check's replay path, whole numbers joined by ':' (as a failing check prints it), got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`);
  const run = Number(value.split(':')[0]);
  if (run >= runs) throw new KcheckInputError('usage', `--path starts at run ${run}, beyond the ${runs} runs of this check: give the --runs it was found with`);
  return value;
}

function listClaims(): number {
  for (const claim of CLAIMS) console.log(`${claim.id.padEnd(16)} ${claim.name.padEnd(28)} ${claim.expectation.padEnd(9)} ${claim.statement}`);
  console.log(`${CLAIMS.length} properties; check one with: kcheck check --property NAME; a configuration's guarantees: kcheck check --profile`);
  return 0;
}

/** The verdict line's words after the expectation, as `ok`/`FAIL` lines read. */
function verdictWords(result: ClaimResult): string {
  switch (result.outcome) {
    case 'holds':
      return `holds after ${result.runs} runs`;
    case 'not-witnessed':
      return `no witness in ${result.runs} runs (expected one)`;
    case 'broker-failed':
      return `BROKER FAILED in run ${Math.max(result.runs, 1)}${result.counterexample ? `: ${result.counterexample.finding.kind}` : ''}`;
    case 'liveness':
      return `LIVENESS VIOLATED after ${result.runs} run(s): ${result.counterexample!.finding.kind}`;
    case 'vacuous':
      return `VACUOUS after ${result.runs} runs: too few made progress to test it`;
    case 'violated':
      return `VIOLATED after ${result.runs} run(s): ${result.counterexample!.finding.kind}`;
    case 'witnessed':
      return `witnessed after ${result.runs} run(s): ${result.counterexample!.finding.kind}`;
    default: {
      const unknown: never = result.outcome;
      throw new Error(`unknown outcome ${String(unknown)}`);
    }
  }
}

function printResult(result: ClaimResult, files: CounterexampleFiles | undefined, stepsMax?: number): void {
  const { claim } = result;
  const verdict = result.asExpected ? 'ok  ' : 'FAIL';
  console.log(`${verdict} ${claim.id.padEnd(10)} ${claim.name.padEnd(26)} ${claim.expectation.padEnd(9)} ${verdictWords(result)}`);
  console.log(`     ${describeSettings(claim.settings)}`);
  if (result.outcome === 'broker-failed' && !result.counterexample && result.brokerFailure) console.log(`     broker failed: ${result.brokerFailure}`);
  if (result.outcome === 'vacuous' && result.vacuity) console.log(`     vacuous: ${result.vacuity}`);
  const ce = result.counterexample;
  if (!ce) return;
  if (!result.asExpected || claim.expectation === 'sometimes') console.log(traceStory(buildTrace(claim, ce)).map((l) => `   ${l}`).join('\n'));
  if (result.outcome === 'witnessed' && !ce.cause) console.log('     the witness does not show the expected cause');
  console.log(`     {seed: ${ce.seed}, path: "${ce.path}"${stepsMax === undefined ? '' : `, stepsMax: ${stepsMax}`}}${files ? ` trace: ${files.json}` : ''}`);
  if (files) console.log(`     explained: ${files.md}  viewer: ${files.html}  replay: npx kcheck replay ${files.json}`);
}

export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      property: { type: 'string' },
      acks: { type: 'string' },
      'min-isr': { type: 'string' },
      unclean: { type: 'string' },
      partitions: { type: 'string' },
      idempotence: { type: 'string' },
      runs: { type: 'string' },
      'steps-max': { type: 'string' },
      seed: { type: 'string' },
      path: { type: 'string' },
      list: { type: 'boolean', default: false },
      guided: { type: 'boolean', default: false },
      ...SANDBOX_OPTIONS,
      ...WORKERS_OPTION,
      ...SHARD_OPTION,
      'out-dir': { type: 'string' },
      profile: { type: 'boolean' },
      curated: { type: 'string' },
      ...PROFILE_OPTIONS,
    },
    strict: true,
  });
  if (values.list) return listClaims();
  const curated = values.curated;
  if (curated !== undefined) refuseFlagsWithCurated(values);
  const profileFlagGiven = [...CONFIGURATION_FLAGS, ...PROFILE_ONLY_FLAGS].some((f) => values[f] !== undefined);
  // Every input is read and checked before a broker is loaded or a schedule runs: bad input exits 2 at once.
  const profile = curated === undefined && values.property === undefined && profileFlagGiven ? readProfileInput(values) : undefined;
  let claims: readonly Claim[] = CLAIMS;
  if (values.property !== undefined && curated === undefined) {
    refuseProfileFlagsWithProperty(values);
    const claim = claimNamed(values.property);
    if (!claim) throw new KcheckInputError('usage', `unknown property ${JSON.stringify(values.property)}; known: ${CLAIMS.map((c) => c.name).join(', ')}`);
    claims = [claim];
  }
  if (!profile && values.path !== undefined && claims.length !== 1) throw new KcheckInputError('usage', '--path replays one counterexample: give --property too');
  const seed = profile?.seed ?? wholeNumberFlag(values.seed, 'seed', 1, 0);
  const runs = profile?.runs ?? (values.runs === undefined ? undefined : wholeNumberFlag(values.runs, 'runs', 1, 1));
  const stepsMax = values['steps-max'] === undefined ? undefined : wholeNumberFlag(values['steps-max'], 'steps-max', 1, 1);
  const path = pathFlag(values.path, runs ?? claims[0]!.budget.runs);
  if (values.guided) {
    if (values.shard !== undefined) throw new KcheckInputError('usage', '--guided checks in-process, in one run: drop --shard');
    const refused = ['broker', 'workers', 'path', 'curated'].find((f) => values[f as keyof typeof values] !== undefined);
    if (refused || profile) throw new KcheckInputError('usage', `--guided checks catalogue claims on the reference broker in-process: drop --${refused ?? 'configuration flags'}`);
    const coverage: string[] = [];
    const guided = (claim: Claim, onRun: (runsDone: number) => void): ClaimResult => {
      const found = guidedCheck(claim, { seed, ...(runs ? { runs } : {}), onRun });
      coverage.push(`     coverage: ${found.situations.length} situations, corpus ${found.corpusSize} schedules`);
      return found.result;
    };
    return summarize(await checkClaims(claims, runs, guided, undefined, true, () => coverage.shift()));
  }
  const shard = shardFlag(values.shard);
  if (shard && (profile || curated !== undefined)) throw new KcheckInputError('usage', '--shard splits the catalogue\'s claims over CI runners: not with a configuration, --profile or --curated (a profile is checked in one run)');
  if (!shard && values['out-dir'] !== undefined) throw new KcheckInputError('usage', '--out-dir is where a shard file goes: give --shard i/n');
  const pool = await openPool(values, profile || curated !== undefined ? GUARANTEE_NAMES.length : shardIndices(claims.length, shard).length);
  try {
    // The one call that checks a claim (a profile's guarantees too): in-process for the reference on one worker,
    // else in a worker thread of the pool (the broker's sandbox).
    const check = (claim: Claim, onRun: (runsDone: number) => void): ClaimResult | Promise<ClaimResult> => {
      const options = { seed, ...(runs ? { runs } : {}), ...(stepsMax ? { stepsMax } : {}), ...(path ? { path } : {}), onRun };
      return pool ? pool.use((sandbox) => checkClaimInSandbox(sandbox, claim, claimRefOf(claim), options)) : checkClaim(claim, options);
    };
    const brokerId = values.broker === undefined ? referenceBroker.id : pool!.brokerId || values.broker;
    if (curated !== undefined) return await curatedCommand(curated, values, check, brokerId);
    if (profile) return await profileCommand(profile, check, brokerId);
    if (!shard) return summarize(await checkClaims(claims, runs, check, stepsMax));
    const indices = shardIndices(claims.length, shard);
    const results = await checkClaims(indices.map((i) => claims[i]!), runs, check, stepsMax, false);
    const shardResults = results.map(({ claim, ...result }, k) => ({ index: indices[k]!, result: { claim: claimRefOf(claim), result } satisfies ShardClaimResult }));
    const parameters = { claims: claims.map((c) => c.name), seed, runs: runs ?? null, stepsMax: stepsMax ?? null, path: path ?? null, broker: brokerId };
    const file = writeShardFile(outputPathFlag(values['out-dir'], 'out-dir') ?? SHARDS_DIR, 'check', shard, parameters, claims.length, shardResults);
    console.log(`shard ${shard.index}/${shard.count}: ${results.filter((r) => r.asExpected).length} of ${results.length} claim(s) as expected; shard file: ${file} (kcheck merge prints them all)`);
    return results.every((r) => r.asExpected) ? 0 : 1;
  } finally {
    await pool?.close();
  }
}

/** A claim's result as a shard file holds it: the claim by reference (its judging functions are code). */
export interface ShardClaimResult {
  claim: ClaimRef;
  result: Omit<ClaimResult, 'claim'>;
}

/** Checks the claims and prints each result in catalogue order, with its counterexample files unless `writeFiles`
 * is off (a shard's are written by `kcheck merge`), and the line `note` gives after each; returns the results. */
async function checkClaims(
  claims: readonly Claim[],
  runs: number | undefined,
  check: (claim: Claim, onRun: (runsDone: number) => void) => ClaimResult | Promise<ClaimResult>,
  stepsMax: number | undefined,
  writeFiles = true,
  note?: () => string | undefined,
): Promise<ClaimResult[]> {
  const progress = progressLine();
  const results: ClaimResult[] = [];
  // A check in a worker thread returns a promise at once: they all run together (as many at once as there are
  // workers) and are printed in catalogue order. An in-process check runs when its turn comes.
  const started: Array<ClaimResult | Promise<ClaimResult> | undefined> = [];
  const checkOf = (i: number) => check(claims[i]!, (n) => progress.update(`  ${claims[i]!.id} ${claims[i]!.name}: run ${n}/${runs ?? claims[i]!.budget.runs}`));
  const first = claims.length > 0 ? checkOf(0) : undefined;
  started.push(first);
  if (first instanceof Promise) for (let i = 1; i < claims.length; i++) started.push(checkOf(i));
  for (const [i] of claims.entries()) {
    const result = await (started[i] ?? checkOf(i));
    progress.done();
    printResult(result, writeFiles ? resultFiles(result, claims.length > 1) : undefined, stepsMax);
    const noted = note?.();
    if (noted) console.log(noted);
    results.push(result);
  }
  return results;
}

/** A counterexample's trace, explanation and viewer; not for a witness that came out as expected in a run of many claims. */
function resultFiles(result: ClaimResult, manyClaims: boolean): CounterexampleFiles | undefined {
  return result.counterexample && !(result.asExpected && result.claim.expectation === 'sometimes' && manyClaims) ? writeCounterexampleFiles(result, RUNS_DIR) : undefined;
}

function summarize(results: readonly ClaimResult[]): number {
  const unexpected = results.filter((r) => !r.asExpected).length;
  console.log(`${results.length - unexpected} of ${results.length} claim(s) as expected`);
  return unexpected === 0 ? 0 : 1;
}

/** The claims of a merged check campaign, printed as an unsharded check prints them, with their files. */
export function mergeCheckShards(results: readonly ShardClaimResult[], stepsMax: number | undefined): number {
  const full = results.map(({ claim, result }): ClaimResult => {
    const resolved = claimOfRef(claim);
    if (!resolved) throw new KcheckInputError('shard', `the check shard files name claim ${JSON.stringify(claimRefName(claim))}, which this kcheck does not have`);
    return { ...result, claim: resolved };
  });
  for (const result of full) printResult(result, resultFiles(result, full.length > 1), stepsMax);
  return summarize(full);
}
