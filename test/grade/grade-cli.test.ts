/**
 * `kcheck grade` through the real process: a starter copied to a folder outside the checkout, run from there, is
 * graded (its `import … from 'kcheck'` resolving to the kcheck that runs it), loses points with the counterexample's
 * story and files; the same copy with the part written gets full marks and exit 0. Bad input exits 2 with one line.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignmentNumbered } from '../../src/grade/assignments.ts';

const KCHECK = join(process.cwd(), 'bin/kcheck.js');

function kcheck(args: string[], cwd = process.cwd()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KCHECK, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the starter at `home` with its stub (from `stubStart` to the default export) replaced by `solution`,
 * graded from its folder: full marks and exit 0. */
async function expectFullMarksWritten(home: string, assignment: number, stubStart: string, solution: string): Promise<void> {
  const solved = mkdtempSync(join(tmpdir(), `kcheck-student-a${assignment}-solved-`));
  cpSync(home, solved, { recursive: true });
  const source = readFileSync(join(solved, 'broker.ts'), 'utf8');
  const stub = source.slice(source.indexOf(stubStart), source.indexOf('export default'));
  writeFileSync(join(solved, 'broker.ts'), source.replace(stub, `${solution}\n`));
  const { code, stdout } = await kcheck(['grade', 'broker.ts', '--assignment', String(assignment), '--out-dir', 'out'], solved);
  expect(stdout.trimEnd().split('\n').at(-1)).toBe('score: 100/100 (full marks)');
  expect(code).toBe(0);
}

/** Kafka's rule, as a student writes it: the smallest log end over the maximal ISR, the leader's own included. */
const SOLUTION = `const leaderHighWatermark: BrokerParts['leaderHighWatermark'] = (replica, maximalIsr) => {
  let highWatermark = logEndOffset(replica);
  for (const broker of maximalIsr) {
    if (broker !== replica.leader) highWatermark = Math.min(highWatermark, replica.followers[broker]?.logEndOffset ?? -1);
  }
  return highWatermark;
};
`;

describe('a starter copied outside the checkout', () => {
  const assignment = assignmentNumbered(1)!;
  const home = mkdtempSync(join(tmpdir(), 'kcheck-student-'));
  cpSync(join('assignments', assignment.folder, 'starter'), home, { recursive: true });

  it('is graded from its own folder: the stub loses points, with the story and the viewer\'s path', async () => {
    const { code, stdout } = await kcheck(['grade', 'broker.ts', '--assignment', '1', '--out-dir', 'out'], home);
    expect(code).toBe(1);
    expect(stdout).toContain('assignment 1: Leader append, high-watermark advancement and acks=all (broker "student/assignment-1")');
    expect(stdout).toMatch(/FAIL {2}run:acks-all-durable +0\/30 {2}VIOLATED: acked-on-min-isr/);
    expect(stdout).toContain('first counterexample (run:acks-all-durable):');
    expect(stdout).toContain('viewer:    out/a1-run-acks-all-durable.html');
    expect(stdout).toContain('replay: npx kcheck replay out/a1-run-acks-all-durable.json --broker broker.ts');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('score: 0/100');
    expect(existsSync(join(home, 'out', 'a1-run-acks-all-durable.html'))).toBe(true);
  });

  it('with the part written, gets full marks and exit 0', async () => {
    await expectFullMarksWritten(home, 1, "const leaderHighWatermark: BrokerParts['leaderHighWatermark']", SOLUTION);
  });
});

/** Kafka's GroupMetadataManager load, as a student writes it with what kcheck exports: the latest record per key. */
const GROUPS_FROM_LOG = `const groupsFromLog: CoordinatorParts['groupsFromLog'] = (log, offsetsPartition, nowMs) => {
  const groups: Record<string, Group> = {};
  for (const record of log) {
    const entry = readOffsetsRecord(record);
    if (!entry) continue;
    const group = (groups[entry.groupId] ??= { groupId: entry.groupId, offsetsPartition, phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {}, offsets: {}, nextMemberSeq: 0, rebalance: null });
    if (entry.kind === 'offset') {
      group.offsets[entry.partition] = { offset: entry.offset, generation: entry.generation };
      continue;
    }
    Object.assign(group, { generation: entry.stored.generation, assignor: entry.stored.assignor, leaderId: entry.stored.leaderId, members: {} });
    for (const m of entry.stored.members) group.members[m.memberId] = { ...m, assignors: [...m.assignors], assignment: [...m.assignment], awaitingJoin: null, awaitingSync: null, lastHeartbeatMs: nowMs };
    group.phase = entry.stored.members.length > 0 ? 'Stable' : 'Empty';
  }
  return groups;
};
`;

