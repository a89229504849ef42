/**
 * The order `run` and `deliverAll` go round the busy links in. Without a `deliveryOrder` step it is the fixed
 * link-key order; with one, each round is shuffled by a small PRNG (mulberry32) whose whole state is one plain
 * number kept in the world, so a cloned or replayed world draws the same orders. Each link stays FIFO: only which
 * link's head goes next is drawn.
 */
import type { World } from './world.ts';

/** One mulberry32 draw: the next state and a number in [0, 2^32). */
function nextDraw(state: number): { state: number; value: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, value: (t ^ (t >>> 14)) >>> 0 };
}

/** The PRNG's first state for a step's seed (any whole number; kept to 32 bits). */
export function deliveryOrderStateOf(seed: number): number {
  return seed >>> 0;
}

/** Shuffles `links` in place (Fisher–Yates) when the world has a delivery-order seed; the fixed order otherwise. */
export function orderLinks(world: World, links: string[]): string[] {
  let state = world.deliveryOrderState;
  if (state === undefined || links.length < 2) return links;
  for (let i = links.length - 1; i > 0; i--) {
    const draw = nextDraw(state);
    state = draw.state;
    const j = draw.value % (i + 1);
    const swap = links[i]!;
    links[i] = links[j]!;
    links[j] = swap;
  }
  world.deliveryOrderState = state;
  return links;
}
