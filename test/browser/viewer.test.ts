/**
 * The step-through viewer in a real browser: the headless Chromium that the dev dependency @sparticuz/chromium
 * ships (bundled-chromium.ts), driven by playwright-core. Stepped with the keyboard to the violating step, the
 * highlight is asserted and a screenshot is written to reports/viewer-screenshot.png (only when the picture
 * changed); a record value that looks like markup shows as text. Without a browser the test fails and says why: a
 * viewer nobody opened is not tested.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainReplay } from '../../src/explain/explained-run.ts';
import { explainHtml } from '../../src/explain/html/viewer-page.ts';
import { parseTrace } from '../../src/properties/trace/parse-trace.ts';
import { replayTrace } from '../../src/properties/trace/replay-trace.ts';
import { EVIL_KEY, EVIL_VALUE, evilTraceText, exampleText } from '../trace/trace-kit.ts';
import { chromiumToLaunch } from './bundled-chromium.ts';
import { writePngIfChanged } from './png-pixels.ts';

const SCREENSHOT = 'reports/viewer-screenshot.png';
/** The example whose violating step shows committed records, HW markers and the highlight together. */
const SCREENSHOT_EXAMPLE = 'retry-duplicates';

const dir = mkdtempSync(join(tmpdir(), 'kcheck-viewer-'));
function viewerFile(name: string, traceText: string): string {
  const path = join(dir, `${name}.html`);
  writeFileSync(path, explainHtml(explainReplay(replayTrace(parseTrace(traceText, `${name}.json`)), `${name}.json`)));
  return pathToFileURL(path).href;
}

interface OpenPage {
  page: Page;
  problems: string[];
}

let browser: Browser;
// The first run inflates the browser (about 2 s); vitest.config.ts's hookTimeout is far above that.
beforeAll(async () => {
  browser = await chromium.launch({ ...chromiumToLaunch(), headless: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a page that records every console error, page error and dialog (alert) as a problem. */
async function open(url: string): Promise<OpenPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const currentStep = (page: Page) => page.evaluate(() => Number(document.body.dataset.step));

describe('the viewer in headless Chromium', () => {
  it('steps with the keyboard to the violating step, highlights it, and is screenshotted', async () => {
    const trace = parseTrace(exampleText(SCREENSHOT_EXAMPLE), `${SCREENSHOT_EXAMPLE}.json`);
    const { page, problems } = await open(viewerFile(SCREENSHOT_EXAMPLE, exampleText(SCREENSHOT_EXAMPLE)));
    expect(await currentStep(page)).toBe(0);
    await page.keyboard.press('End');
    expect(await currentStep(page)).toBe(trace.steps.length - 1);
    await page.keyboard.press('Home');
    expect(await currentStep(page)).toBe(0);

    const violation = trace.violation.step;
    for (let i = 0; i < violation; i++) {
      expect(await page.locator('#step-banner').getAttribute('class')).toBe('step-banner');
      await page.keyboard.press('ArrowRight');
    }
    expect(await currentStep(page)).toBe(violation);
    expect(await page.locator('#step-banner').getAttribute('class')).toBe('step-banner violating');
    await expect.poll(() => page.locator('#step-heading .violation-flag').textContent()).toBe(`✗ ${trace.violation.anomaly}`);
    expect(await page.locator('#step-list li.current.violating').count()).toBe(1);
    expect(await page.locator('#violation-title').textContent()).toBe(`Witnessed at step ${violation}: ${trace.violation.anomaly}`);
    // One lane per broker, each with its HW marker.
    expect(await page.locator('.lane').count()).toBe(3);
    expect(await page.locator('.lane .marker.hw, .lane .marker.both').count()).toBeGreaterThanOrEqual(3);

    writePngIfChanged(SCREENSHOT, await page.screenshot({ fullPage: true }));
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#step-banner').getAttribute('class')).toBe('step-banner');
    expect(problems).toEqual([]);
  });

  it('shows a record value that looks like markup as text, and runs nothing', async () => {
    const { page, problems } = await open(viewerFile('evil', evilTraceText()));
    await page.keyboard.press('v');
    expect(await page.locator('#step-banner').getAttribute('class')).toBe('step-banner violating');
    expect(await page.locator('#violation-message').textContent()).toContain(EVIL_VALUE);
    await page.keyboard.press('Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    // Step 2: b0 appended the record; its box holds the value as text.
    expect(await page.locator('.lane[data-broker="b0"] .record', { hasText: EVIL_VALUE }).count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('#step-list').textContent()).toContain(`producer0 send ${EVIL_KEY}=${EVIL_VALUE}`);
    expect(problems).toEqual([]);
  });
});
