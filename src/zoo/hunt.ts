/**
 * Hunting one zoo entry with one seed: the `always` claims run one after another, the entry's expected property
 * first, each under the zoo's budget, until one comes out violated (or its broker failed) on a schedule the
 * reference survives. The first such claim caught the entry. Nothing here reads the wall clock: the caller times the hunt through `onFirstFailure`
 * (src/bench/zoo-bench.ts), as the matrix's caller does.
 */
import type { ClaimResult } from '../properties/check-claim.ts';
import { interleavedCheck } from '../properties/guided/interleaved-check.ts';
import { ALL_CLAIMS, CLAIMS } from '../properties/claims/catalogue.ts';
import { judgedBy, type Claim } from '../properties/claims/claim.ts';
import { runSchedule } from '../properties/runner/run-schedule.ts';
import { REFERENCE_ENTRY, type ZooEntry } from './registry.ts';

export interface ZooBudget {
  /** Schedules for the entry's expected property, tried first. */
  expectedRuns: number;
  /** Schedules for each other `always` claim (and for every claim of the reference). */
  otherRuns: number;
}

/** `kcheck zoo`'s budget: deep on the property each bug is expected to break, a check's worth on the others. The
 * deepest variants are caught at about one schedule in 4,000–9,000, so 20,000 left one seed in five to luck
 * (KAFKA-3919's seed 2 is caught at 24,604); a hunt stops at its catch, so only a miss pays for the depth. */
export const ZOO_BUDGET: ZooBudget = { expectedRuns: 30_000, otherRuns: 200 };

/** Whether a hunt tries C12's group claims too: a coordinator variant's hunt, and the reference's (the control
 * must keep every claim). A broker or controller variant, or a broker module, is hunted with the broker claims. */
function huntsGroupClaims(entry: Pick<ZooEntry, 'expectedProperty'> & Partial<Pick<ZooEntry, 'id' | 'coordinatorParts'>>): boolean {
  return entry.coordinatorParts !== undefined || entry.id === REFERENCE_ENTRY.id;
}

/** Every `always` claim the entry is hunted with, the expected property first, the rest in catalogue order. */
export function huntOrder(entry: Pick<ZooEntry, 'expectedProperty'> & Partial<Pick<ZooEntry, 'id' | 'coordinatorParts'>>): Claim[] {
  const always = (huntsGroupClaims(entry) ? ALL_CLAIMS : CLAIMS).filter((c) => c.expectation === 'always');
  const expected = always.filter((c) => c.name === entry.expectedProperty);
  return [...expected, ...always.filter((c) => c.name !== entry.expectedProperty)];
}

/** Caught: a claim's outcome says the broker broke a property it must keep, broke down itself, left the cluster
 * unconverged after repair, or made too little progress for the claim to mean anything. */
export function isCatch(result: ClaimResult): boolean {
  return result.outcome === 'violated' || result.outcome === 'broker-failed' || result.outcome === 'liveness' || result.outcome === 'vacuous';
}

/**
 * A catch counts only if the reference keeps the claim on the same (shrunk) schedule: otherwise the claim failed
 * for a reason the variant shares with the reference, not because of its swapped part. (A liveness violation is
 * replayed so too; a `vacuous` verdict has no schedule, and every claim's progress threshold sits below what the
 * reference reaches, docs/verification.md §2.)
 */
export function referenceAlsoFails(result: ClaimResult): boolean {
  const counterexample = result.counterexample;
  if (!counterexample || (result.outcome !== 'violated' && result.outcome !== 'liveness')) return false;
  const judges = judgedBy(result.claim);
  const run = runSchedule(result.claim.settings, counterexample.schedule, { broker: REFERENCE_ENTRY.broker, stopWhen: judges });
  return run.findings.some((f) => judges(f, run.history));
}

export interface HuntResult {
  entry: ZooEntry;
  seed: number;
  /** The result of the claim that caught the entry, if one did. */
  catch?: ClaimResult;
  /** Claims checked, in order, with the schedules each ran (the catching one last); `referenceFails` marks a
   * violation the reference shows on the same schedule, which does not count as a catch. */
  tried: Array<{ claim: string; runs: number; outcome: ClaimResult['outcome']; referenceFails?: true }>;
  /** Schedules run before the catch (or in all, when nothing caught it), shrinking not counted. */
  runs: number;
}

export interface HuntOptions {
  seed: number;
  budget?: ZooBudget;
  /** Called as each claim starts. */
  onClaim?: (claim: Claim) => void;
  /** Called once, when the first violating schedule is found, before it is shrunk. */
  onFirstFailure?: () => void;
}

export function hunt(entry: ZooEntry, options: HuntOptions): HuntResult {
  const budget = options.budget ?? ZOO_BUDGET;
  const tried: HuntResult['tried'] = [];
  let runs = 0;
  for (const claim of huntOrder(entry)) {
    options.onClaim?.(claim);
    const result = interleavedCheck(claim, {
      seed: options.seed,
      runs: claim.name === entry.expectedProperty ? budget.expectedRuns : budget.otherRuns,
      broker: entry.broker,
      ...(entry.controller ? { controller: entry.controller } : {}),
      ...(options.onFirstFailure ? { onFirstFailure: options.onFirstFailure } : {}),
    });
    runs += result.runs;
    const shared = entry !== REFERENCE_ENTRY && referenceAlsoFails(result);
    tried.push({ claim: claim.name, runs: result.runs, outcome: result.outcome, ...(shared ? { referenceFails: true as const } : {}) });
    if (isCatch(result) && !shared) return { entry, seed: options.seed, catch: result, tried, runs };
  }
  return { entry, seed: options.seed, tried, runs };
}
