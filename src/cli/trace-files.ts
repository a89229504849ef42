/**
 * Where counterexample traces go: `reports/runs/` (ignored by git), named after the property and seed, as
 * `{seed, path}` plus the replayable JSON.
 */
import type { ClaimResult } from '../properties/check-claim.ts';
import { buildTrace } from '../properties/trace/trace.ts';
import { writeReport } from './flags.ts';

export const RUNS_DIR = 'reports/runs';

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9=.-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

/** Writes the counterexample's trace and returns its path. */
export function saveTrace(result: ClaimResult, dir: string, name = result.claim.name): string | undefined {
  if (!result.counterexample) return undefined;
  const path = `${dir}/${slug(name)}-${result.seed}.json`;
  writeReport(path, `${JSON.stringify(buildTrace(result.claim, result.counterexample), null, 2)}\n`);
  return path;
}
