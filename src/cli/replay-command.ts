/**
 * `kcheck replay TRACE [--broker MODULE]`: re-executes a trace's recorded schedule and says whether its
 * violation comes back. Exit 1 with the story when the property is still violated, 0 when it no longer is —
 * so the trace of a fixed bug is a regression test. Bad input (an unreadable or malformed trace, a module that
 * is not a broker) throws KcheckInputError, which main.ts turns into exit 2 and one line. A broker given with
 * --broker runs in the sandbox: whatever it does wrong (hangs and crashes included) is a finding, not a crash.
 */
import { parseArgs } from 'node:util';
import { explainReplay } from '../explain/explained-run.ts';
import { replayReport } from '../explain/replay-story.ts';
import { KcheckInputError } from '../input-error.ts';
import { parseTrace } from '../properties/trace/parse-trace.ts';
import { replayTrace, type Replay } from '../properties/trace/replay-trace.ts';
import { replayInSandbox } from '../sandbox/sandboxed-runs.ts';
import { openSandbox, SANDBOX_OPTIONS, SANDBOX_USAGE } from './sandbox-flags.ts';
import type { Trace } from '../properties/trace/trace.ts';
import { readJsonInputFile } from './input-file.ts';

export const REPLAY_USAGE = `  kcheck replay TRACE [--broker MODULE [--call-timeout-ms N] [--run-timeout-ms N] [--memory-mb N]]
                                         re-execute a trace's recorded schedule (docs/trace-format.md)
                                         on the reference broker or MODULE's; exit 1 with the story
                                         when the property is still violated, 0 when it no longer is;
                                         ${SANDBOX_USAGE}`;

/** The trace replayed on the reference broker in-process, or on `--broker`'s in its sandbox. */
export async function replayWith(trace: Trace, values: Parameters<typeof openSandbox>[0]): Promise<Replay> {
  const sandbox = await openSandbox(values);
  if (!sandbox) return replayTrace(trace);
  try {
    return await replayInSandbox(sandbox, trace);
  } finally {
    await sandbox.close();
  }
}

export function readTraceFile(file: string): Trace {
  return parseTrace(readJsonInputFile(file, 'trace'), file);
}

export async function replayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: SANDBOX_OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new KcheckInputError('usage', `kcheck replay takes one TRACE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const file = positionals[0]!;
  const trace = readTraceFile(file);
  const replay = await replayWith(trace, values);
  console.log(replayReport(replay, explainReplay(replay, file), file).join('\n'));
  return replay.verdict === 'not-reproduced' ? 0 : 1;
}
