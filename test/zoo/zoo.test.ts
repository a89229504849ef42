/**
 * The bug zoo (src/zoo/registry.ts, docs/bug-zoo.md): every variant is the reference with exactly one part swapped
 * and says so in its header, kcheck catches every variant but the known misses (each says why), and the reference
 * raises no false alarm.
 *
 * CI budgets, to stay under a minute: the false-alarm check runs every `always` claim on the reference for seeds
 * 1–20 with 20 schedules each (9 claims × 20 seeds × 20 = 3,600 runs). Each variant is hunted once, with the seed in
 * its test title, the zoo's budget on its expected property and 20 schedules on each other claim; a fixed seed
 * makes the hunt deterministic. `kcheck zoo` (npm run bench:zoo) measures every variant over seeds 1–5.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { explainReplay } from '../../src/explain/explained-run.ts';
import { ALL_CLAIMS, claimNamed } from '../../src/properties/claims/catalogue.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { buildTrace, traceJson } from '../../src/properties/trace/trace.ts';
import { storyLines } from '../../src/properties/runner/story.ts';
import { referenceParts } from '../../src/system/broker/reference-parts.ts';
import { referenceControllerParts } from '../../src/system/controller/controller-parts.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../../src/system/coordinator/coordinator-parts.ts';
import { hunt, referenceAlsoFails, ZOO_BUDGET } from '../../src/zoo/hunt.ts';
import { ZOO, type ZooEntry } from '../../src/zoo/registry.ts';

const FALSE_ALARM_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const CI_RUNS = 20;
const always = ALL_CLAIMS.filter((c) => c.expectation === 'always');

/** The parts (broker and controller) in which an entry differs from the reference. */
function swappedParts(entry: ZooEntry): string[] {
  const broker = Object.keys(referenceParts).filter((k) => entry.parts[k as keyof typeof referenceParts] !== referenceParts[k as keyof typeof referenceParts]);
  const controllerParts = entry.controllerParts ?? referenceControllerParts;
  const controller = Object.keys(referenceControllerParts)
    .filter((k) => controllerParts[k as keyof typeof referenceControllerParts] !== referenceControllerParts[k as keyof typeof referenceControllerParts])
    .map((k) => `controller.${k}`);
  const coordinatorParts = entry.coordinatorParts ?? referenceCoordinatorParts;
  const coordinator = (Object.keys(referenceCoordinatorParts) as Array<keyof CoordinatorParts>).filter((k) => coordinatorParts[k] !== referenceCoordinatorParts[k]).map((k) => `coordinator.${k}`);
  return [...broker, ...controller, ...coordinator];
}

describe('the zoo', () => {
  it('has at least 12 variants with distinct ids and brokers named after them', () => {
    expect(ZOO.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ZOO.map((e) => e.id)).size).toBe(ZOO.length);
    for (const entry of ZOO) expect(entry.controller ? entry.broker.id : entry.broker.id.replace(/^variant\//, '')).toBe(entry.controller ? 'reference' : entry.id);
  });

  it.each(ZOO.map((e) => [e.id, e] as const))('%s swaps exactly one part of the reference, the one it names', (_, entry) => {
    const swapped = swappedParts(entry);
    expect(swapped).toHaveLength(1);
    expect(entry.part.startsWith(swapped[0]!)).toBe(true);
  });

  it.each(ZOO.map((e) => [e.id, e] as const))('%s opens with what is wrong, the real-world reference and the property expected to catch it', (_, entry) => {
    const header = readFileSync(entry.file, 'utf8').split('*/')[0]!;
    expect(header.startsWith('/**')).toBe(true);
    expect(header).toMatch(/\* (Controller variant|Variant): \S/);
    expect(header).toMatch(/Real world: \S/);
    expect(header).toContain(`Expected to be caught by: ${entry.expectedProperty}`);
    expect(always.map((c) => c.name)).toContain(entry.expectedProperty);
  });
});

describe('kcheck catches every variant but the known misses', () => {
  it('names few known misses, each with the reason the search misses it', () => {
    const misses = ZOO.filter((e) => e.knownMiss !== undefined);
    // KIP-320's variant only (its harm shown reachable in test/zoo/deep-variants.test.ts): fewer, not more.
    expect(misses.length).toBeLessThanOrEqual(1);
    for (const entry of misses) expect(entry.knownMiss!.length).toBeGreaterThan(80);
  });

  // Seed 1 of `kcheck zoo`'s five (reports/bug-zoo.json has every seed).
  const hunted = ZOO.filter((e) => e.knownMiss === undefined);
  it.each(hunted.map((e) => [e.id, e] as const))('%s (seed 1)', (_, entry) => {
    const result = hunt(entry, { seed: 1, budget: { expectedRuns: ZOO_BUDGET.expectedRuns, otherRuns: CI_RUNS } });
    const tried = result.tried.map((t) => `${t.claim}: ${t.outcome} after ${t.runs} run(s)${t.referenceFails ? ' (the reference fails it too)' : ''}`).join('\n');
    expect(result.catch, `not caught:\n${tried}`).toBeDefined();
    const caught = result.catch!;
    // A liveness violation counts: the variant's cluster does not converge after repair where the reference's
    // does on the same schedule (KAFKA-3919's variant: the replica that kept a replaced record never rejoins).
    expect(['violated', 'liveness']).toContain(caught.outcome);
    expect(caught.claim.name).toBe(entry.expectedProperty);
    // The catch is the variant's own: the reference keeps the claim on the same shrunk schedule.
    expect(referenceAlsoFails(caught)).toBe(false);
    expect(storyLines(caught.counterexample!.run.executed).length).toBeGreaterThan(0);
  });
});

describe("a controller variant's trace", () => {
  it('names the controller; a replay, which runs the reference controller, says so', () => {
    const entry = ZOO.find((e) => e.controller !== undefined)!;
    const result = checkClaim(claimNamed(entry.expectedProperty)!, { seed: 1, runs: ZOO_BUDGET.expectedRuns, controller: entry.controller! });
    const trace = parseTrace(traceJson(buildTrace(result.claim, result.counterexample!)), 'controller-variant.json');
    expect(trace).toMatchObject({ broker: 'reference', controller: `variant/${entry.id}` });
    const replay = replayTrace(trace);
    expect(replay.verdict).toBe('not-reproduced');
    expect(explainReplay(replay, 'controller-variant.json').notes).toContain(
      `The trace was recorded with controller "variant/${entry.id}"; this run used "reference" (replay loads brokers, not controllers).`,
    );
  });
});

describe('no false alarm on the reference', () => {
  it.each(always.map((c) => [`${c.id} ${c.name}`, c] as const))('%s holds for seeds 1–20', (_, claim) => {
    const violated = FALSE_ALARM_SEEDS.map((seed) => ({ seed, result: checkClaim(claim, { seed, runs: CI_RUNS }) })).filter(({ result }) => result.outcome !== 'holds');
    expect(violated.map(({ seed, result }) => `seed ${seed}: ${result.outcome} ${result.counterexample?.finding.message ?? ''}`)).toEqual([]);
  });
});
