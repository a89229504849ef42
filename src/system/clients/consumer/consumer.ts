/**
 * A consumer: each poll fetches every partition it holds from its leader, from the consumer's position, with the
 * leader epoch it knows (KIP-320); the broker serves up to the high watermark. On a stale leader it refreshes
 * metadata; on an out-of-range position it resets to the log start (`auto.offset.reset=earliest`). It holds the
 * partitions assigned to it (`assign`, no offsets committed) or, configured with a group, those its group gives it
 * (`subscribe`: group-member.ts, which also commits).
 */
import { clientIndexOf, brokerNode, CONTROLLER_NODE, type PartitionId } from '../../kernel/ids.ts';
import type { ClientCommand, NodeContext, NodeInput, NodeLogic, Output, Transition } from '../../kernel/node-logic.ts';
import { STALE_METADATA_ERRORS } from '../../protocol/errors.ts';
import { CONSUMER_REPLICA_ID, type FetchResponse, type Message } from '../../protocol/messages.ts';
import { assert } from '../../kernel/assert.ts';
import { isGroupMessage } from '../../protocol/group-messages.ts';
import type { ConsumerState } from './consumer-state.ts';
import { leave, newMemberState, onCommitCommand, onFetched, onGroupMessage, onMemberTimer, onPoll, ownsPartition, subscribe, type MemberContext } from './group-member.ts';

export type { ConsumerFetch, ConsumerState } from './consumer-state.ts';

function memberContext(state: ConsumerState, ctx: NodeContext, outputs: Output[]): MemberContext | undefined {
  const config = configOf(ctx);
  if (!config.group || !state.group) return undefined;
  return { consumer: state, member: state.group, config: config.group, requestTimeoutMs: config.requestTimeoutMs, ctx, outputs };
}

/** What a poll fetches: the assigned partitions, or what the group gave this member. */
function heldPartitions(state: ConsumerState, ctx: NodeContext): readonly PartitionId[] {
  return state.group ? state.group.assignment : configOf(ctx).partitions;
}

const LOG_START_OFFSET = 0;
const METADATA_TIMER = 'metadata';
const fetchTimer = (partition: PartitionId) => `fetch:${partition}`;

function configOf(ctx: NodeContext) {
  const config = ctx.config.consumers[clientIndexOf(ctx.self)];
  assert(config, `${ctx.self} has no consumer configuration`);
  return config;
}

function requestMetadata(state: ConsumerState, ctx: NodeContext, outputs: Output[]): void {
  if (state.metadataCorrelationId >= 0) return;
  state.metadataCorrelationId = state.nextCorrelationId++;
  outputs.push({ type: 'send', to: CONTROLLER_NODE, message: { type: 'metadataRequest', correlationId: state.metadataCorrelationId } });
  outputs.push({ type: 'setTimer', name: METADATA_TIMER, delayMs: configOf(ctx).requestTimeoutMs });
}

function poll(state: ConsumerState, ctx: NodeContext, outputs: Output[]): void {
  const config = configOf(ctx);
  const member = memberContext(state, ctx, outputs);
  if (member && !onPoll(member)) return;
  for (const partition of heldPartitions(state, ctx)) {
    if (state.inFlight[partition]) continue;
    const known = state.leaders[partition];
    if (!known || known.leader < 0) {
      requestMetadata(state, ctx, outputs);
      continue;
    }
    const fetch = { correlationId: state.nextCorrelationId++, fetchOffset: state.positions[partition] ?? LOG_START_OFFSET };
    state.inFlight[partition] = fetch;
    outputs.push({
      type: 'send',
      to: brokerNode(known.leader),
      message: {
        type: 'fetchRequest',
        correlationId: fetch.correlationId,
        partition,
        fetchOffset: fetch.fetchOffset,
        replicaId: CONSUMER_REPLICA_ID,
        currentLeaderEpoch: known.leaderEpoch,
        maxRecords: config.fetchMaxRecords,
      },
    });
    outputs.push({ type: 'setTimer', name: fetchTimer(partition), delayMs: config.requestTimeoutMs });
  }
}

