/**
 * `kcheck replay TRACE [--broker MODULE]`: re-executes a trace's recorded schedule and says whether its
 * violation comes back. Exit 1 with the story when the property is still violated, 0 when it no longer is —
 * so the trace of a fixed bug is a regression test. Bad input (an unreadable or malformed trace, a module that
 * is not a broker) throws KcheckInputError, which main.ts turns into exit 2 and one line. A broker given with
 * --broker runs behind the shared loader's guard: whatever it does wrong is a finding, not a crash.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { explainReplay } from '../explain/explained-run.ts';
import { replayReport } from '../explain/replay-story.ts';
import { loadBroker } from '../broker-loader/load-broker.ts';
import { KcheckInputError } from '../input-error.ts';
import { parseTrace } from '../properties/trace/parse-trace.ts';
import { replayTrace } from '../properties/trace/replay-trace.ts';
import type { Trace } from '../properties/trace/trace.ts';

export const REPLAY_USAGE = `  kcheck replay TRACE [--broker MODULE]  re-execute a trace's recorded schedule (docs/trace-format.md)
                                         on the reference broker or MODULE's; exit 1 with the story
                                         when the property is still violated, 0 when it no longer is`;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

export function readTraceFile(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KcheckInputError('trace', `cannot read ${file}: ${firstLine(error)}`);
  }
  return parseTrace(text, file);
}

export async function replayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { broker: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new KcheckInputError('usage', `kcheck replay takes one TRACE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const file = positionals[0]!;
  const trace = readTraceFile(file);
  const replay = replayTrace(trace, values.broker === undefined ? undefined : await loadBroker(values.broker));
  console.log(replayReport(replay, explainReplay(replay, file), file).join('\n'));
  return replay.verdict === 'not-reproduced' ? 0 : 1;
}
