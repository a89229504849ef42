/**
 * The guarantee matrix's grid: the durability grid (acks × minISR × unclean election × fault kind), where
 * each cell judges "acked records are never lost" and the always-safety bundle, and the delivery grid, where
 * idempotence and requests in flight decide ordering and duplicates, and partitions decide total order.
 * The availability table shows where an acks=all send stops completing in time: with min.insync.replicas replicas
 * connected it must (a lagging follower is shrunk out of the ISR), with fewer it may not; and where a partition gets
 * a leader after repair: always when every broker is repaired, and with a crashed broker left down only if unclean
 * election may elect a replica outside the ISR.
 * The groups table is claim C12's five properties (group-claims.ts) on their own checked cluster: two members of
 * one group sharing two partitions, members and the coordinator failing.
 * Each cell's expectation comes from design.md §1; the matrix checks that kcheck finds exactly that.
 */
import type { Acks } from '../../system/protocol/messages.ts';
import type { Claim, Expectation } from '../claims/claim.ts';
import { ALWAYS_PROGRESS, LOSSY_PROGRESS, PROTOCOL_INVARIANTS, READ_VALIDITY } from '../claims/catalogue.ts';
import { GROUP_CLAIMS } from '../claims/group-claims.ts';
import {
  ackedBeforeAnyBrokerHeldIt,
  ackedByIsrOfOneThenReplaced,
  fewerThanMinIsrConnected,
  holdersLostPower,
  isrLeftDown,
  uncleanTakeover,
  leaderFailedBeforeReplication,
  recordsOnDifferentPartitions,
  retriedBatch,
} from '../claims/causes.ts';
import type { RunResult } from '../runner/run-schedule.ts';
import type { Finding } from '../runner/findings.ts';
import { DEFAULT_CHECK_SETTINGS, describeSettings, type CheckSettings, type FaultKind } from '../settings.ts';

export interface MatrixCell {
  /** Stable id, e.g. `acks=1 minISR=2 unclean=off crash: no-acked-loss`. */
  id: string;
  table: 'durability' | 'delivery' | 'availability' | 'groups';
  claim: Claim;
}

export const GRID_FAULTS: readonly FaultKind[] = ['crash', 'powerLoss', 'partition', 'pause', 'powerOutage'];

/** At most 2 of the 3 brokers impaired at once in every column but the outage (all three at once). A broker
 * that lost power counts as impaired until it is back in the ISR (fault-budget.ts), so `powerLoss` holds
 * for acks=all and `powerOutage` shows the boundary of C7. */
function impairedMaxFor(fault: FaultKind): number {
  return fault === 'powerOutage' ? 3 : 2;
}

const ACKS: readonly Acks[] = [0, 1, 'all'];

const SAFETY_BUNDLE = ['poll-skip', 'nonmonotonic-poll', 'int-poll-skip', 'int-nonmonotonic-poll', ...READ_VALIDITY, ...PROTOCOL_INVARIANTS] as const;

/** Why acked records may be lost in this cell, or undefined when they never are (within the budget). */
export function lossReason(settings: CheckSettings): string | undefined {
  if (settings.acks === 0) return 'C3: acks=0 does not wait for the broker';
  if (settings.acks === 1) return 'C4: acks=1 acks before followers copy';
  if (settings.faults.includes('powerOutage')) return 'C7: every replica loses its page cache at once';
  // A power-lost broker stays impaired until it is back in the ISR, so with 2 impaired at most the third
  // replica holds every acked record and is in the ISR: not even an unclean election can lose it.
  if (settings.faults.includes('powerLoss')) return undefined;
  if (settings.uncleanLeaderElection) return 'unclean election: a replica that has not caught up may lead';
  return undefined;
}

function lossCause(settings: CheckSettings): (run: RunResult, witness: Finding) => string | undefined {
  if (settings.acks === 0) return (run, w) => ackedBeforeAnyBrokerHeldIt(run, w) ?? leaderFailedBeforeReplication(run, w);
  if (settings.acks === 1) return leaderFailedBeforeReplication;
  return (run, w) => ackedByIsrOfOneThenReplaced(run, w) ?? holdersLostPower(run, w) ?? uncleanTakeover(run, w);
}

