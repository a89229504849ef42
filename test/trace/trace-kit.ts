/**
 * Shared by the trace tests: the curated example traces, a way to edit one as JSON, and a command runner that
 * maps errors to exit codes exactly as src/cli/main.ts does (2 and one line for bad input).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { isKcheckInputError } from '../../src/input-error.ts';

export const EXAMPLES_DIR = 'reports/examples';

export function exampleTraceFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(EXAMPLES_DIR, f));
}

/** Frozen copies of curated example traces, for the tests that edit one at fixed places: `kcheck examples`
 * rewrites reports/examples/ whenever the schedules change, and these stay valid v1 traces. */
const FROZEN_EXAMPLES_DIR = 'test/fixtures/traces/examples';

export function exampleText(name: string): string {
  return readFileSync(join(FROZEN_EXAMPLES_DIR, `${name}.json`), 'utf8');
}

/** An edit of a trace's JSON: tests reach into it freely, valid or not, so its type is as loose as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TraceEdit = (trace: Record<string, any>) => void;

/** The example trace as a plain object, edited by `edit`, back as text. */
export function editedTrace(name: string, edit: TraceEdit): string {
  return editedJson(JSON.parse(exampleText(name)), edit);
}

function editedJson(trace: Record<string, unknown>, edit: TraceEdit): string {
  edit(trace);
  return JSON.stringify(trace, null, 2);
}

export interface CommandOutcome {
  code: number;
  out: string;
  err: string;
}

/** Runs a command as main.ts would: bad input becomes exit 2 and one line on stderr. */
export async function runCommand(command: (args: string[]) => Promise<number>, args: string[]): Promise<CommandOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  try {
    return { code: await command(args), out: out.join('\n'), err: err.join('\n') };
  } catch (thrown) {
    if (isKcheckInputError(thrown)) return { code: 2, out: out.join('\n'), err: `kcheck: ${thrown.message}` };
    if (thrown instanceof Error && 'code' in thrown && String(thrown.code).startsWith('ERR_PARSE_ARGS')) return { code: 2, out: out.join('\n'), err: `kcheck: usage: ${thrown.message.split('\n')[0]}` };
    throw thrown;
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** A record value and a key that would be markup if a renderer let them through. */
export const EVIL_VALUE = '<img src=x onerror=alert(1)>';
export const EVIL_KEY = '</script><script>alert(2)</script>';

/** The acks=1 loss with the lost record's value and key replaced by markup: the loss, and the story, stay the same. */
export function evilTraceText(): string {
  return editedTrace('acks1-loss', (t) => {
    for (const step of [t.schedule[0], t.steps[1].step]) Object.assign(step, { value: EVIL_VALUE, key: EVIL_KEY });
    t.steps[1].label = `producer0 send ${EVIL_KEY}=${EVIL_VALUE}`;
  });
}

/** A value that would retitle the terminal (OSC 0), reverse the text after it (U+202E), and carry a NUL, a DEL
 * and an 8-bit CSI; a key with bidi isolates and marks; and a megabyte of `a`. */
export const HOSTILE_VALUE = '\u001b]0;pwned\u0007\u202eevil\u0000\u007f\u009b[31m';
export const HOSTILE_KEY = 'k\u2066\u200f\u061c\u200b';
export const HUGE_VALUE = 'a'.repeat(1 << 20);
/** How the explanations write them: escaped and quoted, or elided with the length (after 23 to 63 characters). */
export const HOSTILE_VALUE_SHOWN = '"\\x1b]0;pwned\\x07\\u202eevil\\x00\\x7f\\x9b[31m"';
export const HUGE_VALUE_SHOWN = /"a{23,63}…" \(1,048,576 chars\)/;

/** Every character the explanations must never let through raw: C0 but the line feed, DEL, C1, the bidi controls
 * and marks, the zero-width characters, the byte-order mark and the line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole job
export const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** The acks=1 loss with the lost record r1 replaced by HOSTILE_VALUE (sent with HOSTILE_KEY), the record that
 * survives (r2) by HUGE_VALUE, and hostile words where a trace holds free text (the claim's statement, the broker,
 * the recorded message and cause, as an older kcheck wrote them). The loss stays the same. */
export function hostileTraceText(): string {
  const swap = (value: unknown): unknown => {
    if (value === 'r1') return HOSTILE_VALUE;
    if (value === 'r2') return HUGE_VALUE;
    if (Array.isArray(value)) return value.map(swap);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    return value;
  };
  // A frozen trace with two sends (the curated example is regenerated, and its story may change).
  const trace = JSON.parse(readFileSync('test/fixtures/traces/acks1-loss-two-sends.json', 'utf8'));
  return editedJson(trace, (t) => {
    Object.assign(t, swap({ ...t }));
    for (const step of [t.schedule[0], t.steps[1].step]) step.key = HOSTILE_KEY;
    t.steps[1].label = `producer0 send ${HOSTILE_KEY}=${HOSTILE_VALUE}`;
    t.steps[4].label = `producer0 send ${HUGE_VALUE}`;
    t.claim.statement = `acks=1: \u202ean acked record is lost\u202c when the leader fails`;
    t.broker = 'student:\u001b]0;broker\u0007';
    t.violation.message = t.violation.message.replaceAll('r1', HOSTILE_VALUE);
    t.violation.cause = t.violation.cause.replaceAll('r1', HOSTILE_VALUE);
  });
}
