/**
 * Flag parsing shared by the commands: whole numbers, enumerations and on/off switches, each rejected with a
 * one-line reason (exit 2) instead of falling back silently.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KcheckInputError } from '../input-error.ts';

export function wholeNumberFlag(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new KcheckInputError('usage', `--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return parsed;
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

export function writeReport(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A progress line that rewrites itself, only when stdout is a terminal (CI logs stay clean). */
export function progressLine(): { update: (text: string) => void; done: () => void } {
  const tty = process.stdout.isTTY === true;
  let shown = false;
  return {
    update: (text) => {
      if (!tty) return;
      process.stdout.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done: () => {
      if (shown) process.stdout.write('\r\x1b[2K');
    },
  };
}
