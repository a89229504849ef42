/**
 * Fuzzing the trace reader and the replay: 500 mutations of the example traces (fast-check, seed in the
 * title), each read, replayed and explained. Every outcome is either a KcheckInputError with a one-line reason
 * or a replay that runs through — never a crash, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainMarkdown } from '../../src/explain/explain-markdown.ts';
import { explainReplay } from '../../src/explain/explained-run.ts';
import { explainHtml } from '../../src/explain/html/viewer-page.ts';
import { replayReport } from '../../src/explain/replay-story.ts';
import { isKcheckInputError } from '../../src/input-error.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { exampleTraceFiles } from './trace-kit.ts';

const FUZZ_SEED = 20_240_4;
const FUZZ_RUNS = 500;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const BASES: string[] = exampleTraceFiles().map((file) => readFileSync(file, 'utf8'));

/** Every place in a JSON value, the root included. */
function pathsOf(value: Json, path: Path = []): Path[] {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...path, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...path, k]));
  return paths;
}

const NODE_NAMES = ['b0', 'b1', 'b2', 'b3', 'b5', 'controller', 'producer0', 'producer3', 'consumer0', 'consumer1', 'consumer2', 'nobody', ''];
const ODD_VALUES: Json[] = [null, true, -1, 0, 1, 2, 3, 0.5, 1e9, 3_600_001, 'x', '', 'all', 'crash', 'lost-write', '<img src=x onerror=alert(1)>', [], {}, ['b0'], { type: 'heal' }];

type Mutation =
  | { kind: 'delete' | 'addField' | 'duplicate' | 'nudge' | 'swapNode'; base: number; target: number; pick: number }
  | { kind: 'replace'; base: number; target: number; value: Json }
  | { kind: 'truncate'; base: number; cut: number }
  | { kind: 'schedule'; base: number; at: number; step: Json };

/** Kernel steps that are valid in every example's cluster, so a schedule edit reaches the replay. */
const broker = fc.constantFrom('b0', 'b1', 'b2');
const anyNode = fc.constantFrom('b0', 'b1', 'b2', 'controller', 'producer0', 'consumer0', 'consumer1');
const validStep: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ type: fc.constant('send'), producer: fc.constant('producer0'), key: fc.constantFrom(null, 'k'), value: fc.constantFrom('r1', 'r2', 'r9', 'x y') }),
  fc.record({ type: fc.constant('poll'), consumer: fc.constantFrom('consumer0', 'consumer1') }),
  fc.record({ type: fc.constantFrom('deliver', 'drop'), from: anyNode, to: anyNode }),
  fc.record({ type: fc.constantFrom('tick', 'run'), ms: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(3_600_000)) }),
  fc.record({ type: fc.constantFrom('crash', 'powerLoss', 'restart', 'pause', 'resume'), node: fc.oneof(broker, fc.constantFrom('producer0', 'consumer0')) }),
  fc.record({ type: fc.constant('partition'), nodes: fc.uniqueArray(anyNode, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constantFrom('heal', 'deliverAll') }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'addField' as const, 'duplicate' as const, 'nudge' as const, 'swapNode' as const), base: fc.nat(), target: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), base: fc.nat(), target: fc.nat(), value: fc.oneof(fc.constantFrom(...ODD_VALUES), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>) }),
  fc.record({ kind: fc.constant('truncate' as const), base: fc.nat(), cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('schedule' as const), base: fc.nat(), at: fc.nat(), step: validStep }),
);

function parentOf(root: Json, path: Path): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let parent: Json = root;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step]!;
  return { parent, key: path.at(-1)! };
}

function mutate(m: Mutation): string {
  const base = BASES[m.base % BASES.length]!;
  if (m.kind === 'truncate') return base.slice(0, Math.floor(base.length * m.cut));
  const root = JSON.parse(base) as Json;
  if (m.kind === 'schedule') {
    const schedule = (root as { schedule: Json[] }).schedule;
    schedule.splice(m.at % (schedule.length + 1), 0, m.step);
    return JSON.stringify(root, null, 2);
  }
  const paths = pathsOf(root);
  const path = paths[m.target % paths.length]!;
  const at = parentOf(root, path);
  if (!at) return JSON.stringify(m.kind === 'replace' ? m.value : null);
  const { parent, key } = at;
  const container = parent as Record<string | number, Json>;
  const current = container[key]!;
  switch (m.kind) {
    case 'replace':
      container[key] = m.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete container[key];
      break;
    case 'addField':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) current[`extra${m.pick % 3}`] = m.pick;
      else container[key] = [current];
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(current));
      else container[key] = [current, current];
      break;
    case 'nudge':
      container[key] = typeof current === 'number' ? current + ((m.pick % 7) - 3) * (m.pick % 2 === 0 ? 1 : 1000) : m.pick % 100;
      break;
    case 'swapNode':
      container[key] = NODE_NAMES[m.pick % NODE_NAMES.length]!;
      break;
  }
  return JSON.stringify(root, null, 2);
}

describe(`fuzz: ${FUZZ_RUNS} mutated traces (seed ${FUZZ_SEED})`, () => {
  it('are refused with one line, or replayed and explained; nothing crashes', () => {
    let replayed = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        const text = mutate(m);
        try {
          const trace = parseTrace(text, 'fuzz.json');
          const replay = replayTrace(trace);
          const view = explainReplay(replay, 'fuzz.json');
          replayReport(replay, view, 'fuzz.json');
          explainMarkdown(view);
          explainHtml(view);
          replayed++;
        } catch (error) {
          if (!isKcheckInputError(error)) throw error;
          if (/\n|\bat \S+ \(/.test(error.message)) throw new Error(`not one line: ${error.message}`);
          refused++;
        }
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
    expect(replayed + refused).toBe(FUZZ_RUNS);
    // Both paths are exercised: the fuzzing reaches the replay, not only the reader.
    expect(replayed).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(100);
  });
});
