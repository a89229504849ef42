/**
 * Per coverage situation, how many blind runs on a zoo variant reach it and how many of those the claim judges: a
 * situation reached often with no finding steers the guided search nowhere near the harm (docs/bug-zoo.md, "Zombie
 * leaders"). Run: npx tsx scripts/hunt-deep/situations-near-harm.ts [ID] [CLAIM] [SEED] [RUNS]
 */
import fc from 'fast-check';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { judgedBy } from '../../src/properties/claims/claim.ts';
import { coverageRecorder } from '../../src/properties/coverage/run-coverage.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { scheduleArbitrary, scheduleShapeOf } from '../../src/properties/schedule/schedule-arbitrary.ts';
import { zooEntry } from '../../src/zoo/registry.ts';

const [id = 'truncate-to-leader-epoch-end', claimName = 'protocol-invariants', seedText = '1', runsText = '20000'] = process.argv.slice(2);
const entry = zooEntry(id);
const claim = claimNamed(claimName);
if (!entry || !claim) throw new Error(`no zoo entry ${id} or no claim ${claimName}`);
const judges = judgedBy(claim);
const arbitrary = scheduleArbitrary(scheduleShapeOf(claim));
const reached = new Map<string, number>();
const harmed = new Map<string, number>();
let harms = 0;
for (const schedule of fc.sample(arbitrary, { seed: Number(seedText), numRuns: Number(runsText) })) {
  const recorder = coverageRecorder();
  const run = runSchedule(claim.settings, schedule, { broker: entry.broker, stopWhen: judges, observer: recorder.observer });
  const harm = run.findings.some((f) => judges(f, run.history));
  if (harm) harms++;
  for (const s of recorder.situations()) {
    reached.set(s, (reached.get(s) ?? 0) + 1);
    if (harm) harmed.set(s, (harmed.get(s) ?? 0) + 1);
  }
}
console.log(`harms ${harms} of ${runsText}`);
for (const [s, n] of [...reached].sort((a, b) => a[1] - b[1])) console.log(`${String(n).padStart(7)} ${String(harmed.get(s) ?? 0).padStart(4)}  ${s}`);
