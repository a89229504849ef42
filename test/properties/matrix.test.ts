/**
 * The guarantee matrix in `npm test`: every cell as expected (docs/verification.md §4), one test per cell, with
 * a run budget (`CI_RUNS` schedules per `always` cell, fewer than `npm start` runs; a `sometimes` cell runs until
 * its deterministic witness, within its own run budget); and the report's shape, which holds no wall time.
 */
import { describe, expect, it } from 'vitest';
import { matrixCells, type MatrixCell } from '../../src/properties/matrix/grid.ts';
import { matrixJson, matrixMarkdown, matrixSummary } from '../../src/properties/matrix/matrix-report.ts';
import { runCell, runMatrix } from '../../src/properties/matrix/run-matrix.ts';

/** Runs per `always` cell: a run count, not a time limit. */
const CI_RUNS = 30;
const SEED = 1;
/** A clock that counts calls: the matrix reads time only to report it. */
const counter = () => {
  let calls = 0;
  return () => calls++;
};

describe('guarantee matrix', () => {
  it('covers acks × minISR × unclean × faults, and idempotence, in-flight and partitions', () => {
    const ids = matrixCells().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.endsWith('no-acked-loss'))).toHaveLength(3 * 2 * 2 * 5);
    expect(ids).toContain('acks=all minISR=2 unclean=off crash: no-acked-loss');
    expect(matrixCells().find((c) => c.id === 'acks=all minISR=2 unclean=off crash: no-acked-loss')!.claim.expectation).toBe('always');
    expect(matrixCells().find((c) => c.id === 'acks=1 minISR=2 unclean=off crash: no-acked-loss')!.claim.expectation).toBe('sometimes');
  });

  it('shows the boundary of leader-after-heal: a crashed broker left down leaves a partition leaderless only under clean election', () => {
    const a1 = matrixCells().filter((c) => c.claim.id === 'A1');
    expect(a1.map((c) => [c.id, c.claim.expectation])).toEqual([
      ['unclean=off every broker repaired: leader-after-heal', 'always'],
      ['unclean=off 1 crashed broker left down: leader-after-heal', 'sometimes'],
      ['unclean=on 1 crashed broker left down: leader-after-heal', 'always'],
    ]);
  });

  it('has a groups table: one row per C12 claim, with the claim\'s own expectation', () => {
    const groups = matrixCells().filter((c) => c.table === 'groups');
    expect(groups.map((c) => [c.claim.name, c.claim.expectation])).toEqual([
      ['group-single-owner', 'always'],
      ['group-at-least-once', 'always'],
      ['group-at-most-once-skip', 'sometimes'],
      ['group-commits-monotonic', 'always'],
      ['group-fenced-commit', 'always'],
    ]);
  });

  it('writes a report that names every cell and its outcome, and no wall time', () => {
    // The cells of one column: an always cell and a sometimes cell with its counterexample.
    const results = runMatrix({ seed: SEED, runs: CI_RUNS, filter: 'acks=1 minISR=1 unclean=off crash', nowMs: counter() });
    expect(results.map((r) => r.result.outcome).sort()).toEqual(['holds', 'witnessed']);
    expect(matrixSummary(results)).toMatchObject({ cells: 2, unexpected: 0 });
    const markdown = matrixMarkdown(results, SEED, 'reference');
    expect(markdown).toContain('**2 of 2 cells as expected**');
    expect(markdown).not.toMatch(/\d s \|/);
    const json = matrixJson(results, SEED, 'reference') as { cells: Array<Record<string, unknown> & { outcome: string; counterexample?: { story: string[] } }> };
    expect(json.cells.filter((c) => c.outcome === 'witnessed').every((c) => c.counterexample!.story.length > 0)).toBe(true);
    expect(json.cells.every((c) => !('durationMs' in c))).toBe(true);
  });
});

const byTable = (table: MatrixCell['table']) => matrixCells().filter((c) => c.table === table).map((c) => [c.id, c] as const);

describe.each(['durability', 'delivery', 'availability', 'groups'] as const)('every %s cell comes out as expected (CI budget)', (table) => {
  it.each(byTable(table))('%s', (_, cell) => {
    const { result } = runCell(cell, { seed: SEED, runs: CI_RUNS, nowMs: counter() });
    expect(result.outcome, result.counterexample?.finding.message).toBe(cell.claim.expectation === 'always' ? 'holds' : 'witnessed');
    expect(result.asExpected).toBe(true);
    if (cell.claim.expectation === 'always') expect(result.runs).toBe(CI_RUNS);
    else expect(result.runs).toBeLessThanOrEqual(cell.claim.budget.runs);
  });
});