const BUDGET = { runs: 300, stepsMax: 60 };
const WITNESS_BUDGET = { runs: 10_000, stepsMax: 60 };

function durabilityCells(): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const acks of ACKS) {
    for (const minInsyncReplicas of [1, 2]) {
      for (const uncleanLeaderElection of [false, true]) {
        for (const fault of GRID_FAULTS) {
          const settings: CheckSettings = {
            ...DEFAULT_CHECK_SETTINGS,
            acks,
            minInsyncReplicas,
            uncleanLeaderElection,
            enableIdempotence: acks === 'all',
            faults: [fault],
            impairedBrokersMax: impairedMaxFor(fault),
          };
          const reason = lossReason(settings);
          const expectation: Expectation = reason ? 'sometimes' : 'always';
          const where = `acks=${acks} minISR=${minInsyncReplicas} unclean=${uncleanLeaderElection ? 'on' : 'off'} ${fault}`;
          cells.push({
            id: `${where}: no-acked-loss`,
            table: 'durability',
            claim: {
              id: 'C3-C7',
              name: 'no-acked-loss',
              statement: reason ? `acked records may be lost (${reason})` : 'acked records are never lost',
              expectation,
              settings,
              judges: reason ? ['lost-write'] : [...(acks === 'all' ? (['lost-write', 'inconsistent-offsets', 'leader-completeness'] as const) : (['lost-write'] as const)), ...READ_VALIDITY],
              budget: reason ? WITNESS_BUDGET : BUDGET,
              ...(reason ? { cause: lossCause(settings) } : { progress: ALWAYS_PROGRESS }),
            },
          });
          if (!uncleanLeaderElection) {
            cells.push({
              id: `${where}: safety`,
              table: 'durability',
              claim: {
                id: 'C1+C11+P0',
                name: 'safety',
                statement: 'partition order, no phantom or aborted read, protocol invariants',
                expectation: 'always',
                settings,
                judges: SAFETY_BUNDLE,
                budget: BUDGET,
                progress: reason ? LOSSY_PROGRESS : ALWAYS_PROGRESS,
              },
            });
          }
        }
      }
    }
  }
  return cells;
}

function deliveryCell(name: string, claimId: string, statement: string, overrides: Partial<CheckSettings>, judges: Claim['judges'], cause?: Claim['cause']): MatrixCell {
  const settings: CheckSettings = { ...DEFAULT_CHECK_SETTINGS, faults: ['messageLoss'], ...overrides };
  const expectation: Expectation = cause ? 'sometimes' : 'always';
  return {
    id: `${describeSettings(settings)}: ${name}`,
    table: 'delivery',
    claim: { id: claimId, name, statement, expectation, settings, judges: cause ? judges : [...judges, ...READ_VALIDITY], budget: cause ? WITNESS_BUDGET : BUDGET, ...(cause ? { cause } : { progress: ALWAYS_PROGRESS }) },
  };
}

function deliveryCells(): MatrixCell[] {
  return [
    deliveryCell('reorder', 'C9', 'retries reorder records', { enableIdempotence: false, maxInFlightRequestsPerConnection: 5 }, ['nonmonotonic-send'], retriedBatch),
    deliveryCell('reorder', 'C9', 'one request in flight keeps order', { enableIdempotence: false, maxInFlightRequestsPerConnection: 1 }, ['nonmonotonic-send']),
    deliveryCell('reorder', 'C9', 'idempotence keeps order', { enableIdempotence: true, maxInFlightRequestsPerConnection: 5 }, ['nonmonotonic-send']),
    deliveryCell('duplicates', 'C10', 'retries duplicate records', { enableIdempotence: false, maxInFlightRequestsPerConnection: 1 }, ['duplicate'], retriedBatch),
    deliveryCell('duplicates', 'C10', 'retries duplicate records', { enableIdempotence: false, maxInFlightRequestsPerConnection: 5 }, ['duplicate'], retriedBatch),
    deliveryCell('duplicates', 'C10', 'idempotence: no duplicates', { enableIdempotence: true, maxInFlightRequestsPerConnection: 5 }, ['duplicate']),
    deliveryCell('send-order', 'C2', 'one partition: total order', { partitions: 1, faults: ['crash', 'messageLoss'] }, ['send-order']),
    deliveryCell('send-order', 'C2', 'three partitions: not send order', { partitions: 3, faults: [] }, ['send-order'], recordsOnDifferentPartitions),
    deliveryCell('batch-atomicity', 'C8', 'a batch is all or nothing', { faults: ['crash', 'messageLoss'] }, ['batch-atomicity']),
  ];
}

