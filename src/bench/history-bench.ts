/**
 * The history checker's benchmark: seeded synthetic histories (synthetic-history.ts) of 10k, 100k and 1M ops, each
 * checked once the way `kcheck history` checks a file — its JSON text read op by op (historyOps) and checked as
 * it comes (checkOps) — one 100k history with injected anomalies, and one 100k history as Jepsen's EDN. Building the history and its text is not
 * timed, nor is reading a file. Only the measurement reads wall and CPU time.
 */
import { performance } from 'node:perf_hooks';
import { checkOps } from '../model/check-history.ts';
import type { AnomalyName, Op } from '../model/history.ts';
import { jepsenHistory } from '../model/jepsen/jepsen-history.ts';
import { historyOps } from '../model/parse-history.ts';
import { jepsenEdnText } from './jepsen-edn-text.ts';
import { buildSyntheticHistory } from './synthetic-history.ts';

export const HISTORY_BENCH_TARGETS = {
  /** `kcheck history` on a 1,000,000-op history (issue 12). */
  millionOpsMs: 10_000,
} as const;

export interface HistoryBenchRow {
  /** What the history is: `valid`, or the anomalies injected into it. */
  kind: string;
  /** kcheck's JSON, or Jepsen's history.edn (`--jepsen`). */
  format: 'json' | 'jepsen-edn';
  ops: number;
  textBytes: number;
  wallMs: number;
  cpuMs: number;
  opsPerSecond: number;
  valid: boolean;
  counts: Partial<Record<AnomalyName, number>>;
}

export interface HistoryBenchResult {
  seed: number;
  rows: HistoryBenchRow[];
  target: { target: number; actual: number; met: boolean };
}

/** The sizes checked, valid; then the anomalous one; then one as Jepsen's EDN (its reader is the slow part). */
const VALID_SIZES = [10_000, 100_000, 1_000_000];
const ANOMALOUS = { ops: 100_000, anomalies: 6 };
const EDN_OPS = 100_000;

/** The history as a file would hold it: one op per line. */
export function historyJsonText(ops: readonly Op[]): string {
  return `{"format": "kcheck-history", "version": 1, "ops": [\n${ops.map((op) => JSON.stringify(op)).join(',\n')}\n]}\n`;
}

function measure(kind: string, format: HistoryBenchRow['format'], text: string): HistoryBenchRow {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const report = format === 'json' ? checkOps(historyOps(text, kind)) : checkJepsen(text);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return {
    kind,
    format,
    ops: report.opCount,
    textBytes: Buffer.byteLength(text),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    opsPerSecond: wallMs > 0 ? (report.opCount / wallMs) * 1000 : 0,
    valid: report.valid,
    counts: report.counts,
  };
}

/** As `kcheck history --jepsen` checks a file, from its lines. */
function checkJepsen(text: string): ReturnType<typeof checkOps> {
  const jepsen = jepsenHistory(text.split('\n'), 'history.edn');
  return { ...checkOps(jepsen.ops, { denseOffsets: false }), opCount: jepsen.notes.opCount };
}

export function runHistoryBench(options: { seed: number; onProgress?: (text: string) => void }): HistoryBenchResult {
  const rows: HistoryBenchRow[] = [];
  const cases = [...VALID_SIZES.map((ops) => ({ ops, anomalies: 0 })), ANOMALOUS];
  for (const { ops, anomalies } of cases) {
    // synthetic-history.ts injects lost writes and duplicates by turns.
    const kind = anomalies === 0 ? 'valid' : `${Math.ceil(anomalies / 2)} lost writes, ${Math.floor(anomalies / 2)} duplicates injected`;
    options.onProgress?.(`history checker: ${ops.toLocaleString('en-US')} ops, ${kind}`);
    rows.push(measure(kind, 'json', historyJsonText(buildSyntheticHistory({ seed: options.seed, ops, anomalies }))));
  }
  options.onProgress?.(`history checker: ${EDN_OPS.toLocaleString('en-US')} ops as Jepsen's EDN`);
  rows.push(measure('valid', 'jepsen-edn', jepsenEdnText(buildSyntheticHistory({ seed: options.seed, ops: EDN_OPS }))));
  const million = rows.find((r) => r.format === 'json' && r.kind === 'valid' && r.ops >= 1_000_000)!;
  return { seed: options.seed, rows, target: { target: HISTORY_BENCH_TARGETS.millionOpsMs, actual: million.wallMs, met: million.wallMs < HISTORY_BENCH_TARGETS.millionOpsMs } };
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatHistoryBenchMarkdown(result: HistoryBenchResult): string {
  const verdict = (row: HistoryBenchRow) =>
    row.valid ? 'valid' : `invalid: ${Object.entries(row.counts).map(([name, count]) => `${name} ${count}`).join(', ')}`;
  return [
    '## History checker: 10k / 100k / 1M ops',
    '',
    `Seeded synthetic histories (seed ${result.seed}; \`src/bench/synthetic-history.ts\`): 4 asynchronous producers with up to 3 sends in flight, 2 consumers, 4 partitions, a final read. Each is checked once as \`kcheck history\` checks a file: its JSON text (one op per line) read op by op and checked as it comes, or (the last row) its lines as Jepsen's history.edn; building the text is not timed, nor is reading a file (about 0.5 s for 1M ops) or starting kcheck. CPU time counts every thread of the process, the garbage collector's included.`,
    '',
    '| History | Format | Ops | Size | Wall ms | CPU ms | Ops/s | Verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.rows.map((r) => `| ${r.kind} | ${r.format === 'json' ? 'JSON' : 'Jepsen EDN (`--jepsen`)'} | ${formatCount(r.ops)} | ${(r.textBytes / (1024 * 1024)).toFixed(1)} MiB | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${formatCount(r.opsPerSecond)} | ${verdict(r)} |`),
    '',
    `Target: 1,000,000 ops in < ${formatCount(result.target.target)} ms: ${formatCount(result.target.actual)} ms, ${result.target.met ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}
