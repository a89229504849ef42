/**
 * Instructor mode: every submission of a folder graded in its own sandbox, one after another, with the sandbox's
 * limits per call, per run and on memory, and a wall-clock limit per submission after which its remaining tests
 * fail. Whatever a submission does (throws, loops, exhausts memory, exits, fails to load) is its scored failure with
 * its reason; the batch goes on. The rows come out in the submissions' order.
 */
import { join, resolve } from 'node:path';
import { isKcheckInputError } from '../input-error.ts';
import type { SandboxLimits } from '../sandbox/broker-sandbox.ts';
import { sandboxFor, type Sandbox } from '../sandbox/sandbox.ts';
import { displayText } from '../text/display-text.ts';
import { maxPoints, testName, type Assignment } from './assignments.ts';
import { gradeBroker } from './grade-broker.ts';
import type { GradeRow } from './grade-csv.ts';
import { sandboxRunner, type GradeRunner } from './grade-runner.ts';
import { failingTests, gradeReason } from './grade-text.ts';
import { listSubmissions, type Submission } from './submissions.ts';
import type { TypeChecker } from './type-check.ts';

export interface BatchOptions {
  limits: SandboxLimits;
  /** Wall-clock time one submission may take; the tests not started by then fail with this reason. */
  submissionTimeLimitMs: number;
  seed?: number;
  /** Each student's counterexample files go to `<outDir>/<student>/`. */
  outDir: string;
  /** Told as each submission starts (`index` from 1) and as its tests go. */
  onProgress?: (text: string) => void;
  /** Checks a TypeScript submission's types before it runs (a type error fails every test); absent: no check. */
  typeChecker?: TypeChecker;
  /** Told once a submission is graded. */
  onGraded?: (row: GradeRow, index: number, count: number) => void;
}

/**
 * The runner with a deadline: when it passes, the sandbox is closed (ending a test in progress, however slow its
 * broker) and whatever that test returns is replaced by the time limit's failure, its real reason being kcheck's
 * own closing of the sandbox.
 */
function withDeadline(runner: GradeRunner, sandbox: Sandbox, timeLimitMs: number, reason: string): { runner: GradeRunner; clear: () => void; passed: () => boolean } {
  let passed = false;
  const timer = setTimeout(() => {
    passed = true;
    void sandbox.close();
  }, timeLimitMs);
  const timed: GradeRunner = {
    brokerId: runner.brokerId,
    failedToLoad: runner.failedToLoad,
    async check(claim, seed, runs, onRun) {
      const result = await runner.check(claim, seed, runs, onRun);
      if (!passed) return result;
      const { counterexample: _dropped, ...rest } = result;
      return { ...rest, outcome: 'broker-failed', asExpected: false, brokerFailure: reason };
    },
    async search(claim, model, search) {
      const outcome = await runner.search(claim, model, search);
      return passed ? { ok: false, reason } : outcome;
    },
    replay: (trace) => runner.replay(trace),
  };
  return { runner: timed, clear: () => clearTimeout(timer), passed: () => passed };
}

function safeFolderName(student: string): string {
  return student.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_';
}

async function gradeSubmission(submission: Submission, assignment: Assignment, options: BatchOptions): Promise<GradeRow> {
  const failed = (reason: string): GradeRow => ({ student: submission.student, score: 0, max: maxPoints(assignment), failing: assignment.tests.map(testName), reason: displayText(reason), traces: [] });
  if (!submission.modulePath) return failed(submission.problem ?? 'no broker module');
  const startMs = performance.now();
  const typed = options.typeChecker?.check(submission.modulePath);
  if (typed?.kind === 'failed') return failed(`type error: ${typed.errors[0]}`);
  let sandbox: Sandbox;
  try {
    sandbox = await sandboxFor(submission.modulePath, submission.modulePath, options.limits);
  } catch (error) {
    if (isKcheckInputError(error)) return failed(error.reason);
    throw error;
  }
  const limitReason = `the submission's time limit (${options.submissionTimeLimitMs} ms) was reached`;
  const deadline = withDeadline(sandboxRunner(sandbox), sandbox, Math.max(0, options.submissionTimeLimitMs - (performance.now() - startMs)), limitReason);
  try {
    const grade = await gradeBroker(assignment, deadline.runner, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      outDir: join(options.outDir, safeFolderName(submission.student)),
      brokerModule: submission.modulePath,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // The clock is read too: the deadline's timer fires only once the event loop turns.
      stopReason: () => (deadline.passed() || performance.now() - startMs > options.submissionTimeLimitMs ? limitReason : undefined),
    });
    return {
      student: submission.student,
      score: grade.score,
      max: grade.max,
      failing: failingTests(grade),
      reason: gradeReason(grade),
      traces: grade.tests.flatMap((t) => (t.files ? [t.files.json] : [])),
    };
  } finally {
    deadline.clear();
    await sandbox.close();
  }
}

export async function gradeBatch(dir: string, assignment: Assignment, options: BatchOptions): Promise<GradeRow[]> {
  // The counterexample folder may sit inside DIR: it is kcheck's output, not a student.
  const submissions = listSubmissions(dir).filter((s) => resolve(dir, s.student) !== resolve(options.outDir));
  const rows: GradeRow[] = [];
  for (const [i, submission] of submissions.entries()) {
    options.onProgress?.(`[${i + 1}/${submissions.length}] ${submission.student}`);
    const row = await gradeSubmission(submission, assignment, {
      ...options,
      onProgress: (text) => options.onProgress?.(`[${i + 1}/${submissions.length}] ${submission.student}: ${text}`),
    });
    rows.push(row);
    options.onGraded?.(row, i + 1, submissions.length);
  }
  return rows;
}
