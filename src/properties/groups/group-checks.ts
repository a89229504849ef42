/**
 * The group checks, over a run's group events and history (claim C12): one owner per partition per generation; no
 * record below a committed offset left unprocessed by every member (a skip; duplicates are allowed and counted);
 * committed offsets that never go back; no commit from a fenced generation acknowledged. Processing is what a
 * member's poll returned to its application (its `poll` ops); what exists is the final read.
 */
import type { Op } from '../../model/history.ts';
import type { GroupObservation, OffsetCommitted } from '../../system/kernel/observations.ts';
import type { Finding, GroupCheckName } from '../runner/findings.ts';
import type { GroupEventRecord } from '../runner/history-recorder.ts';

export interface GroupRunFacts {
  groupEvents: readonly GroupEventRecord[];
  history: readonly Op[];
  opSteps: readonly number[];
  /** The group's members (their polls are the group's processing). */
  members: ReadonlySet<string>;
  lastStep: number;
}

export interface GroupFigures {
  /** Records processed by the group more than once (counted per extra time). */
  duplicates: number;
  /** Records below a committed offset that no member processed. */
  skipped: number;
}

type Acked = { observation: OffsetCommitted; record: GroupEventRecord };

function finding(kind: GroupCheckName, step: number, partition: number, values: string[], message: string): Finding {
  return { source: 'check', kind, step, partition, values, message };
}

function eventsOf<T extends GroupObservation['type']>(facts: GroupRunFacts, type: T): Array<{ observation: Extract<GroupObservation, { type: T }>; record: GroupEventRecord }> {
  return facts.groupEvents.flatMap((record) => (record.observation.type === type ? [{ observation: record.observation as Extract<GroupObservation, { type: T }>, record }] : []));
}

export function ackedCommits(facts: GroupRunFacts): Acked[] {
  return eventsOf(facts, 'offsetCommitted').filter((c) => c.observation.error === 'NONE');
}

/** Offsets each member processed, per partition, with how often; and the final read per partition. */
function processedAndRead(facts: GroupRunFacts): { processed: Map<number, Map<number, number>>; finalRead: Map<number, Array<[number, string]>> | undefined } {
  const processed = new Map<number, Map<number, number>>();
  let finalRead: Map<number, Array<[number, string]>> | undefined;
  for (const op of facts.history) {
    if (op.f !== 'poll' || op.type !== 'ok') continue;
    for (const micro of op.value) {
      if (micro.length !== 2) continue;
      for (const [partition, records] of Object.entries(micro[1])) {
        if (op.final) {
          (finalRead ??= new Map()).set(Number(partition), records);
          continue;
        }
        if (!facts.members.has(op.process)) continue;
        let counts = processed.get(Number(partition));
        if (!counts) processed.set(Number(partition), (counts = new Map()));
        for (const [offset] of records) counts.set(offset, (counts.get(offset) ?? 0) + 1);
      }
    }
  }
  return { processed, finalRead };
}

