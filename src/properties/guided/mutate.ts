/**
 * Mutations of a schedule for the guided search, drawn from a seeded stream: insert a freshly drawn slice, delete
 * steps, swap neighbours, duplicate a slice, retarget a fault, change a duration or the writeback interval, redraw
 * the delivery order, splice two corpus members. They work on any ScheduleStep: a kind this file does not know is
 * moved, copied and deleted like any other, and only retargeting and durations look inside the kinds they know.
 * Every result is a valid schedule (any step list is).
 */
import { brokerNode, type NodeId } from '../../system/kernel/ids.ts';
import { CHECK_BROKERS } from '../settings.ts';
import type { ScheduleStep } from '../schedule/targeted-step.ts';

/** A seeded stream of floats in [0, 1) (seedrandom's `prng()`). */
export type Random = () => number;

export const int = (random: Random, bound: number): number => Math.floor(random() * bound);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;
const DURATIONS_MS = [10, 100, 500, 1_000, 3_000, 6_000, 12_000, 30_000];
const BROKERS: NodeId[] = Array.from({ length: CHECK_BROKERS }, (_, i) => brokerNode(i));

/** The step aimed elsewhere, or undefined for a kind without a target this knows. */
function retargeted(step: ScheduleStep, random: Random, partitions: number): ScheduleStep | undefined {
  switch (step.type) {
    case 'target':
      if (step.role === 'leader' || step.role === 'follower') {
        return random() < 0.5 ? { ...step, role: step.role === 'leader' ? 'follower' : 'leader' } : { ...step, partition: int(random, partitions) };
      }
      if (step.role === 'inFlight') return { ...step, pick: int(random, 4) };
      return undefined;
    case 'deliveryOrder':
      return { ...step, seed: int(random, 2 ** 32) };
    case 'writebackInterval':
      return { ...step, ms: (1 + int(random, 60)) * 1_000 };
    case 'crash':
    case 'powerLoss':
    case 'pause':
    case 'restart':
    case 'resume':
      return { ...step, node: pick(random, BROKERS) };
    default:
      return undefined;
  }
}

function withDuration(step: ScheduleStep, random: Random): ScheduleStep | undefined {
  return step.type === 'run' || step.type === 'tick' ? { ...step, ms: pick(random, DURATIONS_MS) } : undefined;
}

export interface MutationSources {
  random: Random;
  partitions: number;
  /** A freshly drawn schedule, to take a slice from. */
  draw: () => ScheduleStep[];
  /** Another corpus member, to splice with. */
  other: () => ScheduleStep[];
  stepsMax: number;
}

/** One mutation of `steps`. */
export function mutateOnce(steps: readonly ScheduleStep[], sources: MutationSources): ScheduleStep[] {
  const { random } = sources;
  const out = [...steps];
  const at = int(random, out.length + 1);
  const span = 1 + int(random, 4);
  switch (int(random, 8)) {
    case 0: {
      const fresh = sources.draw();
      const from = int(random, fresh.length);
      out.splice(at, 0, ...fresh.slice(from, from + span));
      return out;
    }
    case 1:
      out.splice(at, span);
      return out;
    case 2:
      if (out.length > 1) {
        const i = int(random, out.length - 1);
        [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
      }
      return out;
    case 3:
      out.splice(at, 0, ...out.slice(at, at + span));
      return out;
    case 4:
    case 5: {
      const i = int(random, out.length);
      const changed = out[i] && ((int(random, 2) === 0 ? retargeted(out[i]!, random, sources.partitions) : withDuration(out[i]!, random)) ?? retargeted(out[i]!, random, sources.partitions));
      if (changed) out[i] = changed;
      return out;
    }
    case 6: {
      // Another delivery order for the same steps: which of the messages in flight at a leader change lands
      // first decides many deep stories, and the preamble's order is drawn once per schedule.
      const i = out.findIndex((s) => s.type === 'deliveryOrder');
      const order: ScheduleStep = { type: 'deliveryOrder', seed: int(random, 2 ** 32) };
      if (i >= 0) out[i] = order;
      else out.unshift(order);
      return out;
    }
    default: {
      const other = sources.other();
      return [...out.slice(0, at), ...other.slice(int(random, other.length + 1))];
    }
  }
}

/** One to four stacked mutations (AFL's havoc), the result kept within the length bound and never empty. */
export function mutate(steps: readonly ScheduleStep[], sources: MutationSources): ScheduleStep[] {
  let out = [...steps];
  const rounds = 1 + int(sources.random, 4);
  for (let i = 0; i < rounds; i++) out = mutateOnce(out, sources);
  if (out.length === 0) out = sources.draw();
  return out.slice(0, sources.stepsMax);
}
