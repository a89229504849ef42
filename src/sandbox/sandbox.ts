/**
 * What every sandbox answers, whatever holds the broker: a worker thread (BrokerSandbox, for kcheck's own broker in
 * `--workers`) or a child process around such a thread (ProcessSandbox, for a module kcheck did not write). Jobs in,
 * outcomes out; a failure of the broker is an outcome, never an exception.
 */
import { BrokerSandbox, type JobOutcome, type SandboxLimits } from './broker-sandbox.ts';
import { ProcessSandbox } from './process-sandbox.ts';
import type { SandboxJob } from './protocol.ts';

export interface Sandbox {
  readonly limits: SandboxLimits;
  /** The loaded broker's id ('' until it loaded). */
  readonly brokerId: string;
  /** The reason every job fails with, when the module did not load. */
  readonly failedToLoad: string | undefined;
  run(job: SandboxJob, onProgress?: (runsDone: number) => void): Promise<JobOutcome>;
  /** Ends the sandbox (and a job in progress, which fails); no job starts after. */
  close(): Promise<void>;
}

/**
 * A user's module in its own child process (a V8 abort, an exhausted heap the thread's limit missed, a native crash
 * end that process, not kcheck); the reference broker (no module: trusted) in a thread of kcheck's own.
 */
export function sandboxFor(modulePath: string | undefined, shownPath: string, limits?: SandboxLimits): Promise<Sandbox> {
  return modulePath === undefined ? BrokerSandbox.open(undefined, shownPath, limits) : ProcessSandbox.open(modulePath, shownPath, limits);
}
