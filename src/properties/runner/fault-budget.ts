/**
 * The fault budget: at most `impairedBrokersMax` brokers impaired at once — crashed, paused, or cut off from
 * the controller by a partition. A network stall (`tick` steps with no delivery in between) as long as the
 * broker session timeout fences every broker, so it counts as impairing all of them. A broker that lost power
 * stays impaired after its restart until its new incarnation is back in every ISR it belongs to: until then
 * its log is not whole, and a second power loss would hit the same records twice. A fault step that would exceed it does not apply (a no-op, like any step
 * that does not fit the state), so the budget never makes a schedule invalid and shrinking stays free.
 */
import type { ControllerState } from '../../system/controller/controller-state.ts';
import { brokerIdOf, CONTROLLER_NODE, type NodeId } from '../../system/kernel/ids.ts';
import type { Step } from '../../system/kernel/steps.ts';
import type { World } from '../../system/kernel/world.ts';

export interface BudgetState {
  /** Brokers inside some partition group since the last heal (groups never include the controller). */
  partitioned: NodeId[];
  /** When the network last delivered everything (the end of a `run` or `deliverAll`). */
  lastPromptMs: number;
  /** Brokers that lost power and have not yet rejoined every ISR. */
  recovering: NodeId[];
}

/** Back in every ISR of its partitions, with the incarnation that runs now. */
function recovered(world: World, node: NodeId): boolean {
  const controller = world.nodes[CONTROLLER_NODE]!.state as ControllerState;
  const id = brokerIdOf(node)!;
  const slot = world.nodes[node]!;
  if (slot.status !== 'up' || controller.brokers[id]?.incarnation !== slot.incarnation) return false;
  return Object.values(controller.partitions).every((p) => !p.replicas.includes(id) || p.isr.includes(id));
}

export function impairedBrokers(world: World, budget: BudgetState): Set<NodeId> {
  budget.recovering = budget.recovering.filter((node) => !recovered(world, node));
  const impaired = new Set<NodeId>([...budget.partitioned, ...budget.recovering]);
  for (const node of world.nodeIds) {
    const slot = world.nodes[node]!;
    if (slot.kind === 'broker' && slot.status !== 'up') impaired.add(node);
  }
  return impaired;
}

/** Why the step is refused, or undefined when it fits the budget. */
export function budgetRefusal(world: World, budget: BudgetState, step: Step, impairedBrokersMax: number): string | undefined {
  let newlyImpaired: NodeId[];
  switch (step.type) {
    case 'tick': {
      const brokers = world.nodeIds.filter((n) => world.nodes[n]!.kind === 'broker').length;
      const stalledMs = world.nowMs + step.ms - budget.lastPromptMs;
      if (brokers <= impairedBrokersMax || stalledMs < world.config.brokerSessionTimeoutMs) return undefined;
      return `fault budget: a ${stalledMs} ms network stall would fence all ${brokers} brokers (at most ${impairedBrokersMax} impaired at once)`;
    }
    case 'crash':
    case 'powerLoss':
    case 'pause':
      newlyImpaired = [step.node];
      break;
    case 'partition':
      newlyImpaired = step.nodes.filter((n) => brokerIdOf(n) !== undefined);
      break;
    default:
      return undefined;
  }
  const impaired = impairedBrokers(world, budget);
  newlyImpaired.forEach((n) => impaired.add(n));
  return impaired.size > impairedBrokersMax ? `fault budget: at most ${impairedBrokersMax} broker(s) impaired at once` : undefined;
}

/** Keeps the budget's view of partitions in step with the schedule. */
export function noteNetworkStep(budget: BudgetState, step: Step, nowMs: number): void {
  if (step.type === 'run' || step.type === 'deliverAll') budget.lastPromptMs = nowMs;
  if (step.type === 'powerLoss' && !budget.recovering.includes(step.node)) budget.recovering.push(step.node);
  if (step.type === 'heal') budget.partitioned = [];
  if (step.type === 'partition') {
    for (const n of step.nodes) if (brokerIdOf(n) !== undefined && !budget.partitioned.includes(n)) budget.partitioned.push(n);
  }
}
