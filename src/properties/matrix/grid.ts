/**
 * The guarantee matrix's grid: the durability grid (acks × minISR × unclean election × fault kind), where
 * each cell judges "acked records are never lost" and the always-safety bundle, and the delivery grid, where
 * idempotence and requests in flight decide ordering and duplicates, and partitions decide total order.
 * Each cell's expectation comes from design.md §1; the matrix checks that kcheck finds exactly that.
 */
import type { Acks } from '../../system/protocol/messages.ts';
import type { Claim, Expectation } from '../claims/claim.ts';
import { ALWAYS_PROGRESS, PROTOCOL_INVARIANTS, READ_VALIDITY } from '../claims/catalogue.ts';
import {
  ackedBeforeAnyBrokerHeldIt,
  ackedByIsrOfOneThenReplaced,
  holdersLostPower,
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
  table: 'durability' | 'delivery';
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
                progress: ALWAYS_PROGRESS,
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

export function matrixCells(): MatrixCell[] {
  return [...durabilityCells(), ...deliveryCells()];
}
