/**
 * The schedule's vocabulary: one semantic step each. A step that does not apply in the current state (deliver
 * on an empty link, restart a node that is up) is a no-op, so deleting any step from a schedule still leaves a
 * valid schedule, and shrinking can reach a short story.
 */
import type { NodeId } from './ids.ts';

/** A protocol moment a directed fault waits for (docs/verification.md §1): a leader has just answered a produce
 * request with success; the controller has just accepted an AlterPartition (an ISR change); a follower has just
 * handled the answer to its fetch; the controller has just elected a new leader; a group member has just received
 * its coordinator's acknowledgement of an offset commit (the partition is the group's `__consumer_offsets` one). */
export type TriggerEvent = 'produceAnswered' | 'isrChanged' | 'fetchAnswered' | 'leaderElected' | 'commitAnswered';
/** The moments a broker schedule's triggers wait for (a group schedule adds `commitAnswered`). */
export const TRIGGER_EVENTS: readonly TriggerEvent[] = ['produceAnswered', 'isrChanged', 'fetchAnswered', 'leaderElected'];
export const ALL_TRIGGER_EVENTS: readonly TriggerEvent[] = [...TRIGGER_EVENTS, 'commitAnswered'];
/** What a trigger does to the broker it hits; `isolate` cuts it off from everyone (a partition of one). */
export type TriggerFault = 'crash' | 'powerLoss' | 'pause' | 'isolate';
export const TRIGGER_FAULTS: readonly TriggerFault[] = ['crash', 'powerLoss', 'pause', 'isolate'];

/** An armed trigger: when `event` happens on partition `partition`, `fault` hits its leader or a follower (the one
 * the event is about where it names one: the broker that answered, the follower whose fetch was answered). */
export interface Trigger {
  event: TriggerEvent;
  partition: number;
  whom: 'leader' | 'follower';
  fault: TriggerFault;
}

const TRIGGER_EVENT_WORDS: Record<TriggerEvent, string> = {
  produceAnswered: 'produce-answered',
  isrChanged: 'isr-changed',
  fetchAnswered: 'fetch-answered',
  leaderElected: 'leader-elected',
  commitAnswered: 'commit-answered',
};

export function describeTrigger(trigger: Trigger): string {
  return `on ${TRIGGER_EVENT_WORDS[trigger.event]} of p${trigger.partition} do ${trigger.fault} the ${trigger.whom}`;
}

export type Step =
  /** A producer's application calls send(key, value). */
  | { type: 'send'; producer: NodeId; key: string | null; value: string }
  /** A consumer's application calls poll(). */
  | { type: 'poll'; consumer: NodeId }
  /** A group member's application commits the positions it processed (commitAsync); `leave` closes its membership
   * (LeaveGroup), `subscribe` starts it again. No-ops for a consumer that assigns. */
  | { type: 'commit' | 'leave' | 'subscribe'; consumer: NodeId }
  /** The oldest in-flight message on the link from → to arrives. */
  | { type: 'deliver'; from: NodeId; to: NodeId }
  /** The oldest in-flight message on the link from → to is lost. */
  | { type: 'drop'; from: NodeId; to: NodeId }
  /** The virtual clock advances; due timers fire in order. No message is delivered. */
  | { type: 'tick'; ms: number }
  /** Every in-flight message is delivered, and those they cause, until the network is quiet (bounded). */
  | { type: 'deliverAll' }
  /** A prompt network for `ms` of virtual time: deliver everything, fire timers as the clock advances. */
  | { type: 'run'; ms: number }
  /** The process dies: memory is lost, the OS page cache survives. */
  | { type: 'crash'; node: NodeId }
  /** The machine loses power: memory and every unflushed write are lost. */
  | { type: 'powerLoss'; node: NodeId }
  | { type: 'restart'; node: NodeId }
  /** The process stops (a GC pause, a stopped VM): it neither receives nor acts, but still believes what it did. */
  | { type: 'pause'; node: NodeId }
  | { type: 'resume'; node: NodeId }
  /** Cuts every link between `nodes` and the rest of the cluster, both ways. */
  | { type: 'partition'; nodes: NodeId[] }
  | { type: 'heal' }
  /** Keeps the link from → to's messages where they are: nothing on it arrives (not by `run`, `deliverAll` or
   * `deliver`) until `release` or the repair phase; everything else proceeds. A message may still be dropped. */
  | { type: 'hold'; from: NodeId; to: NodeId }
  | { type: 'release'; from: NodeId; to: NodeId }
  /** From now on `run` and `deliverAll` go round the busy links in an order drawn from this seed (a small PRNG
   * whose state is plain data in the world), not in the fixed link order. */
  | { type: 'deliveryOrder'; seed: number }
  /** The OS writes `node`'s page cache back now. */
  | { type: 'writeback'; node: NodeId }
  /** The OS writes every page cache back every `ms` from now on (the next writeback one interval from now). */
  | { type: 'writebackInterval'; ms: number }
  /** Arms a trigger: the runner applies its fault right after the event, within the step where it happens. */
  | { type: 'on'; trigger: Trigger };

export type StepType = Step['type'];

/** The step as a short label, for traces and progress lines. `showValue` writes the key and value: as they are
 * by default (a trace's label, comparing two steps), or as a display shows them (escaped, a long one elided). */
export function describeStep(step: Step, showValue: (text: string) => string = (text) => text): string {
  switch (step.type) {
    case 'send':
      return `${step.producer} send ${step.key === null ? '' : `${showValue(step.key)}=`}${showValue(step.value)}`;
    case 'poll':
    case 'commit':
    case 'leave':
    case 'subscribe':
      return `${step.consumer} ${step.type}`;
    case 'deliver':
      return `deliver ${step.from}→${step.to}`;
    case 'drop':
      return `drop ${step.from}→${step.to}`;
    case 'tick':
      return `tick ${step.ms}ms`;
    case 'deliverAll':
      return 'deliver all';
    case 'run':
      return `run ${step.ms}ms`;
    case 'crash':
    case 'powerLoss':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${step.type} ${step.node}`;
    case 'partition':
      return `partition {${step.nodes.join(',')}}`;
    case 'heal':
      return 'heal';
    case 'hold':
    case 'release':
      return `${step.type} ${step.from}→${step.to}`;
    case 'deliveryOrder':
      return `delivery order ${step.seed}`;
    case 'writeback':
      return `writeback ${step.node}`;
    case 'writebackInterval':
      return `writeback every ${step.ms}ms`;
    case 'on':
      return describeTrigger(step.trigger);
    default: {
      const never: never = step;
      return `unknown step ${JSON.stringify(never)}`;
    }
  }
}
