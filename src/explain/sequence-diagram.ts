/**
 * The run's messages as a Mermaid sequence diagram: produce requests and acks, fetches that carry records,
 * the controller's LeaderAndIsr, AlterPartition and epoch queries, and every fault and cut as a note. Heartbeats,
 * metadata and empty fetches are counted, not drawn, and the boot is one note, so the diagram shows the story
 * rather than the background. Text from the trace is entity-encoded: it can never become Mermaid syntax.
 */
import { CONTROLLER_NODE, nodeKindOf } from '../system/kernel/ids.ts';
import type { KernelEvent } from '../system/kernel/events.ts';
import { snapshotsOf, type ExplainedRun } from './explained-run.ts';
import { messageKind, messageLabel } from './message-label.ts';
import type { StoryLine } from './story/tell-story.ts';
import { displayText } from '../text/display-text.ts';

/** Arrows drawn at most; a run past it ends with a note of how many were left out. */
const DIAGRAM_ARROWS_MAX = 150;

/** Mermaid reads `#…;` as an entity code, so anything outside a plain set of characters is written as one; a
 * control or bidi character is escaped first (displayText), since its entity code would draw the character itself. */
export function mermaidText(text: string): string {
  return [...displayText(text)].map((c) => (/^[A-Za-z0-9 ,.:_@=[\]()+\-/?'·→✗…]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}

const DROP_REASONS = { schedule: 'dropped', cut: 'cut', nodeDown: 'node down', crash: 'lost in a crash' } as const;

interface Diagram {
  body: string[];
  participants: Set<string>;
  arrows: number;
  omittedChatter: number;
  omittedOverflow: number;
}

function participantOrder(node: string): number {
  const kind = nodeKindOf(node);
  const rank = kind === 'producer' ? 0 : kind === 'broker' ? 1 : kind === 'controller' ? 2 : 3;
  return rank * 1000 + Number(/\d+$/.exec(node)?.[0] ?? 0);
}

function drawEvent(diagram: Diagram, event: KernelEvent): void {
  const arrow = (from: string, to: string, style: '->>' | '-x', text: string) => {
    if (diagram.arrows >= DIAGRAM_ARROWS_MAX) {
      diagram.omittedOverflow++;
      return;
    }
    diagram.arrows++;
    diagram.participants.add(from).add(to);
    diagram.body.push(`  ${from}${style}${to}: ${mermaidText(text)}`);
  };
  switch (event.type) {
    case 'delivered':
    case 'dropped': {
      const { from, to, message } = event.envelope;
      if (messageKind(message) === 'chatter') {
        diagram.omittedChatter++;
        return;
      }
      if (event.type === 'delivered') arrow(from, to, '->>', messageLabel(message));
      else arrow(from, to, '-x', `${messageLabel(message)} (${DROP_REASONS[event.reason]})`);
      return;
    }
    case 'fault':
      diagram.participants.add(event.node);
      diagram.body.push(`  Note over ${event.node}: ${mermaidText(event.fault === 'powerLoss' ? 'power loss' : event.fault)}`);
      return;
    case 'network':
      if (event.change === 'partition') {
        const nodes = [...event.nodes].sort((a, b) => participantOrder(a) - participantOrder(b));
        nodes.forEach((n) => diagram.participants.add(n));
        diagram.body.push(`  Note over ${nodes[0]}${nodes.length > 1 ? `,${nodes.at(-1)}` : ''}: ${mermaidText(`cut off: ${nodes.join(', ')}`)}`);
      }
      return;
    default:
      return;
  }
}

export function sequenceDiagram(view: ExplainedRun, story: readonly StoryLine[]): { lines: string[]; omittedChatter: number } {
  const { events } = snapshotsOf(view);
  const diagram: Diagram = { body: [], participants: new Set([CONTROLLER_NODE]), arrows: 0, omittedChatter: 0, omittedOverflow: 0 };
  // Spanning notes run from the first participant to the last; they are resolved once all are known.
  const SPAN = '{{span}}';
  view.run.executed.forEach((executed, i) => {
    if (executed.noop) return;
    const start = diagram.body.length;
    const violating = view.finding?.step === i;
    if (executed.phase === 'boot') {
      for (const line of story.filter((l) => l.step === i)) diagram.body.push(`  Note over ${SPAN}: ${mermaidText(`boot: ${line.text}`)}`);
    } else {
      for (const event of events[i] ?? []) drawEvent(diagram, event);
    }
    if (diagram.body.length === start && !violating) return;
    diagram.body.splice(start, 0, ...(violating ? ['  rect rgb(255, 228, 228)'] : []), `  Note over ${SPAN}: ${mermaidText(`step ${i} · ${executed.phase} · ${view.labels[i]}`)}`);
    if (violating) diagram.body.push(`  Note over ${SPAN}: ${mermaidText(`✗ ${view.finding!.kind}: ${view.finding!.message}`)}`, '  end');
  });
  if (diagram.omittedOverflow > 0) diagram.body.push(`  Note over ${SPAN}: ${mermaidText(`… ${diagram.omittedOverflow} more messages left out`)}`);
  const participants = [...diagram.participants].sort((a, b) => participantOrder(a) - participantOrder(b));
  const span = participants.length > 1 ? `${participants[0]},${participants.at(-1)}` : participants[0]!;
  return {
    lines: ['sequenceDiagram', ...participants.map((p) => `  participant ${p}`), ...diagram.body.map((line) => line.replace(SPAN, span))],
    omittedChatter: diagram.omittedChatter,
  };
}
