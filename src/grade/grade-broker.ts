/**
 * Grades one broker on one assignment: every test of the tier in order, each pass or fail with its points, and for
 * a failure the reason and, where there is one, the counterexample's story and its trace, explanation and viewer
 * files. A vacuous or liveness verdict fails (points are for a broker that does the work, not one that does
 * nothing), and so does a broker that failed; a search test is judged only once the run test of its claim showed
 * progress. The grade is deterministic for a given seed: the runs are seeded, the search is exhaustive.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ClaimResult } from '../properties/check-claim.ts';
import { claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { traceJson, traceStory } from '../properties/trace/trace.ts';
import { counterexampleMessage, writeCounterexampleFiles, type CounterexampleFiles } from '../explain/counterexample-files.ts';
import { explainReplay } from '../explain/explained-run.ts';
import { explainMarkdown } from '../explain/explain-markdown.ts';
import { explainHtml } from '../explain/html/viewer-page.ts';
import { verdictText } from '../mc/result-text.ts';
import { displayText } from '../text/display-text.ts';
import { maxPoints, testName, type Assignment, type GradeTest, type RunTest, type SearchTest } from './assignments.ts';
import type { GradeRunner } from './grade-runner.ts';

export interface TestGrade {
  test: GradeTest;
  /** `run:acks-all-durable`, `search:protocol-invariants`. */
  name: string;
  passed: boolean;
  points: number;
  /** One line: what came out (`holds after 300 runs`, `VIOLATED: strong-isr at step 3`, …). */
  verdict: string;
  /** The counterexample's story, ready to print (escaped), when the test failed with one. */
  story?: string[];
  files?: CounterexampleFiles;
}

export interface Grade {
  assignment: Assignment;
  brokerId: string;
  tests: TestGrade[];
  score: number;
  max: number;
}

export interface GradeOptions {
  /** Replaces every run test's own seed (an instructor's private seed). */
  seed?: number;
  /** Where counterexample files go. */
  outDir: string;
  /** Told as each test starts, and as its runs go. */
  onProgress?: (text: string) => void;
  /** The module graded, as the user named it: the replay command a story shows runs it (not the reference). */
  brokerModule?: string;
  /** Called before each test: a reason stops the grading there, the rest failing with it (a submission's time limit). */
  stopReason?: () => string | undefined;
}

const claimOf = (name: string): Claim => {
  const claim = claimNamed(name);
  if (!claim) throw new Error(`assignment test names unknown claim ${name}`);
  return claim;
};

/** Outcomes that say the broker never did the work a claim tests: no search of that claim is judged after one. */
const NO_PROGRESS_OUTCOMES: ReadonlySet<ClaimResult['outcome']> = new Set(['vacuous', 'liveness', 'broker-failed']);

function runVerdict(result: ClaimResult): string {
  const ce = result.counterexample;
  const at = ce ? `${ce.finding.kind} at step ${ce.finding.step} (run ${result.runs})` : '';
  switch (result.outcome) {
    case 'holds':
      return `holds after ${result.runs} runs`;
    case 'violated':
      return `VIOLATED: ${at}`;
    case 'liveness':
      return `LIVENESS VIOLATED: ${at}`;
    case 'vacuous':
      return `VACUOUS: ${result.vacuity ?? 'too few runs made progress'}`;
    case 'broker-failed':
      return `BROKER FAILED: ${result.brokerFailure ?? at}`;
    case 'witnessed':
    case 'not-witnessed':
      return `${result.outcome} (a graded claim must be an always claim)`;
    default: {
      const never: never = result.outcome;
      return String(never);
    }
  }
}

/** `replay TRACE`, with `--broker MODULE` for a module: replayed on the reference, a student's trace says nothing. */
function replayCommand(trace: string, options: GradeOptions): string {
  return `replay ${trace}${options.brokerModule === undefined ? '' : ` --broker ${options.brokerModule}`}`;
}

function fileBase(assignment: Assignment, test: GradeTest): string {
  return `a${assignment.number}-${test.kind}-${test.claim}`;
}

