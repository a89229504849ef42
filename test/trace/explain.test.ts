/**
 * `kcheck explain`: Markdown with the story in plain words, the cluster after each step and a sequence diagram;
 * `--html` a self-contained viewer. Both are the same bytes whether they come from a fresh counterexample or a
 * replay of its trace, and the curated examples are what `kcheck examples` writes today.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/cli/explain-command.ts';
import { counterexampleMessage, writeCounterexampleFiles } from '../../src/explain/counterexample-files.ts';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { claimNamed } from '../../src/properties/claims/catalogue.ts';
import { explainReplay } from '../../src/explain/explained-run.ts';
import { tellStory } from '../../src/explain/story/tell-story.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { editedTrace, exampleTraceFiles, runCommand } from './trace-kit.ts';

const dir = mkdtempSync(join(tmpdir(), 'kcheck-explain-'));

describe('the curated examples are what kcheck writes today', () => {
  it.each(exampleTraceFiles())('%s', async (file) => {
    const name = basename(file, '.json');
    const md = join(dir, `${name}.md`);
    const html = join(dir, `${name}.html`);
    expect((await runCommand(explainCommand, [file, '--out', md, '--html', html])).code).toBe(0);
    const stale = `${file}: run \`npx kcheck examples\` to regenerate reports/examples/`;
    expect(readFileSync(md, 'utf8'), stale).toBe(readFileSync(file.replace(/\.json$/, '.md'), 'utf8'));
    expect(readFileSync(html, 'utf8'), stale).toBe(readFileSync(file.replace(/\.json$/, '.html'), 'utf8'));
  });
});

describe('kcheck explain TRACE', () => {
  it('prints the Markdown: the story in numbered steps, the state table, a sequence diagram', async () => {
    const { code, out } = await runCommand(explainCommand, ['reports/examples/acks1-loss.json']);
    expect(code).toBe(0);
    expect(out).toMatch(/# C4 acks1-loss: witnessed: lost-write at step \d+\n/);
    const story = out.split('\n').filter((line) => /^\d+\. step \d+ · /.test(line));
    expect(story.map((line) => line.replace(/^\d+\. step \d+ · /, ''))).toEqual(
      expect.arrayContaining([
        'producer0 sends r1 to p0',
        'b0, leader in epoch 1, acks r1 at offset 0 (acks=1)',
        'b0, leader of p0 in epoch 1, crashes: its memory is gone, its page cache survives',
        'the controller elects b1 leader of p0, epoch 2 (ISR [1,2])',
        'b0 truncates p0 to offset 0, dropping r1',
        expect.stringMatching(/^the final read returns p0 (empty|\[r2\]) — it lacks r1$/),
      ]),
    );
    expect(story.at(-1)).toMatch(/^\d+\. step \d+ · \*\*→ lost-write: producer0's r1/);
    expect(out).toContain('| step | phase | ran | t (ms) | b0 | b1 | b2 | controller |');
    expect(out).toContain('| 3 | faults | run 10ms | 1010 | crashed | follower e1 · [] · LEO 0 · HW 0 |');
    expect(out).toMatch(/```mermaid\nsequenceDiagram\n {2}participant producer0\n/);
    expect(out).toContain('  producer0->>b0: produce p0 [r1]\n  b0->>producer0: ack p0 @0\n');
    const diagram = out.slice(out.indexOf('```mermaid'));
    expect(diagram).not.toMatch(/heartbeat|metadata|fetch p0 @/);
  });

  it('gives the same bytes twice, on stdout as in --out', async () => {
    const first = await runCommand(explainCommand, ['reports/examples/min-isr-1-loss.json']);
    const second = await runCommand(explainCommand, ['reports/examples/min-isr-1-loss.json']);
    const file = join(dir, 'min-isr.md');
    await runCommand(explainCommand, ['reports/examples/min-isr-1-loss.json', '--out', file]);
    expect(second.out).toBe(first.out);
    expect(`${first.out}\n`).toBe(readFileSync(file, 'utf8'));
  });

  it('writes a self-contained viewer with --html: nothing loaded from anywhere', async () => {
    const file = join(dir, 'viewer.html');
    expect((await runCommand(explainCommand, ['reports/examples/acks1-loss.json', '--html', file])).out).toBe(`viewer: ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/\b(src|href)=|https?:|@import|url\(/);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<script type="application/json" id="kcheck-data">');
  });

  it('bad input exits 2 with one line', async () => {
    const outcome = await runCommand(explainCommand, ['reports/examples/nope.json']);
    expect(outcome).toMatchObject({ code: 2, err: expect.stringMatching(/^kcheck: trace: cannot read reports\/examples\/nope\.json/) });
  });
});

describe('where users meet a counterexample', () => {
  it('writes the trace, the explanation and the viewer, and a message of at most 15 lines', async () => {
    const result = checkClaim(claimNamed('acks1-loss')!, { seed: 1 });
    const files = writeCounterexampleFiles(result, dir);
    expect(files).toEqual({ json: join(dir, 'acks1-loss-1.json'), md: join(dir, 'acks1-loss-1.md'), html: join(dir, 'acks1-loss-1.html') });
    for (const path of Object.values(files)) expect(existsSync(path)).toBe(true);
    const message = counterexampleMessage(result, files);
    expect(message.split('\n').length).toBeLessThanOrEqual(15);
    expect(message).toContain(`viewer:    ${files.html}`);
    expect(message).toMatch(/\{seed: 1, path: "[\d:]+"\}/);
    // The files of a fresh counterexample are the ones `kcheck explain` derives from its trace.
    const md = join(dir, 'again.md');
    await runCommand(explainCommand, [files.json, '--out', md]);
    expect(readFileSync(md, 'utf8')).toBe(readFileSync(files.md, 'utf8'));
  });
});

describe('the story of the controller', () => {
  it('tells an ISR expansion when the controller decides it, so an election from that ISR is not called unclean', () => {
    // b1 leads epoch 2 and asks to add the restarted b0 back; the controller answers b1 alone (the others learn it
    // on their next heartbeat). Then b1 loses power and b0, in the ISR, is elected: a clean election.
    const schedule = [
      { type: 'powerLoss', node: 'b0' },
      { type: 'restart', node: 'b0' },
      { type: 'run', ms: 10 },
      { type: 'powerLoss', node: 'b1' },
      { type: 'send', producer: 'producer0', key: null, value: 'r1' },
    ];
    const trace = parseTrace(editedTrace('acks1-loss', (t) => void (t.schedule = schedule)), 'edited.json');
    const texts = tellStory(explainReplay(replayTrace(trace), 'edited.json')).map((line) => line.text);
    expect(texts).toContain("the controller expands p0's ISR to [0,1,2] (leader b1, epoch 2)");
    expect(texts).toContain('the controller elects b0 leader of p0, epoch 3 (ISR [0,2])');
    expect(texts.join('\n')).not.toMatch(/unclean/);
  });
});
