/**
 * The claims of design.md §1 as vitest suites, with a CI-sized budget. An `always` claim must hold on the
 * reference broker; a `sometimes` claim must be witnessed for three seeds within its budget, and the shrunk
 * witness must show the expected cause (checked by the claim's cause reader, whose words we assert here).
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { CLAIMS, claimNamed } from '../../src/properties/claims/catalogue.ts';
import { storyLines } from '../../src/properties/runner/story.ts';
import { RUNS_DIR } from '../../src/cli/trace-files.ts';
import { counterexampleMessage, writeCounterexampleFiles } from '../../src/explain/counterexample-files.ts';

/** Runs per `always` claim in `npm test`; `kcheck check` and the matrix run more. */
const CI_RUNS = 150;
const WITNESS_SEEDS = [1, 2, 3];

const always = CLAIMS.filter((c) => c.expectation === 'always');
const sometimes = CLAIMS.filter((c) => c.expectation === 'sometimes');

describe('always: no schedule violates the claim', () => {
  it.each(always.map((c) => [`${c.id} ${c.name}`, c] as const))('%s', (_, claim) => {
    const result = checkClaim(claim, { seed: 42, runs: CI_RUNS });
    // A violation prints its story and {seed, path}, and leaves the trace, its explanation and a viewer under reports/runs/.
    const story = result.counterexample ? `\n${counterexampleMessage(result, writeCounterexampleFiles(result, RUNS_DIR))}\n` : '';
    expect(result.outcome, story).toBe('holds');
    expect(result.runs).toBe(CI_RUNS);
  });
});

/** What each witness's cause must say: the story the claim is about, not just any anomaly. */
const EXPECTED_CAUSE: Record<string, RegExp> = {
  'C2-P3': /went to p\d and .* to p\d: each partition keeps its order/,
  C3: /acked at .* with acks=0, before any broker held it/,
  C4: /acked by b\d .*; b\d (failed at|lost its session).* while no follower held r\d+; .* the controller made b\d, without r\d+, leader/,
  C6: /acked by b\d .* with an ISR of one .*the controller made b\d, without r\d+, leader/,
  'C7-outage': /every broker holding it lost power .* before the OS wrote it back/,
  'C7-last-replica': /the ISR had shrunk to b\d alone when .* cut its power .*the last ISR member, led epoch \d+ without r\d+/,
  'C9-off': /batch was sent \d+ times .*without idempotence; it landed after a record sent later/,
  'C10-off': /batch was sent \d+ times .*without idempotence; the broker appended r\d+ twice/,
};

describe('sometimes: kcheck finds the violation, shrinks it, and the witness shows the cause', () => {
  it('every sometimes claim has an expected cause here', () => {
    expect(sometimes.map((c) => c.id).sort()).toEqual(Object.keys(EXPECTED_CAUSE).sort());
  });

  for (const claim of sometimes) {
    it.each(WITNESS_SEEDS)(`${claim.id} ${claim.name}, seed %i`, (seed) => {
      const result = checkClaim(claim, { seed });
      expect(result.outcome).toBe('witnessed');
      expect(result.runs).toBeLessThanOrEqual(claim.budget.runs);
      const witness = result.counterexample!;
      expect(witness.cause).toMatch(EXPECTED_CAUSE[claim.id]!);
      // Shrunk: a short story, every step of which applied (a fault a trigger fired is told on a line of its own).
      expect(storyLines(witness.run.executed).filter((line) => !line.trimStart().startsWith('↳')).length).toBeLessThanOrEqual(12);
    });
  }
});

describe('acks=1 loss, the flagship witness', () => {
  it('shrinks to a send, its ack, and the leader losing its leadership before replication', () => {
    const result = checkClaim(claimNamed('acks1-loss')!, { seed: 1 });
    const story = storyLines(result.counterexample!.run.executed);
    expect(story.length).toBeLessThanOrEqual(8);
    expect(story.some((line) => line.includes('send r1'))).toBe(true);
    expect(result.counterexample!.finding).toMatchObject({ kind: 'lost-write', values: ['r1'], partition: 0 });
  });

  it('replays from {seed, path}: the same counterexample again', () => {
    const claim = claimNamed('acks1-loss')!;
    const first = checkClaim(claim, { seed: 7 });
    const again = checkClaim(claim, { seed: first.counterexample!.seed, path: first.counterexample!.path });
    expect(storyLines(again.counterexample!.run.executed)).toEqual(storyLines(first.counterexample!.run.executed));
  });
});
