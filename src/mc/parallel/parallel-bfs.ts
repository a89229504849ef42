/**
 * Breadth-first search on several worker threads with the one-thread result (bfs.ts): the same counts, the same
 * end, the same state numbers and so the same shortest trace, whatever the number of workers. Level-synchronous:
 * the frontier of a level is shared out among the workers (each holds its share as whole states); each expands its
 * share with the one-thread search's successor function and step order and answers with fingerprints; the main
 * thread, which alone owns the visited set and the counts, walks the answers in the one-thread order (frontier
 * order, then step order) and so finds, numbers and judges exactly the states the one-thread search does, in the
 * same order, stopping at the same one. What work the order makes wasted (successors past a stop) is only time.
 * A state's final read is judged after the main thread knows it is new, by the worker holding it; new states stay
 * where they were made, and are moved (the only states to cross threads) when a worker's share grows too large.
 */
import { SearchCore, type Found, type SearchOptions, type SearchResult } from '../search.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { VisitedSet } from '../visited-set.ts';
import { ACKED, NEEDS_FINAL_READ, type AtFinding, type FromWorker, type FrontierEntry, type InjectedFailure, type McSystemSource, type ToWorker } from './messages.ts';
import { SearchWorkers } from './search-workers.ts';
import { wireStateOf } from './wire-state.ts';

export interface ParallelSearchOptions extends Omit<SearchOptions, 'checkSharing' | 'por' | 'checkIndependence'> {
  /** How each worker builds the system `system` is (messages.ts). */
  source: McSystemSource;
  workers: number;
  /** Tests: a worker fails at a depth (messages.ts). */
  injectedFailure?: InjectedFailure;
}

type Expanded = Extract<FromWorker, { type: 'expanded' }>;
type Judged = Extract<FromWorker, { type: 'judged' }>;

/** A successor found for the first time in a level, and where its answer is. */
interface Candidate {
  worker: number;
  at: number;
  fingerprint: Fingerprint;
  /** Its parent's place in the frontier, and the index of its step there. */
  parent: number;
  step: number;
  /** Successors generated up to it, in the one-thread order. */
  generatedAt: number;
  flags: number;
  finding: AtFinding['finding'] | undefined;
}

/** The frontier of a level: per place, the state's number and the worker holding it. */
interface Frontier {
  numbers: number[];
  owners: number[];
}

/** A worker's share is rebalanced only when it exceeds the even share by this much (moving states costs a copy). */
const SHARE_SLACK_STATES = 16;
const SHARE_SLACK_FRACTION = 0.2;

export async function parallelBreadthFirstSearch(options: ParallelSearchOptions): Promise<SearchResult> {
  const core = new SearchCore(options);
  const start = core.start();
  if (start.verdict) return core.result('found', 0, 0, start);
  const pool = await SearchWorkers.start(options.workers, (worker) => ({
    source: options.source,
    model: options.model,
    finalRead: options.finalRead,
    depthMax: options.search.depthMax,
    worker,
    ...(options.injectedFailure ? { injectedFailure: options.injectedFailure } : {}),
  }));
  try {
    const incoming: FrontierEntry[][] = Array.from({ length: pool.size }, () => []);
    incoming[0]!.push({ index: 0, state: wireStateOf(start.state) });
    return await levels(core, pool, { numbers: [0], owners: [0] }, incoming, options);
  } finally {
    await pool.close();
  }
}

async function levels(core: SearchCore, pool: SearchWorkers, first: Frontier, firstIncoming: FrontierEntry[][], options: ParallelSearchOptions): Promise<SearchResult> {
  let frontier = first;
  let incoming = firstIncoming;
  const every = options.progressEvery ?? 10_000;
  for (let depth = 0; frontier.numbers.length > 0; ) {
    const expanded = (await Promise.all(incoming.map((entries, w) => pool.request(w, { type: 'expand', depth, incoming: entries })))) as Expanded[];
    if (expanded.some((answer) => answer.cut)) core.cutByDepth = true;
    const { candidates, generated } = newSuccessors(core, frontier, expanded, options.search.statesMax);
    const owners = shareOut(candidates, pool.size);
    const judged = (await Promise.all(Array.from({ length: pool.size }, (_, w) => pool.request(w, judgeMessage(candidates, owners, w))))) as Judged[];
    const finalReadFindings = judged.map((answer) => new Map(answer.findings.map((f) => [f.at, f.finding])));
    const numbers: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      core.generated = candidate.generatedAt;
      const number = core.visited.add(candidate.fingerprint, frontier.numbers[candidate.parent]!, candidate.step);
      if (candidate.flags & ACKED) core.ackedStates++;
      core.depthReached = Math.max(core.depthReached, depth + 1);
      const queued = frontier.numbers.length - candidate.parent - 1 + i;
      if (core.visited.size % every === 0) options.onProgress?.(core.progress(depth + 1, queued));
      const verdict = verdictOf(core, candidate, finalReadFindings[candidate.worker]!);
      if (verdict) return core.result('found', depth + 1, queued, { number, verdict } satisfies Pick<Found, 'number' | 'verdict'>);
      if (core.full()) return core.result('state-bound', depth + 1, queued);
      numbers.push(number);
    }
    core.generated = generated;
    incoming = Array.from({ length: pool.size }, () => []);
    for (const answer of judged) for (const entry of answer.given) incoming[owners[entry.index]!]!.push(entry);
    frontier = { numbers, owners };
    if (numbers.length > 0) depth++;
  }
  return core.result(core.cutByDepth ? 'depth-bound' : 'exhausted', core.depthReached, 0);
}

