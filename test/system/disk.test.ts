/**
 * The simulated disk against the plainest model of it: the page cache is what was written, the platters are a copy
 * of the page cache as of the last writeback or fsync, and a power loss gives the platters back. The disk copies
 * only what changed since its two copies last agreed; whatever the order of appends, truncations, rewrites,
 * writebacks and power losses, it must hold what the model holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiskOp, createDisk, diskContents, flushDisk, losePageCache, type DiskOp } from '../../src/system/kernel/disk.ts';

type Action = { kind: 'op'; op: DiskOp } | { kind: 'writeback' } | { kind: 'powerLoss' };

const FILES = ['p0.log', 'p1.log'];

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ file: fc.constantFrom(...FILES), entries: fc.array(fc.nat(99), { minLength: 1, maxLength: 3 }), fsync: fc.boolean() }).map(({ file, entries, fsync }): Action => ({ kind: 'op', op: { op: 'append', file, entries: entries.map((n) => ({ n })), fsync } })) },
  { weight: 2, arbitrary: fc.record({ file: fc.constantFrom(...FILES), length: fc.nat(8) }).map(({ file, length }): Action => ({ kind: 'op', op: { op: 'truncate', file, length } })) },
  { weight: 1, arbitrary: fc.record({ file: fc.constantFrom(...FILES), entries: fc.array(fc.nat(99), { maxLength: 3 }) }).map(({ file, entries }): Action => ({ kind: 'op', op: { op: 'write', file, entries: entries.map((n) => ({ n })) } })) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'writeback' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'powerLoss' }) },
);

/** The model: per file, the page cache and the platters, copied whole at every writeback. */
class PlainDisk {
  cached = new Map<string, unknown[]>();
  durable = new Map<string, unknown[]>();

  apply(action: Action): void {
    if (action.kind === 'writeback') for (const [name, entries] of this.cached) this.durable.set(name, [...entries]);
    if (action.kind === 'powerLoss') for (const name of this.cached.keys()) this.cached.set(name, [...(this.durable.get(name) ?? [])]);
    if (action.kind !== 'op') return;
    const { op } = action;
    const entries = this.cached.get(op.file) ?? [];
    if (op.op === 'append') entries.push(...op.entries);
    if (op.op === 'truncate') entries.length = Math.min(entries.length, op.length);
    this.cached.set(op.file, op.op === 'write' ? [...op.entries] : entries);
    if (op.fsync) this.durable.set(op.file, [...this.cached.get(op.file)!]);
  }
}

describe('disk: page cache and platters', () => {
  it('property: after any sequence of writes, writebacks and power losses the disk holds what the plain model holds', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { maxLength: 40 }), (actions) => {
        const disk = createDisk({ kind: 'writeback', intervalMs: 30_000 });
        const model = new PlainDisk();
        for (const action of actions) {
          if (action.kind === 'op') applyDiskOp(disk, action.op, { kind: 'writeback', intervalMs: 30_000 });
          if (action.kind === 'writeback') flushDisk(disk);
          if (action.kind === 'powerLoss') losePageCache(disk);
          model.apply(action);
          for (const [name, entries] of model.cached) {
            expect(disk.files[name]!.cached).toEqual(entries);
            expect(disk.files[name]!.durable).toEqual(model.durable.get(name) ?? []);
          }
        }
        expect(diskContents(disk)).toEqual(Object.fromEntries([...model.cached].sort(([a], [b]) => (a < b ? -1 : 1))));
      }),
      { numRuns: 300 },
    );
  });
});
