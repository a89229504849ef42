/**
 * The broker sandbox: a module from any folder loads (TypeScript or JavaScript, with or without a package.json,
 * importing kcheck by its package name); a broker that loops, exhausts memory or ends its thread is a
 * `broker-failed` verdict with its reason and the steps that led there, and the sandbox goes on with a fresh thread.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import type { Claim } from '../../src/properties/claims/claim.ts';
import { BrokerSandbox, type SandboxLimits } from '../../src/sandbox/broker-sandbox.ts';
import { checkClaimInSandbox } from '../../src/sandbox/sandboxed-runs.ts';
import { KcheckInputError } from '../../src/input-error.ts';

const FIXTURES = 'test/fixtures/brokers';
/** Far above what the reference's calls take (microseconds); a looping call is ended after this. */
const LIMITS: SandboxLimits = { callTimeoutMs: 1_000, runTimeoutMs: 600_000, memoryMb: 128 };
const claim = claimNamed('acks-all-durable')!;
const ref = (c: Claim) => ({ source: 'catalogue' as const, name: c.name, settings: c.settings });
const opened: BrokerSandbox[] = [];
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
});

async function open(path: string, limits = LIMITS): Promise<BrokerSandbox> {
  const sandbox = await BrokerSandbox.open(path, path, limits);
  opened.push(sandbox);
  return sandbox;
}

const outside = mkdtempSync(join(tmpdir(), 'kcheck-outside-'));
const IMPORT_FREE = `export default {
  id: 'outside:import-free',
  init: () => ({ state: { started: true }, outputs: [] }),
  handle: (state) => ({ state, outputs: [] }),
  inspect: () => ({ brokerId: 0, replicas: [] }),
};
`;

describe('a broker module outside the checkout', () => {
  it.each([
    ['broker.ts', `import type { BrokerLogic } from 'kcheck';\nconst broker: BrokerLogic<{ started: boolean }> = ${IMPORT_FREE.replace('export default ', '').replace(/;\n$/, '')};\nexport default broker;\n`],
    ['broker.js', IMPORT_FREE],
    ['broker.mjs', IMPORT_FREE],
    ['reference.ts', `import { referenceBroker } from 'kcheck';\nexport default { ...referenceBroker, id: 'outside:reference' };\n`],
  ])('%s loads without a package.json and is checked', async (name, source) => {
    const path = join(outside, name);
    writeFileSync(path, source);
    const sandbox = await open(path);
    expect(sandbox.failedToLoad).toBeUndefined();
    const result = await checkClaimInSandbox(sandbox, claim, ref(claim), { seed: 1, runs: 3 });
    // A broker that does nothing never lets the cluster converge (no leader): a liveness verdict, on its first run;
    // the reference re-exported holds.
    expect(result.outcome).toBe(name === 'reference.ts' ? 'holds' : 'liveness');
    expect(result.runs).toBe(name === 'reference.ts' ? 3 : 1);
  });

  it('the reference, imported from kcheck by a module outside, holds acks-all-durable as the in-process reference does', async () => {
    const sandbox = await open(join(outside, 'reference.ts'));
    const result = await checkClaimInSandbox(sandbox, claim, ref(claim), { seed: 1, runs: 20 });
    expect(result.outcome).toBe('holds');
    expect(result.progress.runs).toBe(20);
  });

  it('refuses a module that exports no broker as bad input', async () => {
    const path = join(outside, 'nothing.mjs');
    writeFileSync(path, 'export const answer = 42;\n');
    await expect(open(path)).rejects.toThrow(KcheckInputError);
  });
});

describe('a broker that takes its thread down is a verdict, with its reason and the steps that led there', () => {
  it.each([
    ['loops-forever.ts', LIMITS, /handle\(fetchRequest\) did not return within 1000 ms/],
    ['allocates-forever.ts', { ...LIMITS, callTimeoutMs: 60_000, memoryMb: 64 }, /ran out of memory \(the sandbox's limit is 64 MB\)/],
    ['exits-process.ts', LIMITS, /ended its thread/],
  ])('%s', async (file, limits, reason) => {
    const sandbox = await open(`${FIXTURES}/${file}`, limits);
    const result = await checkClaimInSandbox(sandbox, claim, ref(claim), { seed: 1, runs: 20 });
    expect(result.outcome).toBe('broker-failed');
    expect(result.brokerFailure).toMatch(reason);
    const ce = result.counterexample!;
    expect(ce.finding).toMatchObject({ source: 'broker', kind: 'broker-fault' });
    // The rebuilt run ends at the step where the broker failed, with the cluster as it was before it.
    expect(ce.finding.step).toBe(ce.run.executed.length - 1);
    expect(ce.run.snapshots).toHaveLength(ce.run.executed.length);
    // The sandbox goes on: the next job gets a fresh thread (and fails the same way, not by hanging).
    const again = await checkClaimInSandbox(sandbox, claim, ref(claim), { seed: 2, runs: 5 });
    expect(again.outcome).toBe('broker-failed');
    expect(again.brokerFailure).toMatch(reason);
  });

  it('a module that throws while it loads fails every check with that reason, without a run', async () => {
    const sandbox = await open(`${FIXTURES}/throws-on-import.ts`);
    const result = await checkClaimInSandbox(sandbox, claim, ref(claim), { seed: 1, runs: 5 });
    expect(result).toMatchObject({ outcome: 'broker-failed', asExpected: false });
    expect(result.brokerFailure).toMatch(/failed to load: cannot start: missing configuration/);
    expect(result.counterexample).toBeUndefined();
  });
});