async function gradeRun(assignment: Assignment, test: RunTest, runner: GradeRunner, options: GradeOptions): Promise<{ grade: TestGrade; result: ClaimResult }> {
  const seed = options.seed ?? test.seed;
  const result = await runner.check(claimOf(test.claim), seed, test.runs, (n) => options.onProgress?.(`${testName(test)}: run ${n}/${test.runs}`));
  const passed = result.outcome === 'holds';
  const grade: TestGrade = { test, name: testName(test), passed, points: passed ? test.points : 0, verdict: displayText(runVerdict(result)) };
  if (!passed && result.counterexample) {
    const files = writeCounterexampleFiles(result, options.outDir, fileBase(assignment, test));
    grade.files = files;
    grade.story = counterexampleMessage(result, files).split('\n').map((line) => line.replace(`replay ${files.json}`, replayCommand(files.json, options)));
  }
  return { grade, result };
}

async function gradeSearch(assignment: Assignment, test: SearchTest, runner: GradeRunner, options: GradeOptions, blocked: string | undefined): Promise<TestGrade> {
  const base = { test, name: testName(test), passed: false, points: 0 };
  if (blocked) return { ...base, verdict: blocked };
  options.onProgress?.(`${testName(test)}: searching up to ${test.search.statesMax} states`);
  const outcome = await runner.search(claimOf(test.claim), test.model, test.search);
  if (!outcome.ok) return { ...base, verdict: displayText(`BROKER FAILED: ${outcome.reason}`) };
  const { result } = outcome;
  const passed = result.verdict === 'verified' || result.verdict === 'bounded';
  const grade: TestGrade = { ...base, passed, points: passed ? test.points : 0, verdict: displayText(verdictText(result)) };
  if (passed || !result.trace) return grade;
  const baseName = fileBase(assignment, test);
  const files: CounterexampleFiles = { json: join(options.outDir, `${baseName}.json`), md: join(options.outDir, `${baseName}.md`), html: join(options.outDir, `${baseName}.html`) };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(files.json, traceJson(result.trace));
  const view = explainReplay(await runner.replay(result.trace), basename(files.json));
  writeFileSync(files.md, explainMarkdown(view));
  writeFileSync(files.html, explainHtml(view));
  grade.files = files;
  grade.story = [
    `${result.claim.id} ${result.claim.name}: the model checker's shortest counterexample`,
    ...traceStory(result.trace),
    `  replay: npx kcheck ${replayCommand(files.json, options)}`,
    `  trace:     ${files.json}`,
    `  explained: ${files.md}`,
    `  viewer:    ${files.html}`,
  ];
  return grade;
}

/** The grade of a broker none of whose tests could run (it did not type-check): every test fails with the reason. */
export function notRunGrade(assignment: Assignment, brokerId: string, reason: string): Grade {
  const tests = assignment.tests.map((test): TestGrade => ({ test, name: testName(test), passed: false, points: 0, verdict: displayText(`NOT RUN: ${reason}`) }));
  return { assignment, brokerId, tests, score: 0, max: maxPoints(assignment) };
}

export async function gradeBroker(assignment: Assignment, runner: GradeRunner, options: GradeOptions): Promise<Grade> {
  const tests: TestGrade[] = [];
  const runOutcomes = new Map<string, ClaimResult['outcome']>();
  for (const test of assignment.tests) {
    const stop = runner.failedToLoad ?? options.stopReason?.();
    if (stop !== undefined) {
      tests.push({ test, name: testName(test), passed: false, points: 0, verdict: displayText(`NOT RUN: ${stop}`) });
      continue;
    }
    options.onProgress?.(`${testName(test)}`);
    if (test.kind === 'run') {
      const { grade, result } = await gradeRun(assignment, test, runner, options);
      runOutcomes.set(test.claim, result.outcome);
      tests.push(grade);
      continue;
    }
    const shown = runOutcomes.get(test.claim);
    const blocked =
      shown === undefined
        ? `NOT JUDGED: no run test of ${test.claim} came first`
        : NO_PROGRESS_OUTCOMES.has(shown)
          ? `NOT JUDGED: run:${test.claim} came out ${shown}, so an empty search would prove nothing`
          : undefined;
    tests.push(await gradeSearch(assignment, test, runner, options, blocked));
  }
  return { assignment, brokerId: runner.brokerId, tests, score: tests.reduce((s, t) => s + t.points, 0), max: maxPoints(assignment) };
}
