/**
 * kcheck's own brokers make promises about how they treat their data (broker-promises.ts), so that a restart reads the
 * disk in place and an invariant check reads again only what a transition changed. A promise may change the work
 * done, never what is found: the same schedules, run with the promises and with a copy of the broker that makes none,
 * give the same runs — the same steps, history, findings and cluster after every step — for the reference and every
 * variant of the bug zoo, on the claim meant to catch it (most of which break invariants in these schedules).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import { scheduleArbitrary } from '../../src/properties/schedule/schedule-arbitrary.ts';
import type { CheckSettings } from '../../src/properties/settings.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import { promises } from '../../src/system/kernel/broker-promises.ts';
import { REFERENCE_ENTRY, ZOO, type ZooEntry } from '../../src/zoo/registry.ts';

const SCHEDULES_PER_ENTRY = 12;

/** The same broker without its promises: a spread copies the logic, not the hidden mark. */
const withoutPromises = (broker: BrokerLogic<unknown>): BrokerLogic<unknown> => ({ ...broker });

function sameRuns(entry: ZooEntry, settings: CheckSettings, stepsMax: number, seed: number): void {
  const schedules = fc.sample(scheduleArbitrary({ faults: settings.faults, partitions: settings.partitions, stepsMax }), { seed, numRuns: SCHEDULES_PER_ENTRY });
  for (const schedule of schedules) {
    const run = (broker: BrokerLogic<unknown>) => runSchedule(settings, schedule, { broker, controller: entry.controller, recordSnapshots: true });
    const promised = run(entry.broker);
    const plain = run(withoutPromises(entry.broker));
    expect({ executed: promised.executed, history: promised.history, findings: promised.findings, snapshots: promised.snapshots }).toEqual({
      executed: plain.executed,
      history: plain.history,
      findings: plain.findings,
      snapshots: plain.snapshots,
    });
  }
}

describe('broker promises change the work, not what is found', () => {
  it('kcheck brokers make the promises; a copy of one makes none', () => {
    expect(promises(REFERENCE_ENTRY.broker, 'stableViews')).toBe(true);
    expect(promises(REFERENCE_ENTRY.broker, 'readsDiskInPlace')).toBe(true);
    expect(promises(withoutPromises(REFERENCE_ENTRY.broker), 'stableViews')).toBe(false);
  });

  it('the reference on acks-all-durable with 1 and 3 partitions: the same runs (seed 7)', () => {
    const claim = claimNamed('acks-all-durable')!;
    for (const partitions of [1, 3]) sameRuns(REFERENCE_ENTRY, { ...claim.settings, partitions }, claim.budget.stepsMax, 7);
  });

  for (const entry of ZOO) {
    it(`${entry.id} on ${entry.expectedProperty}, with its partitions and with 3: the same runs (seed 11)`, () => {
      const claim = claimNamed(entry.expectedProperty)!;
      sameRuns(entry, claim.settings, claim.budget.stepsMax, 11);
      sameRuns(entry, { ...claim.settings, partitions: 3 }, claim.budget.stepsMax, 11);
    });
  }
});
