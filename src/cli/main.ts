/**
 * The `kcheck` command line. Exit codes are a contract scripts rely on: 0 every outcome as expected, 1 a
 * violation or an unexpected outcome (a broker's failure included), 2 bad input (one line on stderr), 3 an
 * internal error of kcheck itself (one line; the stack with --debug). Nothing else ever exits 1.
 */
import { isKcheckInputError, KcheckInputError } from '../input-error.ts';
import { displayText } from '../text/display-text.ts';
import { KCHECK_VERSION } from '../version.ts';
import { BENCH_USAGE, benchCommand } from './bench-command.ts';
import { CHECK_USAGE, checkCommand } from './check-command.ts';
import { EXAMPLES_USAGE, examplesCommand } from './examples-command.ts';
import { EXPLAIN_USAGE, explainCommand } from './explain-command.ts';
import { GRADE_USAGE, gradeCommand } from './grade-command.ts';
import { HISTORY_USAGE, historyCommand } from './history-command.ts';
import { MATRIX_USAGE, matrixCommand } from './matrix-command.ts';
import { MERGE_USAGE, mergeCommand } from './merge-command.ts';
import { MC_USAGE, mcCommand } from './mc-command.ts';
import { REPLAY_USAGE, replayCommand } from './replay-command.ts';
import { SCENARIOS_USAGE, scenariosCommand } from './scenarios-command.ts';
import { ZOO_USAGE, zooCommand } from './zoo-command.ts';

export const EXIT_HOLDS = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL_ERROR = 3;

interface Command {
  usage: string;
  /** What exit 0 and exit 1 mean for this command. */
  exits: [holds: string, violation: string];
  run(args: string[]): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  matrix: { usage: MATRIX_USAGE, exits: ['every cell came out as expected', 'a cell did not'], run: matrixCommand },
  check: { usage: CHECK_USAGE, exits: ['every claim checked came out as expected', 'a claim was violated (liveness included), vacuous, not witnessed, or its broker failed'], run: checkCommand },
  replay: { usage: REPLAY_USAGE, exits: ['the violation no longer reproduces (a fixed bug)', 'the property is still violated (or the broker failed)'], run: replayCommand },
  explain: { usage: EXPLAIN_USAGE, exits: ['the explanation was written', '(not used)'], run: explainCommand },
  examples: { usage: EXAMPLES_USAGE, exits: ['every example was witnessed with its cause', 'one was not'], run: examplesCommand },
  zoo: { usage: ZOO_USAGE, exits: ['every variant was caught on every seed (a known miss excepted) and the reference on none', 'otherwise'], run: zooCommand },
  history: { usage: HISTORY_USAGE, exits: ['the history shows no anomaly', 'it shows one'], run: historyCommand },
  scenarios: { usage: SCENARIOS_USAGE, exits: ['every scenario came out as expected', 'one did not'], run: scenariosCommand },
  merge: { usage: MERGE_USAGE, exits: ['the merged campaign came out as its command expects', 'it did not (as the unsharded command would exit 1)'], run: mergeCommand },
  grade: { usage: GRADE_USAGE, exits: ['full marks (a batch: every submission at full marks)', 'points were lost (a batch: by some submission), a broker failure included'], run: gradeCommand },
  mc: { usage: MC_USAGE, exits: ['verified within bounds, or a bound hit with no violation (a sometimes claim: witnessed)', 'a violation was found, or the search was vacuous: no state had an acknowledged record (a sometimes claim: not witnessed)'], run: mcCommand },
  bench: { usage: BENCH_USAGE, exits: ['the benchmark ran and its reports were written', '(not used)'], run: benchCommand },
};

const EXIT_CODES_TEXT = `Exit codes: 0 holds (every outcome as expected), 1 violation found (or an outcome not as
expected: liveness, vacuous, or the broker under test failed), 2 bad input (a one-line reason on stderr),
3 an internal error of kcheck (one line; the stack trace with --debug).`;

const HELP = `kcheck — verifies Kafka-style messaging semantics on a deterministic simulated cluster

Usage:
${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join('\n')}
  kcheck COMMAND --help                  that command's flags, what it writes, its exit codes
  kcheck --help | --version

${EXIT_CODES_TEXT}
`;

function commandHelp(name: string, command: Command): string {
  return `Usage:\n${command.usage}\n\nExit codes: 0 ${command.exits[0]}; 1 ${command.exits[1]};\n2 bad input (one line on stderr); 3 an internal error of kcheck (--debug shows the stack).\n`;
}

/** The first line of an error, for the one line an internal error prints. */
function summary(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${String(error.message).split('\n')[0]}` : String(error);
  } catch {
    return 'an error kcheck could not read';
  }
}

/** Prints an internal error as the contract says: one line, and the stack only when asked. */
export function reportInternalError(error: unknown, debug: boolean): number {
  console.error(`kcheck: internal error (a bug in kcheck, please report it): ${displayText(summary(error))}${debug ? '' : ' (run with --debug for the stack trace)'}`);
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  return EXIT_INTERNAL_ERROR;
}

/** Node file-system errors carry a code and a path: an unreadable or unwritable path the user gave is bad input. */
function isPathError(error: unknown): error is Error & { code: string; path: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { path?: unknown }).path === 'string';
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (topic !== undefined) {
        const command = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
        if (!command) throw new KcheckInputError('usage', `unknown command ${JSON.stringify(topic)}; see kcheck --help`);
        console.log(commandHelp(topic, command));
        return EXIT_HOLDS;
      }
      console.log(HELP);
      if (name === undefined) throw new KcheckInputError('usage', 'give a command (the list above; kcheck --help)');
      return EXIT_HOLDS;
    }
    if (name === '--version' || name === '-v') {
      console.log(`kcheck ${KCHECK_VERSION}`);
      return EXIT_HOLDS;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new KcheckInputError('usage', `unknown command ${JSON.stringify(name.length > 40 ? `${name.slice(0, 37)}...` : name)}; see kcheck --help`);
    // `--help` anywhere before a `--` asks for help, whatever else the line holds.
    const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (flags.includes('--help') || flags.includes('-h')) {
      console.log(commandHelp(name, command));
      return EXIT_HOLDS;
    }
    return await command.run(rest);
  } catch (error) {
    if (isKcheckInputError(error)) {
      console.error(`kcheck: ${oneLine(error.message)}`);
      return EXIT_BAD_INPUT;
    }
    // node:util parseArgs reports unknown or malformed flags with ERR_PARSE_ARGS_* codes.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`kcheck: usage: ${displayText(oneLine(error.message))}`);
      return EXIT_BAD_INPUT;
    }
    if (isPathError(error)) {
      console.error(`kcheck: cannot use ${displayText(oneLine(`${error.path}: ${error.message}`))}`);
      return EXIT_BAD_INPUT;
    }
    return reportInternalError(error, debug);
  }
}

/** One line, at most a few hundred characters: what the user gave may be long. */
function oneLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}
