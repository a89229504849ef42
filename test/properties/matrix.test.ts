/**
 * The guarantee matrix in `npm test`: every cell as design.md §1 expects, with fewer runs per `always` cell
 * than `npm start` uses; and the report's shape.
 */
import { describe, expect, it } from 'vitest';
import { matrixCells } from '../../src/properties/matrix/grid.ts';
import { matrixJson, matrixMarkdown, matrixSummary } from '../../src/properties/matrix/matrix-report.ts';
import { runMatrix } from '../../src/properties/matrix/run-matrix.ts';

describe('guarantee matrix', () => {
  it('covers acks × minISR × unclean × faults, and idempotence, in-flight and partitions', () => {
    const ids = matrixCells().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.endsWith('no-acked-loss'))).toHaveLength(3 * 2 * 2 * 5);
    expect(ids).toContain('acks=all minISR=2 unclean=off crash: no-acked-loss');
    expect(matrixCells().find((c) => c.id === 'acks=all minISR=2 unclean=off crash: no-acked-loss')!.claim.expectation).toBe('always');
    expect(matrixCells().find((c) => c.id === 'acks=1 minISR=2 unclean=off crash: no-acked-loss')!.claim.expectation).toBe('sometimes');
  });

  it('every cell comes out as expected (CI budget), and the report says so', () => {
    let clock = 0;
    const results = runMatrix({ seed: 1, runs: 30, nowMs: () => clock++ });
    const unexpected = results.filter((r) => !r.result.asExpected).map((r) => `${r.cell.id}: ${r.result.outcome}`);
    expect(unexpected).toEqual([]);
    expect(matrixSummary(results)).toMatchObject({ cells: results.length, unexpected: 0 });
    const markdown = matrixMarkdown(results, 1, 'reference');
    expect(markdown).toContain(`**${results.length} of ${results.length} cells as expected**`);
    const json = matrixJson(results, 1, 'reference') as { cells: Array<{ outcome: string; counterexample?: { story: string[] } }> };
    expect(json.cells.filter((c) => c.outcome === 'witnessed').every((c) => c.counterexample!.story.length > 0)).toBe(true);
  });
});
