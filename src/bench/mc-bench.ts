/**
 * The model checker's benchmark: distinct states per second on one core and bytes per visited state, on the
 * 3-broker configuration of issue 11 (C5: RF 3, minISR 2, acks=all, 2 sends, 1 crash), breadth-first and
 * depth-first side by side, each stopped at a state bound so it takes seconds; where the time of one successor goes
 * (copy, step, fingerprint), measured on the states of a small space; and, for every `sometimes` claim, the
 * shortest witness the checker finds within small bounds beside fast-check's shrunk story for the same claim. Each
 * strategy runs with and without `--por`: the same states, fewer successors generated. Breadth-first also runs on
 * worker threads (`--workers`, src/mc/parallel/): one worker and one per core, side by side, on the same
 * configuration and bound, with the one-thread counts checked.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { modelCheckParallel } from '../mc/parallel/model-check-parallel.ts';
import { mcSystemSource } from '../zoo/mc-system.ts';
import { CLAIMS, claimNamed } from '../properties/claims/catalogue.ts';
import type { WitnessFigures } from './claims-bench.ts';
import { boundsText } from '../mc/result-text.ts';
import type { SearchStrategy } from '../mc/search.ts';
import { modelCheck, type ModelCheckResult } from '../mc/model-check.ts';
import { enabledSteps } from '../mc/actions.ts';
import { fingerprintOf } from '../mc/fingerprint.ts';
import { copyState, initialState, successor, type McState } from '../mc/mc-state.ts';
import { VisitedSet } from '../mc/visited-set.ts';
import { executeStep } from '../properties/runner/execute-step.ts';

export interface StrategyFigures {
  strategy: SearchStrategy;
  /** With `--por` (sleep sets over independent deliveries). */
  por: boolean;
  distinct: number;
  generated: number;
  depthReached: number;
  seconds: number;
  distinctPerSecond: number;
  /** CPU time of this process over the search: on a machine shared with other jobs, the figure wall time is not. */
  cpuSeconds: number;
  distinctPerCpuSecond: number;
  /** The visited set's (and with `--por` the sleep sets') bytes per state; the frontier's states are not in it. */
  bytesPerState: number;
  /** Resident memory when the search ended (the breadth-first frontier is whole states). */
  rssMb: number;
}

/** A sometimes claim: the checker's shortest witness within `bounds`, or none found there. */
export interface ShortestWitness {
  claim: string;
  name: string;
  bounds: string;
  /** Steps after the boot; undefined when not witnessed within the bounds. */
  shortestSteps: number | undefined;
  end: string;
  distinct: number;
}

/** Breadth-first on `workers` threads (`--workers`): wall time from the call to the result, the threads' start-up
 * (each loads kcheck and builds the system) included and also measured alone. */
export interface WorkersFigures {
  workers: number;
  distinct: number;
  seconds: number;
  distinctPerSecond: number;
  /** A search stopped at one state: the threads' start-up and a first level. */
  startSeconds: number;
  /** Distinct states over the time past the start-up. */
  distinctPerSecondSearching: number;
  /** The counts, end and depth of the one-thread search. */
  sameAsOneThread: boolean;
}

/** The breadth-first figures at the top level (as the bench's JSON has had them), both strategies in `strategies`. */
export interface McBenchResult extends Omit<StrategyFigures, 'strategy' | 'por' | 'rssMb' | 'cpuSeconds' | 'distinctPerCpuSecond'> {
  statesMax: number;
  strategies: StrategyFigures[];
  /** The worker rows' state bound (larger than `statesMax`), and the one-core search's rate at it. */
  workersStatesMax: number;
  oneCoreAtWorkersBound: number;
  /** One worker thread, then one per core (`availableParallelism`), at `workersStatesMax`. */
  workers: WorkersFigures[];
  /** The same pure-CPU loop on one thread per core over on one thread, wall time: 1 when every core is free, the
   * number of threads when the machine gives this run one core's worth (shared). */
  cpuScaling: number;
  witnesses: ShortestWitness[];
  /** Microseconds per successor, by part: what is left to cut. */
  copyUs: number;
  stepUs: number;
  fingerprintUs: number;
  /** The visited set's insert (a fingerprint looked up, and added when new). */
  insertUs: number;
  /** Microseconds per expanded state: its enabled steps. */
  enabledUs: number;
}

