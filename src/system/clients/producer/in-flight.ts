/**
 * The producer's produce requests in flight, and how many of them go to each broker and are for each partition: the
 * sender asks after every input, for every partition it may drain. It leaves out what a request carries; that is
 * `InFlightRequest` in the state.
 */
import type { BrokerId, PartitionId } from '../../kernel/ids.ts';
import type { InFlightRequest, ProducerState } from './producer-state.ts';

interface InFlightCounts {
  toBroker: number[];
  forPartition: number[];
}

/**
 * The counts, kept beside the state (keyed by its `inFlight` record) rather than in it, so that the state, and the
 * world hash, stay what they were. They are a pure function of the record: one this module has not seen (a state
 * cloned or built elsewhere) is counted once. So that they stay true, only this module adds or removes requests.
 */
const countsByRecord = new WeakMap<ProducerState['inFlight'], InFlightCounts>();

function count(counts: InFlightCounts, request: InFlightRequest, by: number): void {
  counts.toBroker[request.broker] = (counts.toBroker[request.broker] ?? 0) + by;
  counts.forPartition[request.batch.partition] = (counts.forPartition[request.batch.partition] ?? 0) + by;
}

function countsOf(state: ProducerState): InFlightCounts {
  let counts = countsByRecord.get(state.inFlight);
  if (!counts) {
    counts = { toBroker: [], forPartition: [] };
    for (const id in state.inFlight) count(counts, state.inFlight[id]!, 1);
    countsByRecord.set(state.inFlight, counts);
  }
  return counts;
}

export function addInFlight(state: ProducerState, request: InFlightRequest): void {
  const counts = countsOf(state);
  state.inFlight[request.correlationId] = request;
  count(counts, request, 1);
}

/** Removes and returns the request, or undefined when none with that id is in flight. */
export function takeInFlight(state: ProducerState, correlationId: number): InFlightRequest | undefined {
  const request = state.inFlight[correlationId];
  if (!request) return undefined;
  const counts = countsOf(state);
  delete state.inFlight[correlationId];
  count(counts, request, -1);
  return request;
}

export function inFlightToBroker(state: ProducerState, broker: BrokerId): number {
  return countsOf(state).toBroker[broker] ?? 0;
}

export function hasInFlightForPartition(state: ProducerState, partition: PartitionId): boolean {
  return (countsOf(state).forPartition[partition] ?? 0) > 0;
}
