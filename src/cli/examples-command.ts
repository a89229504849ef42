/**
 * `kcheck examples [--out-dir reports/examples]`: the curated counterexamples — one per `sometimes` claim,
 * the shrunk witness kcheck finds with seed 1 — as trace, explanation and viewer, plus an index README.md.
 * Exit 0 when every claim was witnessed with its expected cause, 1 otherwise.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { counterexampleMessage, writeCounterexampleFiles } from '../explain/counterexample-files.ts';
import { mdCell } from '../explain/markdown-text.ts';
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
import { CLAIMS } from '../properties/claims/catalogue.ts';
import { storyLines } from '../properties/runner/story.ts';
import { outputPathFlag, progressLine, writeReport } from './flags.ts';

export const EXAMPLES_USAGE = `  kcheck examples [--out-dir DIR]        regenerate the curated counterexamples: one per sometimes
                                         claim (seed 1), as .json, .md and .html, and an index
                                         README.md, in reports/examples/ (or DIR)`;

export const EXAMPLES_SEED = 1;

function indexMarkdown(results: readonly ClaimResult[]): string {
  const rows = results.map((r) => {
    const name = r.claim.name;
    const ce = r.counterexample;
    const found = ce ? `${ce.finding.kind} at step ${ce.finding.step}` : `not witnessed in ${r.runs} runs`;
    const steps = ce ? `${storyLines(ce.run.executed).length}` : '—';
    const files = ce ? `[trace](${name}.json) · [explained](${name}.md) · [viewer](${name}.html)` : '—';
    return `| ${r.claim.id} | ${name} | ${mdCell(r.claim.statement)} | ${found} | ${steps} | ${files} |`;
  });
  return [
    '# Example counterexamples',
    '',
    'One curated counterexample per `sometimes` claim of `src/properties/claims/catalogue.ts`: the shrunk witness kcheck',
    `finds with seed ${EXAMPLES_SEED}, as a replayable trace (\`.json\`, see docs/trace-format.md), its explanation (\`.md\`: the`,
    'story in plain words, the cluster after each step, a sequence diagram) and a step-through viewer (`.html`, one',
    'self-contained file: open it in a browser, step with ← and →).',
    '',
    'Regenerate them all with:',
    '',
    '```sh',
    'npx kcheck examples --out-dir reports/examples',
    '```',
    '',
    'Replay one with `npx kcheck replay reports/examples/acks1-loss.json` (exit 1: the violation reproduces); explain it',
    'with `npx kcheck explain reports/examples/acks1-loss.json`.',
    '',
    '| claim | property | statement | found | story steps | files |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

export async function examplesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'out-dir': { type: 'string' } }, strict: true });
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? 'reports/examples';
  const progress = progressLine();
  const results: ClaimResult[] = [];
  for (const claim of CLAIMS.filter((c) => c.expectation === 'sometimes')) {
    const result = checkClaim(claim, { seed: EXAMPLES_SEED, onRun: (n) => progress.update(`  ${claim.id} ${claim.name}: run ${n}`) });
    progress.done();
    results.push(result);
    if (!result.counterexample) {
      console.log(`FAIL ${claim.id} ${claim.name}: no witness in ${result.runs} runs`);
      continue;
    }
    const paths = writeCounterexampleFiles(result, dir, claim.name);
    console.log(`${result.asExpected ? 'ok  ' : 'FAIL'} ${counterexampleMessage(result, paths).split('\n')[0]}`);
  }
  writeReport(join(dir, 'README.md'), indexMarkdown(results));
  const unexpected = results.filter((r) => !r.asExpected).length;
  console.log(`${results.length - unexpected} of ${results.length} examples witnessed with their cause; index: ${join(dir, 'README.md')}`);
  return unexpected === 0 ? 0 : 1;
}