const MODEL = { sends: 2, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 };

function sampleStates(count: number): McState[] {
  const claim = claimNamed('acks-all-durable')!;
  const states: McState[] = [initialState({ settings: claim.settings }).state];
  for (let i = 0; states.length < count && i < states.length; i++) {
    for (const step of enabledSteps(states[i]!, MODEL)) if (states.length < count) states.push(successor(states[i]!, step).state);
  }
  return states;
}

function profile(): Pick<McBenchResult, 'copyUs' | 'stepUs' | 'fingerprintUs' | 'insertUs' | 'enabledUs'> {
  const states = sampleStates(400);
  const visited = new VisitedSet();
  let copyMs = 0;
  let stepMs = 0;
  let fingerprintMs = 0;
  let insertMs = 0;
  let enabledMs = 0;
  let successors = 0;
  for (const state of states) {
    const t = performance.now();
    const steps = enabledSteps(state, MODEL);
    enabledMs += performance.now() - t;
    for (const step of steps) {
      const t0 = performance.now();
      const copy = copyState(state);
      const t1 = performance.now();
      executeStep(copy.run, step, 'faults');
      const t2 = performance.now();
      const fingerprint = fingerprintOf(copy);
      const t3 = performance.now();
      visited.add(fingerprint, 0, 0);
      const t4 = performance.now();
      copyMs += t1 - t0;
      stepMs += t2 - t1;
      fingerprintMs += t3 - t2;
      insertMs += t4 - t3;
      successors++;
    }
  }
  const us = (ms: number, per: number) => Math.round((ms * 10_000) / Math.max(1, per)) / 10;
  return { copyUs: us(copyMs, successors), stepUs: us(stepMs, successors), fingerprintUs: us(fingerprintMs, successors), insertUs: us(insertMs, successors), enabledUs: us(enabledMs, states.length) };
}

function runStrategy(strategy: SearchStrategy, por: boolean, statesMax: number): StrategyFigures {
  const claim = claimNamed('acks-all-durable')!;
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  const result = modelCheck({ claim, model: MODEL, search: { depthMax: 60, statesMax }, strategy, por });
  const cpu = process.cpuUsage(startCpu);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = (performance.now() - startMs) / 1_000;
  const s = result.search;
  const rssMb = Math.round(process.memoryUsage().rss / 1_048_576);
  return { strategy, por, distinct: s.distinct, generated: s.generated, depthReached: s.depthReached, seconds, distinctPerSecond: Math.round(s.distinct / seconds), cpuSeconds, distinctPerCpuSecond: Math.round(s.distinct / cpuSeconds), bytesPerState: Math.round(s.bytesPerState * 10) / 10, rssMb };
}

const WORKERS_TRIES = 2;
const WORKERS_STATES_FACTOR = 10;

const LOOP_SOURCE = "let x = 0; for (let i = 0; i < 1.5e8; i++) x = (x + i * 7) % 1000003; require('node:worker_threads').parentPort.postMessage(x);";

/** Wall time of the loop on `threads` threads at once. */
async function loopMs(threads: number): Promise<number> {
  const startAt = performance.now();
  await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => new Worker(LOOP_SOURCE, { eval: true }).once('message', resolve).once('error', reject))));
  return performance.now() - startAt;
}

async function cpuScaling(threads: number): Promise<number> {
  const one = await loopMs(1);
  const many = await loopMs(threads);
  return Math.round((many / one) * 100) / 100;
}

