/**
 * `kcheck matrix` (= `npm start`): runs the guarantee matrix and writes reports/guarantee-matrix.md and .json,
 * which hold no wall time, and each cell's time to reports/runs/guarantee-matrix-times.json (ignored by git), so
 * a rerun that changed nothing but timing leaves the tracked reports as they were. Exit 0 iff every cell came out
 * as expected.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { matrixJson, matrixMarkdown, matrixSummary } from '../properties/matrix/matrix-report.ts';
import { cellRuns, runCell, selectCells, type CellResult } from '../properties/matrix/run-matrix.ts';
import { matrixCells, type MatrixCell } from '../properties/matrix/grid.ts';
import type { ClaimResult } from '../properties/check-claim.ts';
import { KcheckInputError } from '../input-error.ts';
import type { SandboxPool } from '../sandbox/sandbox-pool.ts';
import { checkClaimInSandbox } from '../sandbox/sandboxed-runs.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { outputPathFlag, progressLine, wholeNumberFlag, writeReport } from './flags.ts';
import { openPool, SANDBOX_OPTIONS, WORKERS_OPTION, WORKERS_USAGE } from './sandbox-flags.ts';
import { shardFlag, shardIndices, SHARD_OPTION, SHARD_USAGE, SHARDS_DIR, writeShardFile, type Shard } from './shards.ts';
import { RUNS_DIR, saveTrace } from './trace-files.ts';

const TIMES_FILE = `${RUNS_DIR}/guarantee-matrix-times.json`;

export const MATRIX_USAGE = `  kcheck matrix [--runs N] [--seed S] [--only TEXT] [--broker MODULE ...] [--workers N] [--shard i/n] [--out-dir DIR]
                                         run every claim over the grid (acks × minISR × unclean ×
                                         faults, and idempotence/partitions), or the cells whose id
                                         contains TEXT; writes reports/guarantee-matrix.md and .json
                                         (or DIR), and each cell's time to ${TIMES_FILE};
                                         exit 0 iff every cell is as expected; --broker as for check;
                                         ${WORKERS_USAGE}; ${SHARD_USAGE}
                                         (default DIR: ${SHARDS_DIR}); exit 0 iff its cells are as expected`;

/** The wall time of each cell: a measurement of this machine, so apart from the tracked report. */
function timesJson(results: readonly CellResult[], seed: number, brokerId: string): object {
  return {
    format: 'kcheck-guarantee-matrix-times',
    version: 1,
    broker: brokerId,
    seed,
    totalMs: Math.round(results.reduce((t, r) => t + r.durationMs, 0)),
    cells: results.map(({ cell, result, durationMs }) => ({ id: cell.id, outcome: result.outcome, runs: result.runs, durationMs: Math.round(durationMs) })),
  };
}

/** The cells run in the pool's worker threads, all started at once (as many run as there are workers), and
 * reported in grid order as runMatrix reports them. A cell's time runs from its start to its result. */
async function runCellsInPool(
  pool: SandboxPool,
  cells: readonly MatrixCell[],
  options: { seed: number; runs: number | undefined; onCell: (done: number, total: number, cell: CellResult) => void; saveCellTrace: (cell: MatrixCell, result: ClaimResult) => string | undefined },
): Promise<CellResult[]> {
  const started = cells.map((cell) => {
    const runs = cellRuns(cell, options.runs);
    return pool.use(async (sandbox) => {
      const startMs = performance.now();
      const result = await checkClaimInSandbox(sandbox, cell.claim, { source: 'matrix', cellId: cell.id }, { seed: options.seed, ...(runs ? { runs } : {}) });
      return { result, durationMs: performance.now() - startMs };
    });
  });
  const results: CellResult[] = [];
  for (const [i, cell] of cells.entries()) {
    const { result, durationMs } = await started[i]!;
    const tracePath = result.counterexample ? options.saveCellTrace(cell, result) : undefined;
    const done: CellResult = { cell, result, durationMs, ...(tracePath ? { tracePath } : {}) };
    results.push(done);
    options.onCell(results.length, cells.length, done);
  }
  return results;
}

/** A cell's result as a shard file holds it: the claim by its cell id (its judging functions are code). */
export interface ShardCellResult {
  cellId: string;
  result: Omit<ClaimResult, 'claim'>;
  durationMs: number;
}

/** The cells of one run: --only's selection, then the shard's share of it. */
function cellsToRun(only: string | undefined, shard: Shard | undefined): { cells: MatrixCell[]; indices: number[]; total: number } {
  const selected = selectCells(only);
  const indices = shardIndices(selected.length, shard);
  return { cells: indices.map((i) => selected[i]!), indices, total: selected.length };
}

