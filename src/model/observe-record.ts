/**
 * The rules every observation of "value v at offset o of partition p" must satisfy, whether it came from a
 * producer's ack or a consumer's read: in a single-copy log an offset holds one value (inconsistent-offsets) and
 * a value sent once sits at one offset (duplicate).
 */
import type { Anomaly, Partition, Value } from './history.ts';
import { anomaly, showPartition, showSighting, showValue } from './anomaly-text.ts';
import { appended, recordKeyOrder } from './plain-record.ts';
import { partitionState, valueState, type Sighting, type SpecState } from './spec-state.ts';

/** Records the observation and returns the anomalies it reveals, each pair reported once. */
export function observeRecord(spec: SpecState, partition: Partition, offset: number, value: Value, sighting: Sighting): Anomaly[] {
  const state = partitionState(spec, partition);
  const p = showPartition(partition);
  const anomalies: Anomaly[] = [];

  // Indexed by the number itself: an integer key is never inherited, and is not parsed from a string each time.
  const atOffset = state.offsets[offset];
  if (atOffset === undefined) {
    state.offsets[offset] = { values: [value], sightings: [sighting] };
  } else if (!atOffset.values.includes(value)) {
    for (const i of recordKeyOrder(atOffset.values)) {
      const other = atOffset.values[i]!;
      const first = atOffset.sightings[i]!;
      anomalies.push(
        anomaly('inconsistent-offsets', partition, [other, value], [offset], [first.op, sighting.op],
          `offset ${offset} of ${p} holds two values: ${showValue(other)} (${showSighting(first)}) and ${showValue(value)} (${showSighting(sighting)})`),
      );
    }
    atOffset.values.push(value);
    atOffset.sightings.push(sighting);
  }

  const known = valueState(state, value);
  if (!known.offsets.includes(offset)) {
    // A value sent by k invocations may legitimately sit at k offsets (values are meant to be unique; this only
    // keeps a workload that repeats a value from drowning in duplicates).
    if (known.offsets.length + 1 > Math.max(1, known.sendIds.length)) {
      for (const i of recordKeyOrder(known.offsets.map(String))) {
        const otherOffset = known.offsets[i]!;
        const first = known.offsetSightings[i]!;
        anomalies.push(
          anomaly('duplicate', partition, [value], [otherOffset, offset], [first.op, sighting.op],
            `${showValue(value)} appears at two offsets of ${p}: ${otherOffset} (${showSighting(first)}) and ${offset} (${showSighting(sighting)})`),
        );
      }
    }
    known.offsets = appended(known.offsets, offset);
    known.offsetSightings = appended(known.offsetSightings, sighting);
  }
  return anomalies;
}
