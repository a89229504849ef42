/**
 * The bug-zoo benchmark: every zoo entry hunted with each seed under the zoo's budget, and the reference as the
 * control. Per entry: on how many seeds a claim caught it, which claim, whether it was the expected one, the wall
 * time to the first violating schedule (the claims tried before it included; shrinking not), and the length of
 * the shrunk story. Only this measurement reads wall time.
 */
import { performance } from 'node:perf_hooks';
import type { ClaimResult } from '../properties/check-claim.ts';
import { storyLines } from '../properties/runner/story.ts';
import { hunt, ZOO_BUDGET, type ZooBudget } from '../zoo/hunt.ts';
import { REFERENCE_ENTRY, ZOO, type ZooEntry } from '../zoo/registry.ts';

/** What the zoo is expected to show (the targets). */
export const ZOO_TARGETS = {
  /** Median over the entries of each entry's median time to detect. */
  medianDetectMs: 1_000,
  /** Every entry's median time to detect. */
  entryDetectMsMax: 10_000,
} as const;

export interface SeedFigures {
  seed: number;
  caughtBy?: string;
  /** Wall time from the start of the hunt to the first violating schedule; undefined when nothing caught it. */
  msToDetect?: number;
  /** Wall time of the whole hunt, shrinking and the claims that held included. */
  totalMs: number;
  runs: number;
  shrunkSteps?: number;
  /** Claims whose violation the reference shows on the same schedule (not counted as catches). */
  sharedWithReference?: string[];
}

/** What the registry says of an entry, as the report shows it (a known miss does not fail the zoo). */
type EntryDescription = Pick<ZooEntry, 'id' | 'name' | 'file' | 'part' | 'wrong' | 'reference' | 'expectedProperty' | 'knownMiss'>;

/** The entry's description, then what the hunts measured. */
export interface ZooFigures extends EntryDescription {
  seeds: SeedFigures[];
  /** Seeds on which a claim caught the entry. */
  caught: number;
  /** Caught on every seed. */
  detected: boolean;
  /** The claim that caught it on the most seeds (the first seed's on a tie). */
  caughtBy?: string;
  /** Seeds on which the expected property caught it. */
  expectedCaught: number;
  /** Median over the seeds; a seed that caught nothing counts as beyond every figure (null when most did). */
  medianMsToDetect: number | null;
  maxMsToDetect: number | null;
  medianRuns: number;
  medianShrunkSteps: number | null;
  /** The first catching seed's counterexample, for the report and the example trace. */
  example?: { seed: number; claim: string; anomaly: string; message: string; story: string[]; fcSeed: number; path: string; trace?: string };
}

export interface ZooBenchResult {
  seeds: number[];
  budget: ZooBudget;
  entries: ZooFigures[];
  control: ZooFigures;
  summary: { entries: number; detected: number; knownMisses: number; expectedCaught: number; falseAlarms: number; medianDetectMs: number | null; slowestDetectMs: number | null };
  targets: {
    medianDetectMs: { target: number; actual: number | null; met: boolean };
    /** `actual` is the slowest median among the variants detected on most seeds; `undetected` lists the others but
     * the known misses, which `knownMisses` lists: each is explained and searched by the model checker in the report
     * (issue 15: a known miss may instead be shown harmless within stated bounds), so it does not fail the target. */
    entryDetectMs: { target: number; actual: number | null; undetected: string[]; knownMisses: string[]; met: boolean };
  };
}

export interface ZooBenchOptions {
  seeds: readonly number[];
  budget?: ZooBudget;
  entries?: readonly ZooEntry[];
  onProgress?: (text: string) => void;
  /** Saves the example counterexample of an entry and returns its path. */
  saveExample?: (entry: ZooEntry, result: ClaimResult) => string | undefined;
  /** Runs one hunt (in a worker thread, for `--workers`); in-process by default. All hunts are started at once
   * and taken in order, so the report is the same whoever ran them. */
  huntOne?: (entry: ZooEntry, seed: number, budget: ZooBudget) => Promise<TimedHunt>;
}

/** One hunt's figures, and the claim result that caught the entry, if one did. */
export interface TimedHunt {
  figures: SeedFigures;
  catch?: ClaimResult;
}

/** The median, with `undefined` standing for a value beyond every other; null when that is where the median falls. */
function median(values: ReadonlyArray<number | undefined>): number | null {
  if (values.length === 0) return null;
  const sorted = values.map((v) => v ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
}

export function huntTimed(entry: ZooEntry, seed: number, budget: ZooBudget, onProgress?: (text: string) => void): TimedHunt {
  const startMs = performance.now();
  let detectMs: number | undefined;
  const result = hunt(entry, {
    seed,
    budget,
    onClaim: (claim) => {
      detectMs = undefined; // only the catching claim's first failure counts: it is the last claim checked
      onProgress?.(`${entry.id} seed ${seed}: ${claim.name}`);
    },
    onFirstFailure: () => (detectMs ??= performance.now() - startMs),
  });
  const totalMs = performance.now() - startMs;
  const counterexample = result.catch?.counterexample;
  const shared = result.tried.filter((t) => t.referenceFails).map((t) => t.claim);
  return {
    ...(result.catch ? { catch: result.catch } : {}),
    figures: {
      seed,
      ...(result.catch ? { caughtBy: result.catch.claim.name, msToDetect: Math.round((detectMs ?? totalMs) * 10) / 10 } : {}),
      totalMs: Math.round(totalMs),
      runs: result.runs,
      ...(counterexample ? { shrunkSteps: storyLines(counterexample.run.executed).length } : {}),
      ...(shared.length > 0 ? { sharedWithReference: shared } : {}),
    },
  };
}

function mostCommon(names: ReadonlyArray<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const name of names) if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  let best: string | undefined;
  for (const [name, count] of counts) if (best === undefined || count > counts.get(best)!) best = name;
  return best;
}

