/**
 * `--shard i/n` and `kcheck merge`: the n shards of a campaign, merged, give the report and the output the
 * unsharded command gives, byte for byte where the report holds no wall time; anything but the n shards of one
 * campaign is bad input.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { shardIndices } from '../../src/cli/shards.ts';

let log: MockInstance<typeof console.log>;
let error: MockInstance<typeof console.error>;
beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  log.mockRestore();
  error.mockRestore();
});

const printed = () => log.mock.calls.map((c) => c.join(' ')).join('\n');
const errors = () => error.mock.calls.map((c) => c.join(' ')).join('\n');
const clearOutput = () => {
  log.mockClear();
  error.mockClear();
};
const shardFiles = (dir: string) => readdirSync(dir).sort().map((name) => join(dir, name));

/** Cells of the acks=1 row: a `sometimes` cell with a counterexample and an `always` cell without. */
const CELLS = 'acks=1 minISR=1 unclean=off crash';

describe('shards', () => {
  it('give each unit to exactly one shard', () => {
    const parts = [1, 2, 3].map((index) => shardIndices(10, { index, count: 3 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(parts[0]).toEqual([0, 3, 6, 9]);
  });
});

describe('kcheck matrix --shard and merge', () => {
  it('merges into the report the unsharded matrix writes, byte for byte', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kcheck-shard-'));
    const common = ['--only', CELLS, '--runs', '20', '--workers', '1'];
    expect(await main(['matrix', ...common, '--out-dir', join(root, 'whole')])).toBe(0);
    for (const shard of ['1/2', '2/2']) expect(await main(['matrix', ...common, '--shard', shard, '--out-dir', join(root, 'shards')])).toBe(0);
    expect(printed()).toContain('shard 2/2: 1 of 1 cells as expected');
    expect(await main(['merge', ...shardFiles(join(root, 'shards')), '--out-dir', join(root, 'merged')])).toBe(0);
    for (const report of ['guarantee-matrix.md', 'guarantee-matrix.json']) {
      expect(readFileSync(join(root, 'merged', report), 'utf8')).toBe(readFileSync(join(root, 'whole', report), 'utf8'));
    }
  });

  it('refuses a missing shard, a shard given twice, shards of two campaigns and a file that is no shard (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kcheck-shard-'));
    const common = ['--only', CELLS, '--runs', '5', '--workers', '1'];
    for (const shard of ['1/2', '2/2']) expect(await main(['matrix', ...common, '--shard', shard, '--out-dir', join(root, 'a')])).toBe(0);
    expect(await main(['matrix', ...common, '--seed', '7', '--shard', '2/2', '--out-dir', join(root, 'b')])).toBe(0);
    const [a1, a2] = shardFiles(join(root, 'a'));
    const [b2] = shardFiles(join(root, 'b'));
    const notShard = join(root, 'not-a-shard.json');
    writeFileSync(notShard, '{"format":"kcheck-trace"}');
    const cases: Array<[string[], RegExp]> = [
      [[a1!], /shard\(s\) 2\/2 missing/],
      [[a1!, a1!], /both shard 1\/2/],
      [[a1!, b2!], /not shards of one campaign/],
      [[notShard], /not a kcheck shard file/],
      [[], /needs the shard files/],
    ];
    for (const [files, reason] of cases) {
      clearOutput();
      expect(await main(['merge', ...files])).toBe(2);
      expect(errors()).toMatch(reason);
    }
    clearOutput();
    expect(await main(['matrix', '--shard', '3/2'])).toBe(2);
    expect(errors()).toMatch(/--shard takes i\/n/);
    expect(a2).toBeDefined();
  });
});

describe('kcheck check --shard and merge', () => {
  it('prints what the unsharded check prints, with its exit code', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kcheck-shard-'));
    // acks0-loss: a witness (exit 0); acks-all-durable at 5 runs holds: one claim per shard of two.
    const claims = ['--runs', '5', '--workers', '1'];
    expect(await main(['check', ...claims, '--property', 'acks0-loss'])).toBe(0);
    const whole = printed();
    clearOutput();
    for (const shard of ['1/2', '2/2']) expect(await main(['check', ...claims, '--property', 'acks0-loss', '--shard', shard, '--out-dir', root])).toBe(0);
    expect(printed()).toContain('shard 2/2: 0 of 0 claim(s) as expected');
    clearOutput();
    expect(await main(['merge', ...shardFiles(root)])).toBe(0);
    expect(printed()).toBe(whole);
  });

  it('refuses --shard with a configuration: a profile is checked in one run', async () => {
    expect(await main(['check', '--acks', '1', '--shard', '1/2'])).toBe(2);
    expect(errors()).toMatch(/not with a configuration/);
  });
});

describe('kcheck zoo --shard and merge', () => {
  it('merges the hunts into the zoo report an unsharded zoo writes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kcheck-shard-'));
    // 20 runs per other claim: enough that the control's progress (about 80% of runs acked and read back; 50% needed,
    // judged by its 99% upper confidence bound) is never in doubt.
    const common = ['--only', 'acks-all-at-append', '--seeds', '2', '--runs', '100', '--other-runs', '20', '--workers', '1'];
    expect(await main(['zoo', ...common, '--out-dir', join(root, 'whole')])).toBe(0);
    for (const shard of ['1/3', '2/3', '3/3']) expect(await main(['zoo', ...common, '--shard', shard, '--out-dir', join(root, 'shards')])).toBe(0);
    expect(await main(['merge', ...shardFiles(join(root, 'shards')), '--out-dir', join(root, 'merged')])).toBe(0);
    // The zoo's report states wall times to detect: the rest of it is the same.
    const withoutTimes = (dir: string) => JSON.stringify(JSON.parse(readFileSync(join(dir, 'bug-zoo.json'), 'utf8')), (key, value: unknown) => (/Ms(ToDetect)?$|^msToDetect$|^totalMs$|^trace$|^actual$/.test(key) ? undefined : value));
    expect(withoutTimes(join(root, 'merged'))).toBe(withoutTimes(join(root, 'whole')));
    expect(readdirSync(join(root, 'merged', 'zoo'))).toEqual(['acks-all-at-append-1.json']);
  });
});
