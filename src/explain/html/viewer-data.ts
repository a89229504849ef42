/**
 * The data the HTML viewer draws, one plain object: the verdict in words, and per step its label, what
 * happened (the story's sentences), every broker's logs with what the step appended or truncated, the
 * controller's view, the messages in flight, and in a group run the group (members, generations, assignments,
 * committed offsets). The page embeds it as JSON and renders it as text only, so
 * every string in it is display text already: record values escaped and elided (displayValue), and everything
 * else escaped (displayText). The viewer compares values as shown.
 */
import type { BrokerSnapshot, ClusterSnapshot } from '../../properties/runner/snapshot.ts';
import { snapshotsOf, type ExplainedRun } from '../explained-run.ts';
import { messageKind, messageLabel, type MessageKind } from '../message-label.ts';
import { tellStory } from '../story/tell-story.ts';
import { groupsByStep, type ViewerGroup } from './viewer-groups.ts';
import { clusterConfigFor, GROUP_ID } from '../../properties/settings.ts';
import { offsetsPartitionOf } from '../../system/coordinator/offsets-partition.ts';
import { commonPrefixLength } from '../story/words.ts';
import { verdictOf } from '../verdict.ts';
import { displayText, displayValue } from '../../text/display-text.ts';

/** Characters of a record value a box in the viewer shows at most; a longer one is elided with its length. */
const VIEWER_VALUE_CHARS_MAX = 64;

const shownValue = (value: string) => displayValue(value, VIEWER_VALUE_CHARS_MAX);

/** The same plain data with every string in it escaped: whatever a field holds, no raw control or bidi
 * character reaches the page. */
function displayed<T>(data: T): T {
  if (typeof data === 'string') return displayText(data) as T;
  if (Array.isArray(data)) return data.map(displayed) as T;
  if (data !== null && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, displayed(v)])) as T;
  return data;
}

export interface ViewerReplica {
  partition: number;
  role: string;
  epoch: number;
  highWatermark: number;
  values: string[];
  isr: number[];
  /** Offsets from here on were appended in this step. */
  freshFrom: number;
  /** Values this step truncated away (shown as ghosts after the log end). */
  truncated: string[];
}

export interface ViewerStep {
  index: number;
  phase: string;
  label: string;
  timeMs: number;
  noop: string | null;
  story: string[];
  brokers: Array<{ node: string; status: string; replicas: ViewerReplica[] }>;
  controller: Array<{ partition: number; leader: number; epoch: number; isr: number[] }>;
  inFlight: Array<{ from: string; to: string; label: string; kind: MessageKind }>;
  /** The consumer group after this step, in a group run (viewer-groups.ts). */
  group: ViewerGroup | null;
}

export interface ViewerData {
  title: string;
  /** "Violated", "Witnessed", "Broker failed", or "No longer reproduces". */
  verdict: string;
  headline: string;
  meaning: string;
  statement: string;
  settings: string;
  broker: string;
  seed: number;
  path: string;
  kcheckVersion: string;
  traceFile: string;
  notes: string[];
  violation: { step: number; kind: string; message: string; cause: string | null; values: string[]; partition: number } | null;
  brokers: string[];
  partitions: number;
  steps: ViewerStep[];
}

function replicasOf(broker: BrokerSnapshot, previous: BrokerSnapshot | undefined): ViewerReplica[] {
  return broker.replicas.map((r) => {
    const before = previous && previous.status !== 'crashed' ? previous.replicas.find((p) => p.partition === r.partition) : undefined;
    const kept = before ? commonPrefixLength(before.values, r.values) : r.values.length;
    return {
      partition: r.partition,
      role: r.role,
      epoch: r.leaderEpoch,
      highWatermark: r.highWatermark,
      values: r.values.map(shownValue),
      isr: [...r.isr],
      freshFrom: before ? kept : r.values.length,
      truncated: before ? before.values.slice(kept).map(shownValue) : [],
    };
  });
}

function stepState(snapshot: ClusterSnapshot, previous: ClusterSnapshot | undefined): Pick<ViewerStep, 'brokers' | 'controller' | 'inFlight'> {
  return {
    brokers: snapshot.brokers.map((b) => ({ node: b.node, status: b.status, replicas: replicasOf(b, previous?.brokers.find((p) => p.node === b.node)) })),
    controller: snapshot.controller.map((c) => ({ partition: c.partition, leader: c.leader, epoch: c.leaderEpoch, isr: [...c.isr] })),
    inFlight: snapshot.inFlight.map((e) => ({ from: e.from, to: e.to, label: messageLabel(e.message), kind: messageKind(e.message) })),
  };
}

export function viewerData(view: ExplainedRun): ViewerData {
  const { snapshots } = snapshotsOf(view);
  const story = tellStory(view);
  const verdict = verdictOf(view);
  const { trace, finding } = view;
  const groups = groupsByStep(view.run.groupEvents, snapshots, offsetsPartitionOf(clusterConfigFor(view.run.settings), GROUP_ID));
  return displayed({
    title: verdict.title,
    verdict: verdict.word,
    headline: verdict.headline,
    meaning: verdict.meaning,
    statement: trace.claim.statement,
    settings: verdict.settings,
    broker: view.run.brokerId,
    seed: trace.seed,
    path: trace.path,
    kcheckVersion: trace.kcheckVersion,
    traceFile: view.traceFile,
    notes: view.notes,
    violation: finding ? { step: finding.step, kind: finding.kind, message: finding.message, cause: view.cause ?? null, values: finding.values.map(shownValue), partition: finding.partition } : null,
    brokers: snapshots[0]?.brokers.map((b) => b.node) ?? [],
    partitions: view.run.settings.partitions,
    steps: view.run.executed.map((executed, i) => ({
      index: i,
      phase: executed.phase,
      label: view.labels[i]!,
      timeMs: executed.timeMs,
      noop: executed.noop ?? null,
      story: story.filter((l) => l.step === i).map((l) => l.text),
      ...stepState(snapshots[i]!, snapshots[i - 1]),
      group: groups[i] ?? null,
    })),
  });
}