function onFetchResponse(state: ConsumerState, response: FetchResponse, ctx: NodeContext, outputs: Output[]): void {
  const partition = response.partition;
  const fetch = state.inFlight[partition];
  if (!fetch || fetch.correlationId !== response.correlationId) return; // late: its timer already fired
  delete state.inFlight[partition];
  outputs.push({ type: 'cancelTimer', name: fetchTimer(partition) });
  if (response.error === 'OFFSET_OUT_OF_RANGE') {
    state.positions[partition] = LOG_START_OFFSET;
    outputs.push({ type: 'observe', observation: { type: 'positionReset', consumer: ctx.self, partition, fromOffset: fetch.fetchOffset, toOffset: LOG_START_OFFSET } });
    return;
  }
  if (response.error !== 'NONE') {
    if (STALE_METADATA_ERRORS.has(response.error)) requestMetadata(state, ctx, outputs);
    return;
  }
  const records = response.records.filter((r) => r.offset >= fetch.fetchOffset);
  const member = memberContext(state, ctx, outputs);
  if (member && !ownsPartition(member.member, partition)) return;
  if (records.length > 0) state.positions[partition] = records[records.length - 1]!.offset + 1;
  const consumed = records.map((r) => ({ partition, offset: r.offset, key: r.key, value: r.value }));
  if (member) return onFetched(member, { partition, fetchOffset: fetch.fetchOffset, records: consumed });
  outputs.push({
    type: 'observe',
    observation: {
      type: 'pollReturned',
      consumer: ctx.self,
      partition,
      fetchOffset: fetch.fetchOffset,
      records: records.map((r) => ({ partition, offset: r.offset, key: r.key, value: r.value })),
    },
  });
}

function onMessage(state: ConsumerState, message: Message, ctx: NodeContext, outputs: Output[]): void {
  if (message.type === 'fetchResponse') return onFetchResponse(state, message, ctx, outputs);
  if (isGroupMessage(message)) {
    const member = memberContext(state, ctx, outputs);
    if (member) onGroupMessage(member, message);
    return;
  }
  if (message.type !== 'metadataResponse' || message.correlationId !== state.metadataCorrelationId) return;
  state.metadataCorrelationId = -1;
  outputs.push({ type: 'cancelTimer', name: METADATA_TIMER });
  for (const entry of message.partitions) state.leaders[entry.partition] = { leader: entry.leader, leaderEpoch: entry.leaderEpoch };
}

function onTimer(state: ConsumerState, name: string, ctx: NodeContext, outputs: Output[]): void {
  const member = memberContext(state, ctx, outputs);
  if (member && onMemberTimer(member, name)) return;
  if (name === METADATA_TIMER) {
    state.metadataCorrelationId = -1;
    return requestMetadata(state, ctx, outputs);
  }
  const partition = Number(name.slice('fetch:'.length));
  delete state.inFlight[partition];
  requestMetadata(state, ctx, outputs);
}

function onCommand(state: ConsumerState, command: ClientCommand, ctx: NodeContext, outputs: Output[]): void {
  if (command.type === 'poll') return poll(state, ctx, outputs);
  const member = memberContext(state, ctx, outputs);
  if (!member) return; // commit, leave and subscribe mean nothing to a consumer that assigns
  if (command.type === 'commit') return onCommitCommand(member);
  if (command.type === 'leave') return leave(member);
  if (command.type === 'subscribe') return subscribe(member);
}

export const consumerLogic: NodeLogic<ConsumerState> = {
  init(ctx): Transition<ConsumerState> {
    const state: ConsumerState = { nextCorrelationId: 0, metadataCorrelationId: -1, leaders: {}, positions: {}, inFlight: {} };
    const outputs: Output[] = [];
    requestMetadata(state, ctx, outputs);
    // A group member subscribes as it starts (and again after a restart); an `assign` consumer has no group state.
    if (configOf(ctx).group) {
      state.group = newMemberState();
      subscribe(memberContext(state, ctx, outputs)!);
    }
    return { state, outputs };
  },
  handle(state, input: NodeInput, ctx): Transition<ConsumerState> {
    const outputs: Output[] = [];
    switch (input.type) {
      case 'command':
        onCommand(state, input.command, ctx, outputs);
        break;
      case 'message':
        onMessage(state, input.message, ctx, outputs);
        break;
      case 'timer':
        onTimer(state, input.name, ctx, outputs);
        break;
      default: {
        const never: never = input;
        assert(false, `unknown input ${JSON.stringify(never)}`);
      }
    }
    return { state, outputs };
  },
};
