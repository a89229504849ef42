/**
 * Instructor mode: every submission of a folder graded in its own sandbox, one after another, with the sandbox's
 * limits per call, per run and on memory, and a wall-clock limit per submission after which its remaining tests
 * fail. Whatever a submission does (throws, loops, exhausts memory, exits, fails to load) is its scored failure with
 * its reason; the batch goes on. The rows come out in the submissions' order.
 */
import { join } from 'node:path';
import { isKcheckInputError } from '../input-error.ts';
import { BrokerSandbox, type SandboxLimits } from '../sandbox/broker-sandbox.ts';
import { displayText } from '../text/display-text.ts';
import { maxPoints, type Assignment } from './assignments.ts';
import { gradeBroker } from './grade-broker.ts';
import type { GradeRow } from './grade-csv.ts';
import { sandboxRunner } from './grade-runner.ts';
import { failingTests, gradeReason } from './grade-text.ts';
import { listSubmissions, type Submission } from './submissions.ts';

export interface BatchOptions {
  limits: SandboxLimits;
  /** Wall-clock time one submission may take; the tests not started by then fail with this reason. */
  submissionTimeLimitMs: number;
  seed?: number;
  /** Each student's counterexample files go to `<outDir>/<student>/`. */
  outDir: string;
  /** Told as each submission starts (`index` from 1) and as its tests go. */
  onProgress?: (text: string) => void;
  /** Told once a submission is graded. */
  onGraded?: (row: GradeRow, index: number, count: number) => void;
}

function safeFolderName(student: string): string {
  return student.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_';
}

async function gradeSubmission(submission: Submission, assignment: Assignment, options: BatchOptions): Promise<GradeRow> {
  const failed = (reason: string): GradeRow => ({ student: submission.student, score: 0, max: maxPoints(assignment), failing: assignment.tests.map((t) => `${t.kind}:${t.claim}`), reason: displayText(reason), traces: [] });
  if (!submission.modulePath) return failed(submission.problem ?? 'no broker module');
  const startMs = performance.now();
  let sandbox: BrokerSandbox;
  try {
    sandbox = await BrokerSandbox.open(submission.modulePath, submission.modulePath, options.limits);
  } catch (error) {
    if (isKcheckInputError(error)) return failed(error.reason);
    throw error;
  }
  try {
    const grade = await gradeBroker(assignment, sandboxRunner(sandbox), {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      outDir: join(options.outDir, safeFolderName(submission.student)),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      stopReason: () => (performance.now() - startMs > options.submissionTimeLimitMs ? `the submission's time limit (${options.submissionTimeLimitMs} ms) was reached` : undefined),
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
    await sandbox.close();
  }
}

export async function gradeBatch(dir: string, assignment: Assignment, options: BatchOptions): Promise<GradeRow[]> {
  const submissions = listSubmissions(dir);
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