/**
 * The successors of the level new to the search, in the one-thread order, up to the first a step finding judges
 * or the one that fills the state bound (no later one would be found); `generated`: all successors counted.
 */
function newSuccessors(core: SearchCore, frontier: Frontier, expanded: readonly Expanded[], statesMax: number): { candidates: Candidate[]; generated: number } {
  const cursors = expanded.map(() => ({ state: 0, at: 0, finding: 0 }));
  const inLevel = new VisitedSet();
  const candidates: Candidate[] = [];
  let generated = core.generated;
  for (let parent = 0; parent < frontier.numbers.length; parent++) {
    const w = frontier.owners[parent]!;
    const answer = expanded[w]!;
    const cursor = cursors[w]!;
    const count = answer.counts[cursor.state++]!;
    for (let step = 0; step < count; step++) {
      const at = cursor.at++;
      generated++;
      const atFinding = answer.findings[cursor.finding];
      const finding = atFinding?.at === at ? (cursor.finding++, atFinding.finding) : undefined;
      const fingerprint = { high: answer.fingerprints[2 * at]!, low: answer.fingerprints[2 * at + 1]! };
      if (core.visited.has(fingerprint) || inLevel.add(fingerprint, 0, 0) < 0) continue;
      candidates.push({ worker: w, at, fingerprint, parent, step, generatedAt: generated, flags: answer.flags[at]!, finding });
      if (finding || core.visited.size + candidates.length >= statesMax) return { candidates, generated };
    }
  }
  return { candidates, generated };
}

/** Who holds each new state in the next level: the worker that made it, unless its share is too far over the even
 * one; then the excess (its last states) goes to the workers under it, in order. */
function shareOut(candidates: readonly Candidate[], workers: number): number[] {
  const owners = candidates.map((c) => c.worker);
  const even = Math.ceil(candidates.length / workers);
  const shares = Array.from({ length: workers }, () => 0);
  for (const owner of owners) shares[owner]!++;
  const slack = Math.max(SHARE_SLACK_STATES, Math.ceil(even * SHARE_SLACK_FRACTION));
  if (shares.every((share) => share <= even + slack)) return owners;
  const room = shares.map((share) => Math.max(0, even - share));
  let receiver = 0;
  const excess = shares.map((share) => Math.max(0, share - even));
  for (let place = candidates.length - 1; place >= 0; place--) {
    const giver = owners[place]!;
    if (excess[giver]! === 0) continue;
    while (receiver < workers && room[receiver]! === 0) receiver++;
    if (receiver === workers) break;
    owners[place] = receiver;
    room[receiver]!--;
    excess[giver]!--;
  }
  return owners;
}

function judgeMessage(candidates: readonly Candidate[], owners: readonly number[], w: number): ToWorker {
  const keep: number[] = [];
  const places: number[] = [];
  const finalRead: number[] = [];
  const give: number[] = [];
  for (let place = 0; place < candidates.length; place++) {
    const candidate = candidates[place]!;
    if (candidate.worker !== w) continue;
    keep.push(candidate.at);
    places.push(place);
    if (candidate.flags & NEEDS_FINAL_READ) finalRead.push(candidate.at);
    if (owners[place] !== w) give.push(candidate.at);
  }
  return { type: 'judge', keep: Uint32Array.from(keep), places: Uint32Array.from(places), finalRead: Uint32Array.from(finalRead), give: Uint32Array.from(give) };
}

function verdictOf(core: SearchCore, candidate: Candidate, finalReads: ReadonlyMap<number, AtFinding['finding']>): Found['verdict'] {
  if (candidate.finding) return { finding: candidate.finding, byFinalRead: false };
  if ((candidate.flags & NEEDS_FINAL_READ) === 0) return undefined;
  core.finalReads++;
  const atEnd = finalReads.get(candidate.at);
  return atEnd ? { finding: atEnd, byFinalRead: true } : undefined;
}
