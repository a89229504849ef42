// The reference checker for test/model/indexed-checker.property.test.ts: src/model/observe-record.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * The rules every observation of "value v at offset o of partition p" must satisfy, whether it came from a
 * producer's ack or a consumer's read: in a single-copy log an offset holds one value (inconsistent-offsets) and
 * a value sent once sits at one offset (duplicate).
 */
import type { Anomaly, Partition, Value } from '../../../src/model/history.ts';
import { anomaly, showPartition, showSighting, showValue } from './anomaly-text.ts';
import { emptyRecord, getOwn, ownOrInsert, setOwn } from '../../../src/model/plain-record.ts';
import { partitionState, type Sighting, type SpecState } from './spec-state.ts';

/** Records the observation and returns the anomalies it reveals, each pair reported once. */
export function observeRecord(spec: SpecState, partition: Partition, offset: number, value: Value, sighting: Sighting): Anomaly[] {
  const state = partitionState(spec, partition);
  const p = showPartition(partition);
  const anomalies: Anomaly[] = [];

  const atOffset = ownOrInsert(state.valuesAtOffset, String(offset), () => emptyRecord<Sighting>());
  if (getOwn(atOffset, value) === undefined) {
    for (const [other, first] of Object.entries(atOffset)) {
      anomalies.push(
        anomaly('inconsistent-offsets', partition, [other, value], [offset], [first.op, sighting.op],
          `offset ${offset} of ${p} holds two values: ${showValue(other)} (${showSighting(first)}) and ${showValue(value)} (${showSighting(sighting)})`),
      );
    }
    setOwn(atOffset, value, sighting);
  }

  const ofValue = ownOrInsert(state.offsetsOfValue, value, () => emptyRecord<Sighting>());
  if (getOwn(ofValue, String(offset)) === undefined) {
    // A value sent by k invocations may legitimately sit at k offsets (values are meant to be unique; this only
    // keeps a workload that repeats a value from drowning in duplicates).
    const known = Object.entries(ofValue);
    const sendCount = getOwn(state.sendsOfValue, value)?.length ?? 0;
    if (known.length + 1 > Math.max(1, sendCount)) {
      for (const [otherOffset, first] of known) {
        anomalies.push(
          anomaly('duplicate', partition, [value], [Number(otherOffset), offset], [first.op, sighting.op],
            `${showValue(value)} appears at two offsets of ${p}: ${otherOffset} (${showSighting(first)}) and ${offset} (${showSighting(sighting)})`),
        );
      }
    }
    setOwn(ofValue, String(offset), sighting);
  }
  return anomalies;
}
