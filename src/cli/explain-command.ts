/**
 * `kcheck explain TRACE [--out FILE] [--html FILE] [--broker MODULE]`: replays the trace and explains the run
 * — Markdown (the story, the cluster after each step, a sequence diagram) to stdout or --out, and with --html a
 * self-contained step-through viewer. Exit 0 once written; bad input exits 2 through main.ts.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { explainMarkdown } from '../explain/explain-markdown.ts';
import { explainReplay } from '../explain/explained-run.ts';
import { explainHtml } from '../explain/html/viewer-page.ts';
import { KcheckInputError } from '../input-error.ts';
import { writeReport } from './flags.ts';
import { loadBroker } from '../broker-loader/load-broker.ts';
import { replayTrace } from '../properties/trace/replay-trace.ts';
import { readTraceFile } from './replay-command.ts';

export const EXPLAIN_USAGE = `  kcheck explain TRACE [--out FILE] [--html FILE] [--broker MODULE]
                                         replay a trace and explain it: Markdown (story, cluster
                                         after each step, sequence diagram) to stdout or FILE;
                                         --html writes a self-contained step-through viewer`;

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, html: { type: 'string' }, broker: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new KcheckInputError('usage', `kcheck explain takes one TRACE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const file = positionals[0]!;
  const trace = readTraceFile(file);
  const broker = values.broker === undefined ? undefined : await loadBroker(values.broker);
  const view = explainReplay(replayTrace(trace, broker), basename(file));
  if (values.html !== undefined) {
    writeReport(values.html, explainHtml(view));
    console.log(`viewer: ${values.html}`);
  }
  if (values.out !== undefined) {
    writeReport(values.out, explainMarkdown(view));
    console.log(`explained: ${values.out}`);
  }
  // console.log adds the final newline the Markdown already ends with: stdout gets the same bytes as --out.
  if (values.html === undefined && values.out === undefined) console.log(explainMarkdown(view).replace(/\n$/, ''));
  return 0;
}
