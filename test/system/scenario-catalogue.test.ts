import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios/catalogue.ts';
import { runScenario } from '../../src/scenarios/run-scenarios.ts';
import { GROUP_VARIANTS } from '../../src/system/coordinator/variants/group-variants.ts';

describe('the scenario catalogue of `kcheck scenarios`', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.claim}: ${scenario.name}`, () => {
      expect(runScenario(scenario).problem).toBeUndefined();
    });
  }
});

describe('the group scenarios check exact outcomes', () => {
  it('the zombie story is not as expected on a coordinator that takes commits from any generation: the fenced commit lands', () => {
    const zombie = SCENARIOS.find((s) => s.name.startsWith('a zombie member'))!;
    const variant = GROUP_VARIANTS.find((v) => v.id === 'commit-from-any-generation')!;
    expect(runScenario(zombie, variant.broker).problem).toBe(
      'commits: expected ["consumer0 gen 1 p0@0 NONE","consumer1 gen 1 p1@3 UNKNOWN_MEMBER_ID"], got ["consumer0 gen 1 p0@0 NONE","consumer1 gen 1 p1@3 NONE"]',
    );
  });
});
