/**
 * `kcheck grade`: grades a broker module on one of the course's assignments (assignments/, docs/teaching.md), or,
 * with --batch, a folder of submissions into a CSV. The module runs in the sandbox; the grade is a table of the
 * tier's tests with points, the first counterexample's story and files, and a score line. Exit 0 only at full marks.
 */
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KcheckInputError } from '../input-error.ts';
import { brokerModulePath } from '../broker-loader/load-broker.ts';
import { ASSIGNMENTS, assignmentNumbered, type Assignment } from '../grade/assignments.ts';
import { gradeBatch } from '../grade/grade-batch.ts';
import { gradeBroker, notRunGrade } from '../grade/grade-broker.ts';
import { openTypeChecker, type TypeChecker } from '../grade/type-check.ts';
import { gradeCsv } from '../grade/grade-csv.ts';
import { listSubmissions } from '../grade/submissions.ts';
import { inProcessRunner, sandboxRunner } from '../grade/grade-runner.ts';
import { gradeLines } from '../grade/grade-text.ts';
import { DEFAULT_SANDBOX_LIMITS, SANDBOX_LIMIT_BOUNDS, type SandboxLimits } from '../sandbox/broker-sandbox.ts';
import { sandboxFor } from '../sandbox/sandbox.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import { displayText } from '../text/display-text.ts';
import { boundedNumberFlag, ensureWritableDir, FLAG_MAX, onOffFlag, outputPathFlag, progressLine, wholeNumberFlag, writeReport } from './flags.ts';
import { RUNS_DIR } from './trace-files.ts';

export const GRADE_OUT_DIR = `${RUNS_DIR}/grade`;
/** A batch's limits per submission: tighter than a student's own run, so that a class's batch ends in minutes. */
export const BATCH_LIMITS: SandboxLimits = { callTimeoutMs: 2_000, runTimeoutMs: 60_000, memoryMb: 1_024 };
export const BATCH_TIME_LIMIT_MS = 300_000;

export const GRADE_USAGE = `  kcheck grade MODULE --assignment 1..${ASSIGNMENTS.length} [--seed S] [--out-dir DIR] [--typecheck on|off]
               [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]
  kcheck grade --reference --assignment N [--seed S] [--out-dir DIR]
                                         grade a broker module (a student's starter, assignments/)
                                         on one assignment: each test of the tier (run tests:
                                         fast-check with a fixed seed and run count; search tests:
                                         the model checker within small bounds) pass or FAIL with
                                         its points, the first counterexample's story and its
                                         trace, explanation and viewer (.json, .md, .html) in DIR
                                         (default ${GRADE_OUT_DIR}), then "score: N/100". --seed
                                         replaces every run test's seed (an instructor's own). A
                                         vacuous or liveness verdict, or a broker failure, fails
                                         its test. A .ts module is type-checked first (strict, as
                                         the starters' tsconfig; --typecheck off skips it): a type
                                         error fails every test. The module runs in the sandbox
                                         (limits as for check --broker); --reference grades the
                                         reference broker in-process. Exit 0 only at full marks, 1
                                         otherwise
  kcheck grade --batch DIR --assignment N --csv FILE [--seed S] [--out-dir DIR] [--typecheck on|off]
               [--time-limit-ms N] [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]
                                         grade every submission in DIR (a module file or a folder
                                         per student, in name order), each in its own sandbox
                                         (defaults: calls ${BATCH_LIMITS.callTimeoutMs} ms, runs ${BATCH_LIMITS.runTimeoutMs} ms, ${BATCH_LIMITS.memoryMb} MB,
                                         ${BATCH_TIME_LIMIT_MS} ms a submission); a throw, hang, runaway
                                         memory, exit, syntax or type error is a scored failure
                                         with its reason, and the batch goes on. Writes FILE
                                         (student, score, max, failing_properties, reason,
                                         trace_paths; the traces in the --out-dir, a folder per
                                         student), a line per submission on stderr. Exit 0 when
                                         every submission got full marks, 1 otherwise`;

const OPTIONS = {
  assignment: { type: 'string' },
  seed: { type: 'string' },
  'out-dir': { type: 'string' },
  batch: { type: 'string' },
  csv: { type: 'string' },
  reference: { type: 'boolean', default: false },
  'time-limit-ms': { type: 'string' },
  'call-timeout-ms': { type: 'string' },
  'run-timeout-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
  typecheck: { type: 'string' },
} as const;

function assignmentFlag(value: string | undefined): Assignment {
  if (value === undefined) throw new KcheckInputError('usage', `kcheck grade needs --assignment N (1..${ASSIGNMENTS.length})`);
  const n = boundedNumberFlag(value, 'assignment', 1, 1, ASSIGNMENTS.length);
  return assignmentNumbered(n)!;
}

function limitsFlags(values: Record<string, string | boolean | undefined>, defaults: SandboxLimits): SandboxLimits {
  const limit = (flag: string, key: keyof SandboxLimits) => boundedNumberFlag(values[flag] as string | undefined, flag, defaults[key], SANDBOX_LIMIT_BOUNDS[key].min, SANDBOX_LIMIT_BOUNDS[key].max);
  return { callTimeoutMs: limit('call-timeout-ms', 'callTimeoutMs'), runTimeoutMs: limit('run-timeout-ms', 'runTimeoutMs'), memoryMb: limit('memory-mb', 'memoryMb') };
}

function stderrProgress() {
  return progressLine({ write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true, nowMs: () => performance.now() });
}

