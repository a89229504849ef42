/**
 * A run state whose spec model is its parent's own object, borrowed (the model checker's successors: most steps
 * observe nothing a client did, so the spec model stays as it was). The runner makes it the run's own — a copy —
 * the first time it is about to change it (`ownSpec` before `observeOp`), as the kernel does for node states
 * (kernel/copy-on-write.ts). A run never forked borrows nothing and costs one lookup.
 */
import { copyPlainData } from '../../system/kernel/plain-data.ts';
import type { RunState } from './run-state.ts';

const borrowing = new WeakSet<RunState>();

/** `run.spec` is another run's: copy it before changing it. */
export function borrowSpec(run: RunState): void {
  borrowing.add(run);
}

/** Makes `run.spec` the run's own (a copy of a borrowed one) before the spec model changes it. */
export function ownSpec(run: RunState): void {
  if (borrowing.delete(run)) run.spec = copyPlainData(run.spec);
}
