/**
 * Breadth-first search on several worker threads with the one-thread result (bfs.ts): the same counts, the same
 * end, the same state numbers and so the same shortest trace, whatever the number of workers. Level-synchronous:
 * the frontier of a level is shared out among the workers (each holds its share as whole states); each expands its
 * share with the one-thread search's successor function and step order and answers with fingerprints; the main
 * thread, which alone owns the visited set and the counts, walks the answers in the one-thread order (frontier
 * order, then step order) and so finds, numbers and judges exactly the states the one-thread search does, in the
 * same order, stopping at the same one. A level is expanded in rounds, a range of frontier places each, so that a
 * search that stops within a level has computed at most one round past its stop (wasted time, nothing else).
 * A state's final read is judged after the main thread knows it is new, by the worker holding it; new states stay
 * where they were made, and are moved (the only states to cross threads) when a worker's share grows too large.
 */
import { SearchCore, type Found, type SearchOptions, type SearchResult } from '../search.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { VisitedSet } from '../visited-set.ts';
import { ACKED, MADE_BEFORE, NEEDS_FINAL_READ, type AtFinding, type FromWorker, type FrontierEntry, type InjectedFailure, type McSystemSource, type ToWorker } from './messages.ts';
import { SearchWorkers } from './search-workers.ts';
import { wireStateOf } from './wire-state.ts';

export interface ParallelSearchOptions extends Omit<SearchOptions, 'checkSharing' | 'por' | 'checkIndependence'> {
  /** How each worker builds the system `system` is (messages.ts). */
  source: McSystemSource;
  workers: number;
  /** Tests: a worker fails at a depth (messages.ts). */
  injectedFailure?: InjectedFailure;
  /** Frontier places per round and worker (default ROUND_PLACES_PER_WORKER); tests make rounds small. */
  roundPlacesPerWorker?: number;
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

/** Frontier places per round, per worker: a round's answers are walked once all are in, and a search that stops
 * within a level has computed at most one round past its stop. */
const ROUND_PLACES_PER_WORKER = 1024;

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
  const roundPlaces = (options.roundPlacesPerWorker ?? ROUND_PLACES_PER_WORKER) * pool.size;
  for (let depth = 0; frontier.numbers.length > 0; ) {
    const next: Frontier = { numbers: [], owners: [] };
    const nextIncoming: FrontierEntry[][] = Array.from({ length: pool.size }, () => []);
    const shares = Array.from({ length: pool.size }, () => 0);
    for (let low = 0; low < frontier.numbers.length; low += roundPlaces) {
      const high = Math.min(frontier.numbers.length, low + roundPlaces);
      const expanded = (await Promise.all(Array.from({ length: pool.size }, (_, w) => pool.request(w, { type: 'expand', depth, placesBelow: high, incoming: low === 0 ? incoming[w]! : [] })))) as Expanded[];
      if (expanded.some((answer) => answer.cut)) core.cutByDepth = true;
      const { candidates, generated } = newSuccessors(core, frontier, low, high, expanded, options.search.statesMax);
      const owners = shareOut(candidates, shares);
      const judged = (await Promise.all(Array.from({ length: pool.size }, (_, w) => pool.request(w, judgeMessage(candidates, owners, next.numbers.length, w))))) as Judged[];
      const finalReadFindings = judged.map((answer) => new Map(answer.findings.map((f) => [f.at, f.finding])));
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        core.generated = candidate.generatedAt;
        const number = core.visited.add(candidate.fingerprint, frontier.numbers[candidate.parent]!, candidate.step);
        if (candidate.flags & ACKED) core.ackedStates++;
        core.depthReached = Math.max(core.depthReached, depth + 1);
        const queued = frontier.numbers.length - candidate.parent - 1 + next.numbers.length;
        if (core.visited.size % every === 0) options.onProgress?.(core.progress(depth + 1, queued));
        const verdict = verdictOf(core, candidate, finalReadFindings[candidate.worker]!);
        if (verdict) return core.result('found', depth + 1, queued, { number, verdict } satisfies Pick<Found, 'number' | 'verdict'>);
        if (core.full()) return core.result('state-bound', depth + 1, queued);
        next.numbers.push(number);
        next.owners.push(owners[i]!);
      }
      core.generated = generated;
      for (const answer of judged) for (const entry of answer.given) nextIncoming[next.owners[entry.index]!]!.push(entry);
    }
    frontier = next;
    incoming = nextIncoming;
    if (frontier.numbers.length > 0) depth++;
  }
  return core.result(core.cutByDepth ? 'depth-bound' : 'exhausted', core.depthReached, 0);
}

