/**
 * Records keyed by user data (record values, process names). Values come from a history file, so a key may be
 * `constructor` or `__proto__`: reading through `Object.hasOwn` and writing through `defineProperty` keeps such
 * keys ordinary data, whatever the record's prototype (a snapshot restored by JSON.parse or structuredClone
 * gets Object.prototype back).
 */
export type PlainRecord<T> = Record<string, T>;

export function emptyRecord<T>(): PlainRecord<T> {
  return Object.create(null) as PlainRecord<T>;
}

export function getOwn<T>(record: PlainRecord<T>, key: string): T | undefined {
  const value = record[key];
  // One lookup on a null-prototype record; a restored one must not answer with what Object.prototype holds.
  return value !== undefined && (Object.getPrototypeOf(record) === null || Object.hasOwn(record, key)) ? value : undefined;
}

export function setOwn<T>(record: PlainRecord<T>, key: string, value: T): void {
  // Only `__proto__` is an accessor on a record that has Object.prototype; any other key assigns as data.
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The entry under `key`, created by `make` when absent. */
export function ownOrInsert<T>(record: PlainRecord<T>, key: string, make: () => T): T {
  const existing = getOwn(record, key);
  if (existing !== undefined) return existing;
  const created = make();
  setOwn(record, key, created);
  return created;
}

/** Largest array index (2^32 - 2): such keys are listed first, in numeric order, by Object.keys and JSON. */
const ARRAY_INDEX_MAX = 4_294_967_294;

function arrayIndexOf(key: string): number | undefined {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(key)) return undefined;
  const index = Number(key);
  return index <= ARRAY_INDEX_MAX ? index : undefined;
}

/**
 * The positions of `keys` (distinct, in insertion order) in the order a record holding them would list them:
 * array indices first in numeric order, then the others in insertion order. State kept in arrays reports in the
 * order the same state kept in records did.
 */
export function recordKeyOrder(keys: readonly string[]): number[] {
  const indices = keys.map(arrayIndexOf);
  return keys
    .map((_, position) => position)
    .sort((a, b) => {
      const ia = indices[a];
      const ib = indices[b];
      if (ia !== undefined && ib !== undefined) return ia - ib;
      if (ia !== undefined) return -1;
      if (ib !== undefined) return 1;
      return a - b;
    });
}

/**
 * `items` with `item` appended. Most of the model's lists hold one element; a first push would give one room
 * for 17, so an empty list is replaced by a literal of one element instead (a million values, a few lists each).
 */
export function appended<T>(items: T[], item: T): T[] {
  if (items.length === 0) return [item];
  items.push(item);
  return items;
}
