/**
 * `kcheck history FILE [--json] [--jepsen]`: checks a recorded history against the spec model and prints the
 * report. FILE is kcheck's JSON history (docs/history-format.md), or with --jepsen a Jepsen Kafka workload
 * `history.edn`, read line by line; what a Jepsen history holds that kcheck does not check is said once, after
 * the report. Exit 0 when the history is valid, 1 when anomalies were found; bad input throws KcheckInputError,
 * which main.ts turns into exit 2 with its one-line message. The JSON report escapes control and bidi characters
 * (`\u202e`): it reaches a terminal, and parses back to the same report.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { checkOps, formatHistoryReport, type HistoryReport } from '../model/check-history.ts';
import { jepsenHistory, jepsenNoteLines } from '../model/jepsen/jepsen-history.ts';
import { historyOps } from '../model/parse-history.ts';
import type { Op } from '../model/history.ts';
import { progressLine } from './flags.ts';
import { EDN_HISTORY_BYTES_MAX, inputFileLines, readJsonInputFile } from './input-file.ts';
import { displayJson, displayText } from '../text/display-text.ts';

export const HISTORY_USAGE = `  kcheck history FILE [--json] [--jepsen]
                                         check a client history (docs/history-format.md) for
                                         anomalies: lost-write, duplicate, poll-skip, …; linear
                                         in its length (1M ops in seconds). --jepsen: FILE is a
                                         Jepsen Kafka workload history.edn (jepsen.tests.kafka);
                                         what kcheck does not check of it is listed after the
                                         report. --json: the report as JSON`;

/** Jepsen's offsets have gaps where transactions put their markers: a jump is a skip only over a known record. */
const JEPSEN_GAPS_NOTE =
  'checked as Jepsen does: offsets may have gaps (transaction markers), so poll-skip and int-poll-skip count a jump only over an offset known to hold a record';

/** Ops between two progress updates: an update is cheap, but not free. */
const PROGRESS_EVERY_OPS = 50_000;

function* withProgress(ops: Iterable<Op>, update: (text: string) => void): Generator<Op, void, undefined> {
  let count = 0;
  for (const op of ops) {
    if (++count % PROGRESS_EVERY_OPS === 0) update(`  history: ${count.toLocaleString('en-US')} ops checked`);
    yield op;
  }
}

export function historyCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, jepsen: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    throw new KcheckInputError('usage', `kcheck history takes one FILE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  const file = positionals[0]!;
  let report: HistoryReport;
  let notes: string[] | undefined;
  // On stderr: stdout holds the report (JSON with --json).
  const progress = progressLine({ write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true, nowMs: () => performance.now() });
  try {
    if (values.jepsen) {
      const jepsen = jepsenHistory(inputFileLines(file, 'history', EDN_HISTORY_BYTES_MAX), file);
      // The op count a Jepsen user knows: the ops of the file, not the kcheck ops they became.
      report = { ...checkOps(withProgress(jepsen.ops, progress.update), { denseOffsets: false }), opCount: jepsen.notes.opCount };
      notes = [JEPSEN_GAPS_NOTE, ...jepsenNoteLines(jepsen.notes)];
    } else {
      report = checkOps(withProgress(historyOps(readJsonInputFile(file, 'history'), file), progress.update));
    }
  } finally {
    progress.done();
  }
  if (values.json) console.log(displayJson(notes === undefined ? report : { ...report, notes }, 2));
  else console.log([formatHistoryReport(report), ...(notes ?? []).map((note) => displayText(note))].join('\n'));
  return report.valid ? 0 : 1;
}
