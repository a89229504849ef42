/**
 * The bug zoo as users read it: reports/bug-zoo.md (a table of the variants, then each one's shrunk
 * counterexample) and reports/bug-zoo.json (every figure per seed).
 */
import { mcKnownMisses } from './mc-known-misses.ts';
import { KCHECK_VERSION } from '../version.ts';
import type { ZooBenchResult, ZooFigures } from '../bench/zoo-bench.ts';
import { huntOrder } from './hunt.ts';
import { REFERENCE_ENTRY } from './registry.ts';

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function ms(value: number | null): string {
  if (value === null) return '—';
  return value < 1_000 ? `${Math.round(value)} ms` : `${(value / 1_000).toFixed(1)} s`;
}

function seedRange(seeds: readonly number[]): string {
  return seeds.length > 1 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1) ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ');
}

export function zooJson(result: ZooBenchResult): object {
  return { format: 'kcheck-bug-zoo', version: 1, kcheckVersion: KCHECK_VERSION, ...result };
}

function entryRow(e: ZooFigures): string {
  const detected = `${e.detected ? '✓' : '✗'} ${e.caught}/${e.seeds.length}${e.knownMiss && !e.detected ? ' (known miss)' : ''}`;
  const expected = `${e.expectedCaught}/${e.seeds.length}`;
  const trace = e.example?.trace ? `[${e.id}](zoo/${e.example.trace.split('/').pop()})` : '—';
  return row([e.name, `\`${e.part}\``, e.reference, e.expectedProperty, detected, e.caughtBy ?? '—', expected, ms(e.medianMsToDetect), ms(e.maxMsToDetect), e.medianShrunkSteps === null ? '—' : String(e.medianShrunkSteps), trace]);
}

/** The exhaustive model checker's word on the known misses, with the bounds it searched (src/zoo/mc-known-misses.json). */
function modelCheckedMisses(): string[] {
  const misses = mcKnownMisses();
  if (misses.length === 0) return [];
  return [
    '## The known misses under the model checker',
    '',
    '`kcheck mc` (docs/model-checking.md) searched these variants within the bounds given (the strategy is among them): a violation found is a catch; "verified within bounds (space exhausted)" means no schedule within those bounds harms, not that none beyond them does; "no violation up to depth D" is a search cut short by its state bound. The harm of each needs more than these bounds hold (pauses, two leader changes, a second send), which the hand-built schedules of test/zoo/deep-variants.test.ts show.',
    '',
    '| Variant | Property | Result | Bounds | Command |',
    '| --- | --- | --- | --- | --- |',
    ...misses.map((m) => `| ${m.variant} | ${m.property} | ${m.result} | ${m.bounds} | \`${m.command}\` |`),
    '',
  ];
}

export function zooMarkdown(result: ZooBenchResult): string {
  const { summary, targets, budget, control } = result;
  const claims = huntOrder({ expectedProperty: '' }).map((c) => c.name);
  const groupClaims = huntOrder(REFERENCE_ENTRY).map((c) => c.name).filter((name) => !claims.includes(name));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [
    '# Bug zoo',
    '',
    `kcheck ${KCHECK_VERSION}, seeds ${seedRange(result.seeds)}. Regenerate with \`npm run bench:zoo\` (= \`kcheck zoo\`); docs/bug-zoo.md explains the zoo.`,
    '',
    `**${summary.detected} of ${summary.entries} variants detected on every seed**, ${summary.expectedCaught} of them by the expected property on every seed` +
      `${summary.knownMisses > 0 ? `; ${summary.knownMisses} known miss(es), explained below` : ''}. ` +
      `The reference broker: ${control.caught === 0 ? 'no false alarm' : `**${control.caught} FALSE ALARM(S)**`} (${claims.length + groupClaims.length} always claims × ${budget.otherRuns} schedules × ${result.seeds.length} seeds).`,
    '',
    `Each variant is hunted once per seed: the \`always\` claims in turn, its expected property first (up to ${budget.expectedRuns} schedules), then the others (up to ${budget.otherRuns} each: ${claims.join(', ')}; a group coordinator variant and the reference also the group claims: ${groupClaims.join(', ')}), until one is violated or the broker fails. ` +
      '“Time to detect” is the wall time from the start of the hunt to the first violating schedule, before shrinking (claims tried before it included); the median and the maximum are over the seeds. “Shrunk” counts the steps of the shrunk story.',
    '',
    row(['Variant', 'Swapped part', 'Reference', 'Expected property', 'Detected', 'Caught by', 'Expected caught', 'Median time to detect', 'Max', 'Shrunk steps', 'Example trace']),
    row(['---', '---', '---', '---', '---', '---', '---', '---:', '---:', '---:', '---']),
    ...result.entries.map(entryRow),
    '',
    '| Target | Goal | Actual | Status |',
    '| --- | --- | --- | --- |',
    `| Median time to detect (median of the variants' medians; not detected counts as slowest) | < ${ms(targets.medianDetectMs.target)} | ${ms(targets.medianDetectMs.actual)} | ${met(targets.medianDetectMs.met)} |`,
    `| Every variant's median time to detect (known misses apart) | < ${ms(targets.entryDetectMs.target)} | slowest detected ${ms(targets.entryDetectMs.actual)}${targets.entryDetectMs.undetected.length > 0 ? `; not detected: ${targets.entryDetectMs.undetected.join(', ')}` : ''}${targets.entryDetectMs.knownMisses.length > 0 ? `; known miss(es), searched by the model checker below: ${targets.entryDetectMs.knownMisses.join(', ')}` : ''} | ${met(targets.entryDetectMs.met)} |`,
    '',
    ...modelCheckedMisses(),
    '## What each variant gets wrong, and how kcheck caught it',
    '',
  ];
  for (const e of result.entries) {
    lines.push(`### ${e.name}`, '', `\`${e.file}\` swaps \`${e.part}\`. ${e.wrong}`, '', `Reference: ${e.reference}. Expected to be caught by \`${e.expectedProperty}\`.`, '');
    if (e.knownMiss) lines.push(`**Known miss**: ${e.knownMiss}`, '');
    const ex = e.example;
    if (!ex) {
      lines.push('**Not caught** within the budget.', '');
      continue;
    }
    lines.push(`Caught by \`${ex.claim}\` (seed ${ex.seed}): ${ex.anomaly}.`, '', '```', ...ex.story, `  → ${ex.message}`, '```');
    lines.push(`fast-check seed ${ex.fcSeed}, path \`${ex.path}\`${ex.trace ? `; trace \`${ex.trace}\`` : ''}`, '');
  }
  return `${lines.join('\n')}\n`;
}
