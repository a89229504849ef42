/**
 * The verification benchmark: for each `sometimes` claim, over 20 seeds, the wall time to the first witness
 * (before shrinking), the whole check's time, and the shrunk story's length; for each `always` claim, how many
 * schedules per second the lockstep runner checks. Only the measurement reads wall time.
 */
import { performance } from 'node:perf_hooks';
import { checkClaim } from '../properties/check-claim.ts';
import { CLAIMS } from '../properties/claims/catalogue.ts';
import { storyLines } from '../properties/runner/story.ts';

export const CLAIMS_BENCH_TARGETS = {
  /** acks=1 loss (C4): median wall time to the first witness. */
  acks1WitnessMedianMs: 100,
  /** acks=1 loss (C4): median length of the shrunk story. */
  acks1ShrunkStepsMax: 8,
} as const;

export interface WitnessFigures {
  claim: string;
  name: string;
  seeds: number;
  witnessed: number;
  medianRunsToWitness: number;
  medianMsToWitness: number;
  medianTotalMs: number;
  medianShrunkSteps: number;
  maxShrunkSteps: number;
}

export interface ThroughputFigures {
  claim: string;
  name: string;
  runs: number;
  wallMs: number;
  schedulesPerSecond: number;
  outcome: string;
}

export interface ClaimsBenchResult {
  seeds: number;
  alwaysRuns: number;
  witnesses: WitnessFigures[];
  throughput: ThroughputFigures[];
  targets: { acks1WitnessMedianMs: { target: number; actual: number; met: boolean }; acks1ShrunkSteps: { target: number; actual: number; met: boolean } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function runClaimsBench(options: { seeds: number; alwaysRuns: number; onProgress?: (text: string) => void }): ClaimsBenchResult {
  const witnesses: WitnessFigures[] = [];
  for (const claim of CLAIMS.filter((c) => c.expectation === 'sometimes')) {
    const runs: number[] = [];
    const toWitness: number[] = [];
    const totals: number[] = [];
    const shrunk: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      options.onProgress?.(`${claim.id} seed ${seed}/${options.seeds}`);
      const startMs = performance.now();
      let witnessMs: number | undefined;
      const result = checkClaim(claim, { seed, onFirstFailure: () => (witnessMs = performance.now() - startMs) });
      totals.push(performance.now() - startMs);
      if (result.outcome !== 'witnessed' || witnessMs === undefined) continue;
      runs.push(result.runs);
      toWitness.push(witnessMs);
      shrunk.push(storyLines(result.counterexample!.run.executed).length);
    }
    witnesses.push({
      claim: claim.id,
      name: claim.name,
      seeds: options.seeds,
      witnessed: shrunk.length,
      medianRunsToWitness: median(runs),
      medianMsToWitness: Math.round(median(toWitness) * 10) / 10,
      medianTotalMs: Math.round(median(totals) * 10) / 10,
      medianShrunkSteps: median(shrunk),
      maxShrunkSteps: Math.max(...shrunk),
    });
  }
  const throughput: ThroughputFigures[] = [];
  for (const claim of CLAIMS.filter((c) => c.expectation === 'always')) {
    options.onProgress?.(`${claim.id} ${options.alwaysRuns} runs`);
    const startMs = performance.now();
    const result = checkClaim(claim, { seed: 1, runs: options.alwaysRuns });
    const wallMs = performance.now() - startMs;
    throughput.push({ claim: claim.id, name: claim.name, runs: result.runs, wallMs: Math.round(wallMs), schedulesPerSecond: Math.round((result.runs / wallMs) * 1000), outcome: result.outcome });
  }
  const acks1 = witnesses.find((w) => w.claim === 'C4')!;
  return {
    seeds: options.seeds,
    alwaysRuns: options.alwaysRuns,
    witnesses,
    throughput,
    targets: {
      acks1WitnessMedianMs: { target: CLAIMS_BENCH_TARGETS.acks1WitnessMedianMs, actual: acks1.medianMsToWitness, met: acks1.medianMsToWitness < CLAIMS_BENCH_TARGETS.acks1WitnessMedianMs },
      acks1ShrunkSteps: { target: CLAIMS_BENCH_TARGETS.acks1ShrunkStepsMax, actual: acks1.medianShrunkSteps, met: acks1.medianShrunkSteps <= CLAIMS_BENCH_TARGETS.acks1ShrunkStepsMax },
    },
  };
}

export function formatClaimsBenchMarkdown(result: ClaimsBenchResult): string {
  const met = (m: boolean) => (m ? 'met' : 'NOT met');
  return [
    '## Verification: time to a witness, shrunk length, schedules per second',
    '',
    `Each \`sometimes\` claim checked with seeds 1–${result.seeds}; “to witness” is the wall time until the first violating schedule (before shrinking), “total” includes shrinking and the cause check. Shrunk steps count the fault-phase steps that applied.`,
    '',
    '| Claim | Witnessed | Median runs | Median ms to witness | Median total ms | Median shrunk steps | Max shrunk steps |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.witnesses.map((w) => `| ${w.claim} ${w.name} | ${w.witnessed}/${w.seeds} | ${w.medianRunsToWitness} | ${w.medianMsToWitness} | ${w.medianTotalMs} | ${w.medianShrunkSteps} | ${w.maxShrunkSteps} |`),
    '',
    `\`always\` claims, ${result.alwaysRuns} schedules each (seed 1):`,
    '',
    '| Claim | Outcome | Schedules/s | Wall ms |',
    '| --- | --- | ---: | ---: |',
    ...result.throughput.map((t) => `| ${t.claim} ${t.name} | ${t.outcome} | ${t.schedulesPerSecond} | ${t.wallMs} |`),
    '',
    'The same rates before and after issue 15 (directed faults, liveness and vacuity verdicts, availability), the two trees side by side in one run: [`schedules-before-after.md`](schedules-before-after.md) (`npm run bench:before-after`).',
    '',
    '| Target | Goal | Actual | Status |',
    '| --- | --- | --- | --- |',
    `| acks=1 loss: median time to witness | < ${result.targets.acks1WitnessMedianMs.target} ms | ${result.targets.acks1WitnessMedianMs.actual} ms | ${met(result.targets.acks1WitnessMedianMs.met)} |`,
    `| acks=1 loss: median shrunk length | ≤ ${result.targets.acks1ShrunkSteps.target} steps | ${result.targets.acks1ShrunkSteps.actual} | ${met(result.targets.acks1ShrunkSteps.met)} |`,
    '',
  ].join('\n');
}
