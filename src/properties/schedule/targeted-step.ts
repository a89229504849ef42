/**
 * Faults aimed at a role rather than a broker: "crash the leader of p0", "restart a broker that is down".
 * Most interesting stories hit whoever leads at that moment, which a fixed broker id hits only by luck once
 * leadership has moved. The runner resolves a targeted step against the current cluster into a concrete
 * kernel step, and the trace records the concrete step, so a replay never re-resolves anything.
 */
import { brokerNode, type NodeId } from '../../system/kernel/ids.ts';
import { describeStep, type Step } from '../../system/kernel/steps.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';
import { PRODUCER } from '../settings.ts';

export type TargetedStep =
  | { type: 'target'; action: 'crash' | 'powerLoss' | 'pause' | 'isolate'; role: 'leader' | 'follower'; partition: number; withProducer?: boolean }
  | { type: 'target'; action: 'restart' | 'resume'; role: 'down' }
  /** Deliver or drop the message at the head of a busy link: `pick` 0 is the link whose head was sent first (the
   * order a prompt network would deliver in), a higher pick overtakes it with a later one. */
  | { type: 'target'; action: 'deliver' | 'drop'; role: 'inFlight'; pick: number };

export type ScheduleStep = Step | TargetedStep;

/** The leader, and the other replicas: in-sync ones first (a fault on a follower that holds the committed records
 * is the one that matters), each group in assignment order. */
function replicasOf(simulation: Simulation, partition: number): { leader: NodeId | undefined; others: NodeId[] } {
  const registration = controllerView(simulation).partitions[partition];
  if (!registration) return { leader: undefined, others: [] };
  const leader = registration.leader >= 0 ? brokerNode(registration.leader) : undefined;
  const followers = registration.replicas.filter((b) => brokerNode(b) !== leader);
  const ordered = [...followers.filter((b) => registration.isr.includes(b)), ...followers.filter((b) => !registration.isr.includes(b))];
  return { leader, others: ordered.map(brokerNode) };
}

/** The busy links (a deliver needs the receiver up), ordered by the id of the message at their head, oldest first. */
function inFlightStep(simulation: Simulation, action: 'deliver' | 'drop', pick: number): Step | undefined {
  const world = simulation.world;
  const heads = Object.values(world.links)
    .map((queue) => queue[0])
    .filter((head) => head !== undefined && (action === 'drop' || world.nodes[head.to]?.status === 'up'))
    .sort((a, b) => a!.id - b!.id);
  const head = heads[pick % Math.max(1, heads.length)];
  return head ? { type: action, from: head.from, to: head.to } : undefined;
}

/** The concrete step, or undefined when no broker has the role now (the step is then a no-op). */
export function resolveStep(simulation: Simulation, step: ScheduleStep): Step | undefined {
  if (step.type !== 'target') return step;
  const world = simulation.world;
  if (step.role === 'inFlight') return inFlightStep(simulation, step.action, step.pick);
  if (step.role === 'down') {
    const status = step.action === 'restart' ? 'crashed' : 'paused';
    const node = world.nodeIds.find((n) => world.nodes[n]!.kind === 'broker' && world.nodes[n]!.status === status);
    return node === undefined ? undefined : { type: step.action, node };
  }
  const { leader, others } = replicasOf(simulation, step.partition);
  const node = step.role === 'leader' ? leader : others.find((n) => world.nodes[n]!.status === 'up');
  if (node === undefined) return undefined;
  if (step.action === 'isolate') return { type: 'partition', nodes: step.withProducer ? [node, PRODUCER] : [node] };
  return { type: step.action, node };
}

export function describeScheduleStep(step: ScheduleStep): string {
  if (step.type !== 'target') return describeStep(step);
  if (step.role === 'inFlight') return `${step.action} a message in flight${step.pick > 0 ? ` (overtaking ${step.pick})` : ''}`;
  if (step.role === 'down') return `${step.action} a broker that is down`;
  const whom = `the ${step.role} of p${step.partition}`;
  return step.action === 'isolate' ? `isolate ${whom}${step.withProducer ? ' with producer0' : ''}` : `${step.action} ${whom}`;
}
