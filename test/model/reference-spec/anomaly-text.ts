// The reference checker's message helpers: src/model/anomaly-text.ts, plus representativeSend as it was there.
import type { SendRecord } from './spec-state.ts';

export * from '../../../src/model/anomaly-text.ts';

/** The send a message names for a value: its first ok send, else its first send. */
export function representativeSend(sends: readonly SendRecord[]): SendRecord | undefined {
  return sends.find((s) => s.outcome === 'ok') ?? sends[0];
}
