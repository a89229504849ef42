/**
 * The CLI's contract under bad input, through the real `kcheck` process: hundreds of malformed flags, paths,
 * traces, histories and broker modules. For each: the exit code the contract says (2 bad input, 1 a broker's
 * failure), exactly one line on stderr, no stack trace, and an end within a bound far above its running time
 * (a hang is a failure, not a slow test). Inputs run a few at a time, so kcheck's start-up is paid in parallel.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const KCHECK = join(process.cwd(), 'bin/kcheck.js');
const FIXTURES = 'test/fixtures/brokers';
/** Per input: far above a bad input's running time (~1 s), so only a hang reaches it. */
const HANG_BOUND_MS = 90_000;
const PARALLEL = 3;
/** A line of a JavaScript stack trace: `at fn (file:line:col)`, `at file:line:col`, `at node:internal/…`. */
const STACK_FRAME = /\n\s+at (?:.+ \()?(?:file:|node:|\/)[^\s)]*:\d+:\d+\)?/;

interface Case {
  args: string[];
  exit: 1 | 2;
  /** What the one line (exit 2) or stdout (exit 1) must say. */
  says?: RegExp;
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KCHECK, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_BOUND_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

async function runAll(cases: readonly Case[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  let next = 0;
  const workers = Array.from({ length: PARALLEL }, async () => {
    while (next < cases.length) {
      const i = next++;
      outcomes[i] = await run(cases[i]!.args);
    }
  });
  await Promise.all(workers);
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------------
// The inputs.

const dir = mkdtempSync(join(tmpdir(), 'kcheck-battery-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const example = readFileSync('reports/examples/acks1-loss.json', 'utf8');
const exampleTrace = JSON.parse(example) as Record<string, unknown>;
const notADir = file('plain-file', 'x');
mkdirSync(join(dir, 'a-dir'));

const BAD_NUMBERS = ['', '-1', '1.5', '1e3', '0x10', 'abc', ' 7', '7 ', '+3', '99999999999999999999', 'NaN', 'Infinity', '١٢'];
const NUMERIC_FLAGS: Array<[command: string[], flag: string, extra?: string[]]> = [
  [['check', '--property', 'acks1-loss'], '--runs'],
  [['check', '--property', 'acks1-loss'], '--seed'],
  [['check'], '--partitions'],
  [['check'], '--min-isr'],
  [['check'], '--steps-max'],
  [['matrix'], '--runs'],
  [['matrix'], '--seed'],
  [['zoo'], '--seeds'],
  [['zoo'], '--runs'],
  [['zoo'], '--other-runs'],
  [['bench'], '--seed'],
  [['bench'], '--steps'],
  [['bench'], '--claim-seeds'],
  [['bench'], '--workers'],
  [['mc'], '--workers'],
  [['check', '--broker', 'examples/minimal-broker.ts'], '--call-timeout-ms'],
  [['check', '--broker', 'examples/minimal-broker.ts'], '--run-timeout-ms'],
  [['check', '--broker', 'examples/minimal-broker.ts'], '--memory-mb'],
];

function numericCases(): Case[] {
  const cases: Case[] = [];
  // Every flag goes through one parser: all the bad forms on the first three, a few on each of the others.
  NUMERIC_FLAGS.forEach(([command, flag], i) => {
    for (const value of i < 3 ? BAD_NUMBERS : BAD_NUMBERS.slice(1, 4)) cases.push({ args: [...command, `${flag}=${value}`], exit: 2, says: /must be a whole number from/ });
  });
  // Too large for what they bound: refused before anything is allocated.
  for (const [command, flag, value] of [
    [['check'], '--partitions', '1000000000'],
    [['check'], '--partitions', '65'],
    [['check'], '--min-isr', '4'],
    [['check'], '--min-isr', '0'],
    [['check'], '--steps-max', '1001'],
    [['check', '--property', 'acks1-loss'], '--runs', '0'],
    [['check', '--property', 'acks1-loss'], '--runs', '10000001'],
    [['check', '--property', 'acks1-loss'], '--seed', '4294967296'],
    [['zoo'], '--seeds', '1001'],
    [['bench'], '--steps', '100000001'],
  ] as Array<[string[], string, string]>) {
    cases.push({ args: [...command, flag, value], exit: 2, says: /must be a whole number from/ });
  }
  return cases;
}

function flagCases(): Case[] {
  const cases: Case[] = [];
  const commands = ['matrix', 'check', 'replay', 'explain', 'examples', 'zoo', 'history', 'scenarios', 'bench', 'merge', 'mc'];
  for (const command of commands) {
    for (const bad of ['--nope', '-x', '--RUNS']) cases.push({ args: [command, bad], exit: 2, says: /usage: Unknown option|usage:/ });
  }
  for (const name of ['nope', 'chek', 'CHECK', '', '-', '--', '--verbose', 'x'.repeat(500)]) cases.push({ args: [name], exit: 2, says: /unknown command/ });
  cases.push({ args: [], exit: 2 });
  cases.push({ args: ['help', 'nope'], exit: 2, says: /unknown command "nope"/ });
  for (const [flag, value] of [
    ['--acks', '2'],
    ['--acks', 'ALL'],
    ['--acks', ''],
    ['--unclean', 'yes'],
    ['--unclean', 'true'],
    ['--idempotence', '1'],
    ['--idempotence', 'ON'],
  ]) {
    cases.push({ args: ['check', flag!, value!], exit: 2, says: /must be one of/ });
  }
  for (const property of ['nope', '', 'ACKS1-LOSS', 'acks1', 'C99']) cases.push({ args: ['check', '--property', property], exit: 2, says: /unknown property/ });
  for (const path of ['garbage', '1.5:2', '-1', '1:-2', ':', '1::2', '9999999999999999999999', 'a:b', '0:1:x', '999999']) {
    cases.push({ args: ['check', '--property', 'acks1-loss', '--path', path], exit: 2, says: /--path/ });
  }
  cases.push({ args: ['check', '--path', '1:2'], exit: 2, says: /give --property too/ });
  cases.push({ args: ['check', '--acks', '1', '--idempotence', 'on', '--property', 'acks1-loss'], exit: 2 });
  cases.push({ args: ['check', '--call-timeout-ms', '1000'], exit: 2, says: /give --broker too/ });
  cases.push({ args: ['mc', '--workers', '2', '--strategy', 'dfs'], exit: 2, says: /--workers searches breadth-first/ });
  cases.push({ args: ['mc', '--workers', '2', '--por'], exit: 2, says: /--workers does not go with --por/ });
  cases.push({ args: ['zoo', '--memory-mb', '512'], exit: 2, says: /give --broker too/ });
  cases.push({ args: ['zoo', '--broker', 'examples/minimal-broker.ts', '--only', 'kip'], exit: 2, says: /not with --broker/ });
  for (const only of ['typo', 'zzz', '🙂']) {
    cases.push({ args: ['matrix', '--only', only], exit: 2, says: /matches no cell/ });
    cases.push({ args: ['zoo', '--only', only], exit: 2, says: /matches no variant/ });
  }
  for (const [command, count] of [
    ['replay', 0],
    ['replay', 2],
    ['explain', 0],
    ['explain', 2],
    ['history', 0],
    ['history', 2],
  ] as Array<[string, number]>) {
    cases.push({ args: [command, ...Array.from({ length: count }, () => 'reports/examples/acks1-loss.json')], exit: 2, says: /takes one/ });
  }
  return cases;
}

function pathCases(): Case[] {
  const cases: Case[] = [];
  const unreadable = ['no/such.json', '/dev/zero', dir, join(dir, 'a-dir'), `${notADir}/below`, ''];
  for (const path of unreadable) {
    cases.push({ args: ['replay', path], exit: 2, says: /trace: / });
    cases.push({ args: ['explain', path], exit: 2, says: /trace: / });
    cases.push({ args: ['history', path], exit: 2, says: /history: / });
  }
  const trace = 'reports/examples/acks1-loss.json';
  const unwritable = [dir, '/dev/full', `${notADir}/below.md`, '', '/proc/version', join(dir, 'a-dir')];
  for (const path of unwritable) {
    cases.push({ args: ['explain', trace, '--out', path], exit: 2 });
    cases.push({ args: ['explain', trace, '--html', path], exit: 2 });
  }
  for (const command of [['matrix', '--only', 'acks=1 minISR=2 unclean=off crash', '--runs', '1'], ['zoo', '--only', 'acks-all-at-append', '--seeds', '1', '--runs', '1', '--other-runs', '1'], ['examples'], ['bench', '--steps', '10', '--claim-seeds', '1']]) {
    for (const outDir of [notADir, '', `${notADir}/x`]) cases.push({ args: [...command, '--out-dir', outDir], exit: 2 });
  }
  for (const out of [dir, '', '/dev/full']) cases.push({ args: ['scenarios', '--out', out], exit: 2 });
  return cases;
}

function traceVariant(name: string, mutate: (t: Record<string, unknown>) => unknown): string {
  return file(`${name}.json`, JSON.stringify(mutate(structuredClone(exampleTrace))));
}

function traceCases(): Case[] {
  const texts: Array<[string, string]> = [
    ['empty', ''],
    ['not-json', 'hello'],
    ['array', '[]'],
    ['null', 'null'],
    ['number', '42'],
    ['truncated', example.slice(0, example.length / 2)],
    ['deep-arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['deep-objects', '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)],
    ['bom', `\ufeff${example}`],
    ['nul', example.replace('"format"', '"for\u0000mat"')],
  ];
  const cases: Case[] = texts.map(([name, text]) => ({ args: ['replay', file(`${name}.trace.json`, text)], exit: 2 as const, says: /trace: / }));
  const mutations: Array<[string, (t: Record<string, unknown>) => unknown]> = [
    ['no-format', (t) => ({ ...t, format: undefined })],
    ['bad-version', (t) => ({ ...t, version: 99 })],
    ['schedule-string', (t) => ({ ...t, schedule: 'x' })],
    ['steps-null', (t) => ({ ...t, steps: null })],
    ['settings-acks', (t) => ({ ...t, settings: { ...(t.settings as object), acks: 7 } })],
    ['settings-partitions', (t) => ({ ...t, settings: { ...(t.settings as object), partitions: 1e9 } })],
    ['extra-field', (t) => ({ ...t, surprise: 1 })],
    ['claim-judges-empty', (t) => ({ ...t, claim: { ...(t.claim as object), judges: [] } })],
    ['step-unknown-node', (t) => ({ ...t, schedule: [{ type: 'crash', node: 'b99' }] })],
    ['step-negative-ms', (t) => ({ ...t, schedule: [{ type: 'run', ms: -5 }] })],
    ['step-huge-ms', (t) => ({ ...t, schedule: [{ type: 'run', ms: 1e300 }] })],
    ['step-unknown-type', (t) => ({ ...t, schedule: [{ type: 'explode' }] })],
    ['many-steps', (t) => ({ ...t, schedule: Array.from({ length: 5_000 }, () => ({ type: 'tick', ms: 1 })) })],
    ['violation-kind', (t) => ({ ...t, violation: { ...(t.violation as object), anomaly: 'nope' } })],
    ['seed-float', (t) => ({ ...t, seed: 1.5 })],
  ];
  for (const [name, mutate] of mutations) {
    const path = traceVariant(name, mutate);
    cases.push({ args: ['replay', path], exit: 2, says: /trace: / });
    cases.push({ args: ['explain', path], exit: 2, says: /trace: / });
  }
  return cases;
}

function historyCases(): Case[] {
  const texts: Array<[string, string]> = [
    ['empty', ''],
    ['not-json', '{'],
    ['object', '{}'],
    ['null', 'null'],
    ['deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['bad-op', '[{"type":"nope"}]'],
    ['op-null', '[null]'],
    ['op-number', '[1,2,3]'],
    ['missing-fields', '[{"type":"send"}]'],
    ['bad-offset', '[{"type":"send","process":"p","partition":0,"value":"a","outcome":"ok","offset":-2}]'],
  ];
  return texts.map(([name, text]) => ({ args: ['history', file(`${name}.history.json`, text)], exit: 2 as const, says: /history: / }));
}

const modules: Array<[name: string, content: string]> = [
  ['empty.ts', ''],
  ['exports-number.mjs', 'export default 42;'],
  ['exports-null.mjs', 'export default null;'],
  ['no-id.mjs', 'export default { init() {}, handle() {}, inspect() {} };'],
  ['blank-id.mjs', "export default { id: '  ', init() {}, handle() {}, inspect() {} };"],
  ['no-handle.mjs', "export default { id: 'x', init() {}, inspect() {} };"],
  ['two-shaped.mjs', "const b = { id: 'x', init() {}, handle() {}, inspect() {} }; export const a = b; export const c = { ...b };"],
  ['commonjs.cjs', 'module.exports = {};'],
  ['readme.md', '# not a module'],
];

function moduleInputCases(): Case[] {
  const cases: Case[] = [];
  for (const [name, content] of modules) {
    const path = file(name, content);
    cases.push({ args: ['check', '--property', 'acks1-loss', '--broker', path], exit: 2, says: /broker: / });
    cases.push({ args: ['replay', 'reports/examples/acks1-loss.json', '--broker', path], exit: 2, says: /broker: / });
  }
  for (const path of ['no/such/broker.ts', dir, '', join(dir, 'a-dir')]) {
    for (const command of [['check', '--property', 'acks1-loss'], ['matrix', '--only', 'acks=1 minISR=2 unclean=off crash'], ['replay', 'reports/examples/acks1-loss.json'], ['zoo']]) {
      cases.push({ args: [...command, '--broker', path], exit: 2, says: /broker: / });
    }
  }
  return cases;
}

/** Brokers that fail at run time: a verdict on the broker (exit 1, `broker-failed` or its story), never a hang or a crash. */
function brokerFailureCases(): Case[] {
  const cases: Case[] = [];
  const failing: Array<[string, RegExp]> = [
    ['loops-forever.ts', /did not return within 1000 ms/],
    ['allocates-forever.ts', /ran out of memory \(the sandbox's limit is 64 MB\)/],
    ['exits-process.ts', /ended its thread/],
    ['init-throws.ts', /init threw: no disk for me/],
    ['id-getter-throws.ts', /reading the exported broker threw: no name/],
    ['throws-on-import.ts', /failed to load: cannot start/],
    ['loops-on-import.ts', /import did not return within 30000 ms/],
    ['syntax-error.ts', /syntax-error\.ts:3:\d+: ERROR: /],
    ['malformed-fetch-records.ts', /sends a malformed message \(fetchResponse\)/],
    ['sends-to-nowhere.ts', /"producer9", which is no node of this cluster/],
    ['map-state.ts', /not plain data: state\.seen is an instance of Map/],
    ['throws-later.ts', /threw outside any call kcheck made/],
  ];
  for (const [name, says] of failing) {
    const broker = `${FIXTURES}/${name}`;
    // The allocating broker gets a call time far above what filling 64 MB takes, so that memory, not time, stops it.
    const limits = name === 'allocates-forever.ts' ? ['--call-timeout-ms', '60000', '--memory-mb', '64'] : ['--call-timeout-ms', '1000', '--memory-mb', '128'];
    cases.push({ args: ['check', '--property', 'acks-all-durable', '--runs', '20', '--broker', broker, ...limits], exit: 1, says });
    // The malformed fetch answer needs a trace whose story replicates a record (acks1-loss's crashes the leader first).
    const trace = name === 'malformed-fetch-records.ts' ? 'reports/examples/retry-duplicates.json' : 'reports/examples/acks1-loss.json';
    cases.push({ args: ['replay', trace, '--broker', broker, ...limits], exit: 1, says });
  }
  for (const name of ['loops-forever.ts', 'allocates-forever.ts', 'exits-process.ts']) {
    const limits = name === 'allocates-forever.ts' ? ['--call-timeout-ms', '60000', '--memory-mb', '64'] : ['--call-timeout-ms', '1000'];
    cases.push({ args: ['zoo', '--broker', `${FIXTURES}/${name}`, '--seeds', '1', '--runs', '5', ...limits], exit: 1, says: /caught by [a-z-]+: broker-fault/ });
  }
  return cases;
}

/** `--shard i/n` and the files `kcheck merge` reads. */
function shardCases(): Case[] {
  const cases: Case[] = [];
  for (const command of [['check'], ['matrix'], ['zoo']]) {
    for (const value of ['', '0/2', '3/2', '1/0', '1', '1/2/3', 'a/b', '-1/2', '1/1001', ' 1/2', '1.5/2']) cases.push({ args: [...command, `--shard=${value}`], exit: 2, says: /--shard takes i\/n/ });
  }
  let shards = 0;
  const shard = (fields: Record<string, unknown>) => file(`shard-${++shards}.json`, JSON.stringify({ format: 'kcheck-shard', version: 1, kcheckVersion: '0.1.0', command: 'matrix', shard: { index: 1, count: 1 }, parameters: {}, total: 0, results: [], ...fields }));
  for (const [path, says] of [
    [file('truncated-shard.json', '{"format":"kcheck-shard","version":1,'), /is not JSON/],
    [file('trace-as-shard.json', example), /not a kcheck shard file/],
    [shard({ version: 2 }), /of version 2/],
    [shard({ command: 'bench' }), /damaged shard file/],
    [shard({ total: 1 }), /does not hold the results of shard 1\/1/],
    [shard({ results: [{ index: 0 }] }), /damaged shard file/],
    [shard({ kcheckVersion: '9.9.9' }), /written by kcheck 9\.9\.9/],
    [shard({ total: 1, results: [{ index: 0, result: { cellId: 'no such cell', result: {}, durationMs: 0 } }] }), /matrix cell "no such cell"/],
    [shard({ command: 'zoo', parameters: { seeds: 1, budget: { expectedRuns: 1, otherRuns: 1 }, only: null } }), /do not hold the hunts of this kcheck's zoo/],
    ['/dev/zero', /shard: /],
    [dir, /shard: /],
    ['no/such/shard.json', /cannot read/],
  ] as Array<[string, RegExp]>) {
    cases.push({ args: ['merge', path], exit: 2, says });
  }
  cases.push({ args: ['merge'], exit: 2, says: /needs the shard files/ });
  cases.push({ args: ['check', '--acks', '1', '--shard', '1/2'], exit: 2, says: /not with a configuration/ });
  cases.push({ args: ['zoo', '--broker', 'examples/minimal-broker.ts', '--shard', '1/2'], exit: 2, says: /not with --broker/ });
  return cases;
}

const CASES: Case[] = [...numericCases(), ...flagCases(), ...pathCases(), ...traceCases(), ...historyCases(), ...moduleInputCases(), ...brokerFailureCases(), ...shardCases()];

describe(`the CLI under ${CASES.length} bad inputs`, () => {
  it('has at least 300 of them', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
  });

  it('answers each with the contract\'s exit code, one line on stderr, no stack trace, no hang', { timeout: 1_800_000 }, async () => {
    const outcomes = await runAll(CASES);
    const broken = CASES.flatMap((c, i) => {
      const o = outcomes[i]!;
      const lines = o.stderr.split('\n').filter((l) => l !== '');
      const problems = [
        o.timedOut ? `hung (killed after ${HANG_BOUND_MS} ms)` : undefined,
        o.code !== c.exit ? `exit ${o.code}, expected ${c.exit}` : undefined,
        c.exit === 2 && lines.length !== 1 ? `${lines.length} lines on stderr` : undefined,
        c.exit === 1 && lines.length !== 0 ? `stderr: ${lines[0]}` : undefined,
        STACK_FRAME.test(o.stderr + o.stdout) ? 'a stack trace' : undefined,
        c.says && !c.says.test(c.exit === 2 ? o.stderr : o.stdout) ? `does not say ${c.says}` : undefined,
      ].filter((p) => p !== undefined);
      return problems.length === 0 ? [] : [`kcheck ${c.args.map((a) => JSON.stringify(a).slice(0, 60)).join(' ')}: ${problems.join('; ')} | ${(o.stderr || o.stdout).split('\n')[0]!.slice(0, 200)}`];
    });
    expect(broken).toEqual([]);
  });
});