describe('assignment 5\'s starter copied outside the checkout (a coordinator part, through kcheck\'s exports)', () => {
  const home = mkdtempSync(join(tmpdir(), 'kcheck-student-a5-'));
  cpSync(join('assignments', assignmentNumbered(5)!.folder, 'starter'), home, { recursive: true });

  it('the stub loses run:group-single-owner: a coordinator fail-over hands out generation 1 again', async () => {
    const { code, stdout } = await kcheck(['grade', 'broker.ts', '--assignment', '5', '--out-dir', 'out'], home);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}run:group-single-owner +0\/30 {2}VIOLATED: group-two-owners/);
    // A broker crash (the coordinator among them) before two members own one partition in one generation.
    expect(stdout).toMatch(/crash b\d \(the (leader|follower) of p\d\)/);
    expect(stdout).toMatch(/both own p\d in generation 1/);
    expect(stdout).toContain('viewer:    out/a5-run-group-single-owner.html');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^score: \d+\/100$/);
  });

  it('with groupsFromLog written, gets full marks and exit 0', async () => {
    await expectFullMarksWritten(home, 5, "const groupsFromLog: CoordinatorParts['groupsFromLog']", GROUPS_FROM_LOG);
  });
});

describe('kcheck grade, bad input', () => {
  it.each([
    [['grade', 'broker.ts'], /^kcheck: usage: kcheck grade needs --assignment N \(1\.\.5\)$/],
    [['grade', '--reference', '--assignment', '0'], /^kcheck: usage: --assignment must be a whole number from 1 to 5, got "0"$/],
    [['grade', '--assignment', '1'], /^kcheck: usage: kcheck grade needs exactly one of MODULE, --reference or --batch DIR$/],
    [['grade', 'test/fixtures/brokers/does-nothing.mjs', '--reference', '--assignment', '1'], /exactly one of/],
    [['grade', 'nowhere.ts', '--assignment', '1'], /^kcheck: broker: cannot read nowhere\.ts: no such file$/],
    [['grade', '--batch', 'test/fixtures/brokers', '--assignment', '1'], /^kcheck: usage: --batch needs --csv FILE/],
    [['grade', '--batch', 'nowhere', '--assignment', '1', '--csv', 'x.csv'], /^kcheck: usage: --batch needs a folder of submissions/],
    [['grade', '--reference', '--assignment', '1', '--csv', 'x.csv'], /--csv is where a batch's grades go/],
    [['grade', '--batch', 'docs', '--assignment', '1', '--csv', 'x.csv'], /holds no submission/],
    [['grade', '--batch', 'test/fixtures/brokers', '--assignment', '1', '--csv', 'test/fixtures/brokers/does-nothing.mjs/x.csv'], /^kcheck: output: cannot write into .*does-nothing\.mjs/],
    [['grade', '--reference', '--assignment', '1', '--memory-mb', '512'], /the reference runs in-process/],
    [['grade', 'test/fixtures/brokers/does-nothing.mjs', '--assignment', '1', '--typecheck', 'yes'], /--typecheck must be one of on, off/],
    [['grade', '--reference', '--assignment', '1', '--seed', '1.5'], /--seed must be a whole number/],
    [['grade', '--reference', '--assignment', '1', '--nope'], /^kcheck: usage: Unknown option '--nope'/],
  ])('%j exits 2 with one line', async (args, says) => {
    const { code, stdout, stderr } = await kcheck(args);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(says);
    expect(stdout).not.toMatch(/\n\s+at /);
  });

  it('--help tells the three forms and the exit codes', async () => {
    const { code, stdout } = await kcheck(['grade', '--help']);
    expect(code).toBe(0);
    for (const form of ['kcheck grade MODULE --assignment', 'kcheck grade --reference --assignment', 'kcheck grade --batch DIR --assignment N --csv FILE']) expect(stdout).toContain(form);
    expect(stdout).toContain('Exit codes: 0 full marks');
  });
});

describe('a starter beside a kcheck installed in its node_modules (npm install kcheck)', () => {
  it('is graded by that kcheck', async () => {
    // The layout npm gives: kcheck's files under <project>/node_modules/kcheck, its dependencies beside it
    // (here the checkout's own, linked), the student's folder with only the starter.
    const project = mkdtempSync(join(tmpdir(), 'kcheck-installed-'));
    const installed = join(project, 'node_modules', 'kcheck');
    for (const part of ['src', 'bin', 'package.json']) cpSync(part, join(installed, part), { recursive: true });
    symlinkSync(join(process.cwd(), 'node_modules'), join(installed, 'node_modules'));
    cpSync(join('assignments', assignmentNumbered(4)!.folder, 'starter'), project, { recursive: true });
    const child = spawn(process.execPath, [join(installed, 'bin', 'kcheck.js'), 'grade', 'broker.ts', '--assignment', '4', '--out-dir', 'out'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toMatch(/FAIL {2}run:idempotent-no-duplicates +0\/40 {2}VIOLATED: duplicate/);
    expect(code).toBe(1);
  });
});
