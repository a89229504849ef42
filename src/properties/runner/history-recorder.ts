/**
 * Turns what the clients observed into a history in the model's vocabulary. A send is invoked when the
 * producer accepts it and completes when the producer reports it: ok (acked), fail (definitely not written)
 * or info (a timeout: it may have been written). A consumer's answer for one partition is one poll op.
 * The final reader's polls are gathered into one `final` poll op by the final phase, not recorded here.
 */
import type { Op } from '../../model/history.ts';
import type { Observation } from '../../system/kernel/observations.ts';

/** An op before it gets its index (distributes over the union, so each kind keeps its own fields). */
type OpInput = Op extends infer O ? (O extends Op ? Omit<O, 'index'> : never) : never;

export class HistoryRecorder {
  readonly ops: Op[] = [];
  /** The schedule step each op happened in. */
  readonly opSteps: number[] = [];

  constructor(private readonly ignoredProcesses: ReadonlySet<string>) {}

  private push(op: OpInput, stepIndex: number): Op {
    const full = { ...op, index: this.ops.length } as Op;
    this.ops.push(full);
    this.opSteps.push(stepIndex);
    return full;
  }

  /** Records the observation; returns the ops it produced (the model judges each). */
  record(observation: Observation, timeMs: number, stepIndex: number): Op[] {
    switch (observation.type) {
      case 'sendInvoked':
        return [this.push({ timeMs, process: observation.producer, type: 'invoke', f: 'send', value: [['send', observation.partition, observation.value]] }, stepIndex)];
      case 'sendAcked': {
        const offset = observation.offset < 0 ? null : observation.offset;
        return [this.push({ timeMs, process: observation.producer, type: 'ok', f: 'send', value: [['send', observation.partition, [offset, observation.value]]] }, stepIndex)];
      }
      case 'sendFailed':
        return [
          this.push(
            {
              timeMs,
              process: observation.producer,
              type: observation.definite ? 'fail' : 'info',
              f: 'send',
              value: [['send', observation.partition, observation.value]],
              error: observation.error,
            },
            stepIndex,
          ),
        ];
      case 'pollReturned': {
        if (this.ignoredProcesses.has(observation.consumer)) return [];
        const records = observation.records.map((r): [number, string] => [r.offset, r.value]);
        return [
          this.push({ timeMs, process: observation.consumer, type: 'invoke', f: 'poll', value: [['poll']] }, stepIndex),
          this.push({ timeMs, process: observation.consumer, type: 'ok', f: 'poll', value: [['poll', { [observation.partition]: records }]] }, stepIndex),
        ];
      }
      case 'positionReset':
        if (this.ignoredProcesses.has(observation.consumer)) return [];
        return [
          this.push({ timeMs, process: observation.consumer, type: 'invoke', f: 'assign', value: [observation.partition] }, stepIndex),
          this.push({ timeMs, process: observation.consumer, type: 'ok', f: 'assign', value: [observation.partition] }, stepIndex),
        ];
      case 'groupAssigned':
      case 'groupRevoked':
      case 'offsetCommitted':
        return []; // group events are judged by the group claims (properties/groups/), not the single-copy log model
      default: {
        const never: never = observation;
        throw new Error(`unknown observation ${JSON.stringify(never)}`);
      }
    }
  }

  /** The final read as one poll: every record of every partition, read after the cluster converged. */
  recordFinalRead(process: string, records: Record<number, Array<[number, string]>>, invokedMs: number, completedMs: number, stepIndex: number): Op[] {
    const value: Record<string, Array<[number, string]>> = {};
    for (const [partition, list] of Object.entries(records)) value[partition] = list;
    return [
      this.push({ timeMs: invokedMs, process, type: 'invoke', f: 'poll', value: [['poll']] }, stepIndex),
      this.push({ timeMs: completedMs, process, type: 'ok', f: 'poll', value: [['poll', value]], final: true }, stepIndex),
    ];
  }
}
