/**
 * `--workers N`: up to N sandboxes of the same broker (a module, or the reference), opened as work needs them,
 * each running one job at a time. Checks are independent and deterministic, so which worker runs one changes
 * nothing in its result; callers await results in their own order, so what they print and write is the same
 * whatever N is.
 */
import { availableParallelism } from 'node:os';
import { BrokerSandbox, type SandboxLimits } from './broker-sandbox.ts';

/** Worker threads by default: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export class SandboxPool {
  private readonly idle: BrokerSandbox[] = [];
  private readonly all: BrokerSandbox[] = [];
  private readonly waiting: Array<(sandbox: BrokerSandbox) => void> = [];
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

  async use<R>(work: (sandbox: BrokerSandbox) => Promise<R>): Promise<R> {
    const sandbox = await this.acquire();
    try {
      return await work(sandbox);
    } finally {
      this.release(sandbox);
    }
  }

  /**
   * Ends every sandbox. A caller that stops at a failure (an unwritable report) closes the pool while other jobs
   * still wait for a sandbox or open one: those never start, and a sandbox that finishes opening is closed at once,
   * so no worker thread outlives the pool and keeps the process from exiting. (A job that never starts never
   * settles, and so holds nothing open and raises nothing.)
   */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.all(this.all.map((s) => s.close()));
  }

  private async open(): Promise<BrokerSandbox> {
    this.opening++;
    try {
      const sandbox = await BrokerSandbox.open(this.modulePath, this.shownPath, this.limits);
      this.all.push(sandbox);
      if (this.closed) {
        await sandbox.close();
        return new Promise(() => {});
      }
      return sandbox;
    } finally {
      this.opening--;
    }
  }

  private acquire(): Promise<BrokerSandbox> {
    if (this.closed) return new Promise(() => {});
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length + this.opening < this.size && this.failedToLoad === undefined) return this.open();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(sandbox: BrokerSandbox): void {
    if (this.closed) return void sandbox.close();
    const next = this.waiting.shift();
    if (next) next(sandbox);
    else this.idle.push(sandbox);
  }
}
