/**
 * Depth-first search over the checker's states, as Stateright's `dfs.rs` does: only the current path is kept (a
 * stack of states and the step each resumes at), so memory is the visited set's 16–24 bytes per state and not a
 * frontier of whole states; the way to exhaust a space whose breadth-first frontier does not fit. Every new state
 * is judged when found (search.ts); the first finding ends the search, but it is not the shortest (the path that
 * first reached it, rebuilt from the parent pointers). With no depth bound hit, a space it calls exhausted is the
 * one breadth-first search exhausts: a state's future depends only on the state (bounds used are part of it), so
 * a state found once is expanded once. A depth bound cuts what it cuts, so it is reported.
 */
import type { Step } from '../system/kernel/steps.ts';
import type { McState } from './mc-state.ts';
import type { Fingerprint } from './fingerprint.ts';
import { SearchCore, type SearchOptions, type SearchResult } from './search.ts';

interface Frame {
  state: McState;
  number: number;
  steps: Step[];
  nextIndex: number;
  before: Fingerprint | undefined;
}

export function depthFirstSearch(options: SearchOptions): SearchResult {
  const core = new SearchCore(options);
  const start = core.start();
  if (start.verdict) return core.result('found', 0, 0, start);
  const stack: Frame[] = [{ state: start.state, number: 0, steps: core.stepsAt(start.state, 0), nextIndex: 0, before: core.before(start.state) }];
  const queued = () => stack.length;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.nextIndex >= frame.steps.length) {
      core.after(frame.state, frame.before, stack.length - 1);
      stack.pop();
      continue;
    }
    const depth = stack.length;
    const found = core.expand(frame.state, frame.number, frame.steps, frame.nextIndex++, depth, queued);
    if (!found) continue;
    if (found.verdict) return core.result('found', depth, queued(), found);
    if (core.full()) return core.result('state-bound', depth, queued());
    stack.push({ state: found.state, number: found.number, steps: core.stepsAt(found.state, depth), nextIndex: 0, before: core.before(found.state) });
  }
  return core.result(core.cutByDepth ? 'depth-bound' : 'exhausted', core.depthReached, 0);
}
