/**
 * Schedules per second before and after issue 15 (directed faults, liveness and vacuity verdicts, availability
 * claims, deeper schedules): the `always` claims both trees have, measured side by side in one run, alternating
 * the trees ROUNDS times (the median kept) on this noisy machine. The older tree is a git worktree of BASE (the
 * last commit before issue 15's work, by default) with this tree's node_modules linked in.
 * Writes reports/schedules-before-after.md. Run: npm run bench:before-after [-- BASE RUNS ROUNDS]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [base = '88bd2c4', runsText = '500', roundsText = '3'] = process.argv.slice(2);
const runs = Number(runsText);
const rounds = Number(roundsText);
const here = resolve(import.meta.dirname, '../..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();

interface Measured {
  name: string;
  runs: number;
  ms: number;
  outcome: string;
}

function measure(root: string): Measured[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'scripts/bench-before-after/measure.ts'), root, String(runs)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const baseCommit = git('rev-parse', '--short', base);
// The last commit that changed src/: a commit elsewhere (docs, reports) leaves the report as it was.
const headCommit = git('log', '-1', '--format=%h', '--', 'src');
const dir = mkdtempSync(join(tmpdir(), 'kcheck-before-'));
const before = join(dir, 'tree');
git('worktree', 'add', '--detach', before, baseCommit);
try {
  if (!existsSync(join(before, 'node_modules'))) symlinkSync(join(here, 'node_modules'), join(before, 'node_modules'), 'dir');
  const timings = { before: [] as Measured[][], after: [] as Measured[][] };
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round} of ${rounds}: ${baseCommit}, then ${headCommit}`);
    timings.before.push(measure(before));
    timings.after.push(measure(here));
  }
  const names = timings.after[0]!.map((m) => m.name).filter((name) => timings.before[0]!.some((m) => m.name === name));
  const rate = (side: Measured[][], name: string) => {
    const ms = median(side.map((r) => r.find((m) => m.name === name)!.ms));
    return (side[0]!.find((m) => m.name === name)!.runs * 1000) / ms;
  };
  const rows = names.map((name) => {
    const [b, a] = [rate(timings.before, name), rate(timings.after, name)];
    return `| ${name} | ${Math.round(b)} | ${Math.round(a)} | ${(a / b).toFixed(2)}× |`;
  });
  const totalRate = (side: Measured[][]) => (names.length * runs * 1000) / names.reduce((sum, name) => sum + median(side.map((r) => r.find((m) => m.name === name)!.ms)), 0);
  const [totalBefore, totalAfter] = [totalRate(timings.before), totalRate(timings.after)];
  const lines = [
    '# Schedules per second, before and after issue 15',
    '',
    `The \`always\` claims that both trees have, on the reference broker, seed 1, ${runs} schedules each; the before tree is commit \`${baseCommit}\` (before issue 15: no triggers, holds, delivery-order seeds, writeback steps, availability probe, liveness or vacuity verdicts), the after tree the working tree, whose last change to src/ is \`${headCommit}\`. Measured side by side in one run, alternating the trees ${rounds} times, median kept, one core each, with JIT warm-up before timing. Regenerate with \`npm run bench:before-after\`.`,
    '',
    '| Claim | Before (schedules/s) | After (schedules/s) | After / before |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    `| all of them | ${Math.round(totalBefore)} | ${Math.round(totalAfter)} | ${(totalAfter / totalBefore).toFixed(2)}× |`,
    '',
    'A claim whose schedules changed shape (deeper, with directed steps) or whose runs now do more after the fault phase (the availability probe, a second convergence) costs more per schedule; the rate is the price of what each schedule now reaches.',
    '',
  ];
  writeFileSync(join(here, 'reports/schedules-before-after.md'), lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  git('worktree', 'remove', '--force', before);
  rmSync(dir, { recursive: true, force: true });
}
