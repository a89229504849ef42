/**
 * Sentences told from the difference between the cluster before and after a step, for what no event names: a
 * leader appending records no produce request explains, a replica truncating its log (where an acked record can
 * vanish), and a leader's high watermark advancing (where records become committed).
 */
import type { ReplicaSnapshot } from '../../properties/runner/snapshot.ts';
import type { Scene, StoryContext } from './story-context.ts';
import { commonPrefixLength, offsets, replicaIn, valueList } from './words.ts';

function unexplainedAppendSentence(context: StoryContext, scene: Scene, node: string, before: ReplicaSnapshot, after: ReplicaSnapshot): string | undefined {
  if (after.role !== 'leader' || commonPrefixLength(before.values, after.values) < before.values.length) return undefined;
  const appended = after.values.slice(before.values.length).filter((v) => !scene.toldAppends.has(`${node}|${after.partition}|${v}`));
  if (appended.length === 0) return undefined;
  const first = after.values.indexOf(appended[0]!, before.values.length);
  const why = context.settings.acks === 'all' ? '; acks=all waits for the ISR before acking' : context.settings.acks === 0 ? ' (acks=0: nobody waits for an answer)' : '';
  return `${node}, leader in epoch ${after.leaderEpoch}, appends ${valueList(appended)} at ${offsets(first, appended.length)}${context.settings.partitions > 1 ? ` of p${after.partition}` : ''}${why}`;
}

function truncationSentence(node: string, before: ReplicaSnapshot, after: ReplicaSnapshot): string | undefined {
  const kept = commonPrefixLength(before.values, after.values);
  if (kept >= before.values.length) return undefined;
  return `${node} truncates p${after.partition} to offset ${kept}, dropping ${valueList(before.values.slice(kept))}`;
}

function highWatermarkSentence(node: string, before: ReplicaSnapshot, after: ReplicaSnapshot): string | undefined {
  if (after.role !== 'leader' || before.role !== 'leader' || after.highWatermark <= before.highWatermark) return undefined;
  const committed = after.values.slice(before.highWatermark, after.highWatermark);
  return `${node} advances p${after.partition}'s HW to ${after.highWatermark}: ${valueList(committed)} ${committed.length === 1 ? 'is' : 'are'} committed`;
}

export function tellStateChanges(context: StoryContext, scene: Scene): void {
  if (!scene.before) return;
  for (const broker of scene.after.brokers) {
    const previous = scene.before.brokers.find((b) => b.node === broker.node);
    // A broker that was down before the step has restarted: its restart sentence tells what it recovered.
    if (broker.status === 'crashed' || !previous || previous.status === 'crashed') continue;
    for (const after of broker.replicas) {
      const before = replicaIn(scene.before, broker.node, after.partition);
      if (!before) continue;
      for (const sentence of [truncationSentence(broker.node, before, after), unexplainedAppendSentence(context, scene, broker.node, before, after), highWatermarkSentence(broker.node, before, after)]) {
        if (sentence !== undefined) scene.sentences.push(sentence);
      }
    }
  }
}
