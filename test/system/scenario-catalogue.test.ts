import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios/catalogue.ts';
import { runScenario } from '../../src/scenarios/run-scenarios.ts';

describe('the scenario catalogue of `kcheck scenarios`', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.claim}: ${scenario.name}`, () => {
      expect(runScenario(scenario).problem).toBeUndefined();
    });
  }
});
