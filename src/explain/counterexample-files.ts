/**
 * Where users meet a counterexample: the three files written for it — the replayable trace (JSON), its
 * explanation (Markdown) and the step-through viewer (HTML) — and the short message a failing test or
 * `kcheck check` prints: the shrunk story, {seed, path}, and the paths of the three files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ClaimResult } from '../properties/check-claim.ts';
import { storyLines } from '../properties/runner/story.ts';
import { traceJson } from '../properties/trace/trace.ts';
import { explainMarkdown } from './explain-markdown.ts';
import { explainResult } from './explained-run.ts';
import { explainHtml } from './html/viewer-page.ts';
import { displayText } from '../text/display-text.ts';

export interface CounterexampleFiles {
  json: string;
  md: string;
  html: string;
}

/** Story lines a message shows at most; a longer story keeps its beginning and its end. */
const MESSAGE_STORY_LINES_MAX = 8;

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9=.-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

/** Writes `<base>.json`, `.md` and `.html` into `dir` (by default `<claim-name>-<seed>`, as reports/runs/ names traces). */
export function writeCounterexampleFiles(result: ClaimResult, dir: string, baseName = `${slug(result.claim.name)}-${result.seed}`): CounterexampleFiles {
  const paths: CounterexampleFiles = { json: join(dir, `${baseName}.json`), md: join(dir, `${baseName}.md`), html: join(dir, `${baseName}.html`) };
  const view = explainResult(result, basename(paths.json));
  mkdirSync(dir, { recursive: true });
  writeFileSync(paths.json, traceJson(view.trace));
  writeFileSync(paths.md, explainMarkdown(view));
  writeFileSync(paths.html, explainHtml(view));
  return paths;
}

function shortStory(lines: string[]): string[] {
  if (lines.length <= MESSAGE_STORY_LINES_MAX) return lines;
  const tail = MESSAGE_STORY_LINES_MAX - 5;
  return [...lines.slice(0, 4), `       … ${lines.length - 4 - tail} more steps …`, ...lines.slice(-tail)];
}

/** At most ~15 lines: what was found, the story, the cause, how to replay it, and where the files are. */
export function counterexampleMessage(result: ClaimResult, paths: CounterexampleFiles): string {
  const ce = result.counterexample;
  if (!ce) return `${result.claim.id} ${result.claim.name}: ${result.outcome}, no counterexample`;
  const { claim } = result;
  const verdict = result.outcome === 'broker-failed' ? 'BROKER FAILED' : result.outcome === 'liveness' ? 'LIVENESS VIOLATED' : claim.expectation === 'always' ? 'VIOLATED' : 'witnessed';
  return [
    `${claim.id} ${claim.name} (${claim.expectation}) ${verdict} after ${result.runs} run(s): ${ce.finding.kind} at step ${ce.finding.step}`,
    ...shortStory(storyLines(ce.run.executed).map((line) => `  ${line}`)),
    `  → ${ce.finding.message}`,
    ...(ce.cause ? [`  cause: ${ce.cause}`] : []),
    `  {seed: ${ce.seed}, path: "${ce.path}"}  replay: npx kcheck replay ${paths.json}`,
    `  trace:     ${paths.json}`,
    `  explained: ${paths.md}`,
    `  viewer:    ${paths.html}`,
  ]
    .map(displayText)
    .join('\n');
}
