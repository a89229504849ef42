/**
 * The group zoo (src/system/coordinator/variants/group-variants.ts): each variant is the reference coordinator with
 * exactly one part swapped, and each is caught by its expected claim on seeds 1–5 within the zoo's run budget (a
 * run count). The reference holds every group claim (test/properties/groups/, test/zoo/zoo.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { ZOO_BUDGET } from '../../src/zoo/hunt.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../../src/system/coordinator/coordinator-parts.ts';
import { GROUP_VARIANTS } from '../../src/system/coordinator/variants/group-variants.ts';

/** What each variant's expected claim finds. */
const FINDING: Record<string, string> = {
  'commit-from-any-generation': 'group-fenced-commit',
  'assignment-to-every-member': 'group-two-owners',
  'commit-acked-at-append': 'group-commit-backwards',
  'load-forgets-generation': 'group-two-owners',
};

describe('group variants', () => {
  it.each(GROUP_VARIANTS.map((v) => v.id))('%s swaps exactly one coordinator part', (id) => {
    const variant = GROUP_VARIANTS.find((v) => v.id === id)!;
    const swapped = (Object.keys(referenceCoordinatorParts) as Array<keyof CoordinatorParts>).filter((k) => variant.parts[k] !== referenceCoordinatorParts[k]);
    expect(swapped).toEqual([variant.part]);
  });

  for (const variant of GROUP_VARIANTS) {
    it.each([1, 2, 3, 4, 5])(`${variant.id} is caught by its expected claim, seed %i`, (seed) => {
      const result = checkClaim(claimNamed(variant.expectedProperty)!, { seed, broker: variant.broker, runs: ZOO_BUDGET.expectedRuns });
      expect(result.outcome).toBe('violated');
      expect(result.counterexample!.finding.kind).toBe(FINDING[variant.id]);
    });
  }
});
