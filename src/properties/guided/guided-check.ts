/**
 * `kcheck check --guided`: a coverage-guided campaign instead of blind draws. Schedules start as the swarm
 * arbitrary draws them (fast-check, seeded from the campaign's stream); a run that reaches a protocol situation
 * no earlier run reached (src/properties/coverage/) puts its schedule in the corpus, and later runs mutate corpus
 * members (mutate.ts) from a seedrandom stream. Every executed schedule counts against `runs`. A finding the claim
 * judges is shrunk by delta debugging (shrink-schedule.ts) and returned as the same ClaimResult checkClaim returns;
 * its replay coordinates are the schedule in the trace (`path` is empty, `seed` the campaign's).
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { resultOfCounterexample, resultWithoutFailure, type ClaimResult, type CheckOptions, type Counterexample } from '../check-claim.ts';
import { judgedBy, type Claim } from '../claims/claim.ts';
import { coverageRecorder } from '../coverage/run-coverage.ts';
import type { Situation } from '../coverage/situations.ts';
import { isBrokerFailure, isJudgedByEveryClaim, type Finding } from '../runner/findings.ts';
import { addProgress, NO_PROGRESS, runProgress, type ProgressFigures } from '../runner/run-progress.ts';
import { runSchedule } from '../runner/run-schedule.ts';
import { numberSends, scheduleArbitrary, scheduleShapeOf } from '../schedule/schedule-arbitrary.ts';
import type { ScheduleStep } from '../schedule/targeted-step.ts';
import { int, mutate } from './mutate.ts';
import { shrinkSchedule } from './shrink-schedule.ts';

/** Share of runs drawn fresh once the corpus has members: the search keeps exploring beside exploiting. */
const FRESH_SHARE = 0.1;
/** Runs drawn fresh before mutation starts. */
const SEED_RUNS_MAX = 50;

export interface GuidedResult {
  result: ClaimResult;
  /** Every situation the campaign's runs reached, sorted. */
  situations: Situation[];
  corpusSize: number;
}

interface CorpusEntry {
  schedule: ScheduleStep[];
  /** Situations its run reached. */
  situations: readonly Situation[];
}

/** A member's weight: the rarity of what it reached (the sum of 1 / hits over its situations, as rare-branch
 * fuzzers weigh seeds), so members at the search's frontier are mutated most and common ground little. */
function choose(corpus: readonly CorpusEntry[], hits: ReadonlyMap<Situation, number>, random: () => number): CorpusEntry {
  const weights = corpus.map((e) => e.situations.reduce((sum, s) => sum + 1 / (hits.get(s) ?? 1), 0));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let ticket = random() * total;
  for (let i = 0; i < corpus.length; i++) {
    ticket -= weights[i]!;
    if (ticket < 0) return corpus[i]!;
  }
  return corpus[corpus.length - 1]!;
}

/** A guided campaign that can be run in slices (the hunt interleaves it with blind draws): its corpus and its
 * seeded stream carry over from one slice to the next, so slices of N and M runs are one campaign of N + M. */
export interface GuidedCampaign {
  /** Runs up to `runs` more schedules; stops at the first the claim judges, and returns it unshrunk. */
  runMore(runs: number): { schedule: ScheduleStep[]; finding: Finding } | undefined;
  /** Schedules run so far, and what they did. */
  runs(): number;
  progress(): ProgressFigures;
  situations(): Situation[];
  corpusSize(): number;
  /** The shrunk counterexample of a schedule `runMore` returned, as the ClaimResult of `runs` runs. */
  resultOf(failing: { schedule: ScheduleStep[]; finding: Finding }): ClaimResult;
  /** The verdict when no run failed. */
  resultWithoutFailure(): ClaimResult;
}

