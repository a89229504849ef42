/**
 * A broker module kcheck did not write runs in a sandbox: a worker thread with a memory limit, watched from the
 * main thread by a wall-clock watchdog per broker call and per run. Whatever the broker does — loop, exhaust
 * memory, end its thread, throw from a timer — ends as a failure with its reason (and the schedule it was
 * running), never as a hang or a crash of kcheck; the next job gets a fresh thread. A worker thread is not a
 * security boundary: the module can still use Node's APIs (files, network); it isolates faults, not malice.
 */
import { Worker } from 'node:worker_threads';
import { KcheckInputError } from '../input-error.ts';
import { thrownText } from '../system/kernel/broker-guard.ts';
import type { ScheduleStep } from '../properties/schedule/targeted-step.ts';
import { SLOT, SLOT_COUNT, WHERE_BYTES, type JobValue, type SandboxJob, type WorkerData, type WorkerMessage } from './protocol.ts';

export interface SandboxLimits {
  /** One call into the broker (init, handle, inspect) or the module's import, at most. */
  callTimeoutMs: number;
  /** One run of a schedule, at most. */
  runTimeoutMs: number;
  /** The worker's heap (V8's old generation). */
  memoryMb: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { callTimeoutMs: 10_000, runTimeoutMs: 120_000, memoryMb: 2_048 };
export const SANDBOX_LIMIT_BOUNDS = {
  callTimeoutMs: { min: 100, max: 3_600_000 },
  runTimeoutMs: { min: 100, max: 86_400_000 },
  memoryMb: { min: 64, max: 16_384 },
} as const;

/** kcheck's own start in a fresh thread (TypeScript loader, modules) before the broker's import begins. */
const WORKER_BOOT_TIMEOUT_MS = 120_000;
/** The module's import compiles TypeScript (its own and what it imports) on a cold cache: at least this long,
 * whatever a call may take, so that a busy machine is never mistaken for a module that loops as it loads. */
const IMPORT_TIMEOUT_MIN_MS = 30_000;
const WATCHDOG_TICK_MS = 20;

export interface SandboxFailure {
  reason: string;
  /** The schedule of the run in progress, and the step it was at, when the failure came during a run. */
  schedule?: ScheduleStep[];
  step?: number;
}

export type JobOutcome = { ok: true; value: JobValue } | { ok: false; failure: SandboxFailure };

interface LiveWorker {
  worker: Worker;
  slots: Int32Array;
  where: Uint8Array;
  /** Why the thread died (memory, an uncaught throw, an exit), once it has: listened for all its life, so a
   * death between jobs is seen by the next one and never goes unhandled. */
  death?: string;
}

type Waited = { kind: 'message'; message: WorkerMessage } | { kind: 'failure'; reason: string };

export class BrokerSandbox {
  private live: LiveWorker | undefined;
  /** Set when the module itself failed to load: every job fails with it, no thread is started again. */
  private loadFailure: string | undefined;
  /** After close, no thread is started again: a job still waiting ends at once. */
  private closed = false;
  brokerId = '';

  private constructor(
    private readonly modulePath: string | undefined,
    private readonly shownPath: string,
    readonly limits: SandboxLimits,
  ) {}

  /** Starts the worker and loads the module (none: the reference broker, for `--workers`); a module that is not a
   * broker is bad input (KcheckInputError). */
  static async open(modulePath: string | undefined, shownPath: string, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): Promise<BrokerSandbox> {
    const sandbox = new BrokerSandbox(modulePath, shownPath, limits);
    await sandbox.ensureWorker();
    return sandbox;
  }

  /** The reason every job fails with, when the module did not load. */
  get failedToLoad(): string | undefined {
    return this.loadFailure;
  }

