/**
 * `kcheck check`: checks the claims (all, or one with --property) under their own settings, or under the
 * settings given by flags. Exit 0 when every claim came out as expected, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { loadBroker } from '../broker-loader/load-broker.ts';
import { KcheckInputError } from '../input-error.ts';
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
import { CLAIMS, claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { clusterConfigFor, describeSettings, type CheckSettings } from '../properties/settings.ts';
import { buildTrace, traceStory } from '../properties/trace/trace.ts';
import { writeCounterexampleFiles, type CounterexampleFiles } from '../explain/counterexample-files.ts';
import { choiceFlag, onOffFlag, progressLine, wholeNumberFlag } from './flags.ts';
import { RUNS_DIR } from './trace-files.ts';

export const CHECK_USAGE = `  kcheck check [--property NAME] [--acks 0|1|all] [--min-isr N] [--unclean on|off]
               [--partitions N] [--idempotence on|off] [--runs N] [--seed S] [--path P]
               [--broker MODULE]
                                         check every claim (or one) on the reference broker, or
                                         on MODULE's (docs/broker-api.md); a flag overrides that
                                         setting of every claim checked; a failing claim prints
                                         {seed, path} and writes its trace, explanation and
                                         viewer to reports/runs/ (.json, .md, .html)`;

function settingsFromFlags(base: CheckSettings, values: Record<string, string | undefined>): CheckSettings {
  const acksFlag = choiceFlag(values.acks, 'acks', ['0', '1', 'all'] as const);
  const settings: CheckSettings = { ...base };
  if (acksFlag !== undefined) settings.acks = acksFlag === 'all' ? 'all' : Number(acksFlag) as 0 | 1;
  if (values['min-isr'] !== undefined) settings.minInsyncReplicas = wholeNumberFlag(values['min-isr'], 'min-isr', 1, 1);
  if (values.partitions !== undefined) settings.partitions = wholeNumberFlag(values.partitions, 'partitions', 1, 1);
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
        : `${result.outcome === 'witnessed' ? 'witnessed' : 'VIOLATED'} after ${result.runs} run(s): ${result.counterexample!.finding.kind}`;
  console.log(`${verdict} ${claim.id.padEnd(10)} ${claim.name.padEnd(26)} ${claim.expectation.padEnd(9)} ${what}`);
  console.log(`     ${describeSettings(claim.settings)}`);
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
      broker: { type: 'string' },
    },
    strict: true,
  });
  let claims: readonly Claim[] = CLAIMS;
  if (values.property !== undefined) {
    const claim = claimNamed(values.property);
    if (!claim) throw new KcheckInputError('usage', `unknown property ${JSON.stringify(values.property)}; known: ${CLAIMS.map((c) => c.name).join(', ')}`);
    claims = [claim];
  }
  if (values.path !== undefined && claims.length !== 1) throw new KcheckInputError('usage', '--path replays one counterexample: give --property too');
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const runs = values.runs === undefined ? undefined : wholeNumberFlag(values.runs, 'runs', 1, 1);
  const broker = values.broker === undefined ? undefined : await loadBroker(values.broker);
  const progress = progressLine();
  let unexpected = 0;
  for (const base of claims) {
    const claim: Claim = { ...base, settings: settingsFromFlags(base.settings, values) };
    clusterConfigFor(claim.settings); // a conflicting flag (acks=1 with idempotence on) is bad input: exit 2 before any run
    const result = checkClaim(claim, {
      seed,
      ...(runs ? { runs } : {}),
      ...(values.path ? { path: values.path } : {}),
      ...(broker ? { broker } : {}),
      onRun: (n) => progress.update(`  ${claim.id} ${claim.name}: run ${n}/${runs ?? claim.budget.runs}`),
    });
    progress.done();
    const files = result.counterexample && !(result.asExpected && claim.expectation === 'sometimes' && claims.length > 1) ? writeCounterexampleFiles(result, RUNS_DIR) : undefined;
    printResult(result, files);
    if (!result.asExpected) unexpected++;
  }
  console.log(`${claims.length - unexpected} of ${claims.length} claim(s) as expected`);
  return unexpected === 0 ? 0 : 1;
}
