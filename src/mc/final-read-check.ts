/**
 * The final read judged from a state, as if the schedule ended there: the runner's own final phase (repair,
 * converge, read every partition from offset 0) and its end-of-run checks (the spec model's late anomalies, send
 * order, batch atomicity) run on a copy of the state. Lost-write and the other anomalies a final read shows are
 * judged this way. It is run only at the states where it means something new (see `needsFinalRead`).
 */
import type { ProducerState } from '../system/clients/producer/producer-state.ts';
import { runFinalPhase } from '../properties/runner/final-phase.ts';
import type { Finding } from '../properties/runner/findings.ts';
import { lateFindings } from '../properties/runner/late-findings.ts';
import { PRODUCER } from '../properties/settings.ts';
import type { ModelBounds } from './actions.ts';
import { copyState, type McState } from './mc-state.ts';

/** idle: the states where every send was made and the producer has none in flight or queued (default);
 * every: every state; none: no final read (only what the fault phase shows is judged). */
export type FinalReadPolicy = 'idle' | 'every' | 'none';

export const FINAL_READ_POLICIES: readonly FinalReadPolicy[] = ['idle', 'every', 'none'];

function producerIdle(state: McState): boolean {
  const producer = state.run.simulation.world.nodes[PRODUCER]!;
  if (producer.status !== 'up') return true;
  const s = producer.state as ProducerState;
  return Object.keys(s.inFlight).length === 0 && Object.values(s.queues).every((q) => q.batches.length === 0);
}

/**
 * Why `idle` is enough for the sends: from a state where a send is still in flight, the final phase only finishes
 * it the way one of the search's own paths does (delivering, retrying); every acked record is acked at an idle
 * state of some path, and every fault that could lose it is a step the search takes from there.
 */
export function needsFinalRead(state: McState, bounds: ModelBounds, policy: FinalReadPolicy): boolean {
  switch (policy) {
    case 'none':
      return false;
    case 'every':
      return true;
    case 'idle':
      return state.used.sends >= bounds.sends && producerIdle(state);
    default: {
      const never: never = policy;
      throw new Error(`unknown final-read policy ${String(never)}`);
    }
  }
}

/** The findings of a final read from `state` (the state itself is left as it was). */
export function finalReadFindings(state: McState): Finding[] {
  const copy = copyState(state).run;
  runFinalPhase(copy);
  if (copy.failed) return copy.findings;
  return [...copy.findings, ...lateFindings(copy)];
}
