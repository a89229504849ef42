/** The checked cluster's group members: consumer2, consumer3, … (settings.ts keeps consumer0 and consumer1's jobs). */
import { consumerNode, type NodeId } from '../../system/kernel/ids.ts';
import { FIRST_MEMBER_INDEX, type CheckSettings } from '../settings.ts';

export function groupMembers(settings: Pick<CheckSettings, 'groups'>): NodeId[] {
  return Array.from({ length: settings.groups?.members ?? 0 }, (_, i) => consumerNode(FIRST_MEMBER_INDEX + i));
}
