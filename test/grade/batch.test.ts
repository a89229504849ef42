/**
 * Instructor mode: a folder of submissions graded one by one, each in its own sandbox with limits per call, per
 * run and on memory, and a time limit per submission. A full-marks submission, a starter, and ones that throw,
 * loop forever, allocate without bound (slowly, caught by the worker thread's limit; and in 4e6-element blocks, fast
 * enough that V8 aborts the whole process the thread runs in, which only the submission's child process contains),
 * kill their process, exit, have a syntax error or a type error: each gets its score and its reason in the CSV, in
 * the folder's name order, and the batch goes on after each. The limits are stated
 * below; every failure cites the limit that ended it, and no submission reaches its time limit.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignmentNumbered } from '../../src/grade/assignments.ts';
import { gradeBatch } from '../../src/grade/grade-batch.ts';
import { gradeCsv, type GradeRow } from '../../src/grade/grade-csv.ts';
import { openTypeChecker } from '../../src/grade/type-check.ts';
import type { SandboxLimits } from '../../src/sandbox/broker-sandbox.ts';

/** Far above the reference's calls (microseconds) and runs (milliseconds), and above the seconds a submission that
 * allocates without bound takes to reach 256 MB on a loaded machine; memory enough for its checks. */
const LIMITS: SandboxLimits = { callTimeoutMs: 5_000, runTimeoutMs: 60_000, memoryMb: 256 };
const SUBMISSION_TIME_LIMIT_MS = 240_000;
/** Assignment 4: run tests only, so that 256 MB is enough for a correct broker. */
const assignment = assignmentNumbered(4)!;

/** A student's broker: the reference, with `onFollowerFetch` run on every fetch of a follower. */
const wrapped = (id: string, onFollowerFetch: string) => `import { referenceBroker, type BrokerLogic } from 'kcheck';
const inner = referenceBroker as BrokerLogic<unknown>;
export default {
  id: '${id}',
  init: (ctx) => inner.init(ctx),
  inspect: (state) => inner.inspect(state),
  handle: (state, input, ctx) => {
    if (input.type === 'message' && input.message.type === 'fetchRequest' && input.message.replicaId >= 0) { ${onFollowerFetch} }
    return inner.handle(state, input, ctx);
  },
} satisfies BrokerLogic<unknown>;
`;

const dir = mkdtempSync(join(tmpdir(), 'kcheck-batch-'));
const outDir = join(dir, 'traces'); // inside the batch's folder: kcheck's output, never a student
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
mkdirSync(join(dir, 'full'));
writeFileSync(join(dir, 'full', 'broker.ts'), "import { referenceBroker } from 'kcheck';\nexport default { ...referenceBroker, id: 'student:full' };\n");
cpSync(join('assignments', assignment.folder, 'starter'), join(dir, 'starter'), { recursive: true });
write('throws.ts', wrapped('student:throws', "throw new Error('fetch is not written yet');"));
write('loops.ts', wrapped('student:loops', 'for (;;);'));
write('allocates.ts', wrapped('student:allocates', 'const hoard: number[][] = []; for (;;) hoard.push(new Array<number>(100_000).fill(1));'));
write('allocates-fast.ts', wrapped('student:allocates-fast', 'const hoard: number[][] = []; for (;;) hoard.push(new Array<number>(4e6).fill(1));'));
write('kills.ts', wrapped('student:kills', "process.kill(process.pid, 'SIGKILL');"));
write('exits.ts', wrapped('student:exits', 'process.exit(0);'));
write('syntax.ts', "export default {\n  id: 'student:syntax',,\n};\n");
write('types.ts', "import { createBroker, referenceParts, type BrokerParts } from 'kcheck';\nconst leaderHighWatermark: BrokerParts['leaderHighWatermark'] = (replica) => replica.log;\nexport default createBroker('student:types', { ...referenceParts, leaderHighWatermark });\n");
mkdirSync(join(dir, 'empty'));
write('notes.md', 'not a submission');

