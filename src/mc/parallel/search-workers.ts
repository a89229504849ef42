/**
 * The worker threads of a parallel search, as request and answer: one request at a time per worker. A worker that
 * answers `failed`, throws outside a request, or ends its thread fails its request (and every later one) with a
 * one-line reason, so the main thread never waits on a dead worker; `close` ends them all.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, SearchWorkerData, ToWorker } from './messages.ts';

interface Thread {
  worker: Worker;
  waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void } | undefined;
  death: string | undefined;
}

export class SearchWorkers {
  private closing = false;

  private constructor(private readonly threads: Thread[]) {}

  /** `count` workers, each built its system and ready. */
  static async start(count: number, dataOf: (worker: number) => SearchWorkerData): Promise<SearchWorkers> {
    const pool = new SearchWorkers(Array.from({ length: count }, (_, w) => spawn(dataOf(w))));
    for (const [w, thread] of pool.threads.entries()) pool.listen(w, thread);
    try {
      await Promise.all(pool.threads.map((_, w) => pool.answer(w)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  request(w: number, message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    const answer = this.answer(w);
    if (this.threads[w]!.death === undefined) this.threads[w]!.worker.postMessage(message, transfer);
    return answer;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private answer(w: number): Promise<FromWorker> {
    const thread = this.threads[w]!;
    if (thread.death !== undefined) return Promise.reject(new Error(thread.death));
    return new Promise((resolve, reject) => {
      thread.waiting = { resolve, reject };
    });
  }

  private listen(w: number, thread: Thread): void {
    const die = (reason: string) => {
      if (this.closing || thread.death !== undefined) return;
      thread.death = `model checker: ${reason}`;
      const waiting = thread.waiting;
      thread.waiting = undefined;
      waiting?.reject(new Error(thread.death));
    };
    thread.worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') return die(message.reason);
      const waiting = thread.waiting;
      thread.waiting = undefined;
      waiting?.resolve(message);
    });
    thread.worker.on('error', (error: Error) => die(`worker ${w} threw: ${error.message.split('\n')[0]}`));
    thread.worker.on('exit', (code) => die(`worker ${w} ended its thread (exit code ${code})`));
  }
}

function spawn(workerData: SearchWorkerData): Thread {
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData });
  return { worker, waiting: undefined, death: undefined };
}
