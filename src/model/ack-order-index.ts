/**
 * One producer's acks on one partition, indexed for nonmonotonic-send: given a new ack (its send's invoke
 * position and its offset), the first earlier ack, in the order acks arrived, that is out of order with it: one
 * invoked before it at an offset not below its own, or invoked after it at a lower offset.
 *
 * A segment tree over arrival order, kept as plain data (arrays of numbers, so the spec state stays a JSON
 * snapshot): each node holds the least and greatest invoke position and offset below it, and the search goes down
 * only into nodes that may hold a conflict. An in-order ack is answered at the root; acks that complete out of
 * invoke order, as an asynchronous producer's do, cost O(log n) as long as their disorder is local. It does not
 * bound an adversarial mix of orders: a node's bounds can promise a conflict its entries do not hold.
 */

export interface AckOrderIndex {
  /** Invoke positions (indices into SpecState.sends) in arrival order: the leaves. */
  ids: number[];
  /** Offsets, parallel to ids. */
  offsets: number[];
  /** levels[k - 1] holds the nodes of height k, four numbers each: least id, greatest id, least offset, greatest
   * offset of the 2^k leaves below it (fewer at the right edge). The last level has one node, the root. */
  levels: number[][];
}

const MIN_ID = 0;
const MAX_ID = 1;
const MIN_OFFSET = 2;
const MAX_OFFSET = 3;

export function emptyAckOrderIndex(): AckOrderIndex {
  return { ids: [], offsets: [], levels: [] };
}

/** Appends an ack as the latest arrival: O(log n). */
export function addAck(index: AckOrderIndex, id: number, offset: number): void {
  const leaf = index.ids.length;
  index.ids.push(id);
  index.offsets.push(offset);
  const leafBounds = [id, id, offset, offset] as const;
  // Height h exists while more than 2^(h-1) leaves do; its node `leaf >> h` covers the new leaf.
  for (let height = 1; 1 << (height - 1) < index.ids.length; height++) {
    const node = leaf >> height;
    if (index.levels.length < height) {
      // A new root above the old one: it covers the old root's leaves and the new one.
      const root = boundsOf(index, height - 1, 0);
      widen(root, 0, leafBounds);
      index.levels.push(root);
    } else if (node * 4 < index.levels[height - 1]!.length) {
      widen(index.levels[height - 1]!, node * 4, leafBounds);
    } else {
      index.levels[height - 1]!.push(...leafBounds);
    }
  }
}

/**
 * The arrival position of the first ack that is out of order with (id, offset): invoked before it (a smaller
 * id) at an offset ≥ offset, or invoked after it (a larger id) at an offset < offset. Undefined when none is.
 */
export function firstConflict(index: AckOrderIndex, id: number, offset: number): number | undefined {
  if (index.ids.length === 0) return undefined;
  return search(index, index.levels.length, 0, id, offset);
}

function search(index: AckOrderIndex, height: number, node: number, id: number, offset: number): number | undefined {
  if (height === 0) return conflicts(index.ids[node]!, index.offsets[node]!, id, offset) ? node : undefined;
  if (!mayConflict(boundsOf(index, height, node), id, offset)) return undefined;
  const left = search(index, height - 1, node * 2, id, offset);
  if (left !== undefined) return left;
  return node * 2 + 1 < nodeCount(index, height - 1) ? search(index, height - 1, node * 2 + 1, id, offset) : undefined;
}

function conflicts(otherId: number, otherOffset: number, id: number, offset: number): boolean {
  return otherId < id !== otherOffset < offset;
}

/** Whether some leaf below a node with these bounds could conflict. */
function mayConflict(bounds: readonly number[], id: number, offset: number): boolean {
  return (bounds[MIN_ID]! < id && bounds[MAX_OFFSET]! >= offset) || (bounds[MAX_ID]! > id && bounds[MIN_OFFSET]! < offset);
}

function nodeCount(index: AckOrderIndex, height: number): number {
  return height === 0 ? index.ids.length : index.levels[height - 1]!.length / 4;
}

function boundsOf(index: AckOrderIndex, height: number, node: number): number[] {
  if (height === 0) {
    const id = index.ids[node]!;
    const offset = index.offsets[node]!;
    return [id, id, offset, offset];
  }
  const level = index.levels[height - 1]!;
  const at = node * 4;
  return [level[at]!, level[at + 1]!, level[at + 2]!, level[at + 3]!];
}

function widen(level: number[], at: number, bounds: readonly number[]): void {
  level[at + MIN_ID] = Math.min(level[at + MIN_ID]!, bounds[MIN_ID]!);
  level[at + MAX_ID] = Math.max(level[at + MAX_ID]!, bounds[MAX_ID]!);
  level[at + MIN_OFFSET] = Math.min(level[at + MIN_OFFSET]!, bounds[MIN_OFFSET]!);
  level[at + MAX_OFFSET] = Math.max(level[at + MAX_OFFSET]!, bounds[MAX_OFFSET]!);
}
