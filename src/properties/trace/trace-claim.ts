/**
 * The property a trace names, rebuilt for a replay. What the property judges (its finding kinds) is in the
 * trace; what a JSON file cannot hold — a narrowing predicate and the cause reader — comes from the claim kcheck
 * knows by the same id and name: a catalogue claim, a profile's guarantee under the trace's settings, or the matrix
 * cell with the same settings. A trace of a
 * property kcheck does not know replays all the same, judged by its kinds alone.
 */
import { ALL_CLAIMS as CLAIMS } from '../claims/catalogue.ts';
import type { Claim } from '../claims/claim.ts';
import { GUARANTEE_CLAIM_ID, guaranteeClaim, guaranteeNamed } from '../guarantees.ts';
import { matrixCells } from '../matrix/grid.ts';
import type { CheckSettings } from '../settings.ts';
import type { Trace } from './trace.ts';

function sameSettings(a: CheckSettings, b: CheckSettings): boolean {
  return (Object.keys(a) as Array<keyof CheckSettings>).every((key) => String(a[key]) === String(b[key]));
}

function knownClaim(trace: Trace): Claim | undefined {
  const { id, name } = trace.claim;
  const catalogued = CLAIMS.find((c) => c.id === id && c.name === name);
  if (catalogued) return catalogued;
  const guarantee = id === GUARANTEE_CLAIM_ID ? guaranteeNamed(name) : undefined;
  if (guarantee) return guaranteeClaim(guarantee, trace.settings, { runs: 1, stepsMax: trace.schedule.length });
  return matrixCells().find((cell) => cell.claim.id === id && cell.claim.name === name && sameSettings(cell.claim.settings, trace.settings))?.claim;
}

export function traceClaim(trace: Trace): Claim {
  const known = knownClaim(trace);
  const sameJudges = known !== undefined && known.judges.length === trace.claim.judges.length && known.judges.every((k) => trace.claim.judges.includes(k));
  return {
    ...trace.claim,
    judges: [...trace.claim.judges],
    settings: trace.settings,
    budget: { runs: 1, stepsMax: trace.schedule.length },
    // A known claim's predicate and cause apply only while the trace judges what that claim judges.
    ...(sameJudges && known.counts ? { counts: known.counts } : {}),
    ...(sameJudges && known.cause ? { cause: known.cause } : {}),
  };
}
