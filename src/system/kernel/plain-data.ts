/**
 * Whether a value is plain data: what a broker's state must be so that kcheck can snapshot, hash, replay and
 * model-check it (design.md: state is plain, serializable data). Plain means JSON's values plus `undefined`:
 * objects whose prototype is Object's or null, arrays, strings, finite numbers, booleans and null; no functions,
 * symbols, BigInts, class instances (Map, Set, Date included) or cycles. Also a deep copy of plain data.
 */

/** How deep plain data may nest before it is called runaway. */
export const PLAIN_DATA_DEPTH_MAX = 64;

function kindOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `the number ${String(value)} (not JSON data)`;
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object': {
      if (value === null || Array.isArray(value)) return undefined;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return undefined;
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return `an instance of ${typeof name === 'string' && name !== '' ? name : 'a class'}`;
    }
    default:
      return `a ${typeof value}`;
  }
}

/** The first place where `value` is not plain data, as `path: what it is`, or undefined when it all is. */
export function plainDataProblem(value: unknown, path = 'state'): string | undefined {
  const onPath = new Set<object>();
  const visit = (v: unknown, at: string, depth: number): string | undefined => {
    const kind = kindOf(v);
    if (kind) return `${at} is ${kind}`;
    if (typeof v !== 'object' || v === null) return undefined;
    if (onPath.has(v)) return `${at} refers back to itself (a cycle)`;
    if (depth >= PLAIN_DATA_DEPTH_MAX) return `${at} nests deeper than ${PLAIN_DATA_DEPTH_MAX} levels`;
    onPath.add(v);
    try {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const problem = visit(v[i], `${at}[${i}]`, depth + 1);
          if (problem) return problem;
        }
        return undefined;
      }
      for (const key of Object.keys(v)) {
        const problem = visit((v as Record<string, unknown>)[key], `${at}.${key}`, depth + 1);
        if (problem) return problem;
      }
      if (Object.getOwnPropertySymbols(v).length > 0) return `${at} has a symbol-keyed property`;
      return undefined;
    } finally {
      onPath.delete(v);
    }
  };
  return visit(value, path, 0);
}

/**
 * A deep copy, as `structuredClone` makes one, an order of magnitude faster on plain data: fields and elements
 * that are not objects are assigned as they are, and only nested objects are visited (no spread, no second pass:
 * the model checker copies a node's state per successor). Anything not plain inside is left to `structuredClone`,
 * so the copy is the same whatever the value holds.
 */
export function copyPlainData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  return copyObject(value) as T;
}

function copyObject(value: object): unknown {
  if (Array.isArray(value)) {
    const length = value.length;
    const copy: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      const element: unknown = value[i];
      copy[i] = typeof element === 'object' && element !== null ? copyObject(element) : element;
    }
    return copy;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  // Fields in the source's own order (for-in and a spread agree on it); an ordinary object, as a spread made.
  const copy: Record<string, unknown> = {};
  for (const key in source) {
    const field = source[key];
    copy[key] = typeof field === 'object' && field !== null ? copyObject(field) : field;
  }
  return copy;
}
