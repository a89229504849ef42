/** Runs the scenario catalogue against a broker and reports each story's outcome. */
import { makeClusterConfig } from '../system/config/validate.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import { runSteps } from '../system/simulation.ts';
import { SCENARIOS, type Scenario } from './catalogue.ts';
import { bootCluster } from './readers.ts';

export interface ScenarioOutcome {
  name: string;
  claim: string;
  asExpected: boolean;
  problem: string | undefined;
  simulatedMs: number;
}

export function runScenario(scenario: Scenario, broker?: BrokerLogic<unknown>): ScenarioOutcome {
  const simulation = runSteps(bootCluster(makeClusterConfig(scenario.config), broker), scenario.steps);
  const problem = scenario.check(simulation);
  return { name: scenario.name, claim: scenario.claim, asExpected: problem === undefined, problem, simulatedMs: simulation.world.nowMs };
}

export function runScenarios(broker?: BrokerLogic<unknown>): ScenarioOutcome[] {
  return SCENARIOS.map((scenario) => runScenario(scenario, broker));
}

export function scenariosMarkdown(brokerId: string, outcomes: readonly ScenarioOutcome[]): string {
  const rows = outcomes.map((o) => `| ${o.claim} | ${o.name} | ${o.asExpected ? 'as expected' : `**not as expected**: ${o.problem}`} | ${o.simulatedMs} |`);
  return [
    `# Scenario outcomes — broker \`${brokerId}\``,
    '',
    'Regenerate with `npm start` (or `kcheck scenarios`). Each row is one hand-written schedule of',
    '`src/scenarios/catalogue.ts` run on the simulated cluster, with the outcome Kafka\'s semantics predict.',
    '',
    '| claim | scenario | outcome | simulated ms |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
