/**
 * Claim checks and trace replays of a sandboxed broker, with the results the in-process runs give: a
 * ClaimResult, a Replay. When the sandbox fails (a call that never returned, memory exhausted, the thread
 * ended), the result is `broker-failed` with its reason, and the run is rebuilt in a fresh thread up to the step
 * where it failed, so the trace shows what led there. A failure of the broker's module at load time has no run.
 */
import type { ClaimResult, Counterexample } from '../properties/check-claim.ts';
import type { Claim } from '../properties/claims/claim.ts';
import type { Finding } from '../properties/runner/findings.ts';
import { failedAtBoot, type RunResult } from '../properties/runner/run-schedule.ts';
import { NO_PROGRESS } from '../properties/runner/run-progress.ts';
import type { Replay } from '../properties/trace/replay-trace.ts';
import { traceClaim } from '../properties/trace/trace-claim.ts';
import type { Trace } from '../properties/trace/trace.ts';
import type { SandboxFailure } from './broker-sandbox.ts';
import type { Sandbox } from './sandbox.ts';
import type { ClaimRef } from './protocol.ts';
import type { TimedHunt } from '../bench/zoo-bench.ts';
import { claimNamed } from '../properties/claims/catalogue.ts';
import type { ZooBudget } from '../zoo/hunt.ts';
import { displayText } from '../text/display-text.ts';

/** A finding's message is display text, and a reason quotes what the broker threw: escaped, a long one cut. */
const brokerFault = (step: number, reason: string): Finding => ({ source: 'broker', kind: 'broker-fault', step, partition: -1, values: [], message: displayText(reason) });

/** The rebuilt run with the step that failed appended (the cluster as it was before it) and the failure found there. */
function withFailingStep(run: RunResult, finding: Finding): RunResult {
  const halted = run.haltedBefore;
  if (!halted) return { ...run, findings: [...run.findings, finding] };
  const lastSnapshot = run.snapshots?.[run.snapshots.length - 1] ?? { nowMs: 0, brokers: [], controller: [], inFlight: [] };
  return {
    ...run,
    executed: [...run.executed, halted],
    findings: [...run.findings, { ...finding, step: run.executed.length }],
    completed: false,
    ...(run.snapshots ? { snapshots: [...run.snapshots, lastSnapshot], events: [...(run.events ?? []), []] } : {}),
  };
}

/** The run that shows a sandbox failure: rebuilt up to the failing step, or (no schedule, or the rebuild failed too) the boot alone. */
async function runShowing(sandbox: Sandbox, ref: ClaimRef, claim: Claim, failure: SandboxFailure): Promise<RunResult> {
  if (failure.schedule && failure.step !== undefined) {
    const rebuilt = await sandbox.run({ type: 'rebuild', claim: ref, schedule: failure.schedule, stopBeforeStep: failure.step });
    if (rebuilt.ok && rebuilt.value.type === 'rebuild') return withFailingStep(rebuilt.value.run, brokerFault(failure.step, failure.reason));
  }
  return failedAtBoot(claim.settings, failure.schedule ?? [], { recordSnapshots: true, brokerId: sandbox.brokerId || 'unloaded' }, brokerFault(0, failure.reason));
}

export interface SandboxedCheckOptions {
  seed: number;
  runs?: number;
  stepsMax?: number;
  path?: string;
  onRun?: (runsDone: number) => void;
}

export async function checkClaimInSandbox(sandbox: Sandbox, claim: Claim, ref: ClaimRef, options: SandboxedCheckOptions): Promise<ClaimResult> {
  let runsDone = 0;
  const outcome = await sandbox.run(
    { type: 'check', claim: ref, seed: options.seed, ...(options.runs !== undefined ? { runs: options.runs } : {}), ...(options.stepsMax !== undefined ? { stepsMax: options.stepsMax } : {}), ...(options.path !== undefined ? { path: options.path } : {}) },
    (n) => {
      runsDone = n;
      options.onRun?.(n);
    },
  );
  if (outcome.ok) {
    if (outcome.value.type !== 'check') throw new Error('the sandbox answered a check with another job');
    return { ...outcome.value.result, claim };
  }
  const { failure } = outcome;
  const base = { claim, outcome: 'broker-failed' as const, asExpected: false, runs: runsDone + 1, progress: NO_PROGRESS, seed: options.seed, brokerFailure: displayText(failure.reason) };
  if (sandbox.failedToLoad !== undefined) return base;
  const run = await runShowing(sandbox, ref, claim, failure);
  const finding = run.findings[run.findings.length - 1]!;
  const counterexample: Counterexample = { schedule: failure.schedule ?? [], finding, run, seed: options.seed, path: '', shrinks: 0 };
  return { ...base, counterexample };
}

export async function replayInSandbox(sandbox: Sandbox, trace: Trace): Promise<Replay> {
  const claim = traceClaim(trace);
  const outcome = await sandbox.run({ type: 'replay', trace });
  if (outcome.ok) {
    if (outcome.value.type !== 'replay') throw new Error('the sandbox answered a replay with another job');
    return { ...outcome.value.replay, claim, trace };
  }
  const run = await runShowing(sandbox, { source: 'trace', trace }, claim, outcome.failure);
  const finding = run.findings[run.findings.length - 1]!;
  return { trace, claim, run, verdict: 'other-anomaly', finding };
}

/** One zoo hunt in a worker thread (`kcheck zoo --workers`): its figures, and the catching claim's result. */
export async function huntInSandbox(sandbox: Sandbox, entryId: string, seed: number, budget: ZooBudget): Promise<TimedHunt> {
  const outcome = await sandbox.run({ type: 'hunt', entryId, seed, budget });
  if (!outcome.ok) throw new Error(`the zoo's hunt of ${entryId} (seed ${seed}) failed in its worker: ${outcome.failure.reason}`);
  if (outcome.value.type !== 'hunt') throw new Error('the sandbox answered a hunt with another job');
  const { figures, catch: caught, catchClaim } = outcome.value;
  const claim = catchClaim === undefined ? undefined : claimNamed(catchClaim);
  return { figures, ...(caught && claim ? { catch: { ...caught, claim } } : {}) };
}
