/**
 * The visited set: every distinct state's 64-bit fingerprint, and per state, in the order states were found, its
 * parent's number and the index of the step that led to it — enough to rebuild the path to any state by walking
 * back to the initial one (state 0), as Stateright's `bfs.rs` keeps a parent fingerprint per state. No state
 * itself is kept.
 *
 * Per state: 13 bytes in dense columns indexed by state number (fingerprint 8, parent 4, step 1), grown in fixed
 * chunks (no doubling slack), and a 4-byte slot in an open-addressing table (linear probing) that holds the state's
 * number: about 18–24 bytes per state in all, whatever the count. The table compares a probed slot's fingerprint
 * through the columns.
 */
import type { Fingerprint } from './fingerprint.ts';

const LOAD_MAX = 0.75;
/** States per chunk of the dense columns. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

export class VisitedSet {
  /** Per slot: the state number + 1; 0 is empty. */
  private slots: Uint32Array;
  private mask: number;
  private readonly highs: Uint32Array[] = [];
  private readonly lows: Uint32Array[] = [];
  private readonly parents: Uint32Array[] = [];
  private readonly steps: Uint8Array[] = [];
  size = 0;
  /** The number of the state `add` last found already there. */
  lastFound = -1;

  constructor(capacity = 1 << 10) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity / LOAD_MAX)));
    this.slots = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /** Adds the state; returns its number, or -1 when it was already there. */
  add(fingerprint: Fingerprint, parent: number, step: number): number {
    if (this.size + 1 > (this.mask + 1) * LOAD_MAX) this.grow();
    const high = fingerprint.high >>> 0;
    const low = fingerprint.low >>> 0;
    const slot = this.find(high, low);
    const held = this.slots[slot]!;
    if (held !== 0) {
      this.lastFound = held - 1;
      return -1;
    }
    const number = this.size++;
    this.slots[slot] = number + 1;
    const chunk = number >>> CHUNK_BITS;
    if (chunk === this.highs.length) {
      this.highs.push(new Uint32Array(CHUNK));
      this.lows.push(new Uint32Array(CHUNK));
      this.parents.push(new Uint32Array(CHUNK));
      this.steps.push(new Uint8Array(CHUNK));
    }
    const at = number & IN_CHUNK;
    this.highs[chunk]![at] = high;
    this.lows[chunk]![at] = low;
    this.parents[chunk]![at] = parent;
    this.steps[chunk]![at] = step;
    return number;
  }

  has(fingerprint: Fingerprint): boolean {
    return this.slots[this.find(fingerprint.high >>> 0, fingerprint.low >>> 0)] !== 0;
  }

  /** The step indices from the initial state to state `number`. */
  pathTo(number: number): number[] {
    const path: number[] = [];
    for (let at = number; at !== 0; at = this.parents[at >>> CHUNK_BITS]![at & IN_CHUNK]!) path.push(this.steps[at >>> CHUNK_BITS]![at & IN_CHUNK]!);
    return path.reverse();
  }

  /** Bytes held per stored state: the table, the columns (and `extraBytes` kept beside them per state), over the
   * states stored. */
  bytesPerState(extraBytes = 0): number {
    const columns = this.highs.length * CHUNK * (4 + 4 + 4 + 1);
    return this.size === 0 ? 0 : (this.slots.byteLength + columns + extraBytes) / this.size;
  }

  /** Where a fingerprint's probe starts. */
  private homeSlot(high: number, low: number): number {
    return (low ^ Math.imul(high, 0x9e3779b1)) & this.mask;
  }

  /** The slot holding the fingerprint, or the empty slot where it would go. */
  private find(high: number, low: number): number {
    let slot = this.homeSlot(high, low);
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) return slot;
      const number = held - 1;
      const chunk = number >>> CHUNK_BITS;
      const at = number & IN_CHUNK;
      if (this.highs[chunk]![at] === high && this.lows[chunk]![at] === low) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const held = old[i]!;
      if (held === 0) continue;
      const number = held - 1;
      const chunk = number >>> CHUNK_BITS;
      const at = number & IN_CHUNK;
      let slot = this.homeSlot(this.highs[chunk]![at]!, this.lows[chunk]![at]!);
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = held;
    }
  }
}
