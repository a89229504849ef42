/**
 * `kcheck replay` re-executes a trace's recorded schedule: every curated example reproduces its violation,
 * twice the same bytes; a trace whose bug is gone exits 0 (a regression test); `--broker` replays on another
 * broker and says so.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBroker } from '../../src/broker-loader/load-broker.ts';
import { replayCommand } from '../../src/cli/replay-command.ts';
import { writeCounterexampleFiles } from '../../src/explain/counterexample-files.ts';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { clusterConfigFor, type CheckSettings } from '../../src/properties/settings.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { editedTrace, exampleText, exampleTraceFiles, runCommand } from './trace-kit.ts';

const dir = mkdtempSync(join(tmpdir(), 'kcheck-replay-'));
function traceFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('every example trace replays to the same violation', () => {
  it.each(exampleTraceFiles())('%s', async (file) => {
    const trace = parseTrace(exampleText(file.replace(/^.*\/|\.json$/g, '')), file);
    const replay = replayTrace(trace);
    expect(replay.verdict).toBe('reproduced');
    expect(replay.finding).toMatchObject({ kind: trace.violation.anomaly, step: trace.violation.step, message: trace.violation.message });
    expect(replay.cause).toBe(trace.violation.cause);
    expect(replay.departure).toBeUndefined();

    const first = await runCommand(replayCommand, [file]);
    const second = await runCommand(replayCommand, [file]);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/\nreproduced: /);
    expect(second).toEqual(first);
  });
});

describe('the story a replay prints', () => {
  it('names the property, the targeted steps, the violation and its cause', async () => {
    const { code, out } = await runCommand(replayCommand, ['reports/examples/acks1-loss.json']);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      'replay reports/examples/acks1-loss.json: C4 acks1-loss (sometimes) on broker reference',
      '    1. producer0 send r1',
      '    2. run 10ms',
      '    3. crash b0 (the leader of p0)',
      '    4. restart b0 (a broker that is down)',
      expect.stringMatching(/^ {2}→ step 8: lost-write: producer0's r1, acked at offset 0 of p0/),
      expect.stringMatching(/^ {2}cause: r1 was acked by b0 at step 2/),
      'reproduced: lost-write at step 8 (recorded: lost-write at step 8)',
    ]);
  });
});

describe('a fixed bug: the trace becomes a regression test', () => {
  it('exits 0 when the property is no longer violated', async () => {
    // acks=all with minISR=2: r1 is acked only once a follower holds it, so the crash loses nothing.
    const fixed = editedTrace('acks1-loss', (t) => {
      const settings: CheckSettings = { ...t.settings, acks: 'all', minInsyncReplicas: 2 };
      t.settings = settings;
      t.config = clusterConfigFor(settings);
    });
    const { code, out } = await runCommand(replayCommand, [traceFile('fixed.json', fixed)]);
    expect(code).toBe(0);
    expect(out).toMatch(/\nno longer reproduces: acks1-loss finds no lost-write \(recorded: lost-write at step 8\)$/);
    expect(out).toMatch(/note: The violation no longer reproduces/);
  });
});

describe('--broker MODULE', () => {
  it('replays on the module’s broker and says it is not the one recorded', async () => {
    // examples/minimal-broker.ts exports its broker by name (minimalBroker): the only broker the module exports.
    const { code, out } = await runCommand(replayCommand, ['reports/examples/acks1-loss.json', '--broker', 'examples/minimal-broker.ts']);
    expect(out).toMatch(/on broker example\/minimal\n/);
    expect(out).toMatch(/note: The trace was recorded with broker "reference"; this run used "example\/minimal"/);
    expect([0, 1]).toContain(code);
  });

  it('a module that exports no broker, or none at all, is bad input', async () => {
    const notABroker = traceFile('not-a-broker.ts', 'export const answer = 42;\n');
    expect((await runCommand(replayCommand, ['reports/examples/acks1-loss.json', '--broker', notABroker])).err).toMatch(/^kcheck: broker: .*not-a-broker\.ts exports no broker: /);
    const missing = await runCommand(replayCommand, ['reports/examples/acks1-loss.json', '--broker', join(dir, 'nowhere.ts')]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/^kcheck: broker: cannot read .*nowhere\.ts: /) });
    expect(missing.err.split('\n')).toHaveLength(1);
  });

  it('a broker that fails is a finding: its trace replays to the same failure on that broker', async () => {
    const module = 'test/fixtures/brokers/throws-on-fetch.ts';
    const result = checkClaim(claimNamed('acks1-loss')!, { seed: 1, runs: 20, broker: await loadBroker(module) });
    expect(result.outcome).toBe('broker-failed');
    const files = writeCounterexampleFiles(result, dir);
    const replayed = await runCommand(replayCommand, [files.json, '--broker', module]);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toMatch(/\nreproduced: broker-fault at step \d+ \(recorded: broker-fault at step \d+\)$/);
    expect(readFileSync(files.md, 'utf8')).toMatch(/^# C4 acks1-loss: broker failed: broker-fault at step \d+/);
  });

  it('a trace recorded on another broker says so when replayed on the reference', async () => {
    const text = editedTrace('acks1-loss', (t) => (t.broker = 'student:alice'));
    const { out } = await runCommand(replayCommand, [traceFile('alice.json', text)]);
    expect(out).toMatch(/note: The trace was recorded with broker "student:alice"; this run used "reference"/);
  });
});
