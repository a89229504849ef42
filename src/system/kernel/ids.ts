/**
 * Names of the nodes of a simulated cluster. Brokers are `b0`, `b1`, …; the controller is `controller`;
 * producers and consumers are `producer0`, `consumer0`, …. Node ids are plain strings so traces stay readable.
 */
export type NodeId = string;
export type BrokerId = number;
export type PartitionId = number;

export type NodeKind = 'broker' | 'controller' | 'producer' | 'consumer';

export const CONTROLLER_NODE: NodeId = 'controller';

/** Ids are asked for on every message and parsed back on every input, so each is made and parsed once: plain
 * memoisation of pure functions, bounded so that ids read from a hostile file cannot grow it without end. */
const IDS_REMEMBERED_MAX = 4_096;

interface ParsedNodeId {
  kind: NodeKind | undefined;
  /** The number at the end (`b2` → 2, `producer1` → 1), -1 when there is none. */
  index: number;
}

const parsedIds = new Map<string, ParsedNodeId>();
const brokerNodes: NodeId[] = [];

function parseNodeId(node: NodeId): ParsedNodeId {
  const known = parsedIds.get(node);
  if (known) return known;
  const digits = /(\d+)$/.exec(node);
  let kind: NodeKind | undefined;
  if (node === CONTROLLER_NODE) kind = 'controller';
  else if (/^b\d+$/.test(node)) kind = 'broker';
  else if (/^producer\d+$/.test(node)) kind = 'producer';
  else if (/^consumer\d+$/.test(node)) kind = 'consumer';
  const parsed: ParsedNodeId = { kind, index: digits ? Number(digits[1]) : -1 };
  if (parsedIds.size < IDS_REMEMBERED_MAX) parsedIds.set(node, parsed);
  return parsed;
}

export function brokerNode(brokerId: BrokerId): NodeId {
  const known = brokerNodes[brokerId];
  if (known !== undefined) return known;
  const node = `b${brokerId}`;
  if (Number.isInteger(brokerId) && brokerId >= 0 && brokerId < IDS_REMEMBERED_MAX) brokerNodes[brokerId] = node;
  return node;
}

export function producerNode(index: number): NodeId {
  return `producer${index}`;
}

export function consumerNode(index: number): NodeId {
  return `consumer${index}`;
}

/** The broker id behind a node id, or undefined when the node is not a broker. */
export function brokerIdOf(node: NodeId): BrokerId | undefined {
  const parsed = parseNodeId(node);
  return parsed.kind === 'broker' ? parsed.index : undefined;
}

export function nodeKindOf(node: NodeId): NodeKind | undefined {
  return parseNodeId(node).kind;
}

/** The index of a client node (`producer2` → 2). */
export function clientIndexOf(node: NodeId): number {
  const index = parseNodeId(node).index;
  if (index < 0) throw new Error(`not a client node: ${node}`);
  return index;
}
