/**
 * A broker module kcheck did not write, one process removed: a child process (node:child_process fork) that holds
 * the module's BrokerSandbox, its worker thread, watchdogs and limits. A worker thread's memory limit is
 * best-effort (nodejs/node#47224): a broker that allocates fast enough can abort the whole process V8 runs in. Here
 * that process is the child: its end (an abort, a signal, an exit), or its silence, is the job's failure with its
 * reason, and the next job forks a fresh child. The child's own heap is capped with --max-old-space-size too. Like
 * the thread, the process isolates faults, not malice.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KcheckInputError } from '../input-error.ts';
import { DEFAULT_SANDBOX_LIMITS, type JobOutcome, type SandboxLimits } from './broker-sandbox.ts';
import type { Sandbox } from './sandbox.ts';
import type { HostMessage, HostRequest } from './process-protocol.ts';
import type { SandboxJob } from './protocol.ts';

/** A child that says nothing for this long (it says it is alive every second) is taken for wedged and killed. */
const CHILD_SILENCE_MAX_MS = 60_000;
/** The child's start and the module's load, at most: the thread's own boot and import limits, and a margin. */
const OPEN_TIMEOUT_MS = 240_000;
/** What V8 prints when a heap limit ends the process (on the child's stderr, which kcheck keeps the end of). */
const OUT_OF_MEMORY_TEXT = /heap out of memory|Reached heap limit|Allocation failed|OutOfMemory/i;
const STDERR_TAIL_CHARS = 4_000;

interface LiveChild {
  child: ChildProcess;
  stderrTail: string;
  /** Why the child ended, once it has (kept for its life, so a death between jobs is seen by the next one). */
  death?: string;
  lastHeardMs: number;
}

type Heard = { kind: 'message'; message: HostMessage } | { kind: 'failure'; reason: string };

export class ProcessSandbox implements Sandbox {
  private live: LiveChild | undefined;
  private loadFailure: string | undefined;
  private closed = false;
  brokerId = '';

  private constructor(
    private readonly modulePath: string,
    private readonly shownPath: string,
    readonly limits: SandboxLimits,
  ) {}

  /** Forks the child and loads the module in it; a module that is not a broker is bad input (KcheckInputError). */
  static async open(modulePath: string, shownPath: string, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): Promise<ProcessSandbox> {
    const sandbox = new ProcessSandbox(modulePath, shownPath, limits);
    await sandbox.ensureChild();
    return sandbox;
  }

  get failedToLoad(): string | undefined {
    return this.loadFailure;
  }

  async run(job: SandboxJob, onProgress?: (runsDone: number) => void): Promise<JobOutcome> {
    if (this.closed) return { ok: false, failure: { reason: 'the sandbox was closed (kcheck is stopping)' } };
    const live = await this.ensureChild();
    if (!live) return { ok: false, failure: { reason: this.loadFailure ?? 'the sandbox was closed (kcheck is stopping)' } };
    this.send(live, { type: 'run', job });
    const heard = await this.hear(live, (m) => {
      if (m.type === 'progress') onProgress?.(m.runsDone);
      return m.type === 'outcome';
    });
    if (heard.kind === 'message' && heard.message.type === 'outcome') return heard.message.outcome;
    await this.discard();
    return { ok: false, failure: { reason: heard.kind === 'failure' ? heard.reason : 'unexpected answer' } };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.discard();
  }

  private async ensureChild(): Promise<LiveChild | undefined> {
    if (this.loadFailure !== undefined || this.closed) return undefined;
    if (this.live?.death !== undefined) await this.discard();
    if (this.live) return this.live;
    const live = this.forkChild();
    this.live = live;
    this.send(live, { type: 'open', modulePath: this.modulePath, shownPath: this.shownPath, limits: this.limits });
    const heard = await this.hear(live, (m) => m.type === 'opened' || m.type === 'openFailed', OPEN_TIMEOUT_MS);
    if (heard.kind === 'message' && heard.message.type === 'opened') {
      this.brokerId = heard.message.brokerId;
      if (heard.message.failedToLoad === undefined) return live;
      this.loadFailure = heard.message.failedToLoad;
      await this.discard();
      return undefined;
    }
    await this.discard();
    if (heard.kind === 'message' && heard.message.type === 'openFailed' && heard.message.input) throw new KcheckInputError(heard.message.input.kind, heard.message.input.reason);
    this.loadFailure = heard.kind === 'failure' ? `${this.shownPath} failed to load: ${heard.reason}` : heard.message.type === 'openFailed' ? heard.message.reason : 'unexpected answer';
    return undefined;
  }

  private forkChild(): LiveChild {
    const child = fork(fileURLToPath(new URL('./process-entry.mjs', import.meta.url)), [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      // The broker's console output is kept off kcheck's (the thread already swallows it); stderr is read for V8's
      // last words.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const live: LiveChild = { child, stderrTail: '', lastHeardMs: performance.now() };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      live.stderrTail = (live.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', () => {
      live.lastHeardMs = performance.now();
    });
    child.on('error', (error) => {
      live.death ??= `the sandbox's process failed: ${error.message}`;
    });
    // 'close', not 'exit': by then stderr has been read to its end.
    child.on('close', (code, signal) => {
      live.death ??= this.deathReason(live, code, signal);
    });
    return live;
  }

  private deathReason(live: LiveChild, code: number | null, signal: NodeJS.Signals | null): string {
    if (OUT_OF_MEMORY_TEXT.test(live.stderrTail)) return `the broker ran out of memory (the sandbox's limit is ${this.limits.memoryMb} MB)`;
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    return `the broker's sandbox process ${how}: the whole process ended, not only the broker's thread (a signal, an abort, a native crash)`;
  }

  private send(live: LiveChild, request: HostRequest): void {
    if (live.death !== undefined || !live.child.connected) return;
    live.child.send(request, (error) => {
      if (error) live.death ??= `the sandbox's process could not be sent a job: ${error.message}`;
    });
  }

  /** Waits for a message `accept` takes, or the child's death, or its silence, or (opening) the timeout. */
  private hear(live: LiveChild, accept: (m: HostMessage) => boolean, timeoutMs = Number.POSITIVE_INFINITY): Promise<Heard> {
    return new Promise((resolve) => {
      const startMs = performance.now();
      let settled = false;
      const finish = (heard: Heard) => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        live.child.off('message', onMessage);
        live.child.off('close', onClose);
        resolve(heard);
      };
      const onMessage = (message: HostMessage) => {
        if (accept(message)) finish({ kind: 'message', message });
      };
      // The child's 'close' listener of forkChild runs first (it was added first): the death is set by now.
      const onClose = () => finish({ kind: 'failure', reason: live.death ?? 'the sandbox process ended' });
      const timer = setInterval(() => {
        const now = performance.now();
        if (live.death !== undefined) finish({ kind: 'failure', reason: live.death });
        else if (now - live.lastHeardMs > CHILD_SILENCE_MAX_MS) finish({ kind: 'failure', reason: `the broker's sandbox process stopped answering for ${CHILD_SILENCE_MAX_MS} ms` });
        else if (now - startMs > timeoutMs) finish({ kind: 'failure', reason: `it did not load within ${timeoutMs} ms` });
      }, 100);
      live.child.on('message', onMessage);
      live.child.on('close', onClose);
    });
  }

  private async discard(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    live.death ??= 'ended by kcheck';
    if (live.child.exitCode !== null || live.child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => live.child.once('close', () => resolve()));
    live.child.kill('SIGKILL');
    await closed;
  }
}
