/**
 * What happened inside the kernel while one step ran: messages sent, delivered and dropped, timers fired,
 * faults applied, observations made. A trace is the schedule plus these events, step by step.
 */
import type { Envelope } from './world.ts';
import type { NodeId } from './ids.ts';
import type { Observation } from './observations.ts';
import type { Step, Trigger } from './steps.ts';

export type DropReason = 'schedule' | 'cut' | 'nodeDown' | 'crash';

export type KernelEvent =
  | { type: 'sent'; envelope: Envelope }
  | { type: 'delivered'; envelope: Envelope }
  | { type: 'dropped'; envelope: Envelope; reason: DropReason }
  | { type: 'timerFired'; node: NodeId; name: string; atMs: number }
  | { type: 'observed'; node: NodeId; observation: Observation }
  | { type: 'fault'; fault: 'crash' | 'powerLoss' | 'restart' | 'pause' | 'resume'; node: NodeId }
  | { type: 'network'; change: 'partition' | 'heal'; nodes: NodeId[] }
  | { type: 'writeback'; node: NodeId; atMs: number }
  /** A link held (its messages wait) or released. */
  | { type: 'linkHold'; change: 'hold' | 'release'; from: NodeId; to: NodeId }
  | { type: 'deliveryOrder'; seed: number }
  | { type: 'writebackInterval'; ms: number }
  | { type: 'armed'; trigger: Trigger }
  /** An armed trigger fired (pushed by the runner, which resolves and applies it): `fault` is the concrete step it
   * applied, right after `moment` (what happened, in words) at `atMs`. */
  | { type: 'triggered'; trigger: Trigger; fault: Step; moment: string; atMs: number }
  /** The step hit a bound on its work (DELIVERIES_PER_STEP_MAX, TIMER_FIRINGS_PER_STEP_MAX) and stopped there:
   * the nodes keep each other busy without end (a livelock). */
  | { type: 'stepBudgetExceeded'; limit: 'deliveries' | 'timerFirings'; max: number }
  /** The step did not apply in this state (a schedule stays valid when any step is deleted). */
  | { type: 'noop'; reason: string };
