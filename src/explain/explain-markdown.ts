/**
 * `kcheck explain` as Markdown: the verdict, the story in numbered plain-language steps, the cluster after
 * every step as a table, and the messages as a Mermaid sequence diagram. Everything is derived from one run,
 * so the same trace always gives the same bytes.
 */
import type { ExplainedRun } from './explained-run.ts';
import { mdCell, mdText } from './markdown-text.ts';
import { sequenceDiagram } from './sequence-diagram.ts';
import { stateTable } from './state-table.ts';
import { tellStory, type StoryLine } from './story/tell-story.ts';
import { verdictOf } from './verdict.ts';

function header(view: ExplainedRun): string[] {
  const { trace } = view;
  const verdict = verdictOf(view);
  const htmlFile = view.traceFile.replace(/\.json$/, '') + '.html';
  return [
    `# ${mdText(verdict.title)}: ${mdText(verdict.headline)}`,
    '',
    `> ${mdText(trace.claim.statement)}`,
    '',
    mdText(verdict.meaning),
    '',
    '| | |',
    '| --- | --- |',
    `| settings | ${mdCell(verdict.settings)} |`,
    `| broker | ${mdCell(view.run.brokerId)} |`,
    `| fast-check | seed ${trace.seed}, path "${mdCell(trace.path)}" |`,
    `| kcheck | ${mdCell(trace.kcheckVersion)} |`,
    `| replay | \`npx kcheck replay ${mdCell(view.traceFile).replace(/`/g, '')}\` |`,
    `| step through it | \`npx kcheck explain ${mdCell(view.traceFile).replace(/`/g, '')} --html ${mdCell(htmlFile).replace(/`/g, '')}\` |`,
    '',
    ...view.notes.flatMap((note) => [`**Note.** ${mdText(note)}`, '']),
  ];
}

interface StoryGroup {
  firstStep: number;
  lastStep: number;
  lines: StoryLine[];
}

/** Consecutive steps that tell exactly the same sentences (a producer retrying through a convergence) are told
 * once, as "steps 12–25, each". */
function groupedBySteps(story: readonly StoryLine[]): StoryGroup[] {
  const groups: StoryGroup[] = [];
  for (const line of story) {
    const last = groups.at(-1);
    if (last && last.lastStep === line.step) last.lines.push(line);
    else groups.push({ firstStep: line.step, lastStep: line.step, lines: [line] });
  }
  const merged: StoryGroup[] = [];
  const said = (g: StoryGroup) => JSON.stringify(g.lines.map((l) => [l.text, l.violation === true]));
  for (const group of groups) {
    const last = merged.at(-1);
    if (last && last.lastStep + 1 === group.firstStep && said(last) === said(group) && !group.lines.some((l) => l.violation)) last.lastStep = group.lastStep;
    else merged.push(group);
  }
  return merged;
}

function storySection(view: ExplainedRun, story: readonly StoryLine[]): string[] {
  const lines = ['## What happened', ''];
  let n = 0;
  for (const group of groupedBySteps(story)) {
    const steps = group.firstStep === group.lastStep ? `step ${group.firstStep}` : `steps ${group.firstStep}–${group.lastStep}, each`;
    for (const line of group.lines) lines.push(`${++n}. ${steps} · ${line.violation ? `**${mdText(line.text)}**` : mdText(line.text)}`);
  }
  if (view.cause) lines.push('', `**Cause.** ${mdText(view.cause)}`);
  return [...lines, ''];
}

export function explainMarkdown(view: ExplainedRun): string {
  const story = tellStory(view);
  const diagram = sequenceDiagram(view, story);
  return [
    ...header(view),
    ...storySection(view, story),
    '## The cluster after each step',
    '',
    'Per broker: role and leader epoch, the log (values in offset order), log end offset (LEO), high watermark (HW), and on a leader its ISR. Steps after the fault phase that change nothing are merged into one row.',
    '',
    ...stateTable(view),
    '',
    '## Messages',
    '',
    `Produce, fetches that carry records, and the controller's messages; ${diagram.omittedChatter} heartbeats, metadata requests and empty fetches are left out.`,
    '',
    '```mermaid',
    ...diagram.lines,
    '```',
    '',
  ].join('\n');
}
