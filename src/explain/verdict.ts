/**
 * The violation in words, shared by the Markdown and the viewer: what the property claims, whether this run
 * violates it (an `always` claim) or witnesses it (a `sometimes` claim kcheck had to find), at which step, and
 * why.
 */
import { describeSettings } from '../properties/settings.ts';
import { isBrokerFailure, isLivenessFailure } from '../properties/runner/findings.ts';
import type { ExplainedRun } from './explained-run.ts';

export interface Verdict {
  title: string;
  /** "Violated", "Witnessed", "Broker failed", "Liveness violated", or "No longer reproduces". */
  word: string;
  /** "witnessed: lost-write at step 8", or that the run no longer shows it. */
  headline: string;
  /** What the expectation means for this run. */
  meaning: string;
  settings: string;
}

export function verdictOf(view: ExplainedRun): Verdict {
  const { claim } = view.trace;
  const finding = view.finding;
  const word = !finding
    ? 'No longer reproduces'
    : isBrokerFailure(finding)
      ? 'Broker failed'
      : isLivenessFailure(finding)
        ? 'Liveness violated'
        : claim.expectation === 'always'
          ? 'Violated'
          : 'Witnessed';
  const headline = !finding ? `no longer reproduces: no ${claim.judges.join(', ')} in this run` : `${word.toLowerCase()}: ${finding.kind} at step ${finding.step}`;
  const meaning =
    finding && isBrokerFailure(finding)
      ? 'The broker under test failed (it threw, returned malformed data, or kept the cluster busy without end): every property judges this, and nothing else about the run can be trusted.'
      : finding && isLivenessFailure(finding)
        ? 'Every fault was repaired (heal, resume, restart), yet the cluster did not converge (a live leader for every partition, every replica caught up and in the ISR, the producer idle) within the bound, or the final read never completed: every property judges this, since a run that never reads back tests nothing.'
        : claim.expectation === 'always'
        ? 'An always claim: no schedule may violate it, so this run is a bug (or a setting beyond the claim’s conditions).'
        : 'A sometimes claim: kcheck must find a schedule that violates it, and this is the shrunk witness.';
  return { title: `${claim.id} ${claim.name}`, word, headline, meaning, settings: describeSettings(view.run.settings) };
}