describe('kcheck grade --batch', () => {
  it('grades every submission with its score and reason, in name order, and goes on after each failure', async () => {
    const graded: string[] = [];
    const rows = await gradeBatch(dir, assignment, {
      limits: LIMITS,
      submissionTimeLimitMs: SUBMISSION_TIME_LIMIT_MS,
      outDir,
      typeChecker: await openTypeChecker(),
      onGraded: (row, index, count) => graded.push(`${index}/${count} ${row.student}`),
    });
    const byStudent = Object.fromEntries(rows.map((r) => [r.student, r]));
    expect(rows.map((r) => r.student)).toEqual(['allocates-fast', 'allocates', 'empty', 'exits', 'full', 'kills', 'loops', 'starter', 'syntax', 'throws', 'types']);
    expect(graded).toEqual(rows.map((r, i) => `${i + 1}/11 ${r.student}`));
    const expected: Record<string, [score: number, reason: RegExp]> = {
      full: [100, /^$/],
      allocates: [0, /BROKER FAILED: the broker ran out of memory \(the sandbox's limit is 256 MB\)/],
      'allocates-fast': [0, /BROKER FAILED: the broker ran out of memory \(the sandbox's limit is 256 MB\)/],
      kills: [0, /BROKER FAILED: the broker's sandbox process was killed by SIGKILL/],
      empty: [0, /^no broker module in the folder/],
      exits: [0, /BROKER FAILED: the broker ended its thread \(process\.exit\(0\)/],
      loops: [0, /BROKER FAILED: broker "student:loops" on b\d: handle\(fetchRequest\) did not return within 5000 ms \(a loop\?\)/],
      syntax: [0, /^type error: .*syntax\.ts:2:\d+: error TS\d+/],
      throws: [0, /BROKER FAILED: broker "student:throws" on b\d: handle\(fetchRequest\) threw: .*fetch is not written yet/],
      types: [0, /^type error: .*types\.ts:2:\d+: error TS2322: Type 'LogRecord\[\]' is not assignable to type 'number'/],
    };
    for (const [student, [score, reason]] of Object.entries(expected)) {
      expect(byStudent[student]!.score, student).toBe(score);
      expect(byStudent[student]!.reason, student).toMatch(reason);
    }
    // The starter loses the duplicate test, with a trace under its own folder of the output.
    const starter = byStudent.starter!;
    expect(starter.score).toBeLessThan(100);
    expect(starter.failing).toContain('run:idempotent-no-duplicates');
    expect(starter.reason).toMatch(/^run:idempotent-no-duplicates: VIOLATED: duplicate/);
    expect(starter.traces[0]).toBe(join(outDir, 'starter', 'a4-run-idempotent-no-duplicates.json'));
    expect(readFileSync(starter.traces[0]!, 'utf8')).toContain('"anomaly": "duplicate"');
    // Within its limits: no submission reached its time limit; every row is out of 100.
    for (const row of rows) {
      expect(row.max).toBe(100);
      expect(row.reason).not.toMatch(/time limit/);
    }
    // The CSV: a header, then one line per row in the same order.
    const csv = gradeCsv(rows).split('\r\n');
    expect(csv[0]).toBe('student,score,max,failing_properties,reason,trace_paths');
    expect(csv.slice(1, -1).map((l) => l.split(',')[0])).toEqual(rows.map((r) => r.student));
    expect(csv.at(-1)).toBe('');
  });

  it('without the type check, a syntax error is the module\'s failure to load, with its line and column', async () => {
    const only = mkdtempSync(join(tmpdir(), 'kcheck-batch-syntax-'));
    cpSync(join(dir, 'syntax.ts'), join(only, 'syntax.ts'));
    const [row] = await gradeBatch(only, assignment, { limits: LIMITS, submissionTimeLimitMs: SUBMISSION_TIME_LIMIT_MS, outDir: join(only, 'out') });
    expect(row!.score).toBe(0);
    expect(row!.reason).toMatch(/NOT RUN: .*syntax\.ts failed to load: .*syntax\.ts:2:\d+: ERROR: /);
  });

  it('a submission past its time limit fails the tests not yet run, with the limit as the reason', async () => {
    const only = mkdtempSync(join(tmpdir(), 'kcheck-batch-limit-'));
    cpSync(join(dir, 'full'), join(only, 'full'), { recursive: true });
    // 1 ms: over before the first test starts (the module's import alone takes longer).
    const [row] = await gradeBatch(only, assignment, { limits: LIMITS, submissionTimeLimitMs: 1, outDir: join(only, 'out') });
    expect(row!.score).toBe(0);
    expect(row!.failing).toEqual(assignment.tests.map((t) => `${t.kind}:${t.claim}`));
    expect(row!.reason).toBe("run:idempotent-no-duplicates: NOT RUN: the submission's time limit (1 ms) was reached");
  });
});

describe('the CSV', () => {
  it('quotes commas, quotes and newlines, and defuses a cell a spreadsheet would run as a formula', () => {
    const row: GradeRow = { student: '=HYPERLINK("x")', score: 40, max: 100, failing: ['run:a', 'run:b'], reason: 'a "quoted", reason\nsecond line', traces: ['p/a.json', 'p/b.json'] };
    expect(gradeCsv([row]).split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",40,100,run:a;run:b,"a ""quoted"", reason\nsecond line",p/a.json;p/b.json`);
  });
});
