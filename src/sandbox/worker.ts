/**
 * The sandbox worker: loads the broker module in its own thread, behind the guard, and runs the jobs the CLI
 * posts — a claim check, a trace replay, the rebuild of a run up to a hang, a bounded model check (`kcheck grade`'s
 * search tests) — answering with plain results.
 * The guard tells the shared slots when the broker is inside a call, so the watchdog on the main thread can
 * end this thread when a call never returns; memory is bounded by the thread's resource limits.
 */
import { parentPort, workerData as rawWorkerData } from 'node:worker_threads';
import { brokerFromModule, BrokerLoadFailure, importBrokerModule } from '../broker-loader/load-broker.ts';
import { isKcheckInputError } from '../input-error.ts';
import { checkClaim } from '../properties/check-claim.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { runSchedule, type RunHooks } from '../properties/runner/run-schedule.ts';
import { replayTrace } from '../properties/trace/replay-trace.ts';
import { huntTimed } from '../bench/zoo-bench.ts';
import { modelCheck } from '../mc/model-check.ts';
import { REFERENCE_ENTRY, ZOO } from '../zoo/registry.ts';
import { judgedBy } from '../properties/claims/claim.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { thrownText, type BrokerCallMonitor } from '../system/kernel/broker-guard.ts';
import { claimOfRef, claimRefName } from './claim-ref.ts';
import { SLOT, WHERE_BYTES, type ClaimRef, type JobValue, type SandboxJob, type WorkerData, type WorkerMessage } from './protocol.ts';

const data = rawWorkerData as WorkerData;
const slots = new Int32Array(data.slots);
const whereText = new Uint8Array(data.where);
const encoder = new TextEncoder();
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

const monitor: BrokerCallMonitor = {
  enter(where) {
    const { written } = encoder.encodeInto(where.slice(0, WHERE_BYTES), whereText);
    Atomics.store(slots, SLOT.whereLength, written);
    Atomics.add(slots, SLOT.callSeq, 1);
    Atomics.store(slots, SLOT.inCall, 1);
  },
  leave() {
    Atomics.store(slots, SLOT.inCall, 0);
  },
};

const hooks: RunHooks = {
  onRunStart(schedule) {
    Atomics.add(slots, SLOT.runSeq, 1);
    post({ type: 'runStarted', schedule: [...schedule] });
  },
  onStep(index) {
    Atomics.store(slots, SLOT.step, index);
  },
};

function claimOf(ref: ClaimRef): Claim {
  const claim = claimOfRef(ref);
  if (!claim) throw new Error(`no claim for ${JSON.stringify(claimRefName(ref))}`);
  return claim;
}

function runJob(job: SandboxJob, broker: BrokerLogic<unknown>): JobValue {
  switch (job.type) {
    case 'check': {
      const { claim, ...result } = checkClaim(claimOf(job.claim), {
        seed: job.seed,
        ...(job.runs !== undefined ? { runs: job.runs } : {}),
        ...(job.stepsMax !== undefined ? { stepsMax: job.stepsMax } : {}),
        ...(job.path !== undefined ? { path: job.path } : {}),
        broker,
        runHooks: hooks,
        onRun: (runsDone) => post({ type: 'progress', runsDone }),
      });
      void claim;
      return { type: 'check', result };
    }
    case 'replay': {
      const { claim, trace, ...replay } = replayTrace(job.trace, broker, hooks);
      void claim;
      void trace;
      return { type: 'replay', replay };
    }
    case 'rebuild': {
      const claim = claimOf(job.claim);
      const judges = judgedBy(claim);
      const run = runSchedule(claim.settings, job.schedule, { broker, stopBeforeStep: job.stopBeforeStep, recordSnapshots: true, stopWhen: judges });
      return { type: 'rebuild', run };
    }
    case 'hunt': {
      const entry = [...ZOO, REFERENCE_ENTRY].find((e) => e.id === job.entryId);
      if (!entry) throw new Error(`no zoo entry ${job.entryId}`);
      const { figures, catch: caught } = huntTimed(entry, job.seed, job.budget);
      if (!caught) return { type: 'hunt', figures };
      const { claim, ...result } = caught;
      return { type: 'hunt', figures, catch: result, catchClaim: claim.name };
    }
    case 'modelCheck': {
      const { claim, ...result } = modelCheck({ claim: claimOf(job.claim), broker, model: job.model, search: job.search });
      void claim;
      return { type: 'modelCheck', result };
    }
    default: {
      const never: never = job;
      return never;
    }
  }
}

async function start(): Promise<void> {
  let broker: BrokerLogic<unknown>;
  post({ type: 'importing' });
  Atomics.store(slots, SLOT.inCall, 1);
  try {
    broker = data.modulePath === undefined ? (referenceBroker as BrokerLogic<unknown>) : brokerFromModule(await importBrokerModule(data.modulePath, data.shownPath), data.shownPath, monitor);
  } catch (error) {
    if (isKcheckInputError(error)) post({ type: 'loadFailed', kind: 'input', reason: error.reason });
    else post({ type: 'loadFailed', kind: 'broker', reason: error instanceof BrokerLoadFailure ? error.message : `${data.shownPath} failed to load: ${thrownText(error)}` });
    return;
  } finally {
    Atomics.store(slots, SLOT.inCall, 0);
  }
  post({ type: 'loaded', brokerId: broker.id });
  port.on('message', async (job: SandboxJob) => {
    let value: JobValue;
    try {
      value = runJob(job, broker);
    } catch (error) {
      post({ type: 'jobFailed', reason: `the check failed inside the sandbox: ${thrownText(error)}` });
      return;
    }
    // A broker's own timers and promises run once the job lets go of the thread: what they throw belongs to this job.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      post({ type: 'done', value });
    } catch (error) {
      post({ type: 'jobFailed', reason: `the broker's data could not be copied out of the sandbox (not plain data?): ${thrownText(error)}` });
    }
  });
}

void start();
