/**
 * The fault budget: at most `impairedBrokersMax` brokers impaired at once. A broker is impaired while it is
 * crashed, paused or cut off by a partition; one that lost power stays impaired after its restart until it is
 * back, with the process that runs now, in every ISR it belongs to (its log is not whole until then). A broker
 * that is merely out of the ISR is not impaired: two ISR members failing while the third lags is within a budget
 * of two, and is what unclean election and min.insync.replicas are about. A network stall (`tick` steps with no
 * delivery in between) as long as the broker session timeout fences every broker counts as impairing all of them.
 * While the budget spares at least one broker, power losses come one at a time (a second broker may lose power
 * only once the first is back in every ISR) and never leave an ISR with a power-lost member as its last one
 * standing: no power loss of the last whole member of an ISR (the others impaired, or restarted and about to be
 * fenced), no fault on the last whole member while another one is recovering from a power loss. That member would
 * lead without its unflushed tail (KIP-966). Correlated power losses are claim C7-last-replica and the power-outage
 * cells, whose budget covers every broker. A fault step that would exceed the budget does not apply (a no-op, like
 * any step that does not fit the state), so the budget never makes a schedule invalid and shrinking stays free.
 * A held link (`hold`) impairs the brokers at its ends while it is held; a trigger's fault is asked as the step
 * it applies would be, at the moment it fires.
 */
import type { ControllerState } from '../../system/controller/controller-state.ts';
import { brokerIdOf, brokerNode, CONTROLLER_NODE, type NodeId } from '../../system/kernel/ids.ts';
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
  for (const key of Object.keys(world.held ?? {})) for (const node of key.split('>')) if (brokerIdOf(node) !== undefined) impaired.add(node);
  return impaired;
}

/** Whole: no fault impairs it, and the controller knows the process that runs now (a restarted broker it has not
 * registered again is about to leave the ISR: it is fenced before it is admitted). */
function isWhole(world: World, broker: number, impaired: ReadonlySet<NodeId>): boolean {
  const controller = world.nodes[CONTROLLER_NODE]!.state as ControllerState;
  const node = brokerNode(broker);
  const registration = controller.brokers[broker];
  return !impaired.has(node) && world.nodes[node]?.status === 'up' && registration?.alive === true && registration.incarnation === world.nodes[node]!.incarnation;
}

/**
 * KIP-966's loss within a budget that spares a broker: a partition's last ISR member standing is one that lost
 * power, and it leads without its unflushed tail. Refused: a power loss of the last whole member of an ISR, and
 * any fault on the last whole member while another member is still recovering from a power loss.
 */
function lastStandingRefusal(world: World, budget: BudgetState, step: Step, targets: readonly NodeId[], impaired: ReadonlySet<NodeId>): string | undefined {
  const controller = world.nodes[CONTROLLER_NODE]!.state as ControllerState;
  for (const node of targets) {
    const id = brokerIdOf(node)!;
    // A paused broker still holds its page cache: its power loss loses the unflushed tail as an up broker's does.
    const status = world.nodes[node]?.status;
    if (status !== 'up' && !(status === 'paused' && step.type === 'powerLoss')) continue;
    for (const [partition, registration] of Object.entries(controller.partitions)) {
      if (!registration.isr.includes(id)) continue;
      const others = registration.isr.filter((b) => b !== id);
      if (others.some((b) => isWhole(world, b, impaired))) continue;
      if (step.type === 'powerLoss') return `fault budget: ${node} is the last whole member of p${partition}'s ISR, and its power loss would lose what the ISR committed (KIP-966)`;
      const powerLost = others.map(brokerNode).find((n) => budget.recovering.includes(n));
      if (powerLost) return `fault budget: ${node} is the last whole member of p${partition}'s ISR besides ${powerLost}, which lost power: ${powerLost} would be left as the last member, without its unflushed tail (KIP-966)`;
    }
  }
  return undefined;
}

/** The brokers a fault step would impair; undefined for a step that is not a fault. */
function brokersHitBy(step: Step): NodeId[] | undefined {
  switch (step.type) {
    case 'crash':
    case 'powerLoss':
    case 'pause':
      // A client's crash or pause (a group member's) impairs no broker: outside the budget.
      return brokerIdOf(step.node) === undefined ? undefined : [step.node];
    case 'partition':
      return step.nodes.filter((n) => brokerIdOf(n) !== undefined);
    case 'hold':
      // A held link is a connection that stalls: the brokers at either end count as impaired, as a cut would.
      return [step.from, step.to].filter((n) => brokerIdOf(n) !== undefined);
    default:
      return undefined;
  }
}

/** Why the step is refused, or undefined when it fits the budget. */
export function budgetRefusal(world: World, budget: BudgetState, step: Step, impairedBrokersMax: number): string | undefined {
  const brokerCount = world.nodeIds.filter((n) => world.nodes[n]!.kind === 'broker').length;
  if (step.type === 'tick') {
    const stalledMs = world.nowMs + step.ms - budget.lastPromptMs;
    if (brokerCount <= impairedBrokersMax || stalledMs < world.config.brokerSessionTimeoutMs) return undefined;
    return `fault budget: a ${stalledMs} ms network stall would fence all ${brokerCount} brokers (at most ${impairedBrokersMax} impaired at once)`;
  }
  const hit = brokersHitBy(step);
  if (!hit) return undefined;
  const impaired = impairedBrokers(world, budget);
  if (impairedBrokersMax < brokerCount) {
    const lastStanding = lastStandingRefusal(world, budget, step, hit, impaired);
    if (lastStanding) return lastStanding;
    const other = step.type === 'powerLoss' ? budget.recovering.find((n) => n !== step.node) : undefined;
    if (other) return `fault budget: one power loss at a time, and ${other} has not yet recovered from its own (back in every ISR)`;
  }
  return new Set([...impaired, ...hit]).size > impairedBrokersMax ? `fault budget: at most ${impairedBrokersMax} broker(s) impaired at once` : undefined;
}

/** Keeps the budget's view of faults and partitions in step with the schedule. */
export function noteStep(budget: BudgetState, step: Step, nowMs: number): void {
  if (step.type === 'run' || step.type === 'deliverAll') budget.lastPromptMs = nowMs;
  if (step.type === 'powerLoss' && !budget.recovering.includes(step.node)) budget.recovering.push(step.node);
  if (step.type === 'heal') budget.partitioned = [];
  if (step.type === 'partition') {
    for (const n of step.nodes) if (brokerIdOf(n) !== undefined && !budget.partitioned.includes(n)) budget.partitioned.push(n);
  }
}
