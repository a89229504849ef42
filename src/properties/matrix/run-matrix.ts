/**
 * Runs every cell of the guarantee matrix and says whether each outcome matches its expectation. The
 * clock is passed in (the CLI's wall clock) so that this module stays free of real time; only the durations
 * depend on it, and they stay out of the tracked report (matrix-report.ts).
 */
import type { BrokerLogic } from '../../system/kernel/broker-logic.ts';
import { checkClaim, type ClaimResult } from '../check-claim.ts';
import { matrixCells, type MatrixCell } from './grid.ts';

export interface CellResult {
  cell: MatrixCell;
  result: ClaimResult;
  durationMs: number;
  /** Where the cell's counterexample trace was written, if it has one. */
  tracePath?: string;
}

export interface MatrixOptions {
  seed: number;
  /** Overrides every cell's run budget (an `always` cell runs exactly this many schedules). */
  runs?: number;
  broker?: BrokerLogic<unknown>;
  nowMs: () => number;
  /** Saves a counterexample and returns its path. */
  saveTrace?: (cell: MatrixCell, result: ClaimResult) => string | undefined;
  /** Called after each schedule of a cell ran, with how many have. */
  onRun?: (cell: MatrixCell, runsDone: number) => void;
  onCell?: (done: number, total: number, cell: CellResult) => void;
  /** Only the cells whose id contains this text. */
  filter?: string;
}

/** The cells whose id contains `filter` (all without one). */
export function selectCells(filter: string | undefined): MatrixCell[] {
  return matrixCells().filter((c) => !filter || c.id.includes(filter));
}

/** A cell's schedules under a --runs override: exactly that for an `always` cell, at least its own budget for a `sometimes` one. */
export function cellRuns(cell: MatrixCell, runs: number | undefined): number | undefined {
  return runs === undefined ? undefined : cell.claim.expectation === 'always' ? runs : Math.max(runs, cell.claim.budget.runs);
}

/** One cell, under the run budget of `options` (see cellRuns). */
export function runCell(cell: MatrixCell, options: Omit<MatrixOptions, 'onCell' | 'filter'>): CellResult {
  const startMs = options.nowMs();
  const runs = cellRuns(cell, options.runs);
  const onRun = options.onRun;
  const result = checkClaim(cell.claim, { seed: options.seed, broker: options.broker, ...(runs ? { runs } : {}), ...(onRun ? { onRun: (runsDone: number) => onRun(cell, runsDone) } : {}) });
  const tracePath = result.counterexample ? options.saveTrace?.(cell, result) : undefined;
  return { cell, result, durationMs: options.nowMs() - startMs, ...(tracePath ? { tracePath } : {}) };
}

export function runMatrix(options: MatrixOptions): CellResult[] {
  const cells = selectCells(options.filter);
  const results: CellResult[] = [];
  for (const cell of cells) {
    results.push(runCell(cell, options));
    options.onCell?.(results.length, cells.length, results[results.length - 1]!);
  }
  return results;
}