function described(entry: ZooEntry): EntryDescription {
  const { id, name, file, part, wrong, reference, expectedProperty, knownMiss } = entry;
  return { id, name, file, part, wrong, reference, expectedProperty, ...(knownMiss ? { knownMiss } : {}) };
}

async function benchEntry(entry: ZooEntry, hunts: ReadonlyArray<Promise<TimedHunt>>, options: ZooBenchOptions): Promise<ZooFigures> {
  const seeds: SeedFigures[] = [];
  let example: ZooFigures['example'];
  for (const [i, seed] of options.seeds.entries()) {
    const { catch: caught, figures } = await hunts[i]!;
    seeds.push(figures);
    const ce = caught?.counterexample;
    if (!example && caught && ce) {
      const trace = options.saveExample?.(entry, caught);
      example = {
        seed,
        claim: caught.claim.name,
        anomaly: ce.finding.kind,
        message: ce.finding.message,
        story: storyLines(ce.run.executed),
        fcSeed: ce.seed,
        path: ce.path,
        ...(trace ? { trace } : {}),
      };
    }
  }
  const caught = seeds.filter((s) => s.caughtBy !== undefined);
  const detectTimes = seeds.map((s) => s.msToDetect);
  const caughtTimes = caught.map((s) => s.msToDetect!);
  const caughtBy = mostCommon(seeds.map((s) => s.caughtBy));
  return {
    ...described(entry),
    seeds,
    caught: caught.length,
    detected: caught.length === seeds.length && seeds.length > 0,
    ...(caughtBy ? { caughtBy } : {}),
    expectedCaught: seeds.filter((s) => s.caughtBy === entry.expectedProperty).length,
    medianMsToDetect: median(detectTimes),
    maxMsToDetect: caught.length === seeds.length && caughtTimes.length > 0 ? Math.max(...caughtTimes) : null,
    medianRuns: median(seeds.map((s) => s.runs)) ?? 0,
    medianShrunkSteps: median(caught.map((s) => s.shrunkSteps)),
    ...(example ? { example } : {}),
  };
}

export async function runZooBench(options: ZooBenchOptions): Promise<ZooBenchResult> {
  const budget = options.budget ?? ZOO_BUDGET;
  const hunted = [...(options.entries ?? ZOO), REFERENCE_ENTRY];
  const huntOne = options.huntOne ?? (async (entry: ZooEntry, seed: number) => huntTimed(entry, seed, budget, options.onProgress));
  // In-process, each hunt runs when its turn comes; in worker threads, all are started and taken in order.
  const hunts = hunted.map((entry) => options.seeds.map((seed) => (options.huntOne ? huntOne(entry, seed, budget) : undefined)));
  const figures: ZooFigures[] = [];
  for (const [i, entry] of hunted.entries()) {
    const started = hunts[i]!.map((hunt, j) => hunt ?? huntOne(entry, options.seeds[j]!, budget));
    figures.push(await benchEntry(entry, started, options));
  }
  const control = figures.pop()!;
  const entries = figures;
  // Every variant counts, the known misses too: one that was not detected counts as slower than any.
  const medians = entries.map((e) => e.medianMsToDetect ?? undefined);
  const medianDetectMs = median(medians);
  const finite = medians.filter((m): m is number => m !== undefined);
  const slowestDetectMs = finite.length > 0 ? Math.max(...finite) : null;
  const notDetected = entries.filter((e) => e.medianMsToDetect === null);
  const undetected = notDetected.filter((e) => !e.knownMiss).map((e) => e.id);
  const knownMisses = notDetected.filter((e) => e.knownMiss).map((e) => e.id);
  return {
    seeds: [...options.seeds],
    budget,
    entries,
    control,
    summary: {
      entries: entries.length,
      detected: entries.filter((e) => e.detected).length,
      knownMisses: entries.filter((e) => e.knownMiss && !e.detected).length,
      expectedCaught: entries.filter((e) => e.expectedCaught === e.seeds.length).length,
      falseAlarms: control.caught,
      medianDetectMs,
      slowestDetectMs,
    },
    targets: {
      medianDetectMs: { target: ZOO_TARGETS.medianDetectMs, actual: medianDetectMs, met: medianDetectMs !== null && medianDetectMs < ZOO_TARGETS.medianDetectMs },
      entryDetectMs: { target: ZOO_TARGETS.entryDetectMsMax, actual: slowestDetectMs, undetected, knownMisses, met: undetected.length === 0 && slowestDetectMs !== null && slowestDetectMs < ZOO_TARGETS.entryDetectMsMax },
    },
  };
}

/** Every entry caught on every seed (a known miss excepted), and the reference on none. */
export function zooPassed(result: ZooBenchResult): boolean {
  return result.entries.every((e) => e.detected || e.knownMiss !== undefined) && result.control.caught === 0;
}
