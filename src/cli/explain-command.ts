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
import { outputPathFlag, writeReport } from './flags.ts';
import { readTraceFile, replayWith } from './replay-command.ts';
import { SANDBOX_OPTIONS } from './sandbox-flags.ts';
import { displayText } from '../text/display-text.ts';

export const EXPLAIN_USAGE = `  kcheck explain TRACE [--out FILE] [--html FILE] [--broker MODULE ...]
                                         replay a trace and explain it: Markdown (story, cluster
                                         after each step, sequence diagram) to stdout or FILE;
                                         --html writes a self-contained step-through viewer;
                                         --broker as for replay`;

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, html: { type: 'string' }, ...SANDBOX_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new KcheckInputError('usage', `kcheck explain takes one TRACE, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const file = positionals[0]!;
  const html = outputPathFlag(values.html, 'html');
  const out = outputPathFlag(values.out, 'out');
  const trace = readTraceFile(file);
  const view = explainReplay(await replayWith(trace, values), basename(file));
  if (html !== undefined) {
    writeReport(html, explainHtml(view));
    console.log(`viewer: ${displayText(html)}`);
  }
  if (out !== undefined) {
    writeReport(out, explainMarkdown(view));
    console.log(`explained: ${displayText(out)}`);
  }
  // console.log adds the final newline the Markdown already ends with: stdout gets the same bytes as --out.
  if (html === undefined && out === undefined) console.log(explainMarkdown(view).replace(/\n$/, ''));
  return 0;
}
