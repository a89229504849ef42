/**
 * Reads one kernel step of a trace and checks it against the cluster the trace's settings describe: every node
 * it names must exist and be of the kind the step needs (a send needs a producer, a fault a broker or client,
 * never the controller, which kcheck models as never failing). Durations are bounded so that a hand-edited
 * trace cannot ask for a replay that takes hours.
 */
import { hostedPartitionCount, type ClusterConfig } from '../../system/config/config.ts';
import { brokerNode, consumerNode, CONTROLLER_NODE, nodeKindOf, producerNode, type NodeId, type NodeKind } from '../../system/kernel/ids.ts';
import { ALL_TRIGGER_EVENTS, TRIGGER_FAULTS, type Step, type StepType, type Trigger } from '../../system/kernel/steps.ts';
import { preview, readArray, readObject, readInteger, readOneOf, readString, type Fail } from './trace-fields.ts';

/** One hour of virtual time per `run` or `tick`: far beyond any generated step (≤ 6 s), short enough to replay. */
export const STEP_MS_MAX = 3_600_000;

/** The OS writeback interval a `writebackInterval` step may set: 1 ms to one hour. */
export const WRITEBACK_INTERVAL_MS_MAX = 3_600_000;

const STEP_TYPES: readonly StepType[] = [
  'send', 'poll', 'deliver', 'drop', 'tick', 'deliverAll', 'run', 'crash', 'powerLoss', 'restart', 'pause', 'resume', 'partition', 'heal',
  'hold', 'release', 'deliveryOrder', 'writeback', 'writebackInterval', 'on', 'commit', 'leave', 'subscribe',
];

/** The node ids of a cluster, by kind, in the kernel's order. */
export interface ClusterNodes {
  broker: NodeId[];
  controller: NodeId[];
  producer: NodeId[];
  consumer: NodeId[];
  /** Partitions of the topic. */
  partitions: number;
  /** Partitions a trigger may name: the topic's, then `__consumer_offsets`' (a group's commit moment). */
  hostedPartitions: number;
}

export function clusterNodes(config: ClusterConfig): ClusterNodes {
  return {
    partitions: config.partitions,
    hostedPartitions: hostedPartitionCount(config),
    broker: Array.from({ length: config.brokers }, (_, i) => brokerNode(i)),
    controller: [CONTROLLER_NODE],
    producer: config.producers.map((_, i) => producerNode(i)),
    consumer: config.consumers.map((_, i) => consumerNode(i)),
  };
}

function allNodes(nodes: Omit<ClusterNodes, 'partitions' | 'hostedPartitions'>): NodeId[] {
  return [...nodes.broker, ...nodes.controller, ...nodes.producer, ...nodes.consumer];
}

/** A node of one of `kinds`; the message names what the cluster has, so a typo or an out-of-range id is plain. */
export function readNode(value: unknown, where: string, kinds: readonly NodeKind[], nodes: ClusterNodes, fail: Fail): NodeId {
  const node = readString(value, where, fail);
  const kind = nodeKindOf(node);
  if (kind === undefined || !nodes[kind].includes(node)) {
    const known = kind === undefined ? allNodes(nodes) : nodes[kind];
    fail(where, `unknown ${kind ?? 'node'} ${preview(node)}; this cluster has ${known.join(', ')}`);
  }
  if (!kinds.includes(kind)) fail(where, `${node} is a ${kind}; this step needs a ${kinds.join(' or ')}`);
  return node;
}

const ANY_NODE: readonly NodeKind[] = ['broker', 'controller', 'producer', 'consumer'];
/** The controller is modelled as never failing; a fault may hit a broker or a client. */
const FAULTABLE: readonly NodeKind[] = ['broker', 'producer', 'consumer'];

function readTrigger(raw: unknown, where: string, nodes: ClusterNodes, fail: Fail): Trigger {
  const o = readObject(raw, where, ['event', 'partition', 'whom', 'fault'], [], fail);
  return {
    event: readOneOf(o.event, `${where}.event`, ALL_TRIGGER_EVENTS, fail),
    partition: readInteger(o.partition, `${where}.partition`, fail, 0, nodes.hostedPartitions - 1),
    whom: readOneOf(o.whom, `${where}.whom`, ['leader', 'follower'] as const, fail),
    fault: readOneOf(o.fault, `${where}.fault`, TRIGGER_FAULTS, fail),
  };
}

export function readStep(raw: unknown, where: string, nodes: ClusterNodes, fail: Fail): Step {
  const type = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).type : undefined) as StepType;
  if (!STEP_TYPES.includes(type)) fail(`${where}.type`, `unknown step type ${preview(type)}; a step is one of ${STEP_TYPES.join(', ')}`);
  const fields = (...names: string[]) => readObject(raw, where, ['type', ...names], [], fail);
  switch (type) {
    case 'send': {
      const o = readObject(raw, where, ['type', 'producer', 'key', 'value'], [], fail);
      const key = o.key === null ? null : readString(o.key, `${where}.key`, fail);
      return { type, producer: readNode(o.producer, `${where}.producer`, ['producer'], nodes, fail), key, value: readString(o.value, `${where}.value`, fail, { nonEmpty: true }) };
    }
    case 'poll':
    case 'commit':
    case 'leave':
    case 'subscribe':
      return { type, consumer: readNode(fields('consumer').consumer, `${where}.consumer`, ['consumer'], nodes, fail) };
    case 'deliver':
    case 'drop': {
      const o = fields('from', 'to');
      return { type, from: readNode(o.from, `${where}.from`, ANY_NODE, nodes, fail), to: readNode(o.to, `${where}.to`, ANY_NODE, nodes, fail) };
    }
    case 'tick':
    case 'run':
      return { type, ms: readInteger(fields('ms').ms, `${where}.ms`, fail, 0, STEP_MS_MAX) };
    case 'crash':
    case 'powerLoss':
    case 'restart':
    case 'pause':
    case 'resume':
      return { type, node: readNode(fields('node').node, `${where}.node`, FAULTABLE, nodes, fail) };
    case 'partition': {
      const list = readArray(fields('nodes').nodes, `${where}.nodes`, allNodes(nodes).length, fail, (n, at) => readNode(n, at, ANY_NODE, nodes, fail));
      if (list.length === 0) fail(`${where}.nodes`, 'must name at least one node');
      if (new Set(list).size !== list.length) fail(`${where}.nodes`, `names a node twice: ${preview(list)}`);
      return { type, nodes: list };
    }
    case 'deliverAll':
    case 'heal':
      fields();
      return { type };
    case 'hold':
    case 'release': {
      const o = fields('from', 'to');
      return { type, from: readNode(o.from, `${where}.from`, ANY_NODE, nodes, fail), to: readNode(o.to, `${where}.to`, ANY_NODE, nodes, fail) };
    }
    case 'deliveryOrder':
      return { type, seed: readInteger(fields('seed').seed, `${where}.seed`, fail, 0, 0xffffffff) };
    case 'writeback':
      return { type, node: readNode(fields('node').node, `${where}.node`, ['broker'], nodes, fail) };
    case 'writebackInterval':
      return { type, ms: readInteger(fields('ms').ms, `${where}.ms`, fail, 1, WRITEBACK_INTERVAL_MS_MAX) };
    case 'on':
      return { type, trigger: readTrigger(fields('trigger').trigger, `${where}.trigger`, nodes, fail) };
    default: {
      const never: never = type;
      return fail(`${where}.type`, `unknown step type ${preview(never)}`);
    }
  }
}
