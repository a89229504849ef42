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
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: PlainRecord<T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The entry under `key`, created by `make` when absent. */
export function ownOrInsert<T>(record: PlainRecord<T>, key: string, make: () => T): T {
  const existing = getOwn(record, key);
  if (existing !== undefined) return existing;
  const created = make();
  setOwn(record, key, created);
  return created;
}