async function runWorkers(workers: number, statesMax: number, oneThread: StrategyFigures): Promise<WorkersFigures> {
  const source = mcSystemSource({ property: 'acks-all-durable' });
  const startAt = performance.now();
  await modelCheckParallel({ source, workers, model: MODEL, search: { depthMax: 60, statesMax: 1 } });
  const startSeconds = (performance.now() - startAt) / 1_000;
  const searchAt = performance.now();
  const result = await modelCheckParallel({ source, workers, model: MODEL, search: { depthMax: 60, statesMax } });
  const seconds = (performance.now() - searchAt) / 1_000;
  const s = result.search;
  const sameAsOneThread = s.distinct === oneThread.distinct && s.generated === oneThread.generated && s.depthReached === oneThread.depthReached;
  const searching = Math.max(seconds - startSeconds, 1e-3);
  return { workers, distinct: s.distinct, seconds, distinctPerSecond: Math.round(s.distinct / seconds), startSeconds, distinctPerSecondSearching: Math.round(s.distinct / searching), sameAsOneThread };
}

/** Small enough to search in seconds; the boot is the first 1000 ms, so 1100 ms leaves 100 ms of faults. One send
 * first (a lost write needs no more), then two (a reordering does). */
const WITNESS_MODEL = { polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 };
const WITNESS_SENDS = [1, 2];
const WITNESS_STATES_MAX = 5_000;

function shortestWitnesses(): ShortestWitness[] {
  return CLAIMS.filter((claim) => claim.expectation === 'sometimes').map((claim) => {
    let result!: ModelCheckResult;
    for (const sends of WITNESS_SENDS) {
      result = modelCheck({ claim, model: { ...WITNESS_MODEL, sends }, search: { depthMax: 60, statesMax: WITNESS_STATES_MAX } });
      if (result.verdict === 'witnessed') break;
    }
    return {
      claim: claim.id,
      name: claim.name,
      bounds: boundsText(result),
      shortestSteps: result.verdict === 'witnessed' ? result.path!.length : undefined,
      end: result.search.end,
      distinct: result.search.distinct,
    };
  });
}

export async function runMcBench(statesMax = 20_000): Promise<McBenchResult> {
  const strategies = [false, true].flatMap((por) => (['bfs', 'dfs'] as const).map((strategy) => runStrategy(strategy, por, statesMax)));
  const bfs = strategies[0]!;
  // Threads pay a start-up and a barrier per round: a search ten times larger shows what they gain once that is paid.
  const workersStatesMax = statesMax * WORKERS_STATES_FACTOR;
  const oneCoreLarge = runStrategy('bfs', false, workersStatesMax);
  // Alternating, best of WORKERS_TRIES each: on a shared machine the load moves between runs.
  const counts = [...new Set([1, availableParallelism()])];
  const best = new Map<number, WorkersFigures>();
  for (let trial = 0; trial < WORKERS_TRIES; trial++) {
    for (const count of counts) {
      const figures = await runWorkers(count, workersStatesMax, oneCoreLarge);
      if (!best.has(count) || figures.seconds < best.get(count)!.seconds) best.set(count, figures);
    }
  }
  const workers = counts.map((count) => best.get(count)!);
  const scaling = await cpuScaling(availableParallelism());
  const { strategy: _strategy, por: _por, rssMb: _rssMb, cpuSeconds: _cpuSeconds, distinctPerCpuSecond: _perCpu, ...breadthFirst } = bfs;
  return { statesMax, strategies, workersStatesMax, oneCoreAtWorkersBound: oneCoreLarge.distinctPerSecond, workers, cpuScaling: scaling, witnesses: shortestWitnesses(), ...breadthFirst, ...profile() };
}

const STRATEGY_NAMES: Record<SearchStrategy, string> = { bfs: 'breadth-first', dfs: 'depth-first' };

