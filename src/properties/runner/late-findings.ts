/**
 * What a run shows only once it is over, after its final read: the spec model's end-of-history anomalies (an
 * acknowledged record never read), the whole-run checks (send order, batch atomicity) and, with consumer groups,
 * the group checks. One piece for both places a run ends: the runner (run-schedule.ts) and the model checker's
 * final read (mc/final-read-check.ts).
 */
import { finishSpec } from '../../model/spec.ts';
import { checkGroupRun } from '../groups/group-checks.ts';
import { groupMembers } from '../groups/group-members.ts';
import { ownSpec } from './borrowed-spec.ts';
import { anomalyFinding, type Finding } from './findings.ts';
import type { RunState } from './run-state.ts';
import { checkBatchAtomicity, checkSendOrder } from './whole-run-checks.ts';

/** The findings of a run's end, at its last step (not added to `state.findings`). */
export function lateFindings(state: RunState): Finding[] {
  const lastStep = state.executed.length - 1;
  // Finishing the spec model marks what it reported: the run's own copy (borrowed-spec.ts).
  ownSpec(state);
  const late: Finding[] = finishSpec(state.spec).map((a) => anomalyFinding(a, lastStep));
  const order = state.findings.some((f) => f.source === 'liveness') ? undefined : checkSendOrder(state.recorder.ops);
  if (order) late.push({ source: 'check', kind: 'send-order', step: lastStep, ...order });
  const batch = checkBatchAtomicity(state.recorder.ops, state.batches);
  if (batch) late.push({ source: 'check', kind: 'batch-atomicity', step: lastStep, ...batch });
  if (state.settings.groups) late.push(...checkGroupRun({ groupEvents: state.recorder.groupEvents, history: state.recorder.ops, opSteps: state.recorder.opSteps, members: new Set(groupMembers(state.settings)), lastStep }));
  return late;
}