/**
 * The successors of a round (the frontier's places low … high - 1) new to the search, in the one-thread order, up
 * to the first a step finding judges
 * or the one that fills the state bound (no later one would be found); `generated`: all successors counted.
 */
function newSuccessors(core: SearchCore, frontier: Frontier, low: number, high: number, expanded: readonly Expanded[], statesMax: number): { candidates: Candidate[]; generated: number } {
  const cursors = expanded.map(() => ({ state: 0, at: 0, finding: 0 }));
  const inLevel = new VisitedSet();
  const candidates: Candidate[] = [];
  let generated = core.generated;
  for (let parent = low; parent < high; parent++) {
    const w = frontier.owners[parent]!;
    const answer = expanded[w]!;
    const cursor = cursors[w]!;
    const count = answer.counts[cursor.state++]!;
    for (let step = 0; step < count; step++) {
      const at = cursor.at++;
      generated++;
      const atFinding = answer.findings[cursor.finding];
      const finding = atFinding?.at === at ? (cursor.finding++, atFinding.finding) : undefined;
      if (answer.flags[at]! & MADE_BEFORE) continue;
      const fingerprint = { high: answer.fingerprints[2 * at]!, low: answer.fingerprints[2 * at + 1]! };
      if (core.visited.has(fingerprint) || inLevel.add(fingerprint, 0, 0) < 0) continue;
      candidates.push({ worker: w, at, fingerprint, parent, step, generatedAt: generated, flags: answer.flags[at]!, finding });
      if (finding || core.visited.size + candidates.length >= statesMax) return { candidates, generated };
    }
  }
  return { candidates, generated };
}

/**
 * Who holds each new state of a round in the next level: the worker that made it, unless that worker's share of the
 * next level (`shares`, updated) would exceed the even one by too much; then its excess, taken evenly across the
 * round (so that every range of places stays shared among the workers, for the next level's rounds), goes to the
 * workers under the even share, in turn.
 */
function shareOut(candidates: readonly Candidate[], shares: number[]): number[] {
  const owners = candidates.map((c) => c.worker);
  for (const owner of owners) shares[owner]!++;
  const total = shares.reduce((a, b) => a + b, 0);
  const even = Math.ceil(total / shares.length);
  const slack = Math.max(SHARE_SLACK_STATES, Math.ceil(even * SHARE_SLACK_FRACTION));
  if (shares.every((share) => share <= even + slack)) return owners;
  const room = shares.map((share) => Math.max(0, even - share));
  for (let giver = 0; giver < shares.length; giver++) {
    const excess = Math.min(shares[giver]! - even, candidates.filter((c) => c.worker === giver).length);
    if (excess <= 0) continue;
    const made = owners.flatMap((owner, place) => (owner === giver ? [place] : []));
    for (let k = 0; k < excess; k++) {
      const receiver = room.findIndex((r, w) => r > 0 && w !== giver);
      if (receiver < 0) break;
      const place = made[Math.floor(((k + 0.5) * made.length) / excess)]!;
      owners[place] = receiver;
      room[receiver]!--;
      shares[receiver]!++;
      shares[giver]!--;
    }
  }
  return owners;
}

/** `firstPlace`: the next level's place of the round's first new state. */
function judgeMessage(candidates: readonly Candidate[], owners: readonly number[], firstPlace: number, w: number): ToWorker {
  const keep: number[] = [];
  const places: number[] = [];
  const finalRead: number[] = [];
  const give: number[] = [];
  for (let place = 0; place < candidates.length; place++) {
    const candidate = candidates[place]!;
    if (candidate.worker !== w) continue;
    keep.push(candidate.at);
    places.push(firstPlace + place);
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
