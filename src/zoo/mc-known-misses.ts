/**
 * What the exhaustive model checker (`kcheck mc`, docs/model-checking.md) says of the zoo's known misses (KIP-320's
 * stale-epoch-fetch-accepted, KIP-279's truncate-to-leader-epoch-end): found, or the space within the stated bounds
 * searched without harm. Measured data (mc-known-misses.json), for the zoo report to show beside the sampling.
 */
import { readFileSync } from 'node:fs';
import type { McVerdict } from '../mc/model-check.ts';

export interface McKnownMiss {
  variant: string;
  property: string;
  verdict: McVerdict;
  /** The verdict as `kcheck mc` prints it. */
  result: string;
  bounds: string;
  distinctStates: number;
  depthReached: number;
  /** The command that measured it. */
  command: string;
}

export function mcKnownMisses(): McKnownMiss[] {
  const data = JSON.parse(readFileSync(new URL('./mc-known-misses.json', import.meta.url), 'utf8')) as { results: McKnownMiss[] };
  return data.results;
}
