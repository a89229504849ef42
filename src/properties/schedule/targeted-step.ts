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
  | { type: 'target'; action: 'restart' | 'resume'; role: 'down' };

export type ScheduleStep = Step | TargetedStep;

function replicasOf(simulation: Simulation, partition: number): { leader: NodeId | undefined; others: NodeId[] } {
  const registration = controllerView(simulation).partitions[partition];
  if (!registration) return { leader: undefined, others: [] };
  const leader = registration.leader >= 0 ? brokerNode(registration.leader) : undefined;
  return { leader, others: registration.replicas.map(brokerNode).filter((n) => n !== leader) };
}

/** The concrete step, or undefined when no broker has the role now (the step is then a no-op). */
export function resolveStep(simulation: Simulation, step: ScheduleStep): Step | undefined {
  if (step.type !== 'target') return step;
  const world = simulation.world;
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
  if (step.role === 'down') return `${step.action} a broker that is down`;
  const whom = `the ${step.role} of p${step.partition}`;
  return step.action === 'isolate' ? `isolate ${whom}${step.withProducer ? ' with producer0' : ''}` : `${step.action} ${whom}`;
}
