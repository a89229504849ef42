/**
 * The guarantee matrix as users read it: reports/guarantee-matrix.md (tables) and .json (every cell with its
 * settings, expectation, outcome, runs, the shrunk schedule and the cause). Both are tracked, so they hold no
 * wall time: the same seed and code give the same bytes on any machine (the CLI writes the times apart).
 */
import { storyLines } from '../runner/story.ts';
import { displayText } from '../../text/display-text.ts';
import { KCHECK_VERSION } from '../../version.ts';
import type { ClaimResult } from '../check-claim.ts';
import { CHECK_TIMING } from '../settings.ts';
import type { CellResult } from './run-matrix.ts';

function outcomeText(result: ClaimResult): string {
  switch (result.outcome) {
    case 'holds':
      return `holds after ${result.runs} runs`;
    case 'not-witnessed':
      return `NOT witnessed in ${result.runs} runs`;
    case 'broker-failed':
      return `BROKER FAILED: ${result.counterexample!.finding.message}`;
    case 'vacuous':
      return `VACUOUS: ${result.vacuity ?? ''}`;
    case 'liveness':
    case 'witnessed':
    case 'violated': {
      const ce = result.counterexample!;
      const steps = storyLines(ce.run.executed).length;
      const word = result.outcome === 'violated' ? 'VIOLATED' : result.outcome === 'liveness' ? 'LIVENESS VIOLATED' : 'violated';
      return `${word}: ${ce.finding.kind} after ${result.runs} run(s), shrunk to ${steps} step(s)`;
    }
    default: {
      const never: never = result.outcome;
      return String(never);
    }
  }
}

function expectationText(result: ClaimResult): string {
  return result.claim.expectation === 'always' ? 'holds' : 'may fail';
}

export function matrixSummary(results: readonly CellResult[]): { cells: number; asExpected: number; unexpected: number } {
  const asExpected = results.filter((r) => r.result.asExpected).length;
  return { cells: results.length, asExpected, unexpected: results.length - asExpected };
}

export function matrixJson(results: readonly CellResult[], seed: number, brokerId: string): object {
  return {
    format: 'kcheck-guarantee-matrix',
    // 2: no durationMs per cell (the times go to reports/runs/guarantee-matrix-times.json). 3: liveness and vacuity
    // are outcomes (no livenessFailures count); each cell has its progress figures.
    version: 3,
    kcheckVersion: KCHECK_VERSION,
    broker: brokerId,
    seed,
    timing: CHECK_TIMING,
    summary: matrixSummary(results),
    cells: results.map(({ cell, result, tracePath }) => ({
      id: cell.id,
      table: cell.table,
      claim: cell.claim.id,
      property: cell.claim.name,
      statement: cell.claim.statement,
      settings: cell.claim.settings,
      expectation: cell.claim.expectation,
      outcome: result.outcome,
      asExpected: result.asExpected,
      runs: result.runs,
      progress: result.progress,
      ...(result.vacuity ? { vacuity: result.vacuity } : {}),
      ...(result.counterexample
        ? {
            counterexample: {
              anomaly: result.counterexample.finding.kind,
              message: result.counterexample.finding.message,
              cause: result.counterexample.cause ?? null,
              story: storyLines(result.counterexample.run.executed),
              seed: result.counterexample.seed,
              path: result.counterexample.path,
              trace: tracePath ?? null,
            },
          }
        : {}),
    })),
  };
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function matrixMarkdown(results: readonly CellResult[], seed: number, brokerId: string): string {
  const summary = matrixSummary(results);
  const lines = [
    '# Guarantee matrix',
    '',
    `Broker \`${displayText(brokerId)}\`, seed ${seed}, kcheck ${KCHECK_VERSION}. Regenerate with \`npm start\` (= \`kcheck matrix\`).`,
    '',
    `**${summary.asExpected} of ${summary.cells} cells as expected**${summary.unexpected ? `, ${summary.unexpected} NOT` : ''}. ` +
      'Every cell judges liveness too: a run that does not converge after repair fails it, whatever it expects.',
    '',
    'Every run: 3 brokers, RF=3, one producer, a consumer polling during the run; a fault phase of up to 30 steps',
    '(at most 2 brokers impaired at once: crashed, paused or cut off), then heal, restart, converge, and a final read',
    `of every partition from offset 0. Timeouts (ms): ${Object.entries(CHECK_TIMING).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '“holds” = no schedule violated it within the runs; “may fail” = kcheck must find a violating schedule, shrink it, and show the expected cause.',
    '',
  ];
  const headings = {
    durability: '## Durability: acks × minISR × unclean election × faults',
    delivery: '## Delivery: ordering, duplicates, batches',
    availability: '## Availability: an acks=all send after repair with followers up but lagging; a leader after repair, with a crashed broker left down or not',
    groups: '## Consumer groups (C12): two members of one group share two partitions; members and the coordinator fail (docs/consumer-groups.md)',
  } as const;
  for (const table of ['durability', 'delivery', 'availability', 'groups'] as const) {
    lines.push(headings[table], '');
    lines.push(row(['cell', 'expected', 'outcome', 'ok']), row(['---', '---', '---', '---']));
    for (const { cell, result } of results.filter((r) => r.cell.table === table)) {
      lines.push(row([cell.id, expectationText(result), outcomeText(result), result.asExpected ? '✓' : '✗']));
    }
    lines.push('');
  }
  lines.push('## Counterexamples (shrunk)', '');
  for (const { cell, result, tracePath } of results) {
    const ce = result.counterexample;
    if (!ce) continue;
    lines.push(`### ${cell.id}`, '');
    lines.push(`${ce.finding.kind}: ${ce.finding.message}`, '');
    if (ce.cause) lines.push(`Cause: ${ce.cause}`, '');
    lines.push('```', ...storyLines(ce.run.executed), `  → step ${ce.finding.step}: ${ce.finding.kind}`, '```');
    lines.push(`fast-check seed ${ce.seed}, path \`${ce.path}\`${tracePath ? `; trace \`${tracePath}\`` : ''}`, '');
  }
  return `${lines.join('\n')}\n`;
}
