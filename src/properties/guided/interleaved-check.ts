/**
 * Blind and guided search in one budget. Blind draws (fast-check's, checkClaim) find a shallow bug in a few hundred
 * runs and the guided campaign is poor at those, but a story several faults deep is found by mutating schedules
 * that reached nearby situations, and blind draws find it by luck only. So the budget is dealt in slices: first a
 * blind slice, then guided and blind slices in turn. The blind slices are one stream, the check's own seed's: each
 * goes on where the last stopped, so whatever `kcheck check` with this seed catches within the blind share of the
 * budget the hunt catches too, with the same schedule, path and shrink. The guided campaign carries its corpus
 * from slice to slice (for up to 3 slices, or until a slice reaches no new situation: then a fresh campaign, with a
 * seed of its own from a seeded stream, takes over).
 * Claims of consumer groups draw group schedules, which the guided mutations do not know: they stay blind.
 */
import seedrandom from 'seedrandom';
import { checkClaim, resultWithoutFailure, type CheckOptions, type ClaimResult } from '../check-claim.ts';
import type { Claim } from '../claims/claim.ts';
import { NO_PROGRESS, sumProgress } from '../runner/run-progress.ts';
import { guidedCampaign } from './guided-check.ts';
import { int } from './mutate.ts';

export interface InterleaveShape {
  /** The first slice: blind, the check's seed's first schedules. */
  firstBlindRuns: number;
  /** Each guided slice after it, and each blind slice after that, in turn. (A blind catch's `seed` and `path` are
   * the check's, as `kcheck check` replays them; a guided one's `seed` is its campaign's, its path "".) */
  guidedRuns: number;
  blindRuns: number;
  /** Guided slices a campaign runs at most before a fresh one takes over. */
  campaignSlicesMax: number;
}

/** Measured on the zoo's deep variants: a campaign that finds a deep story mostly does so within its first 3,000
 * runs, and one that has not by then has mostly settled where it will not; fresh campaigns diversify. */
export const INTERLEAVE: InterleaveShape = { firstBlindRuns: 2_000, guidedRuns: 1_000, blindRuns: 1_000, campaignSlicesMax: 3 };

export function interleavedCheck(claim: Claim, options: CheckOptions, shape: InterleaveShape = INTERLEAVE): ClaimResult {
  const runsMax = options.runs ?? claim.budget.runs;
  if (claim.settings.groups || runsMax <= shape.firstBlindRuns) return checkClaim(claim, options);
  const seeds = seedrandom(`interleaved-${options.seed}`);
  let campaign = guidedCampaign(claim, options, runsMax - shape.firstBlindRuns);
  let campaignSlices = 0;
  let runs = 0;
  /** Schedules of the check's own stream the blind slices have run (each slice goes on where the last stopped). */
  let blindRuns = 0;
  /** The blind slices' and retired campaigns' figures; the current campaign keeps its own. */
  let progress = NO_PROGRESS;
  for (let slice = 0; runs < runsMax; slice++) {
    const blind = slice % 2 === 0;
    const size = Math.min(runsMax - runs, slice === 0 ? shape.firstBlindRuns : blind ? shape.blindRuns : shape.guidedRuns);
    const before = runs;
    const onRun = options.onRun ? (done: number) => options.onRun!(before + done) : undefined;
    if (blind) {
      const result = checkClaim(claim, { ...options, runs: size, skipRuns: blindRuns, ...(onRun ? { onRun } : {}) });
      blindRuns += size;
      runs += result.runs;
      progress = sumProgress(progress, result.progress);
      // A slice too short to judge progress by is not vacuous: only the whole budget is.
      if (result.outcome !== 'holds' && result.outcome !== 'vacuous') return { ...result, runs, progress: sumProgress(progress, campaign.progress()) };
    } else {
      const campaignBefore = campaign.runs();
      const situationsBefore = campaign.situations().length;
      const failing = campaign.runMore(size);
      campaignSlices++;
      runs += campaign.runs() - campaignBefore;
      if (failing) {
        options.onFirstFailure?.();
        return { ...campaign.resultOf(failing), runs, progress: sumProgress(progress, campaign.progress()), seed: options.seed };
      }
      // A campaign whose slice reached nothing new, or that ran its slices, has settled in one region of the
      // space: the next slice starts afresh (as fuzzers restart a plateaued campaign), with a seed of its own.
      if (campaign.situations().length === situationsBefore || campaignSlices >= shape.campaignSlicesMax) {
        progress = sumProgress(progress, campaign.progress());
        campaign = guidedCampaign(claim, { ...options, seed: int(seeds, 2 ** 31) }, runsMax - runs);
        campaignSlices = 0;
      }
    }
  }
  return resultWithoutFailure({ claim, runs, progress: sumProgress(progress, campaign.progress()), seed: options.seed }, true);
}
