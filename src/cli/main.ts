/**
 * The `kcheck` command line. Exit codes are a contract: 0 every outcome as expected, 1 a violation or an
 * unexpected outcome, 2 bad input (a one-line reason on stderr, never a stack trace).
 */
import { parseArgs } from 'node:util';
import { isKcheckInputError, KcheckInputError } from '../input-error.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { runScenarios, scenariosMarkdown } from '../scenarios/run-scenarios.ts';
import { formatBenchMarkdown, runSimulatorBench } from '../bench/simulator-bench.ts';
import { formatClaimsBenchMarkdown, runClaimsBench } from '../bench/claims-bench.ts';
import { KCHECK_VERSION } from '../version.ts';
import { CHECK_USAGE, checkCommand } from './check-command.ts';
import { wholeNumberFlag, writeReport } from './flags.ts';
import { historyCommand } from './history-command.ts';
import { MATRIX_USAGE, matrixCommand } from './matrix-command.ts';
import { REPLAY_USAGE, replayCommand } from './replay-command.ts';
import { EXPLAIN_USAGE, explainCommand } from './explain-command.ts';
import { EXAMPLES_USAGE, examplesCommand } from './examples-command.ts';
import { ZOO_USAGE, zooCommand } from './zoo-command.ts';

export const EXIT_HOLDS = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_BAD_INPUT = 2;

const HELP = `kcheck — verifies Kafka-style messaging semantics on a deterministic simulated cluster

Usage:
${MATRIX_USAGE}
${CHECK_USAGE}
${REPLAY_USAGE}
${EXPLAIN_USAGE}
${EXAMPLES_USAGE}
${ZOO_USAGE}
  kcheck history FILE [--json]           check a client history (docs/history-format.md) for
                                         anomalies: lost-write, duplicate, poll-skip, …
  kcheck scenarios [--out FILE]          run the scenario set against the reference broker;
                                         writes reports/scenarios.md (or FILE)
  kcheck bench [--seed S] [--steps N] [--claim-seeds N] [--out-dir DIR]
                                         benchmark the simulator on the standard workload, and
                                         the claims (time to witness and shrunk length over N
                                         seeds, default 20; schedules/s); writes
                                         reports/bench.json and reports/bench.md (or DIR)
  kcheck --help | --version

Exit codes: 0 holds (every outcome as expected), 1 violation found (or an outcome not as
expected), 2 bad input (a one-line reason on stderr).
`;

function scenarios(args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: 'reports/scenarios.md' } }, strict: true });
  const outcomes = runScenarios();
  for (const o of outcomes) console.log(`${o.asExpected ? 'ok  ' : 'FAIL'} ${o.claim.padEnd(7)} ${o.name}${o.problem ? ` — ${o.problem}` : ''}`);
  writeReport(values.out!, scenariosMarkdown(referenceBroker.id, outcomes));
  const unexpected = outcomes.filter((o) => !o.asExpected).length;
  console.log(`${outcomes.length - unexpected} as expected, ${unexpected} not; report: ${values.out}`);
  return unexpected === 0 ? EXIT_HOLDS : EXIT_VIOLATION;
}

function bench(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { seed: { type: 'string' }, steps: { type: 'string' }, 'claim-seeds': { type: 'string' }, 'out-dir': { type: 'string', default: 'reports' } },
    strict: true,
  });
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const steps = wholeNumberFlag(values.steps, 'steps', 50_000, 1);
  const showProgress = process.stdout.isTTY === true;
  const result = runSimulatorBench({
    seed,
    steps,
    onProgress: showProgress ? (done, total) => process.stdout.write(`\r  ${done}/${total} steps`) : undefined,
  });
  if (showProgress) process.stdout.write('\n');
  const claims = runClaimsBench({
    seeds: wholeNumberFlag(values['claim-seeds'], 'claim-seeds', 20, 1),
    alwaysRuns: 200,
    onProgress: showProgress ? (text) => process.stdout.write(`\r\x1b[2K  ${text}`) : undefined,
  });
  if (showProgress) process.stdout.write('\r\x1b[2K');
  const dir = values['out-dir']!;
  writeReport(`${dir}/bench.json`, `${JSON.stringify({ simulator: result, claims }, null, 2)}\n`);
  const markdown = `${formatBenchMarkdown(result)}\n${formatClaimsBenchMarkdown(claims)}`;
  writeReport(`${dir}/bench.md`, markdown);
  console.log(markdown);
  return EXIT_HOLDS;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP);
        return command === undefined ? EXIT_BAD_INPUT : EXIT_HOLDS;
      case '--version':
        console.log(`kcheck ${KCHECK_VERSION}`);
        return EXIT_HOLDS;
      case 'matrix':
        return await matrixCommand(rest);
      case 'replay':
        return await replayCommand(rest);
      case 'explain':
        return await explainCommand(rest);
      case 'examples':
        return await examplesCommand(rest);
      case 'zoo':
        return await zooCommand(rest);
      case 'check':
        return await checkCommand(rest);
      case 'history':
        return historyCommand(rest);
      case 'scenarios':
        return scenarios(rest);
      case 'bench':
        return bench(rest);
      default:
        throw new KcheckInputError('usage', `unknown command ${JSON.stringify(command)}; see kcheck --help`);
    }
  } catch (error) {
    if (isKcheckInputError(error)) {
      console.error(`kcheck: ${error.message}`);
      return EXIT_BAD_INPUT;
    }
    // node:util parseArgs reports unknown or malformed flags with ERR_PARSE_ARGS_* codes.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`kcheck: usage: ${error.message.split('\n')[0]}`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
