/**
 * `kcheck history FILE [--json]`: checks a recorded history against the spec model and prints the report.
 * Exit 0 when the history is valid, 1 when anomalies were found; bad input throws KcheckInputError, which
 * main.ts turns into exit 2 with its one-line message.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KcheckInputError } from '../input-error.ts';
import { checkHistory, formatHistoryReport } from '../model/check-history.ts';
import { parseHistory } from '../model/parse-history.ts';

export function historyCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    throw new KcheckInputError('usage', `kcheck history takes one FILE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  const file = positionals[0]!;
  const report = checkHistory(parseHistory(readHistoryFile(file), file));
  console.log(values.json ? JSON.stringify(report, null, 2) : formatHistoryReport(report));
  return report.valid ? 0 : 1;
}

function readHistoryFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KcheckInputError('history', `cannot read ${file}: ${reason}`);
  }
}
