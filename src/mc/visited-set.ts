/**
 * The visited set: every distinct state's 64-bit fingerprint, in one typed array with open addressing (linear
 * probing), and per state, in the order states were found, its parent's number and the index of the step that led
 * to it — enough to rebuild the path to any state by walking back to the initial one (state 0), as Stateright's
 * `bfs.rs` keeps a parent fingerprint per state. No state itself is kept.
 */
import type { Fingerprint } from './fingerprint.ts';

const EMPTY = 0xffffffff;
const LOAD_MAX = 0.75;

export class VisitedSet {
  /** Two words per slot (high, low); a slot is empty while its state number is EMPTY. */
  private keys: Uint32Array;
  private numbers: Uint32Array;
  private parents: Uint32Array;
  private steps: Uint8Array;
  private mask: number;
  size = 0;
  /** The number of the state `add` last found already there. */
  lastFound = -1;

  constructor(capacity = 1 << 16) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity / LOAD_MAX)));
    this.keys = new Uint32Array(slots * 2);
    this.numbers = new Uint32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
    this.parents = new Uint32Array(capacity);
    this.steps = new Uint8Array(capacity);
  }

  /** Adds the state; returns its number, or -1 when it was already there. */
  add(fingerprint: Fingerprint, parent: number, step: number): number {
    if (this.size + 1 > (this.mask + 1) * LOAD_MAX) this.grow();
    const slot = this.find(fingerprint.high, fingerprint.low);
    if (this.numbers[slot] !== EMPTY) {
      this.lastFound = this.numbers[slot]!;
      return -1;
    }
    const number = this.size++;
    this.keys[slot * 2] = fingerprint.high;
    this.keys[slot * 2 + 1] = fingerprint.low;
    this.numbers[slot] = number;
    if (number >= this.parents.length) this.growParents();
    this.parents[number] = parent;
    this.steps[number] = step;
    return number;
  }

  has(fingerprint: Fingerprint): boolean {
    return this.numbers[this.find(fingerprint.high, fingerprint.low)] !== EMPTY;
  }

  /** The step indices from the initial state to state `number`. */
  pathTo(number: number): number[] {
    const path: number[] = [];
    for (let at = number; at !== 0; at = this.parents[at]!) path.push(this.steps[at]!);
    return path.reverse();
  }

  /** Bytes held per stored state: the table, the parent numbers and step indices (and `extraBytes` kept beside
   * them per state), over the states stored. */
  bytesPerState(extraBytes = 0): number {
    const bytes = this.keys.byteLength + this.numbers.byteLength + this.parents.byteLength + this.steps.byteLength + extraBytes;
    return this.size === 0 ? 0 : bytes / this.size;
  }

  /** The slot holding the fingerprint, or the empty slot where it would go. */
  private find(high: number, low: number): number {
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & this.mask;
    for (;;) {
      if (this.numbers[slot] === EMPTY) return slot;
      if (this.keys[slot * 2] === high && this.keys[slot * 2 + 1] === low) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldNumbers = this.numbers;
    const slots = (this.mask + 1) * 2;
    this.keys = new Uint32Array(slots * 2);
    this.numbers = new Uint32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
    for (let i = 0; i < oldNumbers.length; i++) {
      if (oldNumbers[i] === EMPTY) continue;
      const slot = this.find(oldKeys[i * 2]!, oldKeys[i * 2 + 1]!);
      this.keys[slot * 2] = oldKeys[i * 2]!;
      this.keys[slot * 2 + 1] = oldKeys[i * 2 + 1]!;
      this.numbers[slot] = oldNumbers[i]!;
    }
  }

  private growParents(): void {
    const parents = new Uint32Array(this.parents.length * 2);
    parents.set(this.parents);
    this.parents = parents;
    const steps = new Uint8Array(this.steps.length * 2);
    steps.set(this.steps);
    this.steps = steps;
  }
}
