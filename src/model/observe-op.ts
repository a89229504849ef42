/**
 * An invoke opens an outstanding op (keyed as in outstanding-key.ts), its completion settles it. The model is online
 * so that the lockstep runner can name the first op at which the system left the spec.
 */
import type { Anomaly, AssignOp, Op } from './history.ts';
import { outstandingKey } from './outstanding-key.ts';
import { observePollCompletion } from './observe-poll.ts';
import { observeSendCompletion, observeSendInvoke } from './observe-send.ts';
import { emptyRecord, getOwn, ownOrInsert, setOwn } from './plain-record.ts';
import type { OutstandingOp, SpecState, StartPosition } from './spec-state.ts';

/** Anomalies first visible at this op; mutates the spec. Expects a well-formed history (see parse-history.ts). */
export function observeOp(spec: SpecState, op: Op): Anomaly[] {
  if (op.type === 'invoke') {
    const key = outstandingKey(op);
    const open = getOwn(spec.outstanding, key);
    if (open !== undefined) throw new Error(`observeOp: op ${op.index}: ${op.process} invokes while the same op ${open.op} is outstanding`);
    setOwn(spec.outstanding, key, { op: op.index, f: op.f, sendIds: op.f === 'send' ? observeSendInvoke(spec, op) : [] });
    return [];
  }
  const invoked = takeOutstanding(spec, op);
  switch (op.f) {
    case 'send':
      return observeSendCompletion(spec, op, invoked);
    case 'poll':
      return observePollCompletion(spec, op);
    case 'assign':
      observeAssignCompletion(spec, op);
      return [];
  }
}

function takeOutstanding(spec: SpecState, op: Op): OutstandingOp {
  const key = outstandingKey(op);
  const invoked = getOwn(spec.outstanding, key);
  if (invoked === undefined || invoked.f !== op.f) {
    throw new Error(`observeOp: op ${op.index}: ${op.process}'s ${op.type} ${op.f} completes no outstanding ${op.f}`);
  }
  delete spec.outstanding[key];
  return invoked;
}

/** A new assignment (or a reset to the log start) makes the consumer's positions on those partitions unknown, or
 * the log start where consumers start there (SpecOptions.consumersStartAtLogStart); an info assign may have
 * happened or not, so it leaves them unknown. */
function observeAssignCompletion(spec: SpecState, op: AssignOp): void {
  if (op.type === 'fail') return;
  const starts = ownOrInsert(spec.startPositions, op.process, () => emptyRecord<StartPosition>());
  for (const partition of op.value) setOwn(starts, String(partition), op.type === 'ok' && spec.consumersStartAtLogStart ? 'logStart' : 'unknown');
  const lastReads = getOwn(spec.lastReads, op.process);
  if (lastReads === undefined) return;
  for (const partition of op.value) delete lastReads[String(partition)];
}
