/**
 * The run as numbered plain-language sentences, each tied to the step it happened in: what the clients did,
 * what the leaders appended and acked, what followers copied, what failed, what the controller decided, what
 * the final read returned, and the violation. Told from the kernel events and the snapshots of a run, so it
 * says what happened, not what the schedule intended.
 */
import { snapshotsOf, type ExplainedRun } from '../explained-run.ts';
import { tellEvents } from './event-sentences.ts';
import { tellStateChanges } from './state-sentences.ts';
import { createStoryContext, rememberLogs, type Scene, type StoryContext } from './story-context.ts';
import { valueList } from './words.ts';

export interface StoryLine {
  step: number;
  text: string;
  /** The line that states the violation. */
  violation?: boolean;
}

function finalReadSentence(context: StoryContext, view: ExplainedRun): string {
  const lost = view.finding?.kind === 'lost-write' ? view.finding : undefined;
  // Every partition is part of the final read, even one it found empty: "p0 holds nothing" is what shows a loss.
  const parts = Array.from({ length: context.settings.partitions }, (_, p) => {
    const read = context.finalRead.get(p) ?? [];
    const lacks = lost && lost.partition === p ? ` — it lacks ${valueList(lost.values)}` : '';
    return `p${p} ${read.length === 0 ? 'empty' : `[${valueList(read)}]`}${lacks}`;
  });
  return `the final read returns ${parts.join(', ')}`;
}

/** A producer retrying every 100 ms says the same things many times in one step: each once, with a count. */
function collapseRepeats(sentences: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of sentences) counts.set(text, (counts.get(text) ?? 0) + 1);
  return [...counts].map(([text, times]) => (times > 1 ? `${text} (×${times})` : text));
}

/** The step where the final read's outcome is told: where the finding was judged, or the run's last step. */
function finalReadEnd(view: ExplainedRun): number | undefined {
  const executed = view.run.executed;
  const end = view.finding && executed[view.finding.step]?.phase === 'finalRead' ? view.finding.step : executed.length - 1;
  return executed[end]?.phase === 'finalRead' ? end : undefined;
}

export function tellStory(view: ExplainedRun): StoryLine[] {
  const { snapshots, events } = snapshotsOf(view);
  const context = createStoryContext(view.run.settings);
  const readEnd = finalReadEnd(view);
  const lines: StoryLine[] = [];
  view.run.executed.forEach((executed, i) => {
    const scene: Scene = { step: i, before: snapshots[i - 1], after: snapshots[i]!, sentences: [], toldAppends: new Set(), toldAcks: new Set() };
    if (executed.step.type === 'tick' && !executed.noop) scene.sentences.push(`the clock jumps ${executed.step.ms} ms and no message moves (a stall)`);
    if (executed.step.type === 'writeback' && !executed.noop) scene.sentences.push(`the OS writes ${executed.step.node}'s page cache back: what it holds now survives a power loss`);
    tellEvents(context, scene, events[i] ?? []);
    tellStateChanges(context, scene);
    rememberLogs(context, scene.after);
    if (i === readEnd) scene.sentences.push(finalReadSentence(context, view));
    lines.push(...collapseRepeats(scene.sentences.map((sentence) => (typeof sentence === 'function' ? sentence() : sentence))).map((text) => ({ step: i, text })));
    if (view.finding?.step === i) lines.push({ step: i, text: `→ ${view.finding.kind}: ${view.finding.message}`, violation: true });
  });
  return lines;
}
