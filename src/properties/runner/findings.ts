/**
 * What a run found, in one shape whatever found it: the spec model (an anomaly of the clients' history), a
 * protocol invariant (the cluster's state), a whole-run check (send order, batch atomicity), or the liveness
 * phase (no convergence). `step` is the index of the first step where it became visible.
 */
import type { AnomalyName } from '../../model/history.ts';
import type { InvariantName } from '../invariants/index.ts';

export type CheckName = 'send-order' | 'batch-atomicity';
export type FindingKind = AnomalyName | InvariantName | CheckName | 'no-convergence';
export type FindingSource = 'anomaly' | 'invariant' | 'check' | 'liveness';

export interface Finding {
  source: FindingSource;
  kind: FindingKind;
  step: number;
  partition: number;
  values: string[];
  message: string;
}
