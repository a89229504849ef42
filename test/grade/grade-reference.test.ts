/**
 * Grading in-process: the reference broker gets full marks on every assignment under the default seeds (each run
 * test's seed and run count as the catalogue states them); a grade is deterministic (the same table twice) and
 * `--seed` replaces every run test's seed. The variant used for determinism is the bug zoo's HW-at-leader-log-end,
 * the very stub of assignment 1's starter.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENTS, assignmentNumbered } from '../../src/grade/assignments.ts';
import { gradeBroker } from '../../src/grade/grade-broker.ts';
import { inProcessRunner } from '../../src/grade/grade-runner.ts';
import { gradeLines } from '../../src/grade/grade-text.ts';
import { referenceBroker } from '../../src/system/broker/reference-broker.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import { zooEntry } from '../../src/zoo/registry.ts';

const outDir = mkdtempSync(join(tmpdir(), 'kcheck-grade-ref-'));
const reference = inProcessRunner(referenceBroker as BrokerLogic<unknown>);

describe('the reference broker', () => {
  it.each(ASSIGNMENTS.map((a) => [a.number, a] as const))('assignment %i: full marks on the default seeds', async (_n, assignment) => {
    const grade = await gradeBroker(assignment, reference, { outDir });
    expect(grade.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.verdict}`)).toEqual([]);
    expect(grade.score).toBe(100);
    expect(gradeLines(grade).at(-1)).toBe('score: 100/100 (full marks)');
  });
});

describe('a grade', () => {
  const assignment = assignmentNumbered(1)!;
  const variant = inProcessRunner(zooEntry('high-watermark-at-leader-log-end')!.broker);

  it('is the same table, byte for byte, on a second grading (seed 1)', async () => {
    const first = gradeLines(await gradeBroker(assignment, variant, { outDir: join(outDir, 'first') }));
    const second = gradeLines(await gradeBroker(assignment, variant, { outDir: join(outDir, 'first') }));
    expect(second).toEqual(first);
    expect(first.at(-1)).toBe('score: 0/100');
  });

  it('--seed replaces every run test\'s seed, and the counterexample says so', async () => {
    const grade = await gradeBroker(assignment, variant, { outDir: join(outDir, 'seeded'), seed: 424242 });
    const lines = gradeLines(grade, 424242);
    expect(lines.join('\n')).toContain('run:acks-all-durable: seed 424242, 300 runs');
    expect(grade.tests.find((t) => t.name === 'run:acks-all-durable')!.story!.join('\n')).toContain('{seed: 424242,');
  });
});
