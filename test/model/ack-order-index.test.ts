/** The ack index answers what a scan of every earlier ack would, at every size of its tree. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAck, emptyAckOrderIndex, firstConflict } from '../../src/model/ack-order-index.ts';

const SEED = 7_001;

/** The first earlier ack, in arrival order, out of order with (id, offset): the scan the index replaces. */
function scan(acks: ReadonlyArray<[number, number]>, id: number, offset: number): number | undefined {
  const at = acks.findIndex(([otherId, otherOffset]) => otherId < id !== otherOffset < offset);
  return at < 0 ? undefined : at;
}

describe(`the ack order index (seed ${SEED})`, () => {
  it('finds the first conflicting ack as a scan does, after every ack', () => {
    // Mostly in order with local disorder (an asynchronous producer), now and then a wild offset.
    const acks = fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -2, max: 2 }), fc.nat(40)), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(acks, (steps) => {
        const index = emptyAckOrderIndex();
        const seen: Array<[number, number]> = [];
        const usedIds = new Set<number>();
        steps.forEach(([idJitter, offsetJitter, wild], i) => {
          let id = i * 10 + idJitter;
          while (usedIds.has(id)) id++;
          usedIds.add(id);
          const offset = wild === 0 ? 1000 - i : i + offsetJitter;
          expect(firstConflict(index, id, offset)).toBe(scan(seen, id, offset));
          addAck(index, id, offset);
          seen.push([id, offset]);
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('answers an in-order ack at its root', () => {
    const index = emptyAckOrderIndex();
    for (let i = 0; i < 1000; i++) addAck(index, i, i);
    expect(index.levels.length).toBe(10);
    expect(index.levels.at(-1)).toEqual([0, 999, 0, 999]);
    expect(firstConflict(index, 1000, 1000)).toBeUndefined();
    expect(firstConflict(index, 1000, 500)).toBe(500);
    expect(firstConflict(index, 500.5, 2000)).toBe(501);
  });
});
