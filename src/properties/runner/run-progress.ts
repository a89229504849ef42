/**
 * Whether a run tested anything: a record acked, a record read by a consumer during the run, the final read
 * completed. A claim whose runs did none of this holds vacuously (a broker that does nothing loses nothing), so
 * check-claim.ts counts these per run and reports such a claim `vacuous`. Read from the history alone.
 */
import type { Op } from '../../model/history.ts';
import type { ClaimProgress } from '../claims/claim.ts';

export interface RunProgress {
  acked: boolean;
  /** A record acked during the run is in the final read (which completed). */
  ackedReadBack: boolean;
  /** A consumer read a record during the run, before the final read. */
  readDuringRun: boolean;
  finalRead: boolean;
}

/** Runs counted, and how many of them showed each kind of progress. */
export interface ProgressFigures {
  runs: number;
  acked: number;
  ackedReadBack: number;
  readDuringRun: number;
  finalRead: number;
}

export const NO_PROGRESS: ProgressFigures = { runs: 0, acked: 0, ackedReadBack: 0, readDuringRun: 0, finalRead: 0 };

function valuesPolled(op: Op): string[] {
  if (op.f !== 'poll' || op.type !== 'ok') return [];
  return op.value.flatMap((micro) => (micro.length === 2 ? Object.values(micro[1]).flatMap((records) => records.map(([, v]) => v)) : []));
}

export function runProgress(history: readonly Op[]): RunProgress {
  const acked = new Set<string>();
  let ackedReadBack = false;
  let readDuringRun = false;
  let finalRead = false;
  for (const op of history) {
    if (op.f === 'send' && op.type === 'ok') {
      for (const micro of op.value) if (Array.isArray(micro[2])) acked.add(micro[2][1]);
    } else if (op.f === 'poll' && op.type === 'ok' && op.final) {
      finalRead = true;
      ackedReadBack ||= valuesPolled(op).some((v) => acked.has(v));
    } else if (valuesPolled(op).length > 0) readDuringRun = true;
  }
  return { acked: acked.size > 0, ackedReadBack, readDuringRun, finalRead };
}

/** The figures of two sets of runs together. */
export function sumProgress(a: ProgressFigures, b: ProgressFigures): ProgressFigures {
  return { runs: a.runs + b.runs, acked: a.acked + b.acked, ackedReadBack: a.ackedReadBack + b.ackedReadBack, readDuringRun: a.readDuringRun + b.readDuringRun, finalRead: a.finalRead + b.finalRead };
}

export function addProgress(figures: ProgressFigures, run: RunProgress): ProgressFigures {
  const one = (happened: boolean) => (happened ? 1 : 0);
  return {
    runs: figures.runs + 1,
    acked: figures.acked + one(run.acked),
    ackedReadBack: figures.ackedReadBack + one(run.ackedReadBack),
    readDuringRun: figures.readDuringRun + one(run.readDuringRun),
    finalRead: figures.finalRead + one(run.finalRead),
  };
}

/** The one-sided z of the vacuity test: 99% confidence. */
const VACUITY_Z = 2.326;

/**
 * The upper end of the one-sided Wilson score interval of a share seen as `count` of `runs` (z = VACUITY_Z): the
 * largest true share these runs leave plausible. A claim is judged vacuous only when even this falls short of the
 * share it needs, so a few unlucky runs (4 of 10) are not a verdict while a broker that acks nothing is (0 of 30:
 * 15%), and the bound tightens as runs grow (0 of 200: 2.6%).
 */
export function shareUpperBound(count: number, runs: number): number {
  const z2 = VACUITY_Z * VACUITY_Z;
  const share = count / runs;
  const centre = share + z2 / (2 * runs);
  const margin = VACUITY_Z * Math.sqrt((share * (1 - share)) / runs + z2 / (4 * runs * runs));
  return Math.min(1, (centre + margin) / (1 + z2 / runs));
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** What the runs lack, in words ("0 of 200 runs had a record acked and read back by the final read; needs ≥ 50%,
 * at most 2.6% at 99% confidence"), or undefined when they may have made the progress the claim needs. */
export function vacuity(figures: ProgressFigures, needed: ClaimProgress | undefined): string | undefined {
  if (!needed || figures.runs === 0) return undefined;
  const lacks: string[] = [];
  const check = (count: number, percentMin: number | undefined, what: string) => {
    if (percentMin === undefined) return;
    const upper = shareUpperBound(count, figures.runs);
    if (upper * 100 < percentMin) lacks.push(`${count} of ${figures.runs} runs ${what}; needs ≥ ${percentMin}%, at most ${percent(upper)} at 99% confidence`);
  };
  check(figures.ackedReadBack, needed.ackedReadBackPercentMin, 'had a record acked and read back by the final read');
  check(figures.acked, needed.ackedPercentMin, 'had a record acked');
  check(figures.readDuringRun, needed.readDuringRunPercentMin, 'had a consumer read a record during the run');
  if (lacks.length === 0) return undefined;
  return `${lacks.join('; ')} (${figures.acked} had a record acked, ${figures.finalRead} a completed final read)`;
}

/** "62 of 100 runs had a record acked and read back, 5 a record read during the run". */
export function describeProgress(figures: ProgressFigures): string {
  return `${figures.ackedReadBack} of ${figures.runs} runs had a record acked and read back by the final read, ${figures.readDuringRun} a record read during the run`;
}
