/**
 * Faults aimed at a role rather than a broker: "crash the leader of p0", "restart a broker that is down".
 * Most interesting stories hit whoever leads at that moment, which a fixed broker id hits only by luck once
 * leadership has moved. The runner resolves a targeted step against the current cluster into a concrete
 * kernel step, and the trace records the concrete step, so a replay never re-resolves anything.
 */
import { brokerNode, CONTROLLER_NODE, type NodeId } from '../../system/kernel/ids.ts';
import { describeStep, type Step } from '../../system/kernel/steps.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';
import { PRODUCER } from '../settings.ts';

export type TargetedStep =
  | { type: 'target'; action: 'crash' | 'powerLoss' | 'pause' | 'isolate'; role: 'leader' | 'follower'; partition: number; withProducer?: boolean }
  | { type: 'target'; action: 'restart' | 'resume'; role: 'down' }
  /** Deliver or drop the message at the head of a busy link: `pick` 0 is the link whose head was sent first (the
   * order a prompt network would deliver in), a higher pick overtakes it with a later one. */
  | { type: 'target'; action: 'deliver' | 'drop'; role: 'inFlight'; pick: number }
  /** Hold a link named by the roles at its ends ("the link from the leader of p0 to a follower"). */
  | { type: 'target'; action: 'hold'; role: 'link'; link: RoleLink; partition: number }
  /** Release a held link: the first in link order. */
  | { type: 'target'; action: 'release'; role: 'held' };

/** A link by the roles of its ends: leader and follower of a partition, the controller, the producer. */
export type RoleLink = 'leaderToFollower' | 'followerToLeader' | 'controllerToLeader' | 'controllerToFollower' | 'leaderToController' | 'followerToController' | 'leaderToProducer';
export const ROLE_LINKS: readonly RoleLink[] = ['leaderToFollower', 'followerToLeader', 'controllerToLeader', 'controllerToFollower', 'leaderToController', 'followerToController', 'leaderToProducer'];

const ROLE_LINK_WORDS: Record<RoleLink, string> = {
  leaderToFollower: 'from the leader of pN to a follower',
  followerToLeader: 'from a follower of pN to its leader',
  controllerToLeader: 'from the controller to the leader of pN',
  controllerToFollower: 'from the controller to a follower of pN',
  leaderToController: 'from the leader of pN to the controller',
  followerToController: 'from a follower of pN to the controller',
  leaderToProducer: 'from the leader of pN to producer0',
};

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
  const heads = Object.entries(world.links)
    .filter(([key]) => action === 'drop' || world.held?.[key] !== true)
    .map(([, queue]) => queue[0])
    .filter((head) => head !== undefined && (action === 'drop' || world.nodes[head.to]?.status === 'up'))
    .sort((a, b) => a!.id - b!.id);
  const head = heads[pick % Math.max(1, heads.length)];
  return head ? { type: action, from: head.from, to: head.to } : undefined;
}

/** The link's ends as the cluster stands now, or undefined when a role is empty. */
function roleLinkStep(simulation: Simulation, link: RoleLink, partition: number): Step | undefined {
  const { leader, others } = replicasOf(simulation, partition);
  const follower = others[0];
  const ends: Record<RoleLink, [NodeId | undefined, NodeId | undefined]> = {
    leaderToFollower: [leader, follower],
    followerToLeader: [follower, leader],
    controllerToLeader: [CONTROLLER_NODE, leader],
    controllerToFollower: [CONTROLLER_NODE, follower],
    leaderToController: [leader, CONTROLLER_NODE],
    followerToController: [follower, CONTROLLER_NODE],
    leaderToProducer: [leader, PRODUCER],
  };
  const [from, to] = ends[link];
  return from === undefined || to === undefined ? undefined : { type: 'hold', from, to };
}

/** The concrete step, or undefined when no broker has the role now (the step is then a no-op). */
export function resolveStep(simulation: Simulation, step: ScheduleStep): Step | undefined {
  if (step.type !== 'target') return step;
  const world = simulation.world;
  if (step.role === 'inFlight') return inFlightStep(simulation, step.action, step.pick);
  if (step.role === 'link') return roleLinkStep(simulation, step.link, step.partition);
  if (step.role === 'held') {
    const first = Object.keys(world.held ?? {}).sort()[0];
    if (first === undefined) return undefined;
    const [from, to] = first.split('>') as [NodeId, NodeId];
    return { type: 'release', from, to };
  }
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
  if (step.role === 'link') return `hold the link ${ROLE_LINK_WORDS[step.link].replace('pN', `p${step.partition}`)}`;
  if (step.role === 'held') return 'release a held link';
  const whom = `the ${step.role} of p${step.partition}`;
  return step.action === 'isolate' ? `isolate ${whom}${step.withProducer ? ' with producer0' : ''}` : `${step.action} ${whom}`;
}
