/**
 * `kcheck history FILE [--json]`: checks a recorded history against the spec model and prints the report.
 * Exit 0 when the history is valid, 1 when anomalies were found; bad input throws KcheckInputError, which
 * main.ts turns into exit 2 with its one-line message. The JSON report escapes control and bidi characters
 * (`\u202e`): it reaches a terminal, and parses back to the same report.
 */
import { parseArgs } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { checkOps, formatHistoryReport } from '../model/check-history.ts';
import { historyOps } from '../model/parse-history.ts';
import { readJsonInputFile } from './input-file.ts';
import { displayJson } from '../text/display-text.ts';

export const HISTORY_USAGE = `  kcheck history FILE [--json]           check a client history (docs/history-format.md) for
                                         anomalies: lost-write, duplicate, poll-skip, …`;

export function historyCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    throw new KcheckInputError('usage', `kcheck history takes one FILE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  const file = positionals[0]!;
  const report = checkOps(historyOps(readJsonInputFile(file, 'history'), file));
  console.log(values.json ? displayJson(report, 2) : formatHistoryReport(report));
  return report.valid ? 0 : 1;
}

