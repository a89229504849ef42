/**
 * The producer's timer names and how they parse back: the kernel delivers a timer by name only. Linger, request
 * and metadata timers are set at the event that starts them; `expiry` and `retry:<p>` are re-derived from the
 * state after every input, and only changes reach the kernel.
 */
import type { PartitionId } from '../../kernel/ids.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { ProducerState } from './producer-state.ts';

export type ProducerTimer =
  /** The open batch of a partition has lingered long enough. */
  | { kind: 'linger'; partition: PartitionId }
  /** A retried batch's backoff is over. */
  | { kind: 'retry'; partition: PartitionId }
  /** A produce request got no response within requestTimeoutMs. */
  | { kind: 'request'; correlationId: number }
  /** The earliest delivery deadline of a queued batch. */
  | { kind: 'expiry' }
  /** The metadata request got no response within requestTimeoutMs. */
  | { kind: 'metadataTimeout' }
  /** The metadata refresh backoff is over. */
  | { kind: 'metadataBackoff' };

export const EXPIRY_TIMER = 'expiry';
export const METADATA_TIMEOUT_TIMER = 'metadata-timeout';
export const METADATA_BACKOFF_TIMER = 'metadata-backoff';

// A partition's timer names are asked for after every input: each is made once.
const lingerTimers: string[] = [];
const retryTimers: string[] = [];
const PARTITION_NAMES_KEPT_MAX = 1_024;

function nameOf(names: string[], prefix: string, partition: PartitionId): string {
  const known = names[partition];
  if (known !== undefined) return known;
  const name = `${prefix}:${partition}`;
  if (Number.isInteger(partition) && partition >= 0 && partition < PARTITION_NAMES_KEPT_MAX) names[partition] = name;
  return name;
}

export const lingerTimer = (partition: PartitionId): string => nameOf(lingerTimers, 'linger', partition);
export const retryTimer = (partition: PartitionId): string => nameOf(retryTimers, 'retry', partition);
export const requestTimer = (correlationId: number): string => `request:${correlationId}`;

/** The timer behind a name, or undefined when the name is none of the producer's. */
export function parseTimer(name: string): ProducerTimer | undefined {
  if (name === EXPIRY_TIMER) return { kind: 'expiry' };
  if (name === METADATA_TIMEOUT_TIMER) return { kind: 'metadataTimeout' };
  if (name === METADATA_BACKOFF_TIMER) return { kind: 'metadataBackoff' };
  // `<kind>:<digits>`, cut by hand rather than by a regular expression: one of these fires on most producer inputs.
  const colon = name.indexOf(':');
  const digits = name.slice(colon + 1);
  if (colon < 0 || !/^\d+$/.test(digits)) return undefined;
  const number = Number(digits);
  switch (name.slice(0, colon)) {
    case 'request':
      return { kind: 'request', correlationId: number };
    case 'linger':
      return { kind: 'linger', partition: number };
    case 'retry':
      return { kind: 'retry', partition: number };
    default:
      return undefined;
  }
}

/** Makes the kernel's timer `name` due at `dueMs` (or unset when undefined), emitting only a change. */
export function syncDerivedTimer(state: ProducerState, env: ProducerEnv, name: string, dueMs: number | undefined): void {
  const current = state.derivedTimerDueMs[name];
  if (current === dueMs) return;
  if (dueMs === undefined) {
    delete state.derivedTimerDueMs[name];
    env.outputs.push({ type: 'cancelTimer', name });
    return;
  }
  state.derivedTimerDueMs[name] = dueMs;
  env.outputs.push({ type: 'setTimer', name, delayMs: Math.max(0, dueMs - env.nowMs) });
}

/** A derived timer fired: the kernel no longer holds it. */
export function forgetDerivedTimer(state: ProducerState, name: string): void {
  delete state.derivedTimerDueMs[name];
}
