/**
 * The process around a user's sandbox (src/sandbox/process-sandbox.ts): what takes the whole process down (a kill,
 * V8 out of memory past the worker thread's best-effort limit) ends only the child, as a `broker-failed`
 * verdict with its reason, and the next job forks a fresh child; otherwise it answers as the thread alone does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KcheckInputError } from '../../src/input-error.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { BrokerSandbox, type SandboxLimits } from '../../src/sandbox/broker-sandbox.ts';
import { claimRefOf } from '../../src/sandbox/claim-ref.ts';
import { ProcessSandbox } from '../../src/sandbox/process-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { checkClaimInSandbox } from '../../src/sandbox/sandboxed-runs.ts';

const FIXTURES = 'test/fixtures/brokers';
/** A call limit far above the reference's calls, and above what the fast allocator takes to fill 128 MB. */
const LIMITS: SandboxLimits = { callTimeoutMs: 30_000, runTimeoutMs: 600_000, memoryMb: 128 };
const claim = claimNamed('acks-all-durable')!;
const opened: Sandbox[] = [];
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
});
async function open(path: string): Promise<ProcessSandbox> {
  const sandbox = await ProcessSandbox.open(path, path, LIMITS);
  opened.push(sandbox);
  return sandbox;
}

describe('a broker that takes its whole process down', () => {
  it.each([
    ['kills-process.ts', /^the broker's sandbox process was killed by SIGKILL/],
    ['allocates-fast.ts', /^the broker ran out of memory \(the sandbox's limit is 128 MB\)$/],
  ])('%s: a verdict with its reason, and the next job runs in a fresh child', async (file, reason) => {
    const sandbox = await open(`${FIXTURES}/${file}`);
    for (const seed of [1, 2]) {
      const result = await checkClaimInSandbox(sandbox, claim, claimRefOf(claim), { seed, runs: 20 });
      expect(result.outcome, `seed ${seed}`).toBe('broker-failed');
      expect(result.brokerFailure, `seed ${seed}`).toMatch(reason);
      expect(result.counterexample!.finding).toMatchObject({ source: 'broker', kind: 'broker-fault' });
    }
  });
});

describe('otherwise, the thread inside answers', () => {
  it('the reference in a module outside the checkout: the same result as in a thread of kcheck\'s own', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kcheck-process-')), 'reference.ts');
    writeFileSync(path, "import { referenceBroker } from 'kcheck';\nexport default { ...referenceBroker, id: 'outside:reference' };\n");
    const inProcess = await open(path);
    const inThread = await BrokerSandbox.open(path, path, LIMITS);
    opened.push(inThread);
    const [a, b] = [await checkClaimInSandbox(inProcess, claim, claimRefOf(claim), { seed: 3, runs: 10 }), await checkClaimInSandbox(inThread, claim, claimRefOf(claim), { seed: 3, runs: 10 })];
    expect(inProcess.brokerId).toBe('outside:reference');
    expect(a.outcome).toBe('holds');
    expect(a).toEqual(b);
  });

  it('a module that exports no broker is bad input, through the process as through the thread', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kcheck-process-')), 'nothing.mjs');
    writeFileSync(path, 'export const answer = 42;\n');
    await expect(open(path)).rejects.toThrow(KcheckInputError);
  });

  it('a module that throws while it loads fails every job with that reason', async () => {
    const sandbox = await open(`${FIXTURES}/throws-on-import.ts`);
    expect(sandbox.failedToLoad).toMatch(/failed to load: cannot start: missing configuration/);
    const result = await checkClaimInSandbox(sandbox, claim, claimRefOf(claim), { seed: 1, runs: 5 });
    expect(result.brokerFailure).toMatch(/failed to load: cannot start: missing configuration/);
  });

  it('close ends a job in progress (a loop) at once, as a failure', async () => {
    const sandbox = await open(`${FIXTURES}/loops-forever.ts`);
    const job = sandbox.run({ type: 'check', claim: claimRefOf(claim), seed: 1, runs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await sandbox.close();
    expect(await job).toEqual({ ok: false, failure: { reason: 'ended by kcheck' } });
  });
});