async function gradeOne(modulePath: string | undefined, assignment: Assignment, seed: number | undefined, outDir: string, limits: SandboxLimits, typeChecker: TypeChecker | undefined): Promise<number> {
  const progress = stderrProgress();
  const typed = modulePath === undefined ? undefined : typeChecker?.check(modulePath);
  if (typed?.kind === 'skipped') console.error(`kcheck: ${typed.reason}`);
  if (typed?.kind === 'failed') {
    console.log(`${modulePath} does not type-check:`);
    for (const error of typed.errors) console.log(`  ${displayText(error)}`);
    console.log('');
    for (const line of gradeLines(notRunGrade(assignment, modulePath!, `type error: ${typed.errors[0]}`), seed)) console.log(line);
    return 1;
  }
  const sandbox = modulePath === undefined ? undefined : await sandboxFor(brokerModulePath(modulePath), modulePath, limits);
  try {
    const runner = sandbox ? sandboxRunner(sandbox) : inProcessRunner(referenceBroker as BrokerLogic<unknown>);
    const grade = await gradeBroker(assignment, runner, { ...(seed !== undefined ? { seed } : {}), ...(modulePath !== undefined ? { brokerModule: modulePath } : {}), outDir, onProgress: (text) => progress.update(`  ${text}`) });
    progress.done();
    for (const line of gradeLines(grade, seed)) console.log(line);
    return grade.score === grade.max ? 0 : 1;
  } finally {
    await sandbox?.close();
  }
}

async function gradeFolder(dir: string, csvPath: string, assignment: Assignment, seed: number | undefined, outDir: string, limits: SandboxLimits, timeLimitMs: number, typeChecker: TypeChecker | undefined): Promise<number> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new KcheckInputError('usage', `--batch needs a folder of submissions, got ${JSON.stringify(dir)}`);
  if (listSubmissions(dir).length === 0) throw new KcheckInputError('usage', `--batch ${dir} holds no submission (a .ts, .mts, .js or .mjs file, or a folder, per student)`);
  const progress = stderrProgress();
  const rows = await gradeBatch(dir, assignment, {
    limits,
    submissionTimeLimitMs: timeLimitMs,
    ...(typeChecker ? { typeChecker } : {}),
    ...(seed !== undefined ? { seed } : {}),
    outDir,
    onProgress: (text) => progress.update(`  ${text}`),
    onGraded: (row, index, count) => {
      progress.done();
      process.stderr.write(`[${index}/${count}] ${row.student}: ${row.score}/${row.max}${row.reason ? ` (${row.reason.length > 160 ? `${row.reason.slice(0, 157)}...` : row.reason})` : ''}\n`);
    },
  });
  writeReport(csvPath, gradeCsv(rows));
  const full = rows.filter((r) => r.score === r.max).length;
  console.log(`assignment ${assignment.number}: ${rows.length} submission(s) graded, ${full} at full marks; CSV: ${csvPath}; traces under ${outDir}/<student>/`);
  return full === rows.length ? 0 : 1;
}

export async function gradeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const assignment = assignmentFlag(values.assignment);
  const seed = values.seed === undefined ? undefined : wholeNumberFlag(values.seed, 'seed', 1, 0, FLAG_MAX.seed);
  const outDir = outputPathFlag(values['out-dir'], 'out-dir') ?? GRADE_OUT_DIR;
  if (positionals.length > 1) throw new KcheckInputError('usage', `kcheck grade takes one MODULE, got ${positionals.length}`);
  const modulePath = positionals[0];
  const given = [modulePath !== undefined, values.batch !== undefined, values.reference].filter(Boolean).length;
  if (given !== 1) throw new KcheckInputError('usage', 'kcheck grade needs exactly one of MODULE, --reference or --batch DIR');
  if (values.batch === undefined && values.csv !== undefined) throw new KcheckInputError('usage', '--csv is where a batch\'s grades go: give --batch DIR too');
  if (values.batch === undefined && values['time-limit-ms'] !== undefined) throw new KcheckInputError('usage', '--time-limit-ms limits each submission of a batch: give --batch DIR too');
  if (values.reference && ['call-timeout-ms', 'run-timeout-ms', 'memory-mb'].some((f) => values[f as keyof typeof values] !== undefined)) {
    throw new KcheckInputError('usage', 'the sandbox limits are for a module: the reference runs in-process');
  }
  const typecheck = onOffFlag(values.typecheck, 'typecheck') ?? true;
  if (values.reference && values.typecheck !== undefined) throw new KcheckInputError('usage', '--typecheck checks a module: the reference is kcheck\'s own');
  if (values.batch !== undefined) {
    const csv = outputPathFlag(values.csv, 'csv');
    if (csv === undefined) throw new KcheckInputError('usage', '--batch needs --csv FILE, where the grades go');
    const limits = limitsFlags(values, BATCH_LIMITS);
    const timeLimitMs = boundedNumberFlag(values['time-limit-ms'], 'time-limit-ms', BATCH_TIME_LIMIT_MS, 1_000, 86_400_000);
    ensureWritableDir(outDir);
    ensureWritableDir(dirname(resolve(csv))); // before the batch's minutes of work, not after
    const typeChecker = typecheck ? await openTypeChecker() : undefined;
    if (typeChecker?.unavailable) console.error(`kcheck: ${typeChecker.unavailable}`);
    return gradeFolder(values.batch, csv, assignment, seed, outDir, limits, timeLimitMs, typeChecker);
  }
  if (modulePath !== undefined) brokerModulePath(modulePath);
  ensureWritableDir(outDir);
  return gradeOne(modulePath, assignment, seed, outDir, limitsFlags(values, DEFAULT_SANDBOX_LIMITS), modulePath !== undefined && typecheck ? await openTypeChecker() : undefined);
}
