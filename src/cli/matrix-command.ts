/**
 * `kcheck matrix` (= `npm start`): runs the guarantee matrix and writes reports/guarantee-matrix.md and .json.
 * Exit 0 iff every cell came out as expected.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { matrixJson, matrixMarkdown, matrixSummary } from '../properties/matrix/matrix-report.ts';
import { runMatrix } from '../properties/matrix/run-matrix.ts';
import { loadBroker } from '../broker-loader/load-broker.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { progressLine, wholeNumberFlag, writeReport } from './flags.ts';
import { RUNS_DIR, saveTrace } from './trace-files.ts';

export const MATRIX_USAGE = `  kcheck matrix [--runs N] [--seed S] [--only TEXT] [--broker MODULE] [--out-dir DIR]
                                         run every claim over the grid (acks × minISR × unclean ×
                                         faults, and idempotence/partitions); writes
                                         reports/guarantee-matrix.md and .json (or DIR); exit 0 iff
                                         every cell is as expected`;

export async function matrixCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { runs: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, broker: { type: 'string' }, 'out-dir': { type: 'string', default: 'reports' } },
    strict: true,
  });
  const broker = values.broker === undefined ? referenceBroker : await loadBroker(values.broker);
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const runs = values.runs === undefined ? undefined : wholeNumberFlag(values.runs, 'runs', 1, 1);
  const progress = progressLine();
  const results = runMatrix({
    seed,
    ...(runs ? { runs } : {}),
    ...(values.only ? { filter: values.only } : {}),
    broker,
    nowMs: () => performance.now(),
    saveTrace: (cell, result) => saveTrace(result, `${RUNS_DIR}/matrix`, cell.id),
    onCell: (done, total, { cell, result, durationMs }) => {
      progress.done();
      if (!result.asExpected) console.log(`✗ ${cell.id}: expected ${cell.claim.expectation === 'always' ? 'holds' : 'may fail'}, got ${result.outcome}`);
      progress.update(`  ${done}/${total} cells · ${cell.id} ${result.outcome} (${(durationMs / 1000).toFixed(1)} s)`);
    },
  });
  progress.done();
  const dir = values['out-dir']!;
  writeReport(`${dir}/guarantee-matrix.json`, `${JSON.stringify(matrixJson(results, seed, broker.id), null, 2)}\n`);
  writeReport(`${dir}/guarantee-matrix.md`, matrixMarkdown(results, seed, broker.id));
  const summary = matrixSummary(results);
  const seconds = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
  console.log(`${summary.asExpected} of ${summary.cells} cells as expected in ${seconds.toFixed(1)} s; liveness failures: ${summary.livenessFailures}; report: ${dir}/guarantee-matrix.md`);
  return summary.unexpected === 0 ? 0 : 1;
}
