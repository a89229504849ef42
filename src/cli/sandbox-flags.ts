/**
 * `--broker MODULE` and the sandbox's limits, shared by the commands that run a user's broker: the module runs in
 * a worker thread inside a child process of its own (src/sandbox/) with a memory limit and watchdogs, so whatever it does is a verdict on it.
 */
import { brokerModulePath } from '../broker-loader/load-broker.ts';
import { KcheckInputError } from '../input-error.ts';
import { DEFAULT_SANDBOX_LIMITS, SANDBOX_LIMIT_BOUNDS, type SandboxLimits } from '../sandbox/broker-sandbox.ts';
import { defaultWorkers, SandboxPool } from '../sandbox/sandbox-pool.ts';
import { sandboxFor, type Sandbox } from '../sandbox/sandbox.ts';
import { boundedNumberFlag } from './flags.ts';

export const SANDBOX_OPTIONS = {
  broker: { type: 'string' },
  'call-timeout-ms': { type: 'string' },
  'run-timeout-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
} as const;

export const SANDBOX_USAGE = `--broker MODULE runs your broker (.ts, .mts, .js, .mjs, from any folder; docs/broker-api.md) in a
                                         sandboxed child process: a call slower than --call-timeout-ms (default ${DEFAULT_SANDBOX_LIMITS.callTimeoutMs}),
                                         a run slower than --run-timeout-ms (default ${DEFAULT_SANDBOX_LIMITS.runTimeoutMs}), a heap over
                                         --memory-mb (default ${DEFAULT_SANDBOX_LIMITS.memoryMb}), a throw or an exit is a broker-failed verdict`;

type SandboxValues = { broker?: string | undefined; 'call-timeout-ms'?: string | undefined; 'run-timeout-ms'?: string | undefined; 'memory-mb'?: string | undefined };

export function sandboxLimits(values: SandboxValues): SandboxLimits {
  const limit = (flag: 'call-timeout-ms' | 'run-timeout-ms' | 'memory-mb', key: keyof SandboxLimits) =>
    boundedNumberFlag(values[flag], flag, DEFAULT_SANDBOX_LIMITS[key], SANDBOX_LIMIT_BOUNDS[key].min, SANDBOX_LIMIT_BOUNDS[key].max);
  const limits = { callTimeoutMs: limit('call-timeout-ms', 'callTimeoutMs'), runTimeoutMs: limit('run-timeout-ms', 'runTimeoutMs'), memoryMb: limit('memory-mb', 'memoryMb') };
  if (values.broker === undefined && (values['call-timeout-ms'] ?? values['run-timeout-ms'] ?? values['memory-mb']) !== undefined) {
    throw new KcheckInputError('usage', '--call-timeout-ms, --run-timeout-ms and --memory-mb limit a --broker module: give --broker too');
  }
  return limits;
}

export const WORKERS_OPTION = { workers: { type: 'string' } } as const;
export const WORKERS_MAX = 64;
export const WORKERS_USAGE = `--workers N (1..${WORKERS_MAX}, default: one per core) checks that many claims or cells at once, in
                                         worker threads; the results and reports are the same whatever N`;

/**
 * The pool that runs independent checks for `--workers` and `--broker`, or undefined when one worker runs the
 * reference broker (in-process, at full speed). `units` bounds the threads: no more workers than checks.
 */
export async function openPool(values: SandboxValues & { workers?: string | undefined }, units: number): Promise<SandboxPool | undefined> {
  const limits = sandboxLimits(values);
  const workers = boundedNumberFlag(values.workers, 'workers', defaultWorkers(), 1, WORKERS_MAX);
  const size = Math.max(1, Math.min(workers, units));
  if (values.broker === undefined && size === 1) return undefined;
  const modulePath = values.broker === undefined ? undefined : brokerModulePath(values.broker);
  return new SandboxPool(size, modulePath, values.broker ?? 'the reference broker', limits).start();
}

/** The sandbox for `--broker`, or undefined for the reference broker (which runs in-process, at full speed). */
export async function openSandbox(values: SandboxValues): Promise<Sandbox | undefined> {
  const limits = sandboxLimits(values);
  if (values.broker === undefined) return undefined;
  return sandboxFor(brokerModulePath(values.broker), values.broker, limits);
}
