/**
 * What every producer step needs besides its state: who it is, the virtual time, its own config and the topic's
 * partition count, plus the list the step appends its outputs to. It leaves out anything stateful: the env is
 * rebuilt from the kernel's context at each input.
 */
import type { ProducerConfig } from '../../config/config.ts';
import { assert } from '../../kernel/assert.ts';
import { clientIndexOf, type NodeId } from '../../kernel/ids.ts';
import type { NodeContext, Output } from '../../kernel/node-logic.ts';
import type { Observation } from '../../kernel/observations.ts';

export interface ProducerEnv {
  self: NodeId;
  nowMs: number;
  config: ProducerConfig;
  partitionCount: number;
  outputs: Output[];
}

export function envOf(ctx: NodeContext): ProducerEnv {
  const config = ctx.config.producers[clientIndexOf(ctx.self)];
  assert(config, `${ctx.self} has no producer config`);
  return { self: ctx.self, nowMs: ctx.nowMs, config, partitionCount: ctx.config.partitions, outputs: [] };
}

export function observe(env: ProducerEnv, observation: Observation): void {
  env.outputs.push({ type: 'observe', observation });
}
