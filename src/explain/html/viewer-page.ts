/**
 * `kcheck explain --html`: one self-contained page, nothing loaded from anywhere (system fonts, inline style
 * and script, a Content-Security-Policy that allows only those two by hash). The run is embedded as JSON in a
 * `<script type="application/json">` with every `<` escaped, and the viewer script draws it as text only:
 * a record value can never become markup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExplainedRun } from '../explained-run.ts';
import { displayJson, displayText } from '../../text/display-text.ts';
import { viewerData } from './viewer-data.ts';

const VIEWER_SCRIPT = readFileSync(new URL('./viewer.js', import.meta.url), 'utf8');
const VIEWER_STYLE = readFileSync(new URL('./viewer.css', import.meta.url), 'utf8');

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** JSON that is safe inside a script element: no `<` (so no `</script>` or `<!--`), no `>`/`&`, and no control,
 * bidi or line separator character raw (displayJson writes them as `\u` escapes; it parses back the same). */
export function scriptSafeJson(value: unknown): string {
  return displayJson(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function htmlText(text: string): string {
  return displayText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const BODY = `<header class="top">
  <div class="title-row"><h1 id="title"></h1><span id="headline" class="badge"></span></div>
  <p id="statement" class="statement"></p>
  <p id="meta" class="meta"></p>
  <div id="notes"></div>
</header>
<section id="violation" class="violation-panel" aria-live="polite">
  <div class="violation-head"><span class="x">✗</span><span id="violation-title"></span><button id="go-violation" type="button"></button></div>
  <p id="violation-message"></p>
  <p id="violation-cause"></p>
  <p id="violation-meaning" class="muted"></p>
</section>
<nav class="controls" aria-label="steps">
  <button id="first" type="button" title="first step (Home)">« First</button>
  <button id="prev" type="button" title="previous step (←)">◀ Prev</button>
  <span id="position"></span>
  <button id="next" type="button" title="next step (→)">Next ▶</button>
  <button id="last" type="button" title="last step (End)">Last »</button>
  <span class="hint"><kbd>←</kbd> <kbd>→</kbd> step · <kbd>Home</kbd> <kbd>End</kbd> · <kbd>v</kbd> violation</span>
</nav>
<main class="layout">
  <aside class="steps"><ol id="step-list"></ol></aside>
  <section class="stage">
    <div id="step-banner" class="step-banner"><div id="step-heading" class="step-heading"></div><ul id="step-story"></ul><p id="step-quiet" class="quiet">Nothing visible happens in this step: only heartbeats and fetches that return nothing.</p></div>
    <div id="lanes" class="lanes"></div>
    <div class="lower"><div id="controller" class="card"></div><div id="in-flight" class="card"></div><div id="group" class="card" hidden></div></div>
  </section>
</main>
<footer class="legend">
  <span><span class="record committed">r1</span> committed (below the HW)</span>
  <span><span class="record">r2</span> above the HW</span>
  <span><span class="record fresh">r3</span> new in this step</span>
  <span><span class="record watched">r4</span> a record the violation names</span>
  <span><span class="record ghost">r5</span> truncated in this step</span>
</footer>`;

export function explainHtml(view: ExplainedRun): string {
  const data = viewerData(view);
  const policy = `default-src 'none'; style-src ${sha256(VIEWER_STYLE)}; script-src ${sha256(VIEWER_SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(`kcheck · ${data.title} · ${data.headline}`)}</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
${BODY}
<script type="application/json" id="kcheck-data">${scriptSafeJson(data)}</script>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
