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
import { SearchCore, type PorFrame, type SearchOptions, type SearchResult } from './search.ts';

interface Frame {
  state: McState;
  number: number;
  steps: Step[];
  nextIndex: number;
  before: Fingerprint | undefined;
  /** --por: what the state sleeps and has explored (search.ts). */
  por: PorFrame | undefined;
}

export function depthFirstSearch(options: SearchOptions): SearchResult {
  const core = new SearchCore(options);
  const start = core.start();
  if (start.verdict) return core.result('found', 0, 0, start);
  const frameOf = (state: McState, number: number, depth: number, only?: number): Frame => ({
    state,
    number,
    steps: core.stepsAt(state, depth),
    nextIndex: 0,
    before: core.before(state),
    por: options.por ? core.porFrame(number, only) : undefined,
  });
  const stack: Frame[] = [frameOf(start.state, 0, 0)];
  const queued = () => stack.length;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.nextIndex >= frame.steps.length) {
      core.after(frame.state, frame.before, stack.length - 1);
      stack.pop();
      continue;
    }
    const depth = stack.length;
    const index = frame.nextIndex++;
    const found = frame.por ? core.expandReduced(frame.state, frame.number, frame.steps, index, depth, queued, frame.por) : core.expand(frame.state, frame.number, frame.steps, index, depth, queued);
    if (!found) continue;
    if ('only' in found) {
      // Found again with less asleep than when it was expanded: expanded again, by what it slept (Godefroid's
      // sleep sets with state caching).
      stack.push(frameOf(found.state, found.number, depth, found.only));
      continue;
    }
    if (found.verdict) return core.result('found', depth, queued(), found);
    if (core.full()) return core.result('state-bound', depth, queued());
    stack.push(frameOf(found.state, found.number, depth));
  }
  return core.result(core.cutByDepth ? 'depth-bound' : 'exhausted', core.depthReached, 0);
}
