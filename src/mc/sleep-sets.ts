/**
 * `--por`: sleep sets (Godefroid, "Partial-Order Methods for the Verification of Concurrent Systems", ch. 5, with
 * state caching), over single deliveries. Two deliveries are independent in a state when they go to different
 * receivers, at most one of them to a client, and at most one of them sets or cancels a timer: each runs one node's
 * logic on its own state and the head of its own link, appends only to its receiver's outgoing links (never
 * changing another link's head) and leaves the clock, the fault budget and the other's enabledness alone, so both
 * orders reach the same state (docs/model-checking.md says why, and what is left out). A state's sleep set holds the
 * deliveries an already-explored sibling order covers; they are not taken again from it. Every reachable state is
 * still found — a sleep set prunes transitions, not states — so every state is judged as without the reduction;
 * what it saves is the successors that are computed only to be found again.
 *
 * A delivery is named by its link (the head of a link stays the head until that link's own delivery takes it), as
 * a bit of a 32-bit mask; links past the 32nd seen are never slept (less reduction, nothing unsound).
 */
import { nodeKindOf, type NodeId } from '../system/kernel/ids.ts';
import type { Step } from '../system/kernel/steps.ts';
import type { Timer } from '../system/kernel/world.ts';

const LINK_BITS_MAX = 32;

/** A sleep set: the deliveries slept (link bits), and which of them set or cancel a timer (a subset). */
export interface Sleep {
  links: number;
  timers: number;
}

export const EMPTY_SLEEP: Sleep = { links: 0, timers: 0 };

/** Link bits, given out as links are first delivered on, with what independence needs to know of each. */
export class LinkBits {
  private readonly bits = new Map<string, number>();
  /** Per bit: the bits of the links into the same receiver (itself included). */
  private readonly sameReceiver: number[] = [];
  private readonly receivers: NodeId[] = [];
  private readonly keys: string[] = [];
  /** The bits of links into a client (producer or consumer). */
  private clients = 0;

  /** The bit of a single delivery step, or -1 (any other step, or a link past the 32nd). */
  bitOf(step: Step): number {
    if (step.type !== 'deliver') return -1;
    const key = `${step.from}>${step.to}`;
    const known = this.bits.get(key);
    if (known !== undefined) return known;
    const bit = this.bits.size;
    if (bit >= LINK_BITS_MAX) return -1;
    this.bits.set(key, bit);
    this.keys.push(key);
    this.receivers.push(step.to);
    this.sameReceiver.push(0);
    for (let other = 0; other <= bit; other++) {
      if (this.receivers[other] !== step.to) continue;
      this.sameReceiver[other]! |= 1 << bit;
      this.sameReceiver[bit]! |= 1 << other;
    }
    const kind = nodeKindOf(step.to);
    if (kind === 'producer' || kind === 'consumer') this.clients |= 1 << bit;
    return bit;
  }

  /** The delivery step of a bit. */
  stepOf(bit: number): Step {
    const [from, to] = this.keys[bit]!.split('>') as [NodeId, NodeId];
    return { type: 'deliver', from, to };
  }

  /**
   * The sleep set of the successor by step `bit` (-1: not a delivery, dependent on everything) of a state that
   * slept `base` and has explored `explored` before it: those of them independent of the step — another receiver,
   * not both into clients, not both setting or cancelling timers (`touchedTimers`: the step did).
   */
  childSleep(bit: number, touchedTimers: boolean, base: Sleep, explored: Sleep): Sleep {
    if (bit < 0) return EMPTY_SLEEP;
    let links = (base.links | explored.links) & ~this.sameReceiver[bit]!;
    if (this.clients & (1 << bit)) links &= ~this.clients;
    let timers = (base.timers | explored.timers) & links;
    if (touchedTimers) {
      links &= ~timers;
      timers = 0;
    }
    return links === 0 ? EMPTY_SLEEP : { links, timers };
  }
}

/** Whether a step changed the timer list (set, moved or cancelled one): its timers are shared, never changed. */
export function timersChanged(before: readonly Timer[], after: readonly Timer[]): boolean {
  if (before.length !== after.length) return true;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) return true;
  return false;
}

/** Per state number: its sleep set, and whether it was expanded (a revisit then needs what it slept taken now). */
export class SleepStore {
  private links = new Uint32Array(1 << 10);
  private timers = new Uint32Array(1 << 10);
  private expanded = new Uint8Array(1 << 10);

  get(number: number): Sleep {
    const links = this.links[number] ?? 0;
    return links === 0 ? EMPTY_SLEEP : { links, timers: this.timers[number]! };
  }

  set(number: number, sleep: Sleep): void {
    if (number >= this.links.length) this.grow(number);
    this.links[number] = sleep.links;
    this.timers[number] = sleep.timers;
  }

  markExpanded(number: number): void {
    if (number >= this.expanded.length) this.grow(number);
    this.expanded[number] = 1;
  }

  wasExpanded(number: number): boolean {
    return this.expanded[number] === 1;
  }

  /**
   * A state found again with sleep set `sleep`: what it has slept and this path does not sleep must be taken from
   * it (returned as link bits; 0: nothing), and from now on it sleeps only what both paths sleep. A state not yet
   * expanded just sleeps less when it is.
   */
  revisit(number: number, sleep: Sleep): number {
    const stored = this.get(number);
    const missing = stored.links & ~sleep.links;
    if (missing === 0) return 0;
    const links = stored.links & sleep.links;
    // A timer bit only ever makes a delivery dependent on more: the union is the cautious side.
    this.set(number, { links, timers: (stored.timers | sleep.timers) & links });
    return this.wasExpanded(number) ? missing : 0;
  }

  bytes(): number {
    return this.links.byteLength + this.timers.byteLength + this.expanded.byteLength;
  }

  private grow(number: number): void {
    let size = this.links.length;
    while (size <= number) size *= 2;
    this.links = grown(this.links, new Uint32Array(size));
    this.timers = grown(this.timers, new Uint32Array(size));
    this.expanded = grown(this.expanded, new Uint8Array(size));
  }
}

/** `into`, a larger array, holding `from`'s values at their places. */
function grown<A extends Uint32Array | Uint8Array>(from: A, into: A): A {
  into.set(from);
  return into;
}
