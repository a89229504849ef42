/**
 * Every key and value from a trace stays text in every explanation: a record value `<img src=x onerror=…>`
 * cannot become an element in the viewer, HTML in the Markdown, or syntax in the Mermaid diagram.
 * (test/browser/viewer.test.ts checks the same page in a real browser.)
 */
import { describe, expect, it } from 'vitest';
import { explainMarkdown } from '../../src/explain/explain-markdown.ts';
import { explainReplay } from '../../src/explain/explained-run.ts';
import { explainHtml } from '../../src/explain/html/viewer-page.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { EVIL_KEY, EVIL_VALUE, evilTraceText } from './trace-kit.ts';

const view = explainReplay(replayTrace(parseTrace(evilTraceText(), 'evil.json')), 'evil.json');

describe('a record value that looks like markup', () => {
  it('still makes the run lose that record', () => {
    expect(view.finding).toMatchObject({ kind: 'lost-write', values: [EVIL_VALUE] });
  });

  it('is only JSON text in the viewer page', () => {
    const html = explainHtml(view);
    expect(html).not.toContain('<img');
    expect(html).not.toContain(EVIL_KEY);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
  });

  it('is escaped text in the Markdown, and entity codes in the Mermaid diagram', () => {
    const md = explainMarkdown(view);
    expect(md).not.toMatch(/<img|<\/?script/);
    // The story elides values past 24 characters, with their length; the cause and the finding quote them whole.
    expect(md).toContain('producer0 sends "&lt;img src=x onerror=aler…" (28 chars) (key "&lt;/script&gt;&lt;script&gt;alert(…" (34 chars)) to p0');
    expect(md).toContain('**Cause.** "&lt;img src=x onerror=alert(1)&gt;" was acked by b0');
    const diagram = md.slice(md.indexOf('```mermaid'), md.lastIndexOf('```'));
    expect(diagram).not.toMatch(/<|&lt;/);
    expect(diagram).toContain('producer0->>b0: produce p0 [#34;#60;img src=x onerror=aler…#34; (28 chars)]');
  });
});
