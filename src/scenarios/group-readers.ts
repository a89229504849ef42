/**
 * Reading a group story's outcome: the assignments the members received (generation, partitions, start offsets),
 * the commits they sent and the answers they got, and what the coordinator of the group holds (its broker's
 * in-memory group: phase, generation, committed offsets). Each as a short line, so a check compares exactly.
 */
import type { Group } from '../system/coordinator/group-state.ts';
import { observationsOf, type Simulation } from '../system/simulation.ts';

/** "consumer0 gen 2: p0@1 p1@3" — a member's assignment and where it starts on each partition. */
export function assignmentLines(simulation: Simulation): string[] {
  return observationsOf(simulation).flatMap((o) => (o.type === 'groupAssigned' ? [`${o.consumer} gen ${o.generation}: ${o.positions.map((p) => `p${p.partition}@${p.offset}`).join(' ')}`] : []));
}

/** "consumer1 gen 1 p1@3 NONE" — a commit as the member saw it answered. */
export function commitLines(simulation: Simulation): string[] {
  return observationsOf(simulation).flatMap((o) => (o.type === 'offsetCommitted' ? [`${o.consumer} gen ${o.generation} ${o.offsets.map((p) => `p${p.partition}@${p.offset}`).join(' ')} ${o.error}`] : []));
}

/** "consumer1 gen 1 p1 lost" — partitions a member gave up (lost: told it was fenced, without committing). */
export function revocationLines(simulation: Simulation): string[] {
  return observationsOf(simulation).flatMap((o) => (o.type === 'groupRevoked' ? [`${o.consumer} gen ${o.generation} ${o.partitions.map((p) => `p${p}`).join(' ')}${o.lost ? ' lost' : ''}`] : []));
}

function groupAt(simulation: Simulation, broker: string, groupId: string): Group | undefined {
  const state = simulation.world.nodes[broker]?.state as { coordinator?: { groups: Record<string, Group> } } | null | undefined;
  return state?.coordinator?.groups[groupId];
}

/** "b0 Stable gen 2: p0@1 p1@3" — the group as `broker`'s coordinator holds it, or undefined if it holds none. */
export function coordinatorLine(simulation: Simulation, broker: string, groupId: string): string | undefined {
  const group = groupAt(simulation, broker, groupId);
  if (!group) return undefined;
  const offsets = Object.entries(group.offsets).map(([p, c]) => `p${p}@${c.offset}`);
  return `${broker} ${group.phase} gen ${group.generation}: ${offsets.length > 0 ? offsets.join(' ') : 'no commits'}`;
}
