/**
 * The checker's step alphabet, built from the schedules' own vocabulary (kernel `Step`s): the bounded workload
 * (the producer's sends, the live consumer's polls), per link a delivery or a drop of its head, a delivery of
 * everything in flight, the faults of the claim's fault kinds within the fault budget and a fault count, a restart
 * of a crashed broker, and time advanced to the next timer or writeback deadline (never past a virtual-time
 * bound, so the space stays finite). Only steps that apply and that the fault budget accepts are offered: any
 * other would be a no-op, a self-loop. Partitions and pauses are left out (see docs/model-checking.md).
 */
import { brokerNode, type NodeId } from '../system/kernel/ids.ts';
import { deliverableLinks } from '../system/kernel/network.ts';
import type { Step } from '../system/kernel/steps.ts';
import { nextDueWork } from '../system/kernel/timers.ts';
import { budgetRefusal } from '../properties/runner/fault-budget.ts';
import { LIVE_CONSUMER, PRODUCER } from '../properties/settings.ts';
import type { McState } from './mc-state.ts';

export interface ModelBounds {
  /** Sends of the producer, values r1, r2, … */
  sends: number;
  /** Polls of the live consumer. */
  polls: number;
  /** Crashes and power losses, all told. */
  faults: number;
  /** Messages dropped (only when the claim's faults include message loss), all told. */
  drops: number;
  /** No tick takes the virtual clock past this (ms since the world started). */
  timeMaxMs: number;
}

/** The value of the producer's n-th send (from 1): unique, as the spec model needs. */
export function sendValue(n: number): string {
  return `r${n}`;
}

function brokerNodes(state: McState): NodeId[] {
  return Array.from({ length: state.run.simulation.world.config.brokers }, (_, i) => brokerNode(i));
}

function faultSteps(state: McState, bounds: ModelBounds): Step[] {
  const world = state.run.simulation.world;
  const faults = state.run.settings.faults;
  const steps: Step[] = [];
  for (const node of brokerNodes(state)) {
    const status = world.nodes[node]!.status;
    if (status === 'crashed') {
      steps.push({ type: 'restart', node });
      continue;
    }
    if (state.used.faults >= bounds.faults) continue;
    if (faults.includes('crash')) steps.push({ type: 'crash', node });
    if (faults.includes('powerLoss')) steps.push({ type: 'powerLoss', node });
  }
  return steps;
}

function tickStep(state: McState, bounds: ModelBounds): Step | undefined {
  const world = state.run.simulation.world;
  const due = nextDueWork(world, bounds.timeMaxMs);
  if (!due) return undefined;
  return { type: 'tick', ms: Math.max(0, due.dueMs - world.nowMs) };
}

/** The steps enabled in `state`, in a fixed order (the order fixes which of two equally short traces is found). */
export function enabledSteps(state: McState, bounds: ModelBounds): Step[] {
  const run = state.run;
  const world = run.simulation.world;
  const candidates: Step[] = [];
  if (state.used.sends < bounds.sends) candidates.push({ type: 'send', producer: PRODUCER, key: null, value: sendValue(state.used.sends + 1) });
  if (state.used.polls < bounds.polls) candidates.push({ type: 'poll', consumer: LIVE_CONSUMER });
  const links = deliverableLinks(world);
  // Everything at once, as `run` does: also what tells the fault budget the network is not stalled (only `run` and
  // `deliverAll` do), so without it time could not pass the broker session timeout. Offered unless it changes nothing.
  if (links.length > 0 || run.budget.lastPromptMs !== world.nowMs) candidates.push({ type: 'deliverAll' });
  for (const key of links) {
    const head = world.links[key]![0]!;
    candidates.push({ type: 'deliver', from: head.from, to: head.to });
  }
  if (run.settings.faults.includes('messageLoss') && state.used.drops < bounds.drops) {
    for (const key of Object.keys(world.links).sort()) {
      const head = world.links[key]![0]!;
      candidates.push({ type: 'drop', from: head.from, to: head.to });
    }
  }
  candidates.push(...faultSteps(state, bounds));
  const tick = tickStep(state, bounds);
  if (tick) candidates.push(tick);
  return candidates.filter((step) => budgetRefusal(world, run.budget, step, run.settings.impairedBrokersMax) === undefined);
}