/** An acks=all send probed after repair with `lagging` followers of p0 up but losing every fetch (availability.ts):
 * available while minISR replicas stay connected, not necessarily with fewer. */
function availabilityCell(minInsyncReplicas: number, lagging: number): MatrixCell {
  const settings: CheckSettings = { ...DEFAULT_CHECK_SETTINGS, minInsyncReplicas, faults: ['crash', 'partition'], impairedBrokersMax: 2, probeLaggingFollowers: lagging };
  const connected = 3 - lagging;
  const met = connected >= minInsyncReplicas;
  return {
    id: `acks=all minISR=${minInsyncReplicas} ${connected} of 3 connected: send-available`,
    table: 'availability',
    claim: {
      id: 'A2',
      name: 'send-available',
      statement: met
        ? `with ${connected} replica(s) connected (≥ minISR) and ${lagging} lagging, an acks=all send completes within delivery.timeout.ms`
        : `with ${connected} replica(s) connected (< minISR), an acks=all send may not complete within delivery.timeout.ms`,
      expectation: met ? 'always' : 'sometimes',
      settings,
      judges: ['send-unavailable'],
      budget: met ? BUDGET : WITNESS_BUDGET,
      ...(met ? { progress: ALWAYS_PROGRESS } : { cause: fewerThanMinIsrConnected }),
    },
  };
}

/** Leader-after-heal (A1) with `leftDown` crashed brokers left down by the repair: with clean election a partition
 * whose ISR is only brokers left down stays leaderless (may fail), with unclean election a replica that is up leads. */
function leaderAfterHealCell(leftDown: number, uncleanLeaderElection: boolean): MatrixCell {
  const settings: CheckSettings = {
    ...DEFAULT_CHECK_SETTINGS,
    uncleanLeaderElection,
    faults: ['crash', 'pause', 'partition'],
    impairedBrokersMax: 2,
    ...(leftDown > 0 ? { brokersLeftDown: leftDown } : {}),
  };
  const met = leftDown === 0 || uncleanLeaderElection;
  const down = leftDown === 0 ? 'every broker repaired' : `${leftDown} crashed broker left down`;
  return {
    id: `unclean=${uncleanLeaderElection ? 'on' : 'off'} ${down}: leader-after-heal`,
    table: 'availability',
    claim: {
      id: 'A1',
      name: 'leader-after-heal',
      statement: met
        ? `${down}, unclean election ${uncleanLeaderElection ? 'on' : 'off'}: every partition has a leader within the session timeout + 2 heartbeats`
        : `${down}, unclean election off: a partition whose ISR is only brokers left down may have no leader`,
      expectation: met ? 'always' : 'sometimes',
      settings,
      judges: met ? ['leaderless-after-heal', ...READ_VALIDITY] : ['leaderless-after-heal'],
      budget: met ? BUDGET : WITNESS_BUDGET,
      // With unclean election a replica outside the ISR may lead and drop acked records: only the leader is judged.
      ...(met ? { progress: uncleanLeaderElection ? LOSSY_PROGRESS : ALWAYS_PROGRESS } : { cause: isrLeftDown }),
    },
  };
}

function availabilityCells(): MatrixCell[] {
  return [availabilityCell(2, 1), availabilityCell(2, 2), availabilityCell(1, 2), leaderAfterHealCell(0, false), leaderAfterHealCell(1, false), leaderAfterHealCell(1, true)];
}

/** One row per group claim, with the claim's own settings and budget: 100 schedules for an `always` claim (about
 * 1.5 s each), up to 2,000 until the at-most-once skip's witness. */
function groupCells(): MatrixCell[] {
  return GROUP_CLAIMS.map((claim) => ({ id: `group ${claim.settings.groups!.processing}: ${claim.name}`, table: 'groups', claim }));
}

export function matrixCells(): MatrixCell[] {
  return [...durabilityCells(), ...deliveryCells(), ...availabilityCells(), ...groupCells()];
}
