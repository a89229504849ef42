/** `kcheck scenarios [--out FILE]`: the hand-written scenarios on the reference broker, and their report. */
import { parseArgs } from 'node:util';
import { runScenarios, scenariosMarkdown } from '../scenarios/run-scenarios.ts';
import { referenceBroker } from '../system/broker/reference-broker.ts';
import { outputPathFlag, writeReport } from './flags.ts';

export const SCENARIOS_USAGE = `  kcheck scenarios [--out FILE]          run the scenario set against the reference broker;
                                         writes reports/scenarios.md (or FILE)`;

export function scenariosCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  const out = outputPathFlag(values.out, 'out') ?? 'reports/scenarios.md';
  const outcomes = runScenarios();
  for (const o of outcomes) console.log(`${o.asExpected ? 'ok  ' : 'FAIL'} ${o.claim.padEnd(7)} ${o.name}${o.problem ? ` — ${o.problem}` : ''}`);
  writeReport(out, scenariosMarkdown(referenceBroker.id, outcomes));
  const unexpected = outcomes.filter((o) => !o.asExpected).length;
  console.log(`${outcomes.length - unexpected} as expected, ${unexpected} not; report: ${out}`);
  return unexpected === 0 ? 0 : 1;
}
