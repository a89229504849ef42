/**
 * Names of the nodes of a simulated cluster. Brokers are `b0`, `b1`, …; the controller is `controller`;
 * producers and consumers are `producer0`, `consumer0`, …. Node ids are plain strings so traces stay readable.
 */
export type NodeId = string;
export type BrokerId = number;
export type PartitionId = number;

export type NodeKind = 'broker' | 'controller' | 'producer' | 'consumer';

export const CONTROLLER_NODE: NodeId = 'controller';

export function brokerNode(brokerId: BrokerId): NodeId {
  return `b${brokerId}`;
}

export function producerNode(index: number): NodeId {
  return `producer${index}`;
}

export function consumerNode(index: number): NodeId {
  return `consumer${index}`;
}

/** The broker id behind a node id, or undefined when the node is not a broker. */
export function brokerIdOf(node: NodeId): BrokerId | undefined {
  const match = /^b(\d+)$/.exec(node);
  return match ? Number(match[1]) : undefined;
}

export function nodeKindOf(node: NodeId): NodeKind | undefined {
  if (node === CONTROLLER_NODE) return 'controller';
  if (/^b\d+$/.test(node)) return 'broker';
  if (/^producer\d+$/.test(node)) return 'producer';
  if (/^consumer\d+$/.test(node)) return 'consumer';
  return undefined;
}

/** The index of a client node (`producer2` → 2). */
export function clientIndexOf(node: NodeId): number {
  const match = /(\d+)$/.exec(node);
  if (!match) throw new Error(`not a client node: ${node}`);
  return Number(match[1]);
}
