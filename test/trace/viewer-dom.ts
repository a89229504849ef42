/**
 * Runs a viewer page's own script (src/explain/html/viewer.js, as the page embeds it) against a minimal DOM, and
 * returns every text it drew — text nodes and tooltips — at every step. Only what viewer.js calls is modelled;
 * layout, CSS and events other than the keyboard are not. (test/browser/viewer.test.ts runs a real browser.)
 */
import { runInNewContext } from 'node:vm';

class FakeText {
  constructor(public textContent: string) {}
}

class FakeElement {
  children: Array<FakeElement | FakeText> = [];
  className = '';
  title = '';
  hidden = false;
  disabled = false;
  dataset: Record<string, string> = {};
  readonly classList = { toggle: () => undefined };

  constructor(readonly tagName: string) {}

  get textContent(): string {
    return this.children.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.children = [new FakeText(text)];
  }
  get firstChild(): FakeElement | FakeText | null {
    return this.children[0] ?? null;
  }
  appendChild<T extends FakeElement | FakeText>(child: T): T {
    this.children.push(child);
    return child;
  }
  removeChild<T extends FakeElement | FakeText>(child: T): T {
    this.children.splice(this.children.indexOf(child), 1);
    return child;
  }
  addEventListener(): void {}
  scrollIntoView(): void {}
  /** The one selector viewer.js uses: `li[data-step]`. */
  querySelectorAll(selector: string): FakeElement[] {
    if (selector !== 'li[data-step]') throw new Error(`viewer-dom: unsupported selector ${selector}`);
    return this.descendants().filter((e) => e.tagName === 'li' && e.dataset.step !== undefined);
  }
  descendants(): FakeElement[] {
    return this.children.flatMap((c) => (c instanceof FakeElement ? [c, ...c.descendants()] : []));
  }
  /** The texts drawn in this element and below it: its tooltip, and each text node. */
  texts(): string[] {
    return [...(this.title ? [this.title] : []), ...this.children.flatMap((c) => (c instanceof FakeElement ? c.texts() : [c.textContent]))];
  }
}

function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  if (from < 0) throw new Error(`viewer-dom: the page has no ${start}`);
  return html.slice(from + start.length, html.indexOf(end, from));
}

/** Per step shown (0, 1, … stepped with the → key), every text on the page. */
export function renderedTexts(html: string): string[][] {
  const byId = new Map<string, FakeElement>();
  const data = new FakeElement('script');
  data.textContent = between(html, '<script type="application/json" id="kcheck-data">', '</script>');
  byId.set('kcheck-data', data);
  let onKey: ((event: { key: string; preventDefault: () => void }) => void) | undefined;
  const document = {
    body: new FakeElement('body'),
    getElementById: (id: string) => byId.get(id) ?? byId.set(id, new FakeElement('div')).get(id)!,
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeText(text),
    addEventListener: (type: string, handler: typeof onKey) => {
      if (type === 'keydown') onKey = handler;
    },
  };
  runInNewContext(between(html, '<script>', '</script>'), { document });
  const steps = JSON.parse(data.textContent).steps.length as number;
  const shown = (): string[] => [...byId.entries()].filter(([id]) => id !== 'kcheck-data').flatMap(([, element]) => element.texts());
  const perStep = [shown()];
  for (let i = 1; i < steps; i++) {
    onKey!({ key: 'ArrowRight', preventDefault: () => undefined });
    perStep.push(shown());
  }
  return perStep;
}