/** `shrunk`: fast-check's median shrunk story length per sometimes claim, from the claims section. */
export function formatMcBenchMarkdown(r: McBenchResult, shrunk: readonly WitnessFigures[] = []): string {
  const shrunkOf = (name: string) => shrunk.find((w) => w.name === name);
  return [
    '## Model checker (kcheck mc)',
    '',
    `C5 (3 brokers, RF 3, minISR 2, acks=all), 2 sends, 1 crash, virtual time ≤ ${MODEL.timeMaxMs} ms, each search stopped at ${r.statesMax} distinct states; both strategies, without and with \`--por\`, side by side in one run (\`--por\` finds the same states and computes fewer successors; its sleep sets add 9 bytes per state). Breadth-first also on worker threads (\`--workers\`), stopped at ${r.workersStatesMax} states (the threads' start-up and their barrier per round are paid once a search is large): on one core, then on one thread and one per core (${r.workers.map((w) => w.workers).join(' and ')}), alternating, the best of ${WORKERS_TRIES} runs of each, with the counts checked against the one-core search; wall time from the call to the result, the threads' start-up included and also measured alone (a search stopped at one state). The machine may be shared: compare the rows of one run.`,
    '',
    '| strategy | reduction | distinct states/s, one core (wall) | per CPU second | generated | depth | visited-set bytes per state | resident memory at the end |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.strategies.map((f) => `| ${STRATEGY_NAMES[f.strategy]} | ${f.por ? '--por (sleep sets)' : 'none'} | ${f.distinctPerSecond} | ${f.distinctPerCpuSecond} | ${f.generated} | ${f.depthReached} | ${f.bytesPerState} | ${f.rssMb} MB |`),
    '',
    '| figure | measured | target (issue 11) |',
    '| --- | --- | --- |',
    `| distinct states/s, one core (breadth-first) | ${r.distinctPerSecond} | ≥ 100,000 |`,
    `| distinct states/s, one core (breadth-first, ${r.workersStatesMax} states) | ${r.oneCoreAtWorkersBound} | |`,
    ...r.workers.map((w) => `| distinct states/s, ${w.workers === 1 ? 'one worker thread' : `all workers (${w.workers} threads)`} (breadth-first, \`--workers ${w.workers}\`, ${r.workersStatesMax} states) | ${w.distinctPerSecond} (${w.seconds.toFixed(1)} s, of which ${w.startSeconds.toFixed(1)} s thread start-up; ${w.distinctPerSecondSearching} past it)${w.sameAsOneThread ? '' : ' — COUNTS DIFFER from one thread'} | |`),
    `| the same pure-CPU loop on ${r.workers.at(-1)!.workers} threads over on 1 (1 = every core free) | ${r.cpuScaling} | |`,
    `| bytes per visited state | ${r.bytesPerState} (the visited set: 13 bytes per state in columns and a 4-byte slot per 0.375–0.75 states; the breadth-first frontier of whole states, in the resident memory above, is what dominates) | ≤ 16 |`,
    `| per successor: copy / step (broker logic and invariants) / fingerprint / visited-set insert | ${r.copyUs} / ${r.stepUs} / ${r.fingerprintUs} / ${r.insertUs} µs; enabled steps ${r.enabledUs} µs per state | ~10 µs in all |`,
    '',
    'The last row is what is left to cut, per part (the states of a small space, measured cold); docs/model-checking.md has the CPU profile inside the step and the fingerprint, and `scripts/mc-before-after/run.ts` measures an older tree beside this one.',
    '',
    `Shortest witnesses of the \`sometimes\` claims (breadth-first, ${WITNESS_SENDS.join(' then ')} sends, ${WITNESS_MODEL.faults} fault of the claim's kinds, virtual time ≤ ${WITNESS_MODEL.timeMaxMs} ms, up to ${WITNESS_STATES_MAX} states per search) beside the steps of fast-check's shrunk story for the same claim (median over the claims section's seeds). Not found within these bounds: a claim whose witness needs more time (a follower's fetch at 1500 ms, a request timeout), faults the checker's alphabet lacks (an outage of every broker, partitions) or more states.`,
    '',
    '| claim | kcheck mc: shortest witness | fast-check: shrunk story (median) |',
    '| --- | --- | ---: |',
    ...r.witnesses.map((w) => {
      const mc = w.shortestSteps !== undefined ? `${w.shortestSteps} steps` : `none within the bounds (${w.end}, ${w.distinct} states)`;
      const fc = shrunkOf(w.name);
      return `| ${w.claim} ${w.name} | ${mc} | ${fc && fc.witnessed > 0 ? `${fc.medianShrunkSteps} steps` : '—'} |`;
    }),
    '',
  ].join('\n');
}
