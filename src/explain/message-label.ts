/**
 * Messages as a person reads them in a diagram or a list of what is in flight: a few words each, and a kind
 * that says whether the message moves records or leadership (worth drawing) or is background chatter
 * (heartbeats, metadata, fetches that return nothing), which the explanations summarise instead.
 */
import type { GroupMessage } from '../system/protocol/group-messages.ts';
import type { Message } from '../system/protocol/messages.ts';
import { displayValue } from '../text/display-text.ts';

export type MessageKind = 'data' | 'control' | 'chatter';

/** Values are written by users; a long one is elided with its length so a label stays a label. */
const VALUE_CHARS_MAX = 24;

/** A value as a story, a label or a table cell shows it: escaped, and elided past VALUE_CHARS_MAX. */
export function shortValue(value: string): string {
  return displayValue(value, VALUE_CHARS_MAX);
}

function valueList(values: readonly string[]): string {
  return values.map(shortValue).join(', ');
}

export function messageKind(message: Message): MessageKind {
  switch (message.type) {
    case 'produceRequest':
    case 'produceResponse':
      return 'data';
    case 'fetchResponse':
      return message.records.length > 0 || message.error !== 'NONE' ? 'data' : 'chatter';
    case 'leaderAndIsr':
    case 'alterPartitionRequest':
    case 'alterPartitionResponse':
    case 'offsetsForLeaderEpochRequest':
    case 'offsetsForLeaderEpochResponse':
    case 'brokerRegistration':
      return 'control';
    case 'fetchRequest':
    case 'brokerHeartbeat':
    case 'metadataRequest':
    case 'metadataResponse':
    case 'findCoordinatorRequest':
    case 'findCoordinatorResponse':
    case 'heartbeatRequest':
    case 'offsetFetchRequest':
      return 'chatter';
    case 'heartbeatResponse':
      return message.error === 'NONE' ? 'chatter' : 'control';
    case 'joinGroupRequest':
    case 'joinGroupResponse':
    case 'syncGroupRequest':
    case 'syncGroupResponse':
    case 'leaveGroupRequest':
    case 'leaveGroupResponse':
    case 'offsetCommitRequest':
    case 'offsetCommitResponse':
    case 'offsetFetchResponse':
      return 'control';
    default: {
      const never: never = message;
      return never;
    }
  }
}

export function messageLabel(message: Message): string {
  const p = 'partition' in message ? `p${message.partition} ` : '';
  switch (message.type) {
    case 'produceRequest':
      return `produce ${p}[${valueList(message.records.map((r) => r.value))}]`;
    case 'produceResponse':
      return message.error === 'NONE' ? `ack ${p}@${message.baseOffset}` : `produce ${p}error ${message.error}`;
    case 'fetchRequest':
      return `fetch ${p}@${message.fetchOffset}`;
    case 'fetchResponse': {
      if (message.error !== 'NONE') return `fetch ${p}error ${message.error}`;
      const records = message.records.map((r) => `${shortValue(r.value)}@${r.offset}`).join(', ');
      return `${p}${records === '' ? 'no records' : records} · HW ${message.highWatermark}`;
    }
    case 'offsetsForLeaderEpochRequest':
      return `${p}end of epoch ${message.leaderEpoch}?`;
    case 'offsetsForLeaderEpochResponse':
      return message.error === 'NONE' ? `${p}epoch ${message.leaderEpoch} ends at ${message.endOffset}` : `${p}epoch end error ${message.error}`;
    case 'brokerRegistration':
      return `register b${message.brokerId} (incarnation ${message.incarnation})`;
    case 'brokerHeartbeat':
      return 'heartbeat';
    case 'leaderAndIsr':
      return message.leader < 0 ? `${p}offline · ISR [${message.isr.join(',')}]` : `${p}leader b${message.leader} · epoch ${message.leaderEpoch} · ISR [${message.isr.join(',')}]`;
    case 'alterPartitionRequest':
      return `${p}ISR → [${message.newIsr.join(',')}]?`;
    case 'alterPartitionResponse':
      return message.error === 'NONE' ? `${p}ISR [${message.isr.join(',')}] ok` : `${p}ISR change error ${message.error}`;
    case 'metadataRequest':
      return 'metadata?';
    case 'metadataResponse':
      return `metadata ${message.partitions.map((m) => `p${m.partition}→${m.leader < 0 ? 'none' : `b${m.leader}`}`).join(' ')}`;
    default:
      return groupMessageLabel(message);
  }
}

function errorOr(error: string, text: string): string {
  return error === 'NONE' ? text : `${text} error ${error}`;
}

function groupMessageLabel(message: GroupMessage): string {
  const offsets = (list: readonly { partition: number; offset: number }[]) => list.map((o) => `p${o.partition}@${o.offset}`).join(' ');
  switch (message.type) {
    case 'findCoordinatorRequest':
      return `coordinator of ${message.groupId}?`;
    case 'findCoordinatorResponse':
      return errorOr(message.error, `coordinator b${message.coordinator}`);
    case 'joinGroupRequest':
      return `join ${message.groupId}${message.memberId === '' ? '' : ` as ${message.memberId}`}`;
    case 'joinGroupResponse':
      return errorOr(message.error, `joined gen ${message.generation} as ${message.memberId}${message.memberId === message.leaderId ? ' (leader)' : ''}`);
    case 'syncGroupRequest':
      return `sync gen ${message.generation}${message.assignments.length > 0 ? ` ${message.assignments.map((a) => `${a.memberId}:[${a.partitions.join(',')}]`).join(' ')}` : ''}`;
    case 'syncGroupResponse':
      return errorOr(message.error, `assigned [${message.partitions.join(',')}]`);
    case 'heartbeatRequest':
      return `group heartbeat gen ${message.generation}`;
    case 'heartbeatResponse':
      return errorOr(message.error, 'group heartbeat ok');
    case 'leaveGroupRequest':
      return `leave ${message.groupId}`;
    case 'leaveGroupResponse':
      return errorOr(message.error, 'left');
    case 'offsetCommitRequest':
      return `commit gen ${message.generation} ${offsets(message.offsets)}`;
    case 'offsetCommitResponse':
      return errorOr(message.error, 'committed');
    case 'offsetFetchRequest':
      return `committed offsets of [${message.partitions.join(',')}]?`;
    case 'offsetFetchResponse':
      return errorOr(message.error, `committed ${offsets(message.offsets)}`);
    default: {
      const never: never = message;
      return never;
    }
  }
}
