/**
 * Flag parsing shared by the commands: whole numbers, enumerations and on/off switches, each rejected with a
 * one-line reason (exit 2) instead of falling back silently.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KcheckInputError } from '../input-error.ts';

/** Upper bounds of the numeric flags, checked before anything is allocated or run. */
export const FLAG_MAX = {
  runs: 10_000_000,
  seed: 2 ** 32 - 1,
  steps: 100_000_000,
  'steps-max': 1_000,
  seeds: 1_000,
} as const;

/** A whole number within [min, max]; anything else (a sign, a fraction, an exponent, too large) is refused. */
export function boundedNumberFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new KcheckInputError('usage', `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`);
  }
  return parsed;
}

export function wholeNumberFlag(value: string | undefined, name: string, fallback: number, min: number, max: number = FLAG_MAX[name as keyof typeof FLAG_MAX] ?? Number.MAX_SAFE_INTEGER): number {
  return boundedNumberFlag(value, name, fallback, min, max);
}

/** A path kcheck will write: refused early when empty, and any failure to write becomes one line (exit 2). */
export function outputPathFlag(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new KcheckInputError('usage', `--${name} needs a file path, got an empty one`);
  return value;
}

export function choiceFlag<T extends string>(value: string | undefined, name: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new KcheckInputError('usage', `--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

export function onOffFlag(value: string | undefined, name: string): boolean | undefined {
  const choice = choiceFlag(value, name, ['on', 'off'] as const);
  return choice === undefined ? undefined : choice === 'on';
}

/** A folder kcheck will write reports into, made (with its parents) and checked before a long run starts, so that a
 * path it cannot write is bad input at once, not after minutes of work. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new KcheckInputError('output', `cannot write into ${dir}: ${ioReason(error)}`);
  }
}

export function writeReport(path: string, content: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    throw new KcheckInputError('output', `cannot write ${path}: ${ioReason(error)}`);
  }
}

/** The first line of a Node file-system error ("EACCES: permission denied, open 'x'"). */
export function ioReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Progress on a long run. On a terminal, one line that rewrites itself; elsewhere (a CI log, a file, a pipe), the
 * latest text as a line of its own at most once per `intervalMs`, the first only after one interval, so a long run
 * shows it is alive and a quick one prints nothing but its results.
 */
export function progressLine(
  output: { write: (text: string) => void; isTTY: boolean; nowMs: () => number; intervalMs?: number } = {
    write: (text) => process.stdout.write(text),
    isTTY: process.stdout.isTTY === true,
    nowMs: () => performance.now(),
  },
): { update: (text: string) => void; done: () => void } {
  const intervalMs = output.intervalMs ?? 5_000;
  let shown = false;
  let lastLineMs = output.nowMs();
  return {
    update: (text) => {
      if (output.isTTY) {
        output.write(`\r\x1b[2K${text}`);
        shown = true;
        return;
      }
      const nowMs = output.nowMs();
      if (nowMs - lastLineMs < intervalMs) return;
      lastLineMs = nowMs;
      output.write(`${text}\n`);
    },
    done: () => {
      if (shown) output.write('\r\x1b[2K');
      shown = false;
    },
  };
}
