/**
 * `--workers N`: up to N sandboxes of the same broker (a module, or the reference), opened as work needs them,
 * each running one job at a time. Checks are independent and deterministic, so which worker runs one changes
 * nothing in its result; callers await results in their own order, so what they print and write is the same
 * whatever N is.
 */
import { availableParallelism } from 'node:os';
import type { SandboxLimits } from './broker-sandbox.ts';
import { sandboxFor, type Sandbox } from './sandbox.ts';

/** Worker threads by default: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export class SandboxPool {
  private readonly idle: Sandbox[] = [];
  private readonly all: Sandbox[] = [];
  private readonly waiting: Array<{ resolve: (sandbox: Sandbox) => void; reject: (error: Error) => void }> = [];
  private opening = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly modulePath: string | undefined,
    private readonly shownPath: string,
    private readonly limits: SandboxLimits,
  ) {}

  /** Opens the first sandbox now, so that a module that is not a broker is refused before any work starts. */
  async start(): Promise<this> {
    this.release(await this.open());
    return this;
  }

  /** The broker's id, as its first sandbox loaded it. */
  get brokerId(): string {
    return this.all[0]?.brokerId ?? '';
  }

  get failedToLoad(): string | undefined {
    return this.all[0]?.failedToLoad;
  }

  /**
   * Runs `work` on a free sandbox. Callers start many at once and await them in order; when one of them fails and
   * the caller stops (closing the pool), the others end with a rejection nobody awaits: marked handled here, so that
   * it is not taken for an unhandled one.
   */
  use<R>(work: (sandbox: Sandbox) => Promise<R>): Promise<R> {
    const done = this.useNow(work);
    done.catch(() => undefined);
    return done;
  }

  /** No new work after this: waiting work is refused, running work ends with its sandbox. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the worker pool was closed'));
    await Promise.all(this.all.map((s) => s.close()));
  }

  private async useNow<R>(work: (sandbox: Sandbox) => Promise<R>): Promise<R> {
    const sandbox = await this.acquire();
    try {
      return await work(sandbox);
    } finally {
      this.release(sandbox);
    }
  }

  private async open(): Promise<Sandbox> {
    this.opening++;
    try {
      const sandbox = await sandboxFor(this.modulePath, this.shownPath, this.limits);
      this.all.push(sandbox);
      // Closed while this one was starting: it must not keep kcheck alive.
      if (this.closed) await sandbox.close();
      return sandbox;
    } finally {
      this.opening--;
    }
  }

  private acquire(): Promise<Sandbox> {
    if (this.closed) return Promise.reject(new Error('the worker pool was closed'));
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length + this.opening < this.size && this.failedToLoad === undefined) return this.open();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(sandbox: Sandbox): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) next.resolve(sandbox);
    else this.idle.push(sandbox);
  }
}
