/**
 * A record value, a key, a process name or any other text a trace or a history holds reaches a terminal, a
 * Markdown file or a page only escaped (`\x1b`, `\u202e`), and a megabyte value only elided with its length —
 * through the real command line (node bin/kcheck.js, its stdout and stderr as bytes), the files it writes and the
 * viewer's own script. The trace itself keeps the raw values, and replays to the same verdict.
 * (escaping.test.ts covers markup in values: `<img>`, `</script>`.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { buildTrace, traceJson, traceStory } from '../../src/properties/trace/trace.ts';
import { storyLines } from '../../src/properties/runner/story.ts';
import { HOSTILE_KEY, HOSTILE_VALUE, HOSTILE_VALUE_SHOWN, HUGE_VALUE, HUGE_VALUE_SHOWN, RAW_UNSAFE, editedTrace, hostileTraceText } from './trace-kit.ts';
import { renderedTexts } from './viewer-dom.ts';

/** Longer than any elided value: a run of it means the megabyte value got through. */
const HUGE_RUN = /a{64}/;

interface Outcome {
  code: number | null;
  out: string;
  err: string;
}

function kcheck(args: string[]): Outcome {
  const run = spawnSync(process.execPath, ['bin/kcheck.js', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function expectDisplaySafe(text: string): void {
  expect(text.match(RAW_UNSAFE)).toBeNull();
  expect(text).not.toMatch(HUGE_RUN);
}

let dir: string;
let tracePath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcheck-display-'));
  tracePath = join(dir, 'hostile.json');
  writeFileSync(tracePath, hostileTraceText());
});

describe('a trace whose values would take over a terminal', () => {
  it('replays as before, and `kcheck replay` prints them escaped, the megabyte value elided', () => {
    const { code, out, err } = kcheck(['replay', tracePath]);
    expect({ code, err }).toEqual({ code: 1, err: '' });
    expectDisplaySafe(out);
    expect(out).toContain(`→ step 11: lost-write: producer0's ${HOSTILE_VALUE_SHOWN}, acked at offset 0 of p0`);
    expect(out).toContain(`1. producer0 send "k\\u2066\\u200f\\u061c\\u200b"=${HOSTILE_VALUE_SHOWN}`);
    expect(out).toMatch(HUGE_VALUE_SHOWN);
    expect(out).toContain('note: The trace was recorded with broker "student:\\x1b]0;broker\\x07"');
    expect(out).toContain('reproduced: lost-write at step 11');
    expect(out.length).toBeLessThan(4000);
  });

  it('`kcheck explain` prints Markdown with them escaped, the megabyte value elided', () => {
    const { code, out, err } = kcheck(['explain', tracePath]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expectDisplaySafe(out);
    expect(out).toContain(`producer0 sends ${HOSTILE_VALUE_SHOWN} (key "k\\u2066\\u200f\\u061c\\u200b") to p0`);
    expect(out).toContain(`**Cause.** ${HOSTILE_VALUE_SHOWN} was acked by b0`);
    expect(out).toContain('> acks=1: \\u202ean acked record is lost\\u202c when the leader fails');
    expect(out).toMatch(HUGE_VALUE_SHOWN);
    // The Mermaid diagram: entity codes of the escaped text, never of a raw character.
    expect(out).toContain('producer0->>b0: produce p0 [#34;#92;x1b]0#59;pwned#92;x07#92;u202eevil');
    expect(out.length).toBeLessThan(20_000);
  });

  it('`kcheck explain --out --html` writes the same Markdown, and a page with no raw character in it', () => {
    const md = join(dir, 'hostile.md');
    const html = join(dir, 'hostile.html');
    const { code, out } = kcheck(['explain', tracePath, '--out', md, '--html', html]);
    expect(code).toBe(0);
    expectDisplaySafe(out);
    expect(readFileSync(md, 'utf8')).toBe(`${kcheck(['explain', tracePath]).out}`);
    const page = readFileSync(html, 'utf8');
    expectDisplaySafe(page);
    // The embedded data cannot leave its script element, and holds the values as shown, not a megabyte.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script/g)).toHaveLength(2);
    expect(page.length).toBeLessThan(200_000);
  });

  it('the viewer draws every text escaped, at every step', () => {
    const html = join(dir, 'viewer.html');
    expect(kcheck(['explain', tracePath, '--html', html]).code).toBe(0);
    const steps = renderedTexts(readFileSync(html, 'utf8'));
    expect(steps).toHaveLength(12);
    for (const texts of steps) for (const text of texts) expectDisplaySafe(text);
    const all = steps.flat();
    expect(all).toContain(`producer0's ${HOSTILE_VALUE_SHOWN}, acked at offset 0 of p0 (op 1), is missing from the final read of p0 (op 5)`);
    expect(all).toContain('acks=1: \\u202ean acked record is lost\\u202c when the leader fails');
    // Step 2: b0 appended the record; its box shows the value escaped. The survivor's box shows it elided.
    expect(steps[2]).toContain(HOSTILE_VALUE_SHOWN);
    expect(steps[7]!.some((text) => HUGE_VALUE_SHOWN.test(text))).toBe(true);
  });
});

describe('the trace kcheck writes for such a run', () => {
  const replay = replayTrace(parseTrace(hostileTraceText(), 'hostile.json'));
  const trace = parseTrace(traceJson(buildTrace(replay.claim, { schedule: [], run: replay.run, finding: replay.finding!, cause: replay.cause, seed: 1, path: '', shrinks: 0 })), 'written.json');

  it('keeps the raw values, and its message is display text', () => {
    expect(trace.schedule[0]).toMatchObject({ key: HOSTILE_KEY, value: HOSTILE_VALUE });
    expect(trace.schedule[3]).toMatchObject({ value: HUGE_VALUE });
    expect(trace.violation.values).toEqual([HOSTILE_VALUE]);
    expectDisplaySafe(trace.violation.message);
    expectDisplaySafe(trace.violation.cause!);
  });

  it('replays to the same verdict and the same message', () => {
    const again = replayTrace(trace);
    expect(again.verdict).toBe('reproduced');
    expect(again.finding).toMatchObject({ kind: trace.violation.anomaly, step: trace.violation.step, message: trace.violation.message });
  });

  it('is told escaped by the lines `kcheck check` prints, even with the raw words an older kcheck recorded', () => {
    const story = traceStory(parseTrace(hostileTraceText(), 'hostile.json'));
    for (const line of [...story, ...storyLines(replay.run.executed)]) expectDisplaySafe(line);
    expect(story.join('\n')).toContain(`lost-write: producer0's \\x1b]0;pwned\\x07\\u202eevil`);
    expect(story.join('\n')).toMatch(HUGE_VALUE_SHOWN);
  });
});

describe('a broker whose id and error would take over a terminal', () => {
  const broker = 'test/fixtures/brokers/throws-hostile-text.ts';
  const threw = 'handle(produceRequest) threw: \\x1b]0;pwned\\x07boom \\u202eevil\\x00';

  it('`kcheck check --broker` and `kcheck replay --broker` print its failure escaped', () => {
    // Its own seed, so that its trace in reports/runs/ is no other test's.
    const checked = kcheck(['check', '--property', 'acks1-loss', '--broker', broker, '--runs', '5', '--seed', '9173']);
    expect(checked.code).toBe(1);
    expectDisplaySafe(checked.out);
    expect(checked.out).toContain(threw);
    const trace = /trace: (\S+\.json)/.exec(checked.out)![1]!;
    const replayed = kcheck(['replay', trace, '--broker', broker]);
    expect(replayed.code).toBe(1);
    expectDisplaySafe(replayed.out);
    expect(replayed.out).toContain(threw);
  });
});

describe('bad input that quotes hostile text', () => {
  it('a trace naming an unknown node: exit 2, one line, escaped', () => {
    const bad = join(dir, 'bad-node.json');
    writeFileSync(bad, editedTrace('acks1-loss', (t) => (t.schedule[2].node = 'b\u202e9\u001b[2J')));
    const { code, out, err } = kcheck(['replay', bad]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expectDisplaySafe(err.trimEnd());
    expect(err).toContain('b\\u202e9\\u001b[2J');
  });
});

const PROCESS = 'producer\u202e0\u001b[2J';

function hostileHistory(): string {
  const send = (index: number, value: string, offset: number) => [
    { index, timeMs: index, process: PROCESS, type: 'invoke', f: 'send', value: [['send', 0, value]] },
    { index: index + 1, timeMs: index + 1, process: PROCESS, type: 'ok', f: 'send', value: [['send', 0, [offset, value]]] },
  ];
  const ops = [
    ...send(0, 'r1', 0),
    ...send(2, HOSTILE_VALUE, 1),
    ...send(4, HUGE_VALUE, 2),
    { index: 6, timeMs: 60000, process: 'consumer1', type: 'invoke', f: 'poll', value: [['poll']] },
    { index: 7, timeMs: 60010, process: 'consumer1', type: 'ok', f: 'poll', value: [['poll', { 0: [[0, 'r1']] }]], final: true },
  ];
  return JSON.stringify({ format: 'kcheck-history', version: 1, ops });
}

describe('a history whose values and process names would take over a terminal', () => {
  let historyPath: string;
  beforeAll(() => {
    historyPath = join(dir, 'history.json');
    writeFileSync(historyPath, hostileHistory());
  });

  it('`kcheck history` prints the anomalies escaped, the megabyte value elided', () => {
    const { code, out, err } = kcheck(['history', historyPath]);
    expect({ code, err }).toEqual({ code: 1, err: '' });
    expectDisplaySafe(out);
    expect(out).toContain(`- producer\\u202e0\\x1b[2J's ${HOSTILE_VALUE_SHOWN}, acked at offset 1 of p0 (op 3), is missing from the final read of p0 (op 7)`);
    expect(out).toMatch(HUGE_VALUE_SHOWN);
  });

  it('`kcheck history --json` escapes them as JSON does, and parses back to the exact values', () => {
    const { code, out } = kcheck(['history', '--json', historyPath]);
    expect(code).toBe(1);
    expect(out.match(RAW_UNSAFE)).toBeNull();
    const report = JSON.parse(out);
    expect(report.anomalies.map((a: { values: string[] }) => a.values)).toEqual([[HOSTILE_VALUE], [HUGE_VALUE]]);
    for (const anomaly of report.anomalies) expectDisplaySafe(anomaly.message);
  });

  it('a history that quotes a hostile process in its error: exit 2, one line, escaped', () => {
    const bad = join(dir, 'bad-history.json');
    writeFileSync(bad, hostileHistory().replace('"type":"invoke"', '"type":"info"'));
    const { code, out, err } = kcheck(['history', bad]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expectDisplaySafe(err.trimEnd());
    expect(err).toContain('producer\\u202e0\\x1b[2J');
  });
});
