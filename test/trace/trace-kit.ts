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

export function exampleText(name: string): string {
  return readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8');
}

/** An edit of a trace's JSON: tests reach into it freely, valid or not, so its type is as loose as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TraceEdit = (trace: Record<string, any>) => void;

/** The example trace as a plain object, edited by `edit`, back as text. */
export function editedTrace(name: string, edit: TraceEdit): string {
  const trace = JSON.parse(exampleText(name));
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
