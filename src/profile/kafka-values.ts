/**
 * Reads a configuration value as Kafka's ConfigDef does for the key's type (the value trimmed; INT, SHORT and LONG
 * in their Java ranges; BOOLEAN `true`/`false` in any case) and checks the bounds Kafka declares for it. A value
 * Kafka would refuse gives the reason in words; what a string-typed value means is left to the caller.
 */
import type { KafkaKey } from './kafka-config-keys.ts';

export type ValueReading<T> = { ok: true; value: T } | { ok: false; reason: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const JAVA_RANGES = { SHORT: [-(2n ** 15n), 2n ** 15n - 1n], INT: [-(2n ** 31n), 2n ** 31n - 1n], LONG: [-(2n ** 63n), 2n ** 63n - 1n] } as const;

const refuse = (reason: string): ValueReading<never> => ({ ok: false, reason });

/** A whole number of Kafka's type (as a bigint: a LONG may pass 2^53), within Kafka's bounds and `kcheck`'s. */
export function readWhole(raw: string, type: 'SHORT' | 'INT' | 'LONG', min?: number, max?: number): ValueReading<bigint> {
  const text = raw.trim();
  if (!INTEGER.test(text)) return refuse(`not a whole number of type ${type}`);
  const value = BigInt(text);
  const [low, high] = JAVA_RANGES[type];
  if (value < low || value > high) return refuse(`not a number of type ${type} (${low} … ${high})`);
  if (min !== undefined && value < BigInt(min)) return refuse(`must be at least ${min}`);
  if (max !== undefined && value > BigInt(max)) return refuse(`must be at most ${max}`);
  return { ok: true, value };
}

export function readBoolean(raw: string): ValueReading<boolean> {
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
  return refuse('must be true or false');
}

/** Checks a value against its key's declared type and bounds (a key kcheck does not model is still read). */
export function checkKafkaValue(raw: string, key: KafkaKey): string | undefined {
  switch (key.type) {
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      const reading = readWhole(raw, key.type, key.min, key.max);
      return reading.ok ? undefined : reading.reason;
    }
    case 'DOUBLE': {
      const text = raw.trim();
      if (!DECIMAL.test(text)) return 'not a number of type DOUBLE';
      const value = Number(text);
      if (key.min !== undefined && value < key.min) return `must be at least ${key.min}`;
      if (key.max !== undefined && value > key.max) return `must be at most ${key.max}`;
      return undefined;
    }
    case 'BOOLEAN': {
      const reading = readBoolean(raw);
      return reading.ok ? undefined : reading.reason;
    }
    case 'STRING': {
      // Some of Kafka's enumerations ignore case; one kcheck does not model is given the benefit of the doubt.
      const text = raw.trim().toLowerCase();
      if (key.choices && !key.choices.some((c) => c.toLowerCase() === text)) return `must be one of ${key.choices.join(', ')}`;
      return undefined;
    }
    case 'CLASS':
    case 'LIST':
    case 'PASSWORD':
      return undefined;
    default: {
      const unknown: never = key.type;
      return `has an unknown type ${String(unknown)}`;
    }
  }
}
