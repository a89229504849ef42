/**
 * What kcheck and a sandbox's child process say to each other over the IPC channel (structured clone, as a worker
 * thread's messages): open the module once, run jobs one at a time, close. The child answers with what its own
 * BrokerSandbox answered, and says it is alive every second, so that a child that stopped answering is told from
 * a long job.
 */
import type { InputErrorKind } from '../input-error.ts';
import type { JobOutcome, SandboxLimits } from './broker-sandbox.ts';
import type { SandboxJob } from './protocol.ts';

export type HostRequest =
  | { type: 'open'; modulePath: string; shownPath: string; limits: SandboxLimits }
  | { type: 'run'; job: SandboxJob }
  | { type: 'close' };

export type HostMessage =
  | { type: 'opened'; brokerId: string; failedToLoad?: string }
  /** The module is not a broker (bad input, exit 2), or opening failed inside kcheck. */
  | { type: 'openFailed'; input?: { kind: InputErrorKind; reason: string }; reason: string }
  | { type: 'progress'; runsDone: number }
  | { type: 'outcome'; outcome: JobOutcome }
  | { type: 'alive' };

/** How often the child says it is alive. */
export const ALIVE_INTERVAL_MS = 1_000;
