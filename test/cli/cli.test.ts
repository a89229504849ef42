/**
 * The command line's contract: exit 0 when every outcome is as expected, 1 on a violation or an unexpected
 * outcome, 2 on bad input with a one-line reason and no stack trace; `--help` lists every command.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { main } from '../../src/cli/main.ts';

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

describe('kcheck --help', () => {
  it('lists every command and the exit codes', async () => {
    expect(await main(['--help'])).toBe(0);
    for (const command of ['kcheck matrix', 'kcheck check', 'kcheck history', 'kcheck scenarios', 'kcheck bench']) expect(printed()).toContain(command);
    expect(printed()).toContain('2 bad input');
  });
});

describe('kcheck check', () => {
  it('exits 0 when a sometimes claim is witnessed, printing the story and {seed, path}', async () => {
    expect(await main(['check', '--property', 'acks1-loss', '--seed', '1'])).toBe(0);
    expect(printed()).toMatch(/ok +C4 +acks1-loss +sometimes +witnessed/);
    expect(printed()).toMatch(/\{seed: 1, path: "[\d:]+"\}/);
  });

  it('refuses configuration flags with --property: a claim keeps its own settings (no silent override)', async () => {
    // acks-all-durable at acks=1 would be another property under the same name; the profile answers for acks=1.
    expect(await main(['check', '--property', 'acks-all-durable', '--acks', '1', '--min-isr', '1', '--seed', '1', '--runs', '300'])).toBe(2);
    expect(errors()).toMatch(/^kcheck: usage: --acks does not go with --property: a claim runs under its own settings and fault budget; drop --property/);
  });

  it('checks a broker given with --broker: a zoo variant is caught (exit 1), its failure written as a trace', async () => {
    const variant = 'src/system/broker/variants/acks-all-at-append.ts';
    expect(await main(['check', '--property', 'acks-all-durable', '--broker', variant, '--seed', '1', '--runs', '300'])).toBe(1);
    expect(printed()).toMatch(/FAIL C5 .*VIOLATED/);
    const trace = JSON.parse(readFileSync(/trace: (\S+\.json)/.exec(printed())![1]!, 'utf8'));
    expect(trace.broker).toBe('variant/acks-all-at-append');
  });

  it.each([
    [['check', '--broker', 'src/version.ts'], /^kcheck: broker: src\/version\.ts exports no broker: /],
    [['check', '--property', 'nope'], /^kcheck: usage: unknown property "nope"; known: /],
    [['check', '--acks', '2'], /^kcheck: usage: --acks must be one of 0, 1, all, got "2"$/],
    [['check', '--runs', '0'], /^kcheck: usage: --runs must be a whole number from 1 to 10000000, got "0"$/],
    [['check', '--seed', '1.5'], /^kcheck: usage: --seed must be a whole number from 0 to 4294967295, got "1.5"$/],
    [['check', '--bogus'], /^kcheck: usage: Unknown option '--bogus'/],
    [['check', '--path', '1:2'], /^kcheck: usage: --path replays one counterexample: give --property too$/],
    [['check', '--acks', '1', '--idempotence', 'on'], /^kcheck: config: --idempotence on: enable\.idempotence=true: Kafka refuses it with acks=1 \(--acks 1\): Must set acks to all/],
    [['matrix', '--runs', 'x'], /^kcheck: usage: --runs must be a whole number/],
    [['matrix', '--only', 'typo'], /^kcheck: usage: --only "typo" matches no cell; cell ids look like "acks=0 minISR=1 unclean=off crash: no-acked-loss"$/],
    [['history'], /^kcheck: usage: kcheck history takes one FILE, got none$/],
    [['history', 'no/such.json'], /^kcheck: history: cannot read no\/such\.json/],
    [['frobnicate'], /^kcheck: usage: unknown command "frobnicate"/],
    [['zoo', '--only', 'nope'], /^kcheck: usage: --only "nope" matches no variant; known: truncate-to-high-watermark, /],
    [['zoo', '--seeds', '0'], /^kcheck: usage: --seeds must be a whole number from 1 to 1000, got "0"$/],
    [['mc', '--por=yes'], /^kcheck: usage: Option '--por' does not take an argument/],
  ])('%j exits 2 with one line', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(errors()).toMatch(message);
    expect(errors().split('\n')).toHaveLength(1);
  });
});

describe('kcheck matrix', () => {
  it('runs the cells asked for and writes the Markdown and JSON reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcheck-matrix-'));
    expect(await main(['matrix', '--only', 'acks=1 minISR=1 unclean=off crash', '--runs', '20', '--out-dir', dir])).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['guarantee-matrix.json', 'guarantee-matrix.md']);
    const json = JSON.parse(readFileSync(join(dir, 'guarantee-matrix.json'), 'utf8'));
    expect(json.summary).toMatchObject({ cells: 2, unexpected: 0 });
    expect(printed()).toMatch(/2 of 2 cells as expected/);
  });
});

describe('kcheck zoo', () => {
  it('hunts the variants asked for and the reference as the control, and writes the report and an example trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcheck-zoo-'));
    expect(await main(['zoo', '--only', 'acks-all-at-append', '--seeds', '1', '--other-runs', '20', '--out-dir', dir])).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['bug-zoo.json', 'bug-zoo.md', 'zoo']);
    expect(readdirSync(join(dir, 'zoo'))).toEqual(['acks-all-at-append-1.json']);
    expect(JSON.parse(readFileSync(join(dir, 'bug-zoo.json'), 'utf8')).summary).toMatchObject({ entries: 1, detected: 1, falseAlarms: 0 });
    expect(printed()).toMatch(/^ok {3}acks-all-at-append +1\/1 seeds by acks-all-durable/m);
  });
});

describe('kcheck history', () => {
  it('exits 1 on a history with an anomaly', async () => {
    expect(await main(['history', 'examples/histories/lost-write.json'])).toBe(1);
  });
});
