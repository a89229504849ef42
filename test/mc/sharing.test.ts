// kcheck mc's successors borrow their parent's node states and disks until they change them
// (kernel/copy-on-write.ts), and its fingerprints cache what never changes once found. Both are sound only if no
// step changes what it shares: these searches check, state by state, that expanding a state leaves it as it was
// and that every cached fingerprint equals a fresh walk's, over every step kind the alphabet has (sends, single
// deliveries, drops, deliver-all, crashes, power losses, restarts, ticks). Bounded by state counts only.
import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { modelCheck } from '../../src/mc/model-check.ts';

describe('kcheck mc: copy-on-write successors', () => {
  it.each([
    ['acks-all-durable', { sends: 2, polls: 0, faults: 1, drops: 1, timeMaxMs: 1_600 }],
    ['power-loss-one-at-a-time', { sends: 2, polls: 1, faults: 1, drops: 0, timeMaxMs: 1_600 }],
  ] as const)('%s: expanding a state never changes it, and cached fingerprints are fresh ones', (name, model) => {
    const claim = claimNamed(name)!;
    const result = modelCheck({ claim, model, search: { depthMax: 60, statesMax: 1_500 }, checkSharing: true });
    expect(result.search.distinct).toBe(1_500);
    // The same search without the checks finds the same states in the same order.
    const plain = modelCheck({ claim, model, search: { depthMax: 60, statesMax: 1_500 } });
    expect([plain.search.generated, plain.search.depthReached]).toEqual([result.search.generated, result.search.depthReached]);
  });
});
