/**
 * The schedule's vocabulary: one semantic step each. A step that does not apply in the current state (deliver
 * on an empty link, restart a node that is up) is a no-op, so deleting any step from a schedule still leaves a
 * valid schedule, and shrinking can reach a short story.
 */
import type { NodeId } from './ids.ts';

export type Step =
  /** A producer's application calls send(key, value). */
  | { type: 'send'; producer: NodeId; key: string | null; value: string }
  /** A consumer's application calls poll(). */
  | { type: 'poll'; consumer: NodeId }
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
  | { type: 'heal' };

export type StepType = Step['type'];

/** The step as a short label, for traces and progress lines. `showValue` writes the key and value: as they are
 * by default (a trace's label, comparing two steps), or as a display shows them (escaped, a long one elided). */
export function describeStep(step: Step, showValue: (text: string) => string = (text) => text): string {
  switch (step.type) {
    case 'send':
      return `${step.producer} send ${step.key === null ? '' : `${showValue(step.key)}=`}${showValue(step.value)}`;
    case 'poll':
      return `${step.consumer} poll`;
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
    default: {
      const never: never = step;
      return `unknown step ${JSON.stringify(never)}`;
    }
  }
}