/** `runsMax`: the campaign's whole budget, which sets how many runs it draws fresh before it mutates. */
export function guidedCampaign(claim: Claim, options: CheckOptions, runsMax: number): GuidedCampaign {
  const judges = judgedBy(claim);
  const runWith = { broker: options.broker, controller: options.controller, ...(options.runHooks ? { hooks: options.runHooks } : {}) };
  const stepsMax = options.stepsMax ?? claim.budget.stepsMax;
  const arbitrary = scheduleArbitrary(scheduleShapeOf(claim, stepsMax));
  const random = seedrandom(`guided-${options.seed}`);
  const draw = (): ScheduleStep[] => fc.sample(arbitrary, { seed: int(random, 2 ** 31), numRuns: 1 })[0]!;
  const seen = new Set<Situation>();
  const hits = new Map<Situation, number>();
  const corpus: CorpusEntry[] = [];

  /** The judged finding of a run of `schedule`, if it shows the claim's cause (for a `sometimes` claim). */
  const findingOf = (schedule: ScheduleStep[]): Finding | undefined => {
    const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges });
    const judged = run.findings.find((f) => judges(f, run.history));
    if (!judged || isBrokerFailure(judged) || claim.expectation !== 'sometimes' || !claim.cause) return judged;
    const recorded = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, recordSnapshots: true });
    const witness = recorded.findings.find((f) => judges(f, recorded.history));
    return witness && claim.cause(recorded, witness) !== undefined ? witness : undefined;
  };

  let runs = 0;
  let progress = NO_PROGRESS;
  const seedRuns = Math.min(SEED_RUNS_MAX, Math.max(1, Math.ceil(runsMax / 10)));
  const base = () => ({ claim, runs, progress, seed: options.seed });
  return {
    runMore(more) {
      for (let i = 0; i < more; i++) {
        const fresh = corpus.length === 0 || runs < seedRuns || random() < FRESH_SHARE;
        const schedule = numberSends(fresh ? draw() : mutate(choose(corpus, hits, random).schedule, { random, partitions: claim.settings.partitions, draw, other: () => corpus[int(random, corpus.length)]!.schedule, stepsMax: stepsMax * 3 }));
        const recorder = coverageRecorder();
        const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, observer: recorder.observer });
        runs++;
        options.onRun?.(runs);
        progress = addProgress(progress, runProgress(run.history));
        const judged = run.findings.find((f) => judges(f, run.history));
        const situations = recorder.situations();
        const newSituations = situations.filter((s) => !seen.has(s)).length;
        situations.forEach((s) => {
          seen.add(s);
          hits.set(s, (hits.get(s) ?? 0) + 1);
        });
        if (newSituations > 0) corpus.push({ schedule, situations });
        if (judged && (isJudgedByEveryClaim(judged) || claim.expectation !== 'sometimes' || !claim.cause || findingOf(schedule) !== undefined)) return { schedule, finding: judged };
      }
      return undefined;
    },
    runs: () => runs,
    progress: () => progress,
    situations: () => [...seen].sort(),
    corpusSize: () => corpus.length,
    resultOf(failing) {
      const kind = failing.finding.kind;
      const shrunk = shrinkSchedule(failing.schedule, (candidate) => findingOf(numberSends(candidate))?.kind === kind);
      const schedule = numberSends(shrunk.schedule);
      const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, recordSnapshots: true });
      const finding = run.findings.find((f) => judges(f, run.history)) ?? failing.finding;
      const cause = claim.cause?.(run, finding);
      const counterexample: Counterexample = { schedule, finding, run, ...(cause ? { cause } : {}), seed: options.seed, path: '', shrinks: shrunk.shrinks };
      return resultOfCounterexample(base(), counterexample);
    },
    resultWithoutFailure: () => resultWithoutFailure(base(), true),
  };
}

export function guidedCheck(claim: Claim, options: CheckOptions): GuidedResult {
  const runsMax = options.runs ?? claim.budget.runs;
  const campaign = guidedCampaign(claim, options, runsMax);
  const failing = campaign.runMore(runsMax);
  const summary = { situations: campaign.situations(), corpusSize: campaign.corpusSize() };
  if (!failing) return { result: campaign.resultWithoutFailure(), ...summary };
  options.onFirstFailure?.();
  return { result: campaign.resultOf(failing), ...summary };
}

/** The coverage blind random search reaches: the schedules fast-check draws with this seed, run as the check runs
 * them (stopping at a judged finding). For the bench's comparison with `guidedCheck`. */
export function randomCoverage(claim: Claim, options: Pick<CheckOptions, 'seed' | 'runs' | 'broker' | 'controller'>): Situation[] {
  const judges = judgedBy(claim);
  const arbitrary = scheduleArbitrary(scheduleShapeOf(claim));
  const seen = new Set<Situation>();
  for (const schedule of fc.sample(arbitrary, { seed: options.seed, numRuns: options.runs ?? claim.budget.runs })) {
    const recorder = coverageRecorder();
    runSchedule(claim.settings, schedule, { broker: options.broker, controller: options.controller, stopWhen: judges, observer: recorder.observer });
    recorder.situations().forEach((s) => seen.add(s));
  }
  return [...seen].sort();
}
