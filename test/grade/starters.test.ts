/**
 * Each starter, graded in the sandbox as a student's module is, loses points with a counterexample that points at
 * its stubbed part (the finding its stub is known to cause, in a trace file that parses and a viewer written
 * beside it), and the empty broker (test/fixtures/brokers/does-nothing.mjs) scores 0 on every assignment: its runs
 * never converge (or, where the claim judges it, leave a partition leaderless), so every run test fails and no
 * search test is judged.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASSIGNMENTS } from '../../src/grade/assignments.ts';
import { gradeBroker } from '../../src/grade/grade-broker.ts';
import { sandboxRunner } from '../../src/grade/grade-runner.ts';
import { gradeLines } from '../../src/grade/grade-text.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { BrokerSandbox, type SandboxLimits } from '../../src/sandbox/broker-sandbox.ts';

const LIMITS: SandboxLimits = { callTimeoutMs: 10_000, runTimeoutMs: 300_000, memoryMb: 1_024 };
const outDir = mkdtempSync(join(tmpdir(), 'kcheck-grade-starters-'));
const opened: BrokerSandbox[] = [];
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
});
async function open(path: string): Promise<BrokerSandbox> {
  const sandbox = await BrokerSandbox.open(path, path, LIMITS);
  opened.push(sandbox);
  return sandbox;
}

/** Per starter: the tests its stub must fail, each with the finding that shows the missing mechanism. */
const EXPECTED_FAILURES: Record<number, Record<string, string>> = {
  1: { 'run:acks-all-durable': 'acked-on-min-isr', 'run:protocol-invariants': 'strong-isr', 'search:acks-all-durable': 'acked-on-min-isr' },
  2: { 'run:acks-all-available': 'send-unavailable' },
  3: { 'run:protocol-invariants': 'strong-isr', 'search:protocol-invariants': 'strong-isr' },
  4: { 'run:idempotent-no-duplicates': 'duplicate', 'run:single-partition-order': 'nonmonotonic-send' },
  5: { 'run:group-single-owner': 'group-two-owners' },
};

/** Where the first counterexample's story must show the stubbed mechanism at work. Assignment 5: a fail-over of
 * the coordinator (the leader of `__consumer_offsets`, p2 beside the topic's p0 and p1) that forgot the group. */
const MECHANISM_IN_STORY: Record<number, RegExp> = {
  5: /crash b\d \(the (leader|follower) of p\d\)[\s\S]*→ consumer\d and consumer\d both own p\d in generation 1/,
};

describe('each starter (the reference with one part stubbed), graded in the sandbox on its own assignment', () => {
  it.each(ASSIGNMENTS.map((a) => [a.number, a] as const))('assignment %i: fails with counterexamples at its stubbed part', async (n, assignment) => {
    const sandbox = await open(join('assignments', assignment.folder, 'starter', 'broker.ts'));
    const dir = join(outDir, `starter-${n}`);
    const grade = await gradeBroker(assignment, sandboxRunner(sandbox), { outDir: dir });
    expect(grade.brokerId).toBe(`student/assignment-${n}`);
    expect(grade.score).toBeLessThan(grade.max);
    for (const [name, anomaly] of Object.entries(EXPECTED_FAILURES[n]!)) {
      const test = grade.tests.find((t) => t.name === name)!;
      expect(test.passed, `${name}: ${test.verdict}`).toBe(false);
      expect(test.verdict).toContain(anomaly);
      const trace = parseTrace(readFileSync(test.files!.json, 'utf8'), test.files!.json);
      expect(trace.violation.anomaly).toBe(anomaly);
      expect(existsSync(test.files!.html) && existsSync(test.files!.md)).toBe(true);
      expect(test.story!.join('\n')).toContain(`viewer:    ${test.files!.html}`);
    }
    // What the student reads first: the table, then the first counterexample's story, then the score.
    const first = grade.tests.find((t) => t.name === Object.keys(EXPECTED_FAILURES[n]!)[0])!;
    if (MECHANISM_IN_STORY[n]) expect(first.story!.join('\n')).toMatch(MECHANISM_IN_STORY[n]!);
    const lines = gradeLines(grade);
    expect(lines).toContain(`first counterexample (${Object.keys(EXPECTED_FAILURES[n]!)[0]}):`);
    expect(lines.at(-1)).toBe(`score: ${grade.score}/100`);
  });
});

describe('the empty broker (does-nothing.mjs)', () => {
  it('scores 0 on every assignment: liveness on every run test, no search test judged', async () => {
    const sandbox = await open('test/fixtures/brokers/does-nothing.mjs');
    for (const assignment of ASSIGNMENTS) {
      const grade = await gradeBroker(assignment, sandboxRunner(sandbox), { outDir: join(outDir, `empty-${assignment.number}`) });
      expect(grade.score, `assignment ${assignment.number}`).toBe(0);
      // acks-all-available judges a partition without a leader after repair itself: violated, not liveness.
      for (const test of grade.tests) expect(test.verdict).toMatch(test.test.kind === 'run' ? /^(LIVENESS VIOLATED: no-convergence|VIOLATED: leaderless-after-heal)/ : /^NOT JUDGED: run:[a-z-]+ came out liveness/);
    }
    expect(ASSIGNMENTS.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
  });
});
