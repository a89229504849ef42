/**
 * Coverage per claim: for each `always` claim, the distinct protocol situations (src/properties/coverage/) reached
 * by the same number of blind random schedules and of guided ones (src/properties/guided/), on one seed.
 * Deterministic: no wall time is read.
 */
import { CLAIMS } from '../properties/claims/catalogue.ts';
import { guidedCheck, randomCoverage } from '../properties/guided/guided-check.ts';

export interface CoverageFigures {
  claim: string;
  name: string;
  runs: number;
  randomSituations: number;
  guidedSituations: number;
  /** Situations only one of the two reached. */
  onlyRandom: string[];
  onlyGuided: string[];
}

export function runCoverageBench(options: { seed: number; runs: number; onProgress?: (text: string) => void }): CoverageFigures[] {
  return CLAIMS.filter((c) => c.expectation === 'always').map((claim) => {
    options.onProgress?.(`coverage ${claim.id}`);
    const random = randomCoverage(claim, { seed: options.seed, runs: options.runs });
    const guided = guidedCheck(claim, { seed: options.seed, runs: options.runs }).situations;
    return {
      claim: claim.id,
      name: claim.name,
      runs: options.runs,
      randomSituations: random.length,
      guidedSituations: guided.length,
      onlyRandom: random.filter((s) => !guided.includes(s)),
      onlyGuided: guided.filter((s) => !random.includes(s)),
    };
  });
}

export function formatCoverageBenchMarkdown(figures: readonly CoverageFigures[]): string {
  const rows = figures.map((f) => `| ${f.claim} ${f.name} | ${f.runs} | ${f.randomSituations} | ${f.guidedSituations} | ${f.onlyGuided.join(', ') || '—'} |`);
  return ['## Coverage: protocol situations reached, random vs guided', '', '| Claim | Runs | Random | Guided | Only guided |', '| --- | ---: | ---: | ---: | --- |', ...rows, ''].join('\n');
}
