/**
 * A worker of the parallel breadth-first search (parallel-bfs.ts): it builds the system from the source it is
 * given, holds its share of the frontier as whole states, and expands it with the very successor function, step
 * order and judges the one-thread search uses (search.ts): per successor its fingerprint, whether a record is
 * acknowledged there, the step's judged finding, and whether its final read is due. The main thread decides which
 * successors are new; this worker then judges their final reads and keeps them as its next share. Whatever goes
 * wrong is answered as `failed` (the main thread ends the search with an internal error).
 */
import { parentPort, workerData as rawWorkerData } from 'node:worker_threads';
import { judgedBy } from '../../properties/claims/claim.ts';
import { runProgress } from '../../properties/runner/run-progress.ts';
import { simulationEnvironment } from '../../system/simulation.ts';
import { enabledSteps } from '../actions.ts';
import { finalReadFindings, needsFinalRead } from '../final-read-check.ts';
import { fingerprintOf } from '../fingerprint.ts';
import { successor, type McState } from '../mc-state.ts';
import { VisitedSet } from '../visited-set.ts';
import { judgedFinding, STEPS_PER_STATE_MAX, type SearchOptions } from '../search.ts';
import { ACKED, MADE_BEFORE, NEEDS_FINAL_READ, type AtFinding, type BuiltMcSystem, type FromWorker, type SearchWorkerData, type ToWorker } from './messages.ts';
import { stateOfWire, wireStateOf } from './wire-state.ts';
import { builtSystemOf } from './system-source.ts';

const data = rawWorkerData as SearchWorkerData;
const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

interface Held {
  index: number;
  state: McState;
}

class SearchWorker {
  /** The level being expanded: its states held here, in frontier order, and how many are expanded. */
  private depth = -1;
  private current: Held[] = [];
  private expandedCount = 0;
  /** The next level's states kept here so far. */
  private next: Held[] = [];
  private pending: (McState | undefined)[] = [];
  /** Every successor this worker has made, in all levels: one made again comes later in the one-thread order than
   * its first making, so the main thread has it already; it is neither judged nor kept (less to hold and collect). */
  private readonly made = new VisitedSet();
  private readonly judges: SearchOptions['judges'];
  private readonly env;

  constructor(private readonly built: BuiltMcSystem) {
    this.judges = judgedBy(built.claim);
    this.env = simulationEnvironment(built.system.broker, built.system.controller);
  }

  /** Expands the states held of the level at `depth` whose frontier places are below `placesBelow`. */
  expand(message: Extract<ToWorker, { type: 'expand' }>): void {
    const failure = data.injectedFailure;
    if (failure?.worker === data.worker && failure.depth === message.depth) this.fail(failure.how);
    if (message.depth !== this.depth) {
      this.depth = message.depth;
      this.current = this.next;
      this.next = [];
      this.expandedCount = 0;
    }
    if (message.incoming.length > 0) {
      for (const entry of message.incoming) this.current.push({ index: entry.index, state: stateOfWire(entry.state, this.built.system.settings, this.env) });
      this.current.sort((a, b) => a.index - b.index);
    }
    let end = this.expandedCount;
    while (end < this.current.length && this.current[end]!.index < message.placesBelow) end++;
    const counts = new Uint16Array(end - this.expandedCount);
    const lanes: number[] = [];
    const flags: number[] = [];
    const findings: AtFinding[] = [];
    let cut = false;
    this.pending = [];
    for (let h = this.expandedCount; h < end; h++) {
      const state = this.current[h]!.state;
      this.current[h] = undefined as unknown as Held; // let the expanded state go
      const steps = enabledSteps(state, data.model);
      if (steps.length > STEPS_PER_STATE_MAX) throw new Error(`${steps.length} steps enabled in one state: more than the checker indexes (${STEPS_PER_STATE_MAX})`);
      if (message.depth >= data.depthMax) {
        if (steps.length > 0) cut = true;
        continue;
      }
      counts[h - this.expandedCount] = steps.length;
      for (const step of steps) {
        const child = successor(state, step);
        const fingerprint = fingerprintOf(child.state);
        lanes.push(fingerprint.high, fingerprint.low);
        if (this.made.add(fingerprint, 0, 0) < 0) {
          flags.push(MADE_BEFORE);
          this.pending.push(undefined);
          continue;
        }
        const inStep = judgedFinding(child.findings, this.judges, child.state);
        if (inStep) findings.push({ at: this.pending.length, finding: inStep });
        const acked = runProgress(child.state.run.recorder.ops).acked;
        const finalReadDue = !inStep && needsFinalRead(child.state, data.model, data.finalRead);
        flags.push((acked ? ACKED : 0) | (finalReadDue ? NEEDS_FINAL_READ : 0));
        this.pending.push(child.state);
      }
    }
    this.expandedCount = end;
    const fingerprints = Uint32Array.from(lanes);
    const flagBytes = Uint8Array.from(flags);
    post({ type: 'expanded', counts, fingerprints, flags: flagBytes, findings, cut }, [counts.buffer, fingerprints.buffer, flagBytes.buffer]);
  }

  judge(message: Extract<ToWorker, { type: 'judge' }>): void {
    const findings: AtFinding[] = [];
    for (const at of message.finalRead) {
      const state = this.pending[at]!;
      const atEnd = judgedFinding(finalReadFindings(state), this.judges, state);
      if (atEnd) findings.push({ at, finding: atEnd });
    }
    const given = new Set(message.give);
    const handed = [];
    for (let k = 0; k < message.keep.length; k++) {
      const at = message.keep[k]!;
      const entry = { index: message.places[k]!, state: this.pending[at]! };
      if (given.has(at)) handed.push({ index: entry.index, state: wireStateOf(entry.state) });
      else this.next.push(entry);
    }
    this.pending = [];
    post({ type: 'judged', findings, given: handed });
  }

  private fail(how: 'throw' | 'exit'): void {
    if (how === 'exit') process.exit(7);
    throw new Error(`injected failure of worker ${data.worker} at depth ${data.injectedFailure?.depth}`);
  }
}

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function start(): Promise<void> {
  let worker: SearchWorker;
  try {
    worker = new SearchWorker(await builtSystemOf(data.source));
  } catch (error) {
    post({ type: 'failed', reason: `worker ${data.worker} could not build the system: ${failureText(error)}` });
    return;
  }
  port.on('message', (message: ToWorker) => {
    try {
      switch (message.type) {
        case 'expand':
          return worker.expand(message);
        case 'judge':
          return worker.judge(message);
        default: {
          const never: never = message;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    } catch (error) {
      post({ type: 'failed', reason: `worker ${data.worker}: ${failureText(error)}` });
    }
  });
  post({ type: 'ready' });
}

void start();
