/**
 * Breadth-first search over the checker's states, as Stateright's `bfs.rs` and TLC do: a queue of states to
 * expand, every new state judged when it is found (search.ts). Breadth-first, the first finding is at the least
 * depth any is, and since the step order and the queue order are fixed, the same one every time. Bounds: depth
 * (states at it are not expanded) and distinct states. The frontier is whole states: memory grows with its width.
 * With `--por` a state's successors are only those its sleep set does not cover; a state found again with less
 * asleep than when it was expanded goes back in the queue to be expanded by what it slept (search.ts).
 */
import type { McState } from './mc-state.ts';
import { SearchCore, type SearchOptions, type SearchResult } from './search.ts';

interface Queued {
  state: McState;
  number: number;
  /** --por: a state found again with less asleep, to be expanded by these deliveries only (sleep-sets.ts). */
  only?: number;
}

export function breadthFirstSearch(options: SearchOptions): SearchResult {
  const core = new SearchCore(options);
  const start = core.start();
  if (start.verdict) return core.result('found', 0, 0, start);
  let queue: Queued[] = [{ state: start.state, number: 0 }];
  let depth = 0;
  while (queue.length > 0) {
    const next: Queued[] = [];
    for (let q = 0; q < queue.length; q++) {
      const entry = queue[q]!;
      queue[q] = undefined as unknown as Queued; // let the expanded state go
      const steps = core.stepsAt(entry.state, depth);
      const before = core.before(entry.state);
      const queued = () => queue.length - q - 1 + next.length;
      const frame = options.por ? core.porFrame(entry.number, entry.only) : undefined;
      for (let i = 0; i < steps.length; i++) {
        const found = frame ? core.expandReduced(entry.state, entry.number, steps, i, depth + 1, queued, frame) : core.expand(entry.state, entry.number, steps, i, depth + 1, queued);
        if (!found) continue;
        if ('only' in found) {
          next.push(found);
          continue;
        }
        if (found.verdict) return core.result('found', depth + 1, queued(), found);
        if (core.full()) return core.result('state-bound', depth + 1, queued());
        next.push({ state: found.state, number: found.number });
      }
      core.after(entry.state, before, depth);
    }
    queue = next;
    if (queue.length > 0) depth++;
  }
  return core.result(core.cutByDepth ? 'depth-bound' : 'exhausted', core.depthReached, 0);
}