  private async ensureWorker(): Promise<LiveWorker | undefined> {
    if (this.loadFailure !== undefined) return undefined;
    if (this.live?.death !== undefined) await this.discard();
    if (this.live) return this.live;
    const slotsBuffer = new SharedArrayBuffer(SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT);
    const whereBuffer = new SharedArrayBuffer(WHERE_BYTES);
    const workerData: WorkerData = { ...(this.modulePath !== undefined ? { modulePath: this.modulePath } : {}), shownPath: this.shownPath, slots: slotsBuffer, where: whereBuffer };
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      // A broker's console output is its own business: kept off kcheck's stdout and stderr, which scripts read.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const live: LiveWorker = { worker, slots: new Int32Array(slotsBuffer), where: new Uint8Array(whereBuffer) };
    worker.on('error', (error: Error & { code?: string }) => {
      live.death ??=
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the broker ran out of memory (the sandbox's limit is ${this.limits.memoryMb} MB)`
          : `the broker threw outside any call kcheck made (from a timer or a promise of its own?): ${thrownText(error)}`;
    });
    worker.on('exit', (code) => {
      live.death ??= `the broker ended its thread (process.exit(${code}) or similar)`;
    });
    this.live = live;
    const booted = await this.await(live, (m) => m.type === 'importing', WORKER_BOOT_TIMEOUT_MS, 'kcheck did not start in the sandbox');
    const importTimeoutMs = Math.max(this.limits.callTimeoutMs, IMPORT_TIMEOUT_MIN_MS);
    const loaded = booted.kind === 'message' ? await this.await(live, (m) => m.type === 'loaded' || m.type === 'loadFailed', Number.POSITIVE_INFINITY, undefined, importTimeoutMs) : booted;
    if (loaded.kind === 'message' && loaded.message.type === 'loaded') {
      this.brokerId = loaded.message.brokerId;
      return live;
    }
    await this.discard();
    const reason = loaded.kind === 'failure' ? `${this.shownPath} failed to load: ${loaded.reason}` : loaded.message.type === 'loadFailed' ? loaded.message.reason : 'unexpected answer';
    if (loaded.kind === 'message' && loaded.message.type === 'loadFailed' && loaded.message.kind === 'input') throw new KcheckInputError('broker', reason);
    this.loadFailure = reason;
    return undefined;
  }

  /** Runs one job; a failure of the broker (or of its thread) is an outcome, never an exception. */
  async run(job: SandboxJob, onProgress?: (runsDone: number) => void): Promise<JobOutcome> {
    if (this.closed) return { ok: false, failure: { reason: 'the sandbox was closed (kcheck is stopping)' } };
    const live = await this.ensureWorker();
    if (!live) return { ok: false, failure: { reason: this.loadFailure! } };
    let schedule: ScheduleStep[] | undefined;
    live.worker.postMessage(job);
    const waited = await this.await(
      live,
      (m) => {
        if (m.type === 'runStarted') schedule = m.schedule;
        if (m.type === 'progress') onProgress?.(m.runsDone);
        return m.type === 'done' || m.type === 'jobFailed';
      },
      this.limits.runTimeoutMs,
    );
    if (waited.kind === 'message' && waited.message.type === 'done') return { ok: true, value: waited.message.value };
    const step = Atomics.load(live.slots, SLOT.step);
    await this.discard();
    const reason = waited.kind === 'failure' ? waited.reason : waited.message.type === 'jobFailed' ? waited.message.reason : 'unexpected answer';
    return { ok: false, failure: { reason, ...(schedule ? { schedule, step } : {}) } };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.discard();
  }

  private async discard(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    live.death ??= 'ended by kcheck';
    await live.worker.terminate();
  }

  /**
   * Waits for a message `accept` takes, while the watchdog watches: a broker call that does not return within the
   * call timeout, a run longer than `runTimeoutMs` (counted from the run's start), a thread that died (memory, a
   * throw outside any call, an exit), each end the wait as a failure with its reason.
   */
  private await(live: LiveWorker, accept: (m: WorkerMessage) => boolean, runTimeoutMs = Number.POSITIVE_INFINITY, silentReason?: string, callTimeoutMs = this.limits.callTimeoutMs): Promise<Waited> {
    const { worker, slots } = live;
    return new Promise((resolve) => {
      let settled = false;
      let lastCallSeq = Atomics.load(slots, SLOT.callSeq);
      let callSinceMs = performance.now();
      let lastRunSeq = Atomics.load(slots, SLOT.runSeq);
      let runSinceMs = performance.now();
      const startMs = performance.now();
      const finish = (result: Waited) => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        worker.off('message', onMessage);
        resolve(result);
      };
      const onMessage = (message: WorkerMessage) => {
        if (accept(message)) finish({ kind: 'message', message });
      };
      const timer = setInterval(() => {
        if (live.death !== undefined) {
          finish({ kind: 'failure', reason: live.death });
          return;
        }
        const now = performance.now();
        const callSeq = Atomics.load(slots, SLOT.callSeq);
        if (callSeq !== lastCallSeq || Atomics.load(slots, SLOT.inCall) === 0) {
          lastCallSeq = callSeq;
          callSinceMs = now;
        } else if (now - callSinceMs > callTimeoutMs) {
          finish({ kind: 'failure', reason: `${this.callInProgress(live)} did not return within ${callTimeoutMs} ms (a loop?)` });
          return;
        }
        const runSeq = Atomics.load(slots, SLOT.runSeq);
        if (runSeq !== lastRunSeq) {
          lastRunSeq = runSeq;
          runSinceMs = now;
        } else if (runSeq > 0 && now - runSinceMs > runTimeoutMs) {
          finish({ kind: 'failure', reason: `one run of a schedule took longer than ${runTimeoutMs} ms` });
        } else if (silentReason !== undefined && now - startMs > runTimeoutMs) {
          finish({ kind: 'failure', reason: `${silentReason} within ${runTimeoutMs} ms` });
        }
      }, WATCHDOG_TICK_MS);
      worker.on('message', onMessage);
    });
  }

  private callInProgress(live: LiveWorker): string {
    const length = Atomics.load(live.slots, SLOT.whereLength);
    const text = new TextDecoder().decode(live.where.slice(0, length));
    return text === '' ? `${this.shownPath}'s import` : text;
  }
}
