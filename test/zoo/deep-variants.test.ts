/**
 * The zoo's deep variants (issue 15): each shown by a hand-built schedule of at least 8 steps, on which the variant
 * breaks its expected claim with the expected finding and the reference keeps the claim. The schedules are the
 * mechanism written out step by step (see each variant's header); whether the random search finds them is
 * `kcheck zoo --only ID`'s business, not this file's.
 */
import { describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { judgedBy } from '../../src/properties/claims/claim.ts';
import { runSchedule } from '../../src/properties/runner/run-schedule.ts';
import type { ScheduleStep } from '../../src/properties/schedule/targeted-step.ts';
import { zooEntry } from '../../src/zoo/registry.ts';

const send = (value: string): ScheduleStep => ({ type: 'send', producer: 'producer0', key: null, value });
const deliver = (from: string, to: string): ScheduleStep => ({ type: 'deliver', from, to });
const run = (ms: number): ScheduleStep => ({ type: 'run', ms });
const tick = (ms: number): ScheduleStep => ({ type: 'tick', ms });
const fault = (type: 'crash' | 'powerLoss' | 'restart' | 'pause' | 'resume', node: string): ScheduleStep => ({ type, node });

interface DeepCase {
  id: string;
  /** The finding kind the variant shows first among those its expected claim judges. */
  finding: string;
  /** Which of the shapes the harm needs: (a) delivery order across a leader change, (b) a fault at a
   * protocol moment, (c) time past the 30 s writeback, (d) a follower cut off across leader changes. */
  shape: string;
  schedule: ScheduleStep[];
}

/** KAFKA-7128's story: the old leader loses power right after acking r1, before its followers heard of the new high
 * watermark; the new leader's high watermark lags, and the empty replica reaches it. */
const ACKED_THEN_LEADER_POWER_LOSS: ScheduleStep[] = [
  send('r1'),
  tick(10),
  deliver('producer0', 'b0'),
  tick(500),
  deliver('b1', 'b0'),
  deliver('b2', 'b0'),
  deliver('b0', 'b1'),
  deliver('b0', 'b2'),
  deliver('b1', 'b0'),
  deliver('b2', 'b0'), // r1 committed; the followers have not heard of the new high watermark
  deliver('b0', 'producer0'), // r1 acked
  fault('powerLoss', 'b0'), // b0 loses r1 (never written back)
  fault('restart', 'b0'),
  deliver('b0', 'controller'), // the old b0 fenced: b1 leads epoch 2 from offset 1, with its high watermark 0
  deliver('controller', 'b1'),
  deliver('controller', 'b0'), // stamped for b0's previous process: ignored
  deliver('controller', 'b0'), // follow b1
  deliver('b0', 'b1'), // b0's log end 0 reaches b1's high watermark 0: the variant adds b0 to the ISR
  deliver('b1', 'controller'),
  fault('crash', 'b1'),
  run(5_000), // b0, first in the ISR, leads without r1
];

const CASES: DeepCase[] = [
  {
    id: 'fenced-replica-joins-isr',
    finding: 'strong-isr',
    shape: 'b',
    schedule: [
      send('r1'),
      run(1_000), // r1 on every replica, in their page caches
      fault('pause', 'b1'),
      run(6_000), // b1 is fenced and leaves the ISR
      fault('resume', 'b1'),
      deliver('b0', 'b1'), // the answer to the fetch b1 sent before it stopped
      tick(500), // b1 fetches again (at the leader's log end) and sends a heartbeat; nothing is delivered
      deliver('b1', 'b0'), // the leader sees b1 caught up and asks to add it, before the controller hears from b1
      deliver('b0', 'controller'), // the controller adds fenced b1 (the reference: INELIGIBLE_REPLICA)
      fault('powerLoss', 'b1'), // r1 was never written back
      fault('restart', 'b1'),
      run(1_000), // b1's new process is admitted where the old one was: in the ISR, without r1
    ],
  },
  {
    id: 'stale-isr-update-accepted',
    finding: 'strong-isr',
    shape: 'a, b',
    schedule: [
      fault('crash', 'b1'),
      run(6_000), // b1 fenced: the ISR is b0, b2
      send('r1'),
      run(1_000), // r1 committed on b0 and b2
      fault('restart', 'b1'),
      deliver('b1', 'controller'),
      deliver('controller', 'b1'), // follow b0
      deliver('b1', 'b0'),
      deliver('b0', 'b1'), // b1 copies r1
      deliver('b1', 'b0'), // b1 caught up: b0 asks for the ISR b0, b1, b2 at the partition epoch it knows
      fault('powerLoss', 'b2'),
      fault('restart', 'b2'),
      deliver('b2', 'controller'), // b2's old process is fenced (a newer partition epoch), its new one admitted
      deliver('b0', 'controller'), // the stale expansion: the reference refuses it (INVALID_UPDATE_VERSION)
      run(1_000),
    ],
  },
  {
    id: 'recovery-ignores-epoch-checkpoint',
    finding: 'log-matching',
    shape: 'c',
    schedule: [
      run(28_000), // close to the first OS writeback (30 s)
      send('r1'),
      tick(10),
      deliver('producer0', 'b0'),
      tick(500), // the followers' fetches are due
      deliver('b2', 'b0'),
      deliver('b0', 'b2'), // only b2 copies r1 (epoch 1)
      tick(1_500), // the writeback puts r1 on b2's platters
      fault('crash', 'b0'),
      run(5_000), // b1 leads epoch 2 and takes the producer's retry of r1 at offset 0; b2 truncates and copies it
      send('r2'),
      run(7_000), // the fsync'd checkpoints: epoch 2 starts at 0, high watermark 2
      fault('powerLoss', 'b2'), // the platters still hold r1 of epoch 1 at offset 0
      fault('restart', 'b2'),
      run(3_000),
    ],
  },
  {
    id: 'stale-fetch-response-applied',
    finding: 'log-matching',
    shape: 'a, d',
    schedule: [
      send('r1'),
      run(1_000),
      send('r2'),
      tick(10),
      deliver('producer0', 'b0'), // r2 at offset 1, epoch 1, on b0 only
      tick(500),
      deliver('b2', 'b0'), // b0's answer carrying r2 waits on the link to b2
      fault('pause', 'b2'),
      fault('pause', 'b0'),
      run(4_000), // both fenced: b1 leads epoch 2
      send('r3'),
      send('r4'),
      run(6_000), // the producer times out on b0 and writes r3, r4 to b1 at offsets 1, 2
      fault('resume', 'b2'),
      deliver('controller', 'b2'), // follow b1
      deliver('b2', 'b1'),
      deliver('b1', 'b2'), // truncate to 1 (nothing to cut), fetch from 1
      deliver('b0', 'b2'), // the old leader's late answer: the variant appends r2 at offset 1
      run(2_000),
    ],
  },
  {
    id: 'high-watermark-ignores-pending-expansion',
    finding: 'strong-isr',
    shape: 'b',
    schedule: [
      fault('crash', 'b2'),
      run(6_000), // b2 fenced: the ISR is b0, b1
      fault('restart', 'b2'),
      deliver('b2', 'controller'),
      deliver('controller', 'b2'),
      deliver('b2', 'b0'), // b2 caught up (nothing written yet): b0 asks to add it
      send('r1'),
      tick(10),
      deliver('producer0', 'b0'),
      tick(500),
      deliver('b1', 'b0'),
      deliver('b0', 'b1'),
      deliver('b1', 'b0'), // r1 on b0 and b1: the variant commits it over the old ISR
      run(100), // the controller accepts the expansion: b2 counts, without r1
    ],
  },
  {
    id: 'stale-epoch-fetch-accepted',
    finding: 'log-matching',
    shape: 'a, d',
    schedule: [
      send('r1'),
      run(1_000), // r1 on every replica
      send('r2'),
      tick(10),
      deliver('producer0', 'b0'), // r2 at offset 1, epoch 1, on b0
      tick(500),
      deliver('b2', 'b0'),
      deliver('b0', 'b2'), // b2 copies r2; b1 does not
      fault('pause', 'b2'), // the zombie: it will not hear of epochs 2 and 3
      fault('pause', 'b0'),
      run(4_000), // b0 and b2 fenced: b1 leads epoch 2 from offset 1
      send('r3'),
      run(6_000), // r3 at offset 1 on b1, epoch 2
      fault('resume', 'b0'),
      run(3_000), // b0 truncates r2, copies r3, rejoins the ISR
      fault('pause', 'b1'),
      run(4_000), // b0 leads epoch 3
      { type: 'hold', from: 'controller', to: 'b2' }, // the controller's word of epochs 2 and 3 waits
      fault('resume', 'b2'),
      run(500), // b2 fetches from b0 at offset 2 with epoch 1: the variant serves it and counts b2 caught up (the reference: FENCED_LEADER_EPOCH)
      run(1_000), // b2 back in the ISR with r2 where b0 holds r3
    ],
  },
  { id: 'isr-join-before-epoch-start', finding: 'leader-completeness', shape: 'b', schedule: ACKED_THEN_LEADER_POWER_LOSS },
  { id: 'epoch-start-at-first-append', finding: 'leader-completeness', shape: 'b', schedule: ACKED_THEN_LEADER_POWER_LOSS },
];

describe('deep variants, each shown by a hand-built schedule', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_, deepCase) => {
    const entry = zooEntry(deepCase.id);
    expect(entry, `no zoo entry ${deepCase.id}`).toBeDefined();
    const claim = claimNamed(entry!.expectedProperty)!;
    const judges = judgedBy(claim);
    expect(deepCase.schedule.length).toBeGreaterThanOrEqual(8);

    const variant = runSchedule(claim.settings, deepCase.schedule, { broker: entry!.broker, ...(entry!.controller ? { controller: entry!.controller } : {}) });
    const reference = runSchedule(claim.settings, deepCase.schedule);

    const judgedOn = (result: typeof variant) => result.findings.filter((f) => judges(f, result.history));
    expect(judgedOn(variant)[0]?.kind, `the variant's findings: ${variant.findings.map((f) => f.kind).join(', ')}`).toBe(deepCase.finding);
    expect(judgedOn(reference).map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
  });
});
