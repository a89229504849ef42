/**
 * Turns what the clients observed into a history in the model's vocabulary. A send is invoked when the
 * producer accepts it and completes when the producer reports it: ok (acked), fail (definitely not written)
 * or info (a timeout: it may have been written). A consumer's answer for one partition is one poll op.
 * The final reader's polls are gathered into one `final` poll op by the final phase, not recorded here.
 */
import type { Op } from '../../model/history.ts';
import type { GroupObservation, Observation } from '../../system/kernel/observations.ts';

/** A group event of the run (assignment, revocation, commit answer), where and when it happened. */
export interface GroupEventRecord {
  observation: GroupObservation;
  timeMs: number;
  step: number;
}

/** An op before it gets its index (distributes over the union, so each kind keeps its own fields). */
type OpInput = Op extends infer O ? (O extends Op ? Omit<O, 'index'> : never) : never;

export class HistoryRecorder {
  readonly ops: Op[] = [];
  /** The schedule step each op happened in. */
  readonly opSteps: number[] = [];
  /** The group events, in order: the group checks (properties/groups/) judge them. */
  readonly groupEvents: GroupEventRecord[] = [];

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
        this.groupEvents.push({ observation, timeMs, step: stepIndex });
        // A rebalance as the history shows it (docs/history-format.md): an assign whose start positions the group's
        // committed offsets decide, unknown to the single-copy model (so it ends info): reads are judged from there.
        return [
          this.push({ timeMs, process: observation.consumer, type: 'invoke', f: 'assign', value: [...observation.partitions] }, stepIndex),
          this.push({ timeMs, process: observation.consumer, type: 'info', f: 'assign', value: [...observation.partitions], error: 'rebalance' }, stepIndex),
        ];
      case 'groupRevoked':
      case 'offsetCommitted':
        this.groupEvents.push({ observation, timeMs, step: stepIndex });
        return [];
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
