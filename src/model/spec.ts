/**
 * The spec model: an ideal single-copy log service, as an online checker of histories. Per partition an
 * append-only dense log from offset 0; a send appends one record and an ok returns its offset; a poll returns a
 * contiguous slice per partition. Pending and info sends may or may not be in the log; fail sends are not.
 *
 *   const spec = createSpec();
 *   for (const op of history.ops) report(observeOp(spec, op));   // anomalies first visible at each op
 *   report(finishSpec(spec));                                       // unseen and end-of-history lost writes
 *
 * docs/history-format.md defines each anomaly. The model never imports from src/system.
 */
export { createSpec, type SpecOptions, type SpecState } from './spec-state.ts';
export { observeOp } from './observe-op.ts';
export { finishSpec } from './finish.ts';
