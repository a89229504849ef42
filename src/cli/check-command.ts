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
import { CLAIMS, claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { GUARANTEE_CLAIM_ID, GUARANTEE_NAMES } from '../properties/guarantees.ts';
import { describeSettings } from '../properties/settings.ts';
import type { ClaimRef } from '../sandbox/protocol.ts';
import { checkClaimInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openPool, SANDBOX_OPTIONS, SANDBOX_USAGE, WORKERS_OPTION, WORKERS_USAGE } from './sandbox-flags.ts';
import { buildTrace, traceStory } from '../properties/trace/trace.ts';
import { writeCounterexampleFiles, type CounterexampleFiles } from '../explain/counterexample-files.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { curatedCommand, refuseFlagsWithCurated } from './curated-command.ts';
import { FLAG_MAX, progressLine, wholeNumberFlag } from './flags.ts';
import { CONFIGURATION_FLAGS, PROFILE_ONLY_FLAGS, PROFILE_OPTIONS, profileCommand, readProfileInput, refuseProfileFlagsWithProperty } from './profile-command.ts';
import { RUNS_DIR } from './trace-files.ts';

export const CHECK_USAGE = `  kcheck check [--property NAME] [--runs 1..${FLAG_MAX.runs}] [--seed 0..${FLAG_MAX.seed}] [--path P]
               [--broker MODULE [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]]
                                         check every claim (or one) under its own settings and
                                         expectation, on the reference broker or on MODULE's
                                         (docs/broker-api.md); a failing claim prints {seed, path}
                                         and writes its trace, explanation and viewer to
                                         reports/runs/ (.json, .md, .html);
                                         ${SANDBOX_USAGE};
                                         ${WORKERS_USAGE}
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

function printResult(result: ClaimResult, files: CounterexampleFiles | undefined): void {
  const { claim } = result;
  const verdict = result.asExpected ? 'ok  ' : 'FAIL';
  const what =
    result.outcome === 'holds'
      ? `holds after ${result.runs} runs`
      : result.outcome === 'not-witnessed'
        ? `no witness in ${result.runs} runs (expected one)`
        : result.outcome === 'broker-failed'
          ? `BROKER FAILED in run ${Math.max(result.runs, 1)}${result.counterexample ? `: ${result.counterexample.finding.kind}` : ''}`
          : `${result.outcome === 'witnessed' ? 'witnessed' : 'VIOLATED'} after ${result.runs} run(s): ${result.counterexample!.finding.kind}`;
  console.log(`${verdict} ${claim.id.padEnd(10)} ${claim.name.padEnd(26)} ${claim.expectation.padEnd(9)} ${what}`);
  console.log(`     ${describeSettings(claim.settings)}`);
  if (result.outcome === 'broker-failed' && !result.counterexample && result.brokerFailure) console.log(`     broker failed: ${result.brokerFailure}`);
  if (result.livenessFailures > 0) console.log(`     liveness: ${result.livenessFailures} run(s) did not converge: ${result.firstLivenessFailure!.message}`);
  const ce = result.counterexample;
  if (!ce) return;
  if (!result.asExpected || claim.expectation === 'sometimes') console.log(traceStory(buildTrace(claim, ce)).map((l) => `   ${l}`).join('\n'));
  if (result.outcome === 'witnessed' && !ce.cause) console.log('     the witness does not show the expected cause');
  console.log(`     {seed: ${ce.seed}, path: "${ce.path}"}${files ? ` trace: ${files.json}` : ''}`);
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
      seed: { type: 'string' },
      path: { type: 'string' },
      list: { type: 'boolean', default: false },
      guided: { type: 'boolean', default: false },
      ...SANDBOX_OPTIONS,
      ...WORKERS_OPTION,
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
  const path = pathFlag(values.path, runs ?? claims[0]!.budget.runs);
  if (values.guided) {
    const refused = ['broker', 'workers', 'path', 'curated'].find((f) => values[f as keyof typeof values] !== undefined);
    if (refused || profile) throw new KcheckInputError('usage', `--guided checks catalogue claims on the reference broker in-process: drop --${refused ?? 'configuration flags'}`);
    const coverage: string[] = [];
    const guided = (claim: Claim, onRun: (runsDone: number) => void): ClaimResult => {
      const found = guidedCheck(claim, { seed, ...(runs ? { runs } : {}), onRun });
      coverage.push(`     coverage: ${found.situations.length} situations, corpus ${found.corpusSize} schedules`);
      return found.result;
    };
    return await checkClaims(claims, runs, guided, () => coverage.shift());
  }
  const pool = await openPool(values, profile || curated !== undefined ? GUARANTEE_NAMES.length : claims.length);
  try {
    // The one call that checks a claim (a profile's guarantees too): in-process for the reference on one worker,
    // else in a worker thread of the pool (the broker's sandbox).
    const check = (claim: Claim, onRun: (runsDone: number) => void): ClaimResult | Promise<ClaimResult> => {
      const options = { seed, ...(runs ? { runs } : {}), ...(path ? { path } : {}), onRun };
      return pool ? pool.use((sandbox) => checkClaimInSandbox(sandbox, claim, claimRefOf(claim), options)) : checkClaim(claim, options);
    };
    const brokerId = values.broker === undefined ? referenceBroker.id : pool!.brokerId || values.broker;
    if (curated !== undefined) return await curatedCommand(curated, values, check, brokerId);
    if (profile) return await profileCommand(profile, check, brokerId);
    return await checkClaims(claims, runs, check);
  } finally {
    await pool?.close();
  }
}

/** How the sandbox's worker finds the claim again: its judging functions cannot cross threads. */
function claimRefOf(claim: Claim): ClaimRef {
  return claim.id === GUARANTEE_CLAIM_ID
    ? { source: 'guarantee', name: claim.name, settings: claim.settings, budget: claim.budget }
    : { source: 'catalogue', name: claim.name, settings: claim.settings };
}

async function checkClaims(claims: readonly Claim[], runs: number | undefined, check: (claim: Claim, onRun: (runsDone: number) => void) => ClaimResult | Promise<ClaimResult>, note?: () => string | undefined): Promise<number> {
  const progress = progressLine();
  let unexpected = 0;
  // A check in a worker thread returns a promise at once: they all run together (as many at once as there are
  // workers) and are printed in catalogue order. An in-process check runs when its turn comes.
  const started: Array<ClaimResult | Promise<ClaimResult> | undefined> = [];
  const checkOf = (i: number) => check(claims[i]!, (n) => progress.update(`  ${claims[i]!.id} ${claims[i]!.name}: run ${n}/${runs ?? claims[i]!.budget.runs}`));
  const first = checkOf(0);
  started.push(first);
  if (first instanceof Promise) for (let i = 1; i < claims.length; i++) started.push(checkOf(i));
  for (const [i, claim] of claims.entries()) {
    const result = await (started[i] ?? checkOf(i));
    progress.done();
    const files = result.counterexample && !(result.asExpected && claim.expectation === 'sometimes' && claims.length > 1) ? writeCounterexampleFiles(result, RUNS_DIR) : undefined;
    printResult(result, files);
    const noted = note?.();
    if (noted) console.log(noted);
    if (!result.asExpected) unexpected++;
  }
  console.log(`${claims.length - unexpected} of ${claims.length} claim(s) as expected`);
  return unexpected === 0 ? 0 : 1;
}
