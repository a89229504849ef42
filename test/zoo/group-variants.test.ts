/**
 * The group zoo (src/system/coordinator/variants/group-variants.ts): each variant is the reference coordinator with
 * exactly one part swapped, and the variants its expected claim catches are caught on seeds 1–5 within 100
 * schedules (the claim's budget). The reference holds every group claim (test/properties/groups/).
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../../src/system/coordinator/coordinator-parts.ts';
import { GROUP_VARIANTS } from '../../src/system/coordinator/variants/group-variants.ts';

/** Variants the claim's budget reaches on every seed 1–5 (measured: reports in the branch's report). */
const CAUGHT = ['assignment-to-every-member', 'load-forgets-generation'];

describe('group variants', () => {
  it.each(GROUP_VARIANTS.map((v) => v.id))('%s swaps exactly one coordinator part', (id) => {
    const variant = GROUP_VARIANTS.find((v) => v.id === id)!;
    const swapped = (Object.keys(referenceCoordinatorParts) as Array<keyof CoordinatorParts>).filter((k) => variant.parts[k] !== referenceCoordinatorParts[k]);
    expect(swapped).toEqual([variant.part]);
  });

  for (const id of CAUGHT) {
    it.each([1, 2, 3, 4, 5])(`${id} is caught by its expected claim, seed %i`, (seed) => {
      const variant = GROUP_VARIANTS.find((v) => v.id === id)!;
      const result = checkClaim(claimNamed(variant.expectedProperty)!, { seed, broker: variant.broker });
      expect(result.outcome).toBe('violated');
      expect(result.counterexample!.finding.kind).toBe('group-two-owners');
    });
  }
});
