/**
 * A broker kcheck did not write (a student's, one loaded with `--broker`) runs behind a guard: an exception it
 * throws, or an output or view of the wrong shape, becomes a `BrokerFault` that names the broker, the node and
 * what was wrong. The runner reports it as a failure of that broker, with a trace, instead of kcheck crashing
 * somewhere downstream on malformed data.
 */
import type { BrokerLogic, BrokerView } from './broker-logic.ts';
import type { NodeContext, NodeInput, Transition } from './node-logic.ts';

export class BrokerFault extends Error {
  override readonly name = 'BrokerFault';
}

/** Outputs one call may return: more is a runaway broker, not a protocol. */
export const OUTPUTS_PER_CALL_MAX = 10_000;

const MESSAGE_TYPES = new Set([
  'produceRequest',
  'produceResponse',
  'fetchRequest',
  'fetchResponse',
  'offsetsForLeaderEpochRequest',
  'offsetsForLeaderEpochResponse',
  'brokerRegistration',
  'brokerHeartbeat',
  'leaderAndIsr',
  'alterPartitionRequest',
  'alterPartitionResponse',
  'metadataRequest',
  'metadataResponse',
]);
const DISK_OPS = new Set(['append', 'truncate', 'write']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown): value is number => Number.isInteger(value);
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** What is wrong with one output, or undefined. */
function outputProblem(output: unknown): string | undefined {
  if (!isObject(output)) return `is not an object: ${show(output)}`;
  switch (output.type) {
    case 'send':
      if (typeof output.to !== 'string') return `sends to ${show(output.to)}, not a node id`;
      if (!isObject(output.message) || !MESSAGE_TYPES.has(output.message.type as string)) return `sends an unknown message ${show(output.message)}`;
      return undefined;
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

function checkTransition<S>(transition: unknown, where: string): Transition<S> {
  if (!isObject(transition) || !Array.isArray(transition.outputs)) throw new BrokerFault(`${where} returned ${show(transition)}, not { state, outputs: [...] }`);
  const outputs = transition.outputs as unknown[];
  if (outputs.length > OUTPUTS_PER_CALL_MAX) throw new BrokerFault(`${where} returned ${outputs.length} outputs (at most ${OUTPUTS_PER_CALL_MAX})`);
  outputs.forEach((output, i) => {
    const problem = outputProblem(output);
    if (problem) throw new BrokerFault(`${where}: outputs[${i}] ${problem}`);
  });
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

function guarded<T>(where: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof BrokerFault) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : show(error);
    throw new BrokerFault(`${where} threw: ${message}`);
  }
}

const GUARDED = Symbol('kcheck.guardedBroker');

/** True for a broker wrapped by `guardBroker`: its failures are the broker's, not kcheck's. */
export function isGuardedBroker(logic: BrokerLogic<unknown>): boolean {
  return (logic as unknown as Record<symbol, unknown>)[GUARDED] === true;
}

export function guardBroker<S>(logic: BrokerLogic<S>): BrokerLogic<S> {
  const label = (ctx: NodeContext) => `broker ${JSON.stringify(logic.id)} on ${ctx.self}`;
  const wrapped: BrokerLogic<S> = {
    id: logic.id,
    init: (ctx) => checkTransition<S>(guarded(`${label(ctx)}: init`, () => logic.init(ctx)), `${label(ctx)}: init`),
    handle: (state: S, input: NodeInput, ctx: NodeContext) => {
      const where = `${label(ctx)}: handle(${input.type === 'message' ? input.message.type : input.type === 'timer' ? `timer ${input.name}` : input.type})`;
      return checkTransition<S>(guarded(where, () => logic.handle(state, input, ctx)), where);
    },
    inspect: (state: S): BrokerView => {
      const view = guarded(`broker ${JSON.stringify(logic.id)}: inspect`, () => logic.inspect(state));
      const problem = viewProblem(view);
      if (problem) throw new BrokerFault(`broker ${JSON.stringify(logic.id)}: inspect's view ${problem}`);
      return view;
    },
  };
  Object.defineProperty(wrapped, GUARDED, { value: true });
  return wrapped;
}

