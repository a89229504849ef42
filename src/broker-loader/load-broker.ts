/**
 * Loads a broker implementation from a `.ts`, `.mts`, `.js` or `.mjs` file (`--broker MODULE`): the module's
 * default export, its export named `broker`, or its only export shaped like one, must be a BrokerLogic
 * (docs/broker-api.md). Path and shape problems are bad input, one line each. The CLI loads modules inside the
 * sandbox (src/sandbox/), where a module that throws or hangs while it loads is that broker's failure; this
 * in-process loader serves tests and programs that trust the module.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KcheckInputError } from '../input-error.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import { guardBroker, thrownText, type BrokerCallMonitor } from '../system/kernel/broker-guard.ts';

export const BROKER_MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

function fail(reason: string): never {
  throw new KcheckInputError('broker', reason);
}

/** A broker module's failure while it loads (it threw, or an export's getter did): the broker's verdict, not bad input. */
export class BrokerLoadFailure extends Error {
  override readonly name = 'BrokerLoadFailure';
}

/** The module's absolute path, after the checks a path needs (it exists, it is a file, its extension). */
export function brokerModulePath(modulePath: string): string {
  if (modulePath === '') fail('--broker needs a module path, got an empty one');
  const path = resolve(modulePath);
  if (!existsSync(path)) fail(`cannot read ${modulePath}: no such file`);
  if (!statSync(path).isFile()) fail(`cannot read ${modulePath}: not a file`);
  if (!BROKER_MODULE_EXTENSIONS.includes(extname(path))) fail(`${modulePath}: a broker module is a ${BROKER_MODULE_EXTENSIONS.join(', ')} file`);
  return path;
}

/** What is wrong with the value as a BrokerLogic, or undefined. Reading it may run a getter: the caller guards. */
export function brokerShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `is ${value === null ? 'null' : typeof value}, not an object with id, init, handle and inspect`;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.id !== 'string' || candidate.id.trim() === '') return 'has no id (a non-empty string naming the implementation)';
  for (const method of ['init', 'handle', 'inspect']) {
    if (typeof candidate[method] !== 'function') return `has no ${method} function`;
  }
  return undefined;
}

/** esbuild's "Transform failed with 1 error:" says where on its next line: keep that line. */
function loadErrorText(error: unknown): string {
  const text = error instanceof Error ? String(error.message) : thrownText(error);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const located = lines.find((l) => /:\d+:\d+: ERROR: /.test(l));
  return located ?? lines[0] ?? 'an empty error';
}

/** The broker a loaded module exports, guarded; shape problems are bad input, throwing getters a load failure. */
export function brokerFromModule(module: Record<string, unknown>, modulePath: string, monitor?: BrokerCallMonitor): BrokerLogic<unknown> {
  let exported: unknown;
  let problem: string | undefined;
  try {
    // The default export, or one named `broker`, or else the one export shaped like a broker.
    const shaped = Object.values(module).filter((value) => brokerShapeProblem(value) === undefined);
    exported = module.default ?? module.broker ?? (shaped.length === 1 ? shaped[0] : undefined);
    problem = exported === undefined ? undefined : brokerShapeProblem(exported);
  } catch (error) {
    throw new BrokerLoadFailure(`${modulePath}: reading the exported broker threw: ${thrownText(error)}`);
  }
  if (exported === undefined) fail(`${modulePath} exports no broker: export it as default or as \`broker\``);
  if (problem) fail(`${modulePath}: the exported broker ${problem}`);
  try {
    return guardBroker(exported as BrokerLogic<unknown>, monitor);
  } catch (error) {
    throw new BrokerLoadFailure(`${modulePath}: reading the exported broker threw: ${thrownText(error)}`);
  }
}

/** Imports the module; a module that throws as it loads (a syntax error included) is a BrokerLoadFailure. */
export async function importBrokerModule(path: string, modulePath: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new BrokerLoadFailure(`${modulePath} failed to load: ${loadErrorText(error)}`);
  }
}

/** In-process load (tests, trusted modules): every failure is bad input with one line. */
export async function loadBroker(modulePath: string): Promise<BrokerLogic<unknown>> {
  const path = brokerModulePath(modulePath);
  try {
    return brokerFromModule(await importBrokerModule(path, modulePath), modulePath);
  } catch (error) {
    if (error instanceof BrokerLoadFailure) fail(error.message);
    throw error;
  }
}
