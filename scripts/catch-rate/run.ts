/**
 * Catch rate of the blind generator on a few deep zoo variants: N schedules drawn from the expected claim's
 * arbitrary (fast-check's sample, seeded), each run on the variant; counts the schedules whose run shows a finding
 * the claim judges and the reference does not show on the same schedule. No shrinking.
 * Run: npx tsx scripts/catch-rate/run.ts ID[,ID…] N [SEED]
 */
import fc from 'fast-check';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { judgedBy } from '../../src/properties/claims/claim.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { scheduleArbitrary, scheduleShapeOf } from '../../src/properties/schedule/schedule-arbitrary.ts';
import { REFERENCE_ENTRY, zooEntry } from '../../src/zoo/registry.ts';

const [idsText = '', nText = '5000', seedText = '1'] = process.argv.slice(2);
const n = Number(nText);
for (const id of idsText.split(',')) {
  const entry = zooEntry(id);
  if (!entry) throw new Error(`no zoo entry ${id}`);
  const claim = claimNamed(entry.expectedProperty)!;
  const judges = judgedBy(claim);
  const schedules = fc.sample(scheduleArbitrary(scheduleShapeOf(claim)), { seed: Number(seedText), numRuns: n });
  const started = performance.now();
  let caught = 0;
  let first = -1;
  schedules.forEach((schedule, i) => {
    const run = runSchedule(claim.settings, schedule, { broker: entry.broker, controller: entry.controller, stopWhen: judges });
    if (!run.findings.some((f) => judges(f, run.history))) return;
    const ref = runSchedule(claim.settings, schedule, { broker: REFERENCE_ENTRY.broker, stopWhen: judges });
    if (ref.findings.some((f) => judges(f, ref.history))) return;
    caught++;
    if (first < 0) first = i + 1;
  });
  const s = (performance.now() - started) / 1000;
  console.log(`${id}: ${caught}/${n} caught (1 in ${caught ? Math.round(n / caught) : '∞'}), first at ${first}, ${(n / s).toFixed(0)} schedules/s`);
}
