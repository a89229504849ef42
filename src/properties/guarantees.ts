/**
 * The guarantees of a configuration's profile (`kcheck check` without `--property`): what a Kafka user asks of
 * their settings, each a property with no expectation of its own. A guarantee holds for a configuration when no
 * schedule within the budget violates it; the suite's claims (claims/catalogue.ts) keep their expectations and
 * settings, and are left alone here.
 */
import type { Op } from '../model/history.ts';
import type { Claim, ClaimBudget, ClaimProgress } from './claims/claim.ts';
import { consumedRecordLost, PROTOCOL_INVARIANTS } from './claims/catalogue.ts';
import {
  ackedBeforeAnyBrokerHeldIt,
  ackedByIsrOfOneThenReplaced,
  holdersLostPower,
  lastIsrMemberLostPower,
  leaderFailedBeforeReplication,
  recordsOnDifferentPartitions,
  retriedBatch,
  uncleanTakeover,
} from './claims/causes.ts';
import type { Finding, FindingKind } from './runner/findings.ts';
import type { RunResult } from './runner/run-schedule.ts';
import type { CheckSettings } from './settings.ts';

export const GUARANTEE_NAMES = ['no-loss', 'partition-order', 'no-duplicates', 'send-order', 'read-committed', 'batch-atomicity', 'protocol-invariants'] as const;
export type GuaranteeName = (typeof GUARANTEE_NAMES)[number];

/** Every guarantee's claim has this id, so a trace says it came from a profile. */
export const GUARANTEE_CLAIM_ID = 'profile';

export interface Guarantee {
  name: GuaranteeName;
  statement: string;
  /** The findings that violate it under these settings. */
  judges: (settings: CheckSettings) => readonly FindingKind[];
  counts?: (finding: Finding, history: readonly Op[]) => boolean;
  /** The cause of a violation in words, when the run (with snapshots) shows one kcheck knows. */
  cause?: (run: RunResult, witness: Finding) => string | undefined;
}

const POLL_ORDER = ['poll-skip', 'nonmonotonic-poll', 'int-poll-skip', 'int-nonmonotonic-poll'] as const;

/** The ways kcheck knows an acked record to be lost, most specific first: with acks=all an ack by an ISR of one
 * says more than a leader failing before its followers copied, with acks=1 that is the whole story. */
function lossCause(run: RunResult, witness: Finding): string | undefined {
  const takeover = run.settings.acks === 'all' ? [ackedByIsrOfOneThenReplaced, leaderFailedBeforeReplication] : [leaderFailedBeforeReplication, ackedByIsrOfOneThenReplaced];
  return (
    ackedBeforeAnyBrokerHeldIt(run, witness) ??
    takeover[0]!(run, witness) ??
    takeover[1]!(run, witness) ??
    lastIsrMemberLostPower(run, witness) ??
    holdersLostPower(run, witness) ??
    uncleanTakeover(run, witness)
  );
}

/** acked-on-min-isr counts the copies a check can see, and may count a power-lost replica through a fetch its
 * previous process sent (acked-on-min-isr.ts): it is judged only where no broker loses power. */
function protocolInvariants(settings: CheckSettings): readonly FindingKind[] {
  const powerLoss = settings.faults.includes('powerLoss') || settings.faults.includes('powerOutage');
  return [...PROTOCOL_INVARIANTS, 'leader-completeness', ...(powerLoss ? [] : (['acked-on-min-isr'] as const))];
}

export const GUARANTEES: readonly Guarantee[] = [
  {
    name: 'no-loss',
    statement: 'No acknowledged record is lost: every record the producer was told is written is read back, at the offset it was acked at.',
    judges: () => ['lost-write', 'inconsistent-offsets'],
    cause: lossCause,
  },
  {
    name: 'partition-order',
    statement: 'Records sent to one partition are stored in the order they were sent, and consumed in offset order without skips.',
    judges: () => ['nonmonotonic-send', ...POLL_ORDER],
    cause: retriedBatch,
  },
  {
    name: 'no-duplicates',
    statement: 'Each record sent is written once.',
    judges: () => ['duplicate'],
    cause: retriedBatch,
  },
  {
    name: 'send-order',
    statement: 'Records are consumed in the order they were sent, across all partitions of the topic.',
    judges: () => ['send-order'],
    cause: recordsOnDifferentPartitions,
  },
  {
    name: 'read-committed',
    statement: 'Consumers read only committed records: a record once consumed is never lost, and none is read that was never written or was aborted.',
    judges: () => ['lost-write', 'inconsistent-offsets', 'phantom', 'aborted-read'],
    counts: (finding, history) => (finding.kind === 'phantom' || finding.kind === 'aborted-read' ? true : consumedRecordLost(finding, history)),
    cause: lossCause,
  },
  {
    name: 'batch-atomicity',
    statement: 'A batch is appended whole or not at all, contiguously, and all its records share one outcome.',
    judges: () => ['batch-atomicity'],
  },
  {
    name: 'protocol-invariants',
    statement: 'Replicas agree below the high watermark, a leader’s HW never goes back, one leader per epoch, every ISR member holds the leader’s records below the HW, the leader holds every acks=all record, and (without power loss) an acks=all record is acked only once min.insync.replicas replicas hold it.',
    judges: protocolInvariants,
  },
];

export function guaranteeNamed(name: string): Guarantee | undefined {
  return GUARANTEES.find((g) => g.name === name);
}

/** What a guarantee's runs must show to mean anything (claim.ts's ClaimProgress): lower than the catalogue's, since a
 * configuration may make acks rare on purpose (acks=all with minISR=3 under faults); a broker that acks nothing, or
 * reads nothing acked back, still fails it. */
export const GUARANTEE_PROGRESS: ClaimProgress = { ackedReadBackPercentMin: 20 };

/** The guarantee as a claim judged under `settings`: `always`, since a configuration either keeps it or does not. */
export function guaranteeClaim(guarantee: Guarantee, settings: CheckSettings, budget: ClaimBudget): Claim {
  return {
    id: GUARANTEE_CLAIM_ID,
    name: guarantee.name,
    statement: guarantee.statement,
    expectation: 'always',
    settings,
    judges: guarantee.judges(settings),
    ...(guarantee.counts ? { counts: guarantee.counts } : {}),
    ...(guarantee.cause ? { cause: guarantee.cause } : {}),
    budget,
    progress: GUARANTEE_PROGRESS,
  };
}
