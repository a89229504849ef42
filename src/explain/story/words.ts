/**
 * Small pieces of English for the story: lists ("b1 or b2"), offset ranges ("offsets 0–2"), record values, and
 * the replica a snapshot holds for a broker and partition.
 */
import type { ClusterSnapshot, ReplicaSnapshot } from '../../properties/runner/snapshot.ts';
import { shortValue } from '../message-label.ts';

export function either(items: readonly string[], conjunction: 'or' | 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

export function valueList(list: readonly string[]): string {
  return list.length === 0 ? 'nothing' : list.map(shortValue).join(', ');
}

/** "offset 3" or "offsets 3–5". */
export function offsets(first: number, count: number): string {
  return count === 1 ? `offset ${first}` : `offsets ${first}–${first + count - 1}`;
}

export function isrText(isr: readonly number[]): string {
  return `[${isr.join(',')}]`;
}

export function replicaIn(snapshot: ClusterSnapshot | undefined, node: string, partition: number): ReplicaSnapshot | undefined {
  return snapshot?.brokers.find((b) => b.node === node)?.replicas.find((r) => r.partition === partition);
}

export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
