/**
 * A broker kcheck did not write (a student's, one loaded with `--broker`) runs behind a guard: an exception it
 * throws, or an output or view of the wrong shape, becomes a `BrokerFault` that names the broker, the node and
 * what was wrong. The runner reports it as a failure of that broker, with a trace, instead of kcheck crashing
 * somewhere downstream on malformed data.
 */
import type { ClusterConfig } from '../config/config.ts';
import type { BrokerLogic, BrokerView } from './broker-logic.ts';
import { nodeIdsOf } from './create-world.ts';
import { messageProblem } from './message-shape.ts';
import type { NodeContext, NodeInput, Transition } from './node-logic.ts';
import { plainDataProblem } from './plain-data.ts';

export class BrokerFault extends Error {
  override readonly name = 'BrokerFault';
}

/** Outputs one call may return: more is a runaway broker, not a protocol. */
export const OUTPUTS_PER_CALL_MAX = 10_000;

const DISK_OPS = new Set(['append', 'truncate', 'write']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown): value is number => Number.isInteger(value);
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** What is wrong with one output, or undefined. */
function outputProblem(output: unknown, nodes: ReadonlySet<string>): string | undefined {
  if (!isObject(output)) return `is not an object: ${show(output)}`;
  switch (output.type) {
    case 'send': {
      if (typeof output.to !== 'string') return `sends to ${show(output.to)}, not a node id`;
      if (!nodes.has(output.to)) return `sends to ${show(output.to)}, which is no node of this cluster`;
      const problem = messageProblem(output.message);
      return problem ? `sends a malformed message ${problem}: ${show(output.message)}` : undefined;
    }
    case 'setTimer':
      if (typeof output.name !== 'string') return `sets a timer without a name: ${show(output)}`;
      if (!isWhole(output.delayMs) || output.delayMs < 0) return `sets timer ${show(output.name)} with delayMs ${show(output.delayMs)}`;
      return undefined;
    case 'cancelTimer':
      return typeof output.name === 'string' ? undefined : `cancels a timer without a name: ${show(output)}`;
    case 'disk': {
      const op = output.op;
      if (!isObject(op) || !DISK_OPS.has(op.op as string) || typeof op.file !== 'string') return `writes a malformed disk op ${show(op)}`;
      if (op.op === 'truncate' ? !isWhole(op.length) || op.length < 0 : !Array.isArray(op.entries)) return `writes a malformed disk op ${show(op)}`;
      return undefined;
    }
    case 'observe':
      return 'emits a client observation (only clients may)';
    default:
      return `has an unknown type ${show(output.type)}`;
  }
}

function checkTransition<S>(transition: unknown, where: string, nodes: ReadonlySet<string>): Transition<S> {
  if (!isObject(transition) || !Array.isArray(transition.outputs)) throw new BrokerFault(`${where} returned ${show(transition)}, not { state, outputs: [...] }`);
  const outputs = transition.outputs as unknown[];
  if (outputs.length > OUTPUTS_PER_CALL_MAX) throw new BrokerFault(`${where} returned ${outputs.length} outputs (at most ${OUTPUTS_PER_CALL_MAX})`);
  outputs.forEach((output, i) => {
    const problem = outputProblem(output, nodes);
    if (problem) throw new BrokerFault(`${where}: outputs[${i}] ${problem}`);
  });
  // The kernel snapshots, hashes and replays broker state: it must be plain data (broker-api.md).
  const stateProblem = plainDataProblem(transition.state);
  if (stateProblem) throw new BrokerFault(`${where} returned a state that is not plain data: ${stateProblem}`);
  return transition as unknown as Transition<S>;
}