export function twoOwners(facts: GroupRunFacts): Finding | undefined {
  const owners = new Map<string, string>();
  for (const { observation: o, record } of eventsOf(facts, 'groupAssigned')) {
    for (const partition of o.partitions) {
      const key = `${o.generation}/${partition}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== o.consumer) return finding('group-two-owners', record.step, partition, [], `${owner} and ${o.consumer} both own p${partition} in generation ${o.generation}`);
      owners.set(key, o.consumer);
    }
  }
  return undefined;
}

/** Where the group's committed offset of a partition is known to have stood: an acknowledged commit, or the start
 * position a member was assigned (the coordinator's committed offset, whether or not its committer heard the answer). */
export interface CommittedPoint {
  offset: number;
  step: number;
  consumer: string;
  generation: number;
  how: 'committed' | 'started at';
}

export function committedPoints(facts: GroupRunFacts, partition: number): CommittedPoint[] {
  const points: CommittedPoint[] = [];
  for (const { observation: o, record } of facts.groupEvents.map((record) => ({ observation: record.observation, record }))) {
    if (o.type === 'offsetCommitted' && o.error === 'NONE') {
      for (const p of o.offsets) if (p.partition === partition) points.push({ offset: p.offset, step: record.step, consumer: o.consumer, generation: o.generation, how: 'committed' });
    }
    if (o.type === 'groupAssigned') {
      for (const p of o.positions) if (p.partition === partition) points.push({ offset: p.offset, step: record.step, consumer: o.consumer, generation: o.generation, how: 'started at' });
    }
  }
  return points;
}

/** Records below the highest committed offset of their partition that no member processed (the final read says what exists). */
export function skips(facts: GroupRunFacts): Finding | undefined {
  const { processed, finalRead } = processedAndRead(facts);
  if (!finalRead) return undefined;
  for (const [partition, records] of [...finalRead.entries()].sort(([x], [y]) => x - y)) {
    const points = committedPoints(facts, partition);
    const committedEnd = Math.max(0, ...points.map((c) => c.offset));
    const skipped = records.filter(([offset]) => offset < committedEnd && !processed.get(partition)?.has(offset));
    if (skipped.length === 0) continue;
    const first = skipped[0]![0];
    const by = points.find((c) => c.offset > first)!;
    const values = skipped.map(([, value]) => value);
    return finding('group-skip', by.step, partition, values, `no member processed ${values.join(', ')} of p${partition} (from offset ${first}), yet ${by.consumer} ${by.how} p${partition}@${by.offset} in generation ${by.generation}`);
  }
  return undefined;
}

/** The committed offset as the members see it, in order: an acknowledged commit, or the offset a new owner starts
 * from (the coordinator's committed offset), never below an earlier acknowledged commit of the partition. */
export function commitsBackwards(facts: GroupRunFacts): Finding | undefined {
  const highest = new Map<number, { offset: number; consumer: string }>();
  for (const record of facts.groupEvents) {
    const o = record.observation;
    const points = o.type === 'offsetCommitted' && o.error === 'NONE' ? o.offsets : o.type === 'groupAssigned' ? o.positions : [];
    for (const { partition, offset } of points) {
      const before = highest.get(partition);
      if (before && offset < before.offset) {
        const what = o.type === 'groupAssigned' ? `${o.consumer} started p${partition} at ${offset} in generation ${o.generation}` : `${o.consumer}'s commit of p${partition}@${offset} was acknowledged`;
        return finding('group-commit-backwards', record.step, partition, [], `${what} after ${before.consumer}'s commit of p${partition}@${before.offset} was acknowledged: the committed offset went back`);
      }
      if (o.type === 'offsetCommitted' && (!before || offset > before.offset)) highest.set(partition, { offset, consumer: o.consumer });
    }
  }
  return undefined;
}

/** A commit acknowledged though it was sent after a later generation had handed out its partitions. */
export function fencedCommits(facts: GroupRunFacts): Finding | undefined {
  const assigned = eventsOf(facts, 'groupAssigned');
  for (const { observation: o, record } of ackedCommits(facts)) {
    const later = assigned.find((a) => a.observation.generation > o.generation && a.record.timeMs < o.sentMs);
    if (later) {
      return finding('group-fenced-commit', record.step, o.offsets[0]?.partition ?? -1, [], `${o.consumer}'s commit from generation ${o.generation}, sent at ${o.sentMs} ms, was acknowledged, though generation ${later.observation.generation} had handed out its partitions at ${later.record.timeMs} ms (${later.observation.consumer})`);
    }
  }
  return undefined;
}

export function checkGroupRun(facts: GroupRunFacts): Finding[] {
  return [twoOwners(facts), skips(facts), commitsBackwards(facts), fencedCommits(facts)].filter((f): f is Finding => f !== undefined);
}

/** What at-least-once repeats: records the members processed more than once; and what at-most-once skips. */
export function groupFigures(facts: GroupRunFacts): GroupFigures {
  const { processed } = processedAndRead(facts);
  let duplicates = 0;
  for (const counts of processed.values()) for (const count of counts.values()) duplicates += Math.max(0, count - 1);
  const skip = skips(facts);
  return { duplicates, skipped: skip?.values.length ?? 0 };
}
