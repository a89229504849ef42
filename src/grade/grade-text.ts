/**
 * How a grade reads on a terminal: a table of the tier's tests (pass or fail, points, what came out), the first
 * counterexample's story with the paths of its files, and the score line. Every line is display text already.
 */
import { testName } from './assignments.ts';
import type { Grade } from './grade-broker.ts';

function settingsOf(grade: Grade, seed: number | undefined): string[] {
  return grade.assignment.tests.map((t) =>
    t.kind === 'run'
      ? `${testName(t)}: seed ${seed ?? t.seed}, ${t.runs} runs`
      : `${testName(t)}: sends=${t.model.sends} faults=${t.model.faults} time≤${t.model.timeMaxMs}ms depth≤${t.search.depthMax} states≤${t.search.statesMax}`,
  );
}

export function gradeLines(grade: Grade, seed?: number): string[] {
  const { assignment } = grade;
  const width = Math.max(...grade.tests.map((t) => t.name.length));
  const lines = [
    `assignment ${assignment.number}: ${assignment.title} (broker "${grade.brokerId}")`,
    ...grade.tests.map((t) => `  ${t.passed ? 'pass' : 'FAIL'}  ${t.name.padEnd(width)}  ${`${t.points}/${t.test.points}`.padStart(6)}  ${t.verdict}`),
  ];
  const first = grade.tests.find((t) => t.story);
  if (first?.story) lines.push('', `first counterexample (${first.name}):`, ...first.story.map((l) => `  ${l}`));
  const others = grade.tests.filter((t) => t.files && t !== first);
  for (const t of others) lines.push(`  also ${t.name}: ${t.files!.json} (viewer ${t.files!.html})`);
  lines.push('', `tests: ${settingsOf(grade, seed).join('; ')}`);
  lines.push(`score: ${grade.score}/${grade.max}${grade.score === grade.max ? ' (full marks)' : ''}`);
  return lines;
}

/** The names of the failed tests, as the CSV lists them. */
export function failingTests(grade: Grade): string[] {
  return grade.tests.filter((t) => !t.passed).map((t) => t.name);
}

/** Why the grade is not full marks, in one line: the first failed test and what came out. */
export function gradeReason(grade: Grade): string {
  const failed = grade.tests.find((t) => !t.passed);
  return failed ? `${failed.name}: ${failed.verdict}` : '';
}