function viewProblem(view: unknown): string | undefined {
  if (!isObject(view) || !isWhole(view.brokerId) || !Array.isArray(view.replicas)) return `is not { brokerId, replicas: [...] }: ${show(view)}`;
  for (const [i, r] of (view.replicas as unknown[]).entries()) {
    if (!isObject(r)) return `replicas[${i}] is not an object`;
    if (!isWhole(r.partition) || !isWhole(r.leader) || !isWhole(r.leaderEpoch) || !isWhole(r.highWatermark)) return `replicas[${i}] needs whole partition, leader, leaderEpoch and highWatermark`;
    if (r.role !== 'leader' && r.role !== 'follower' && r.role !== 'none') return `replicas[${i}].role is ${show(r.role)}`;
    if (!Array.isArray(r.isr) || !(r.isr as unknown[]).every(isWhole)) return `replicas[${i}].isr is not a list of broker ids`;
    if (!Array.isArray(r.log)) return `replicas[${i}].log is not a list`;
    for (const [j, record] of (r.log as unknown[]).entries()) {
      if (!isObject(record) || record.offset !== j || typeof record.value !== 'string' || !isWhole(record.leaderEpoch)) {
        return `replicas[${i}].log[${j}] is not a record at offset ${j} with a string value and a leaderEpoch`;
      }
    }
  }
  return undefined;
}

/** Told when a call into the broker starts and ends: the sandbox's watchdog (src/sandbox/) listens. */
export interface BrokerCallMonitor {
  enter(where: string): void;
  leave(): void;
}

/** The first line of whatever was thrown; reading it must not throw in turn (a hostile getter). */
export function thrownText(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message).split('\n')[0]! : show(error);
  } catch {
    return 'a value kcheck could not read';
  }
}

function guardedCall<T>(where: string, call: () => T, monitor: BrokerCallMonitor | undefined): T {
  monitor?.enter(where);
  try {
    return call();
  } catch (error) {
    if (error instanceof BrokerFault) throw error;
    throw new BrokerFault(`${where} threw: ${thrownText(error)}`);
  } finally {
    monitor?.leave();
  }
}

const GUARDED = Symbol('kcheck.guardedBroker');

/** True for a broker wrapped by `guardBroker`: its failures are the broker's, not kcheck's. */
export function isGuardedBroker(logic: BrokerLogic<unknown>): boolean {
  return (logic as unknown as Record<symbol, unknown>)[GUARDED] === true;
}

/** `logic.id` must already have been read and checked (the loader does): a getter is not called again. */
export function guardBroker<S>(logic: BrokerLogic<S>, monitor?: BrokerCallMonitor): BrokerLogic<S> {
  const id = logic.id;
  const label = (ctx: NodeContext) => `broker ${JSON.stringify(id)} on ${ctx.self}`;
  let nodes: { config: ClusterConfig; ids: Set<string> } | undefined;
  const nodesOf = (config: ClusterConfig) => {
    if (nodes?.config !== config) nodes = { config, ids: new Set(nodeIdsOf(config)) };
    return nodes.ids;
  };
  const wrapped: BrokerLogic<S> = {
    id,
    init: (ctx) => checkTransition<S>(guardedCall(`${label(ctx)}: init`, () => logic.init(ctx), monitor), `${label(ctx)}: init`, nodesOf(ctx.config)),
    handle: (state: S, input: NodeInput, ctx: NodeContext) => {
      const where = `${label(ctx)}: handle(${input.type === 'message' ? input.message.type : input.type === 'timer' ? `timer ${input.name}` : input.type})`;
      return checkTransition<S>(guardedCall(where, () => logic.handle(state, input, ctx), monitor), where, nodesOf(ctx.config));
    },
    inspect: (state: S): BrokerView => {
      const view = guardedCall(`broker ${JSON.stringify(id)}: inspect`, () => logic.inspect(state), monitor);
      const problem = viewProblem(view);
      if (problem) throw new BrokerFault(`broker ${JSON.stringify(id)}: inspect's view ${problem}`);
      return view;
    },
  };
  Object.defineProperty(wrapped, GUARDED, { value: true });
  return wrapped;
}

