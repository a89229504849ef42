/**
 * Where a graded broker runs: in-process (the reference, or a broker a test hands over) or in the sandbox (a
 * student's module: a child process around a worker thread, with time and memory limits, src/sandbox/). Both answer the same three
 * questions, so grading is one piece of code whatever runs the broker.
 */
import { checkClaim, type ClaimResult } from '../properties/check-claim.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { replayTrace, type Replay } from '../properties/trace/replay-trace.ts';
import type { Trace } from '../properties/trace/trace.ts';
import type { ModelBounds } from '../mc/actions.ts';
import type { SearchBounds } from '../mc/search.ts';
import { modelCheck, type ModelCheckResult } from '../mc/model-check.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { claimRefOf } from '../sandbox/claim-ref.ts';
import { checkClaimInSandbox, replayInSandbox } from '../sandbox/sandboxed-runs.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';

/** A search's result, or why the broker made it fail (a hang, memory, an exit, a module that did not load). */
export type SearchOutcome = { ok: true; result: ModelCheckResult } | { ok: false; reason: string };

export interface GradeRunner {
  readonly brokerId: string;
  /** Set when the module never loaded: every test fails with it, none runs. */
  readonly failedToLoad: string | undefined;
  check(claim: Claim, seed: number, runs: number, onRun?: (runsDone: number) => void): Promise<ClaimResult>;
  search(claim: Claim, model: ModelBounds, search: SearchBounds): Promise<SearchOutcome>;
  /** A search's trace run again, for its explanation and viewer. */
  replay(trace: Trace): Promise<Replay>;
}

export function inProcessRunner(broker: BrokerLogic<unknown>): GradeRunner {
  return {
    brokerId: broker.id,
    failedToLoad: undefined,
    check: async (claim, seed, runs, onRun) => checkClaim(claim, { seed, runs, broker, ...(onRun ? { onRun } : {}) }),
    search: async (claim, model, search) => ({ ok: true, result: modelCheck({ claim, broker, model, search }) }),
    replay: async (trace) => replayTrace(trace, broker),
  };
}

export function sandboxRunner(sandbox: Sandbox): GradeRunner {
  return {
    get brokerId() {
      return sandbox.brokerId;
    },
    get failedToLoad() {
      return sandbox.failedToLoad;
    },
    check: (claim, seed, runs, onRun) => checkClaimInSandbox(sandbox, claim, claimRefOf(claim), { seed, runs, ...(onRun ? { onRun } : {}) }),
    async search(claim, model, search) {
      const outcome = await sandbox.run({ type: 'modelCheck', claim: claimRefOf(claim), model, search });
      if (!outcome.ok) return { ok: false, reason: outcome.failure.reason };
      if (outcome.value.type !== 'modelCheck') throw new Error('the sandbox answered a model check with another job');
      return { ok: true, result: { ...outcome.value.result, claim } };
    },
    replay: (trace) => replayInSandbox(sandbox, trace),
  };
}
