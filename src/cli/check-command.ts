/**
 * `kcheck check`: checks the claims (all, or one with --property) under their own settings, or under the
 * settings given by flags. Exit 0 when every claim came out as expected, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
import { CLAIMS, claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { CHECK_BROKERS, CHECK_PARTITIONS_MAX, clusterConfigFor, describeSettings, type CheckSettings } from '../properties/settings.ts';
import type { BrokerSandbox } from '../sandbox/broker-sandbox.ts';
import { checkClaimInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openSandbox, SANDBOX_OPTIONS, SANDBOX_USAGE } from './sandbox-flags.ts';
import { buildTrace, traceStory } from '../properties/trace/trace.ts';
import { writeCounterexampleFiles, type CounterexampleFiles } from '../explain/counterexample-files.ts';
import { choiceFlag, FLAG_MAX, onOffFlag, progressLine, wholeNumberFlag } from './flags.ts';
import { RUNS_DIR } from './trace-files.ts';


export const CHECK_USAGE = `  kcheck check [--property NAME] [--acks 0|1|all] [--min-isr N] [--unclean on|off]
               [--partitions N] [--idempotence on|off] [--runs N] [--seed S] [--path P]
               [--broker MODULE [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]]
  kcheck check --list
                                         check every claim (or one) on the reference broker, or
                                         on MODULE's; a flag overrides that setting of every
                                         claim checked; a failing claim prints {seed, path} and
                                         writes its trace, explanation and viewer to
                                         reports/runs/ (.json, .md, .html); --list prints every
                                         property with its expectation and statement
                                         --runs 1..${FLAG_MAX.runs}, --seed 0..${FLAG_MAX.seed}, --partitions 1..${CHECK_PARTITIONS_MAX}
                                         ${SANDBOX_USAGE}`;

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
  console.log(`${CLAIMS.length} properties; check one with: kcheck check --property NAME`);
  return 0;
}

function settingsFromFlags(base: CheckSettings, values: Record<string, string | boolean | undefined> & { acks?: string | undefined; 'min-isr'?: string | undefined; partitions?: string | undefined; unclean?: string | undefined; idempotence?: string | undefined }): CheckSettings {
  const acksFlag = choiceFlag(values.acks, 'acks', ['0', '1', 'all'] as const);
  const settings: CheckSettings = { ...base };
  if (acksFlag !== undefined) settings.acks = acksFlag === 'all' ? 'all' : Number(acksFlag) as 0 | 1;
  if (values['min-isr'] !== undefined) settings.minInsyncReplicas = wholeNumberFlag(values['min-isr'], 'min-isr', 1, 1, CHECK_BROKERS);
  if (values.partitions !== undefined) settings.partitions = wholeNumberFlag(values.partitions, 'partitions', 1, 1, CHECK_PARTITIONS_MAX);
  settings.uncleanLeaderElection = onOffFlag(values.unclean, 'unclean') ?? settings.uncleanLeaderElection;
  settings.enableIdempotence = onOffFlag(values.idempotence, 'idempotence') ?? settings.enableIdempotence;
  // Kafka turns idempotence off by default when acks is not all; an explicit conflict is reported by the config check.
  if (acksFlag !== undefined && acksFlag !== 'all' && values.idempotence === undefined) settings.enableIdempotence = false;
  return settings;
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
      ...SANDBOX_OPTIONS,
    },
    strict: true,
  });
  if (values.list) return listClaims();
  let claims: readonly Claim[] = CLAIMS;
  if (values.property !== undefined) {
    const claim = claimNamed(values.property);
    if (!claim) throw new KcheckInputError('usage', `unknown property ${JSON.stringify(values.property)}; known: ${CLAIMS.map((c) => c.name).join(', ')}`);
    claims = [claim];
  }
  if (values.path !== undefined && claims.length !== 1) throw new KcheckInputError('usage', '--path replays one counterexample: give --property too');
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const runs = values.runs === undefined ? undefined : wholeNumberFlag(values.runs, 'runs', 1, 1);
  const path = pathFlag(values.path, runs ?? claims[0]!.budget.runs);
  const checked = claims.map((base): Claim => ({ ...base, settings: settingsFromFlags(base.settings, values) }));
  for (const claim of checked) clusterConfigFor(claim.settings); // a conflicting flag (acks=1 with idempotence on) is bad input: exit 2 before any run
  const sandbox = await openSandbox(values);
  try {
    return await checkAll(checked, { seed, runs, path, sandbox });
  } finally {
    await sandbox?.close();
  }
}

async function checkAll(claims: readonly Claim[], options: { seed: number; runs: number | undefined; path: string | undefined; sandbox: BrokerSandbox | undefined }): Promise<number> {
  const { seed, runs, path, sandbox } = options;
  const progress = progressLine();
  let unexpected = 0;
  for (const claim of claims) {
    const onRun = (n: number) => progress.update(`  ${claim.id} ${claim.name}: run ${n}/${runs ?? claim.budget.runs}`);
    const checkOptions = { seed, ...(runs ? { runs } : {}), ...(path ? { path } : {}), onRun };
    const result = sandbox
      ? await checkClaimInSandbox(sandbox, claim, { source: 'catalogue', name: claim.name, settings: claim.settings }, checkOptions)
      : checkClaim(claim, checkOptions);
    progress.done();
    const files = result.counterexample && !(result.asExpected && claim.expectation === 'sometimes' && claims.length > 1) ? writeCounterexampleFiles(result, RUNS_DIR) : undefined;
    printResult(result, files);
    if (!result.asExpected) unexpected++;
  }
  console.log(`${claims.length - unexpected} of ${claims.length} claim(s) as expected`);
  return unexpected === 0 ? 0 : 1;
}
