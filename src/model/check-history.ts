/**
 * Checking a whole history: the spec model folded over every op, then finished. The report is plain data (the
 * CLI prints it as text or JSON) and deterministic: anomalies in the order they became visible.
 */
import { ANOMALY_NAMES, type Anomaly, type AnomalyName, type History, type Op } from './history.ts';
import { createSpec, finishSpec, observeOp, type SpecOptions } from './spec.ts';
import { displayText } from '../text/display-text.ts';

export interface HistoryReport {
  valid: boolean;
  opCount: number;
  /** In the order they became visible; end-of-history anomalies last. */
  anomalies: Anomaly[];
  counts: Partial<Record<AnomalyName, number>>;
}

export function checkHistory(history: History): HistoryReport {
  return checkOps(history.ops);
}

/** The report on ops given one at a time (historyOps in parse-history.ts reads them so from a file). */
export function checkOps(ops: Iterable<Op>, options: SpecOptions = {}): HistoryReport {
  const spec = createSpec(options);
  const anomalies: Anomaly[] = [];
  let opCount = 0;
  // Loops, not push(...): one op, or the end, can show more anomalies than a call takes arguments.
  for (const op of ops) {
    opCount++;
    for (const found of observeOp(spec, op)) anomalies.push(found);
  }
  for (const found of finishSpec(spec)) anomalies.push(found);
  const counts: Partial<Record<AnomalyName, number>> = {};
  for (const a of anomalies) counts[a.name] = (counts[a.name] ?? 0) + 1;
  return { valid: anomalies.length === 0, opCount, anomalies, counts: Object.fromEntries(ANOMALY_NAMES.filter((n) => counts[n] !== undefined).map((n) => [n, counts[n]])) };
}

/**
 * "valid: 120 ops, no anomalies", or a summary line and the anomalies grouped by name (in ANOMALY_NAMES order),
 * one line each, ready for a terminal (an anomaly's message is display text; escaping it again is a no-op).
 */
export function formatHistoryReport(report: HistoryReport): string {
  const ops = `${report.opCount} op${report.opCount === 1 ? '' : 's'}`;
  if (report.valid) return `valid: ${ops}, no anomalies`;
  const groups = ANOMALY_NAMES.filter((name) => report.counts[name] !== undefined);
  const total = report.anomalies.length;
  const lines = [`invalid: ${ops}, ${total} anomal${total === 1 ? 'y' : 'ies'} (${groups.map((name) => `${name} ${report.counts[name]}`).join(', ')})`];
  for (const name of groups) {
    lines.push(`${name} (${report.counts[name]}):`);
    for (const a of report.anomalies) if (a.name === name) lines.push(`  - ${displayText(a.message)}`);
  }
  return lines.join('\n');
}
