/**
 * One tree's model-checker figures on the bench's configuration (C5, 2 sends, 1 crash, virtual time ≤ 1100 ms):
 * each strategy with and without --por stopped at STATES distinct states (after a short warm-up search), distinct
 * states per CPU second and per wall second, and the visited set's bytes per state; then, on the states of a small
 * space, the microseconds of one successor's copy, step and fingerprint. Only the exported API both trees have.
 * Prints one JSON line.
 * Run: node --import tsx scripts/mc-before-after/measure.ts ROOT STATES
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root = '.', statesText = '20000'] = process.argv.slice(2);
const load = (path: string) => import(pathToFileURL(join(root, path)).href);
const { claimNamed } = await load('src/properties/claims/catalogue.ts');
const { modelCheck } = await load('src/mc/model-check.ts');
const { enabledSteps } = await load('src/mc/actions.ts');
const { fingerprintOf } = await load('src/mc/fingerprint.ts');
const { copyState, initialState, successor } = await load('src/mc/mc-state.ts');
const { executeStep } = await load('src/properties/runner/execute-step.ts');

const MODEL = { sends: 2, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 };
const claim = claimNamed('acks-all-durable');
// A first, short search warms the JIT, so that the first measured search does not pay for it alone.
modelCheck({ claim, model: MODEL, search: { depthMax: 60, statesMax: 3_000 }, strategy: 'dfs' });
const searches = [];
for (const por of [false, true]) {
  for (const strategy of ['bfs', 'dfs']) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = modelCheck({ claim, model: MODEL, search: { depthMax: 60, statesMax: Number(statesText) }, strategy, por });
    const used = process.cpuUsage(cpu);
    const s = result.search;
    searches.push({ strategy, por, distinct: s.distinct, generated: s.generated, cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: (performance.now() - wall) / 1_000, bytesPerState: s.bytesPerState });
  }
}
const states = [initialState({ settings: claim.settings }).state];
for (let i = 0; states.length < 400 && i < states.length; i++) {
  for (const step of enabledSteps(states[i], MODEL)) if (states.length < 400) states.push(successor(states[i], step).state);
}
const part = { copy: 0, step: 0, fingerprint: 0 };
let successors = 0;
for (const state of states) {
  for (const step of enabledSteps(state, MODEL)) {
    const t0 = performance.now();
    const copy = copyState(state);
    const t1 = performance.now();
    executeStep(copy.run, step, 'faults');
    const t2 = performance.now();
    fingerprintOf(copy);
    const t3 = performance.now();
    part.copy += t1 - t0;
    part.step += t2 - t1;
    part.fingerprint += t3 - t2;
    successors++;
  }
}
const us = (ms: number) => Math.round((ms * 10_000) / successors) / 10;
console.log(JSON.stringify({ searches, copyUs: us(part.copy), stepUs: us(part.step), fingerprintUs: us(part.fingerprint) }));
