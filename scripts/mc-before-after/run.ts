/**
 * The model checker before and after a change: the bench's mc figures (measure.ts) of BASE's tree and of this one,
 * side by side in one run, alternating the trees ROUNDS times (the median kept) on this noisy machine. The older
 * tree is a git worktree of BASE with this tree's node_modules linked in. Prints a markdown table.
 * Run: node --import tsx scripts/mc-before-after/run.ts [BASE [STATES [ROUNDS]]]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Search { strategy: string; por: boolean; distinct: number; generated: number; cpuSeconds: number; wallSeconds: number; bytesPerState: number }
interface Measured { searches: Search[]; copyUs: number; stepUs: number; fingerprintUs: number }

const [base = 'f88f6ca', states = '20000', roundsText = '3'] = process.argv.slice(2);
const here = resolve(import.meta.dirname, '../..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
const measure = (root: string): Measured => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'scripts/mc-before-after/measure.ts'), root, states], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'kcheck-mc-before-'));
const before = join(dir, 'tree');
git('worktree', 'add', '--detach', before, base);
const rounds: Record<'before' | 'after', Measured[]> = { before: [], after: [] };
try {
  if (!existsSync(join(before, 'node_modules'))) symlinkSync(join(here, 'node_modules'), join(before, 'node_modules'), 'dir');
  for (let round = 0; round < Number(roundsText); round++) {
    rounds.before.push(measure(before));
    rounds.after.push(measure(here));
  }
} finally {
  git('worktree', 'remove', '--force', before);
  rmSync(dir, { recursive: true, force: true });
}
const lines = [`| search (${states} states) | before (${git('rev-parse', '--short', base)}): distinct/CPU-s | after (${git('rev-parse', '--short', 'HEAD')}) | before: wall distinct/s | after | generated before / after | visited bytes/state before / after |`, '| --- | ---: | ---: | ---: | ---: | --- | --- |'];
rounds.after[0]!.searches.forEach((search, i) => {
  const of = (side: 'before' | 'after', f: (s: Search) => number) => Math.round(median(rounds[side].map((m) => f(m.searches[i]!))));
  const b = rounds.before[0]!.searches[i]!;
  lines.push(`| ${search.strategy}${search.por ? ' --por' : ''} | ${of('before', (s) => s.distinct / s.cpuSeconds)} | ${of('after', (s) => s.distinct / s.cpuSeconds)} | ${of('before', (s) => s.distinct / s.wallSeconds)} | ${of('after', (s) => s.distinct / s.wallSeconds)} | ${b.generated} / ${search.generated} | ${b.bytesPerState.toFixed(1)} / ${search.bytesPerState.toFixed(1)} |`);
});
const part = (side: 'before' | 'after', f: (m: Measured) => number) => median(rounds[side].map(f)).toFixed(1);
lines.push('', '| per successor (µs) | before | after |', '| --- | ---: | ---: |');
for (const [name, f] of [['copy', (m: Measured) => m.copyUs], ['step', (m: Measured) => m.stepUs], ['fingerprint', (m: Measured) => m.fingerprintUs]] as const) lines.push(`| ${name} | ${part('before', f)} | ${part('after', f)} |`);
console.log(lines.join('\n'));