export async function matrixCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { runs: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, ...SANDBOX_OPTIONS, ...WORKERS_OPTION, ...SHARD_OPTION, 'out-dir': { type: 'string' } },
    strict: true,
  });
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const runs = values.runs === undefined ? undefined : wholeNumberFlag(values.runs, 'runs', 1, 1);
  const shard = shardFlag(values.shard);
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? (shard ? SHARDS_DIR : 'reports');
  if (values.only !== undefined && selectCells(values.only).length === 0) {
    throw new KcheckInputError('usage', `--only ${JSON.stringify(values.only)} matches no cell; cell ids look like ${JSON.stringify(selectCells(undefined)[0]!.id)}`);
  }
  const { cells, indices, total: selectedTotal } = cellsToRun(values.only, shard);
  const pool = await openPool(values, cells.length);
  const progress = progressLine();
  const total = cells.length;
  let cellsDone = 0;
  const onCell = (done: number, _: number, { cell, result, durationMs }: CellResult) => {
    cellsDone = done;
    progress.done();
    if (!result.asExpected) console.log(`✗ ${cell.id}: expected ${cell.claim.expectation === 'always' ? 'holds' : 'may fail'}, got ${result.outcome}${result.brokerFailure ? ` (${result.brokerFailure})` : ''}`);
    progress.update(`  ${done}/${total} cells · ${cell.id} ${result.outcome} (${(durationMs / 1000).toFixed(1)} s)`);
  };
  // A shard's traces are written by `kcheck merge`, with the report; an unsharded run writes them as it goes.
  const saveCellTrace = shard ? () => undefined : (cell: MatrixCell, result: ClaimResult) => saveTrace(result, `${RUNS_DIR}/matrix`, cell.id);
  let results: CellResult[];
  try {
    results = pool
      ? await runCellsInPool(pool, cells, { seed, runs, onCell, saveCellTrace })
      : cells.map((cell, i) => {
          const done = runCell(cell, {
            seed,
            ...(runs ? { runs } : {}),
            broker: referenceBroker,
            nowMs: () => performance.now(),
            saveTrace: saveCellTrace,
            onRun: (c, runsDone) => progress.update(`  ${cellsDone + 1}/${total} cells · ${c.id}: run ${runsDone}`),
          });
          onCell(i + 1, total, done);
          return done;
        });
  } finally {
    await pool?.close();
  }
  progress.done();
  const brokerId = values.broker === undefined ? referenceBroker.id : pool!.brokerId || values.broker;
  if (shard) {
    const shardResults = results.map(({ cell, result: { claim: _claim, ...result }, durationMs }, i) => ({ index: indices[i]!, result: { cellId: cell.id, result, durationMs } satisfies ShardCellResult }));
    const path = writeShardFile(dir, 'matrix', shard, { seed, runs: runs ?? null, only: values.only ?? null, broker: brokerId }, selectedTotal, shardResults);
    const summary = matrixSummary(results);
    console.log(`shard ${shard.index}/${shard.count}: ${summary.asExpected} of ${summary.cells} cells as expected; shard file: ${path} (kcheck merge writes the report)`);
    return summary.unexpected === 0 ? 0 : 1;
  }
  return writeMatrixReports(results, seed, brokerId, dir);
}

/** The tracked reports (and the times apart), and the verdict: what an unsharded matrix and `kcheck merge` both end with. */
export function writeMatrixReports(results: CellResult[], seed: number, brokerId: string, dir: string): number {
  writeReport(`${dir}/guarantee-matrix.json`, `${JSON.stringify(matrixJson(results, seed, brokerId), null, 2)}\n`);
  writeReport(`${dir}/guarantee-matrix.md`, matrixMarkdown(results, seed, brokerId));
  writeReport(TIMES_FILE, `${JSON.stringify(timesJson(results, seed, brokerId), null, 2)}\n`);
  const summary = matrixSummary(results);
  const seconds = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
  console.log(`${summary.asExpected} of ${summary.cells} cells as expected in ${seconds.toFixed(1)} s; report: ${dir}/guarantee-matrix.md; times: ${TIMES_FILE}`);
  return summary.unexpected === 0 ? 0 : 1;
}

/** The cell results of a merged campaign, each with its claim again and its trace written as the matrix writes it. */
export function cellResultsFromShards(results: readonly ShardCellResult[]): CellResult[] {
  const cells = new Map(matrixCells().map((c) => [c.id, c]));
  return results.map(({ cellId, result, durationMs }) => {
    const cell = cells.get(cellId);
    if (!cell) throw new KcheckInputError('shard', `the shard files name matrix cell ${JSON.stringify(cellId)}, which this kcheck does not have`);
    const full: ClaimResult = { ...result, claim: cell.claim };
    const tracePath = full.counterexample ? saveTrace(full, `${RUNS_DIR}/matrix`, cell.id) : undefined;
    return { cell, result: full, durationMs, ...(tracePath ? { tracePath } : {}) };
  });
}
