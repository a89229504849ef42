/**
 * Loads a broker implementation from a `.ts` or `.js` file (`--broker MODULE`): the module's default export,
 * its export named `broker`, or its only export shaped like one, must be a BrokerLogic (docs/broker-api.md). The shape is checked here with a
 * one-line reason; the broker then runs behind `guardBroker`, so whatever it does at run time is reported as
 * its own failure, with a trace, never as a crash of kcheck.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KcheckInputError } from '../input-error.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import { guardBroker } from '../system/kernel/broker-guard.ts';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

function fail(reason: string): never {
  throw new KcheckInputError('broker', reason);
}

/** What is wrong with the value as a BrokerLogic, or undefined. */
export function brokerShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `is ${value === null ? 'null' : typeof value}, not an object with id, init, handle and inspect`;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.id !== 'string' || candidate.id.trim() === '') return 'has no id (a non-empty string naming the implementation)';
  for (const method of ['init', 'handle', 'inspect']) {
    if (typeof candidate[method] !== 'function') return `has no ${method} function`;
  }
  return undefined;
}

export async function loadBroker(modulePath: string): Promise<BrokerLogic<unknown>> {
  const path = resolve(modulePath);
  if (!existsSync(path) || !statSync(path).isFile()) fail(`cannot read ${modulePath}: no such file`);
  if (!EXTENSIONS.includes(extname(path))) fail(`${modulePath}: a broker module is a ${EXTENSIONS.join(', ')} file`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    fail(`${modulePath} failed to load: ${message}`);
  }
  // The default export, or one named `broker`, or else the one export shaped like a broker.
  const shaped = Object.values(module).filter((value) => brokerShapeProblem(value) === undefined);
  const exported = module.default ?? module.broker ?? (shaped.length === 1 ? shaped[0] : undefined);
  if (exported === undefined) fail(`${modulePath} exports no broker: export it as default or as \`broker\``);
  const problem = brokerShapeProblem(exported);
  if (problem) fail(`${modulePath}: the exported broker ${problem}`);
  return guardBroker(exported as BrokerLogic<unknown>);
}
