/**
 * Claim C12 of design.md §1, consumer groups, as five properties: one owner per partition per generation; commit
 * after processing gives at-least-once (no record skipped across member crashes, rebalances and coordinator
 * fail-overs; duplicates allowed); commit before processing may skip (a `sometimes`, witness required); committed
 * offsets never go back; a fenced member's commit never lands. Two members of one group share a two-partition topic;
 * members and brokers crash, pause and are cut off, the coordinator among them (≤ 1 broker impaired at once).
 */
import type { ProcessingStyle } from '../../system/config/config.ts';
import { appliedSteps } from '../runner/run-state.ts';
import type { RunResult } from '../runner/run-schedule.ts';
import type { Finding } from '../runner/findings.ts';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from '../settings.ts';
import type { Claim } from './claim.ts';

const READ_VALIDITY = ['phantom', 'aborted-read'] as const;
const GROUP_FAULTS: CheckSettings['faults'] = ['crash', 'pause', 'partition', 'messageLoss'];

function groupSettings(processing: ProcessingStyle): CheckSettings {
  return { ...DEFAULT_CHECK_SETTINGS, partitions: 2, faults: [...GROUP_FAULTS], impairedBrokersMax: 1, groups: { members: 2, processing } };
}

const ALWAYS = { runs: 100, stepsMax: 30 };
const SOMETIMES = { runs: 2_000, stepsMax: 30 };
/** A quarter of the runs must have a consumer read a record during the run (the reference: 40–45% at this budget, seeds 1–3): a group that never consumed shows nothing. */
const GROUP_PROGRESS = { readDuringRunPercentMin: 25 };

/**
 * The at-most-once skip's cause: the records skipped were past the position a member committed before processing
 * them, and that member never processed them — it crashed, was paused or cut off, or its commit's answer was lost
 * (a commit that timed out leaves its records unprocessed), and the partition's next owner started at the commit.
 */
export function committedBeforeProcessingThenFailed(run: RunResult, witness: Finding): string | undefined {
  if (witness.kind !== 'group-skip') return undefined;
  const events = run.groupEvents ?? [];
  const start = events.find((e) => e.step >= witness.step && e.observation.type === 'groupAssigned' && e.observation.positions.some((p) => p.partition === witness.partition));
  if (!start || start.observation.type !== 'groupAssigned') return undefined;
  const previous = [...events].reverse().find((e) => e.step < start.step && e.observation.type === 'groupAssigned' && e.observation.partitions.includes(witness.partition) && e.observation.consumer !== (start.observation as { consumer: string }).consumer);
  const owner = previous?.observation.consumer;
  if (!owner) return undefined;
  const faults = run.executed.slice(0, start.step + 1).flatMap(appliedSteps).filter((s) => ('node' in s && s.node === owner) || (s.type === 'partition' && s.nodes.includes(owner)) || (s.type === 'drop' && (s.from === owner || s.to === owner)));
  const timedOut = events.some((e) => e.step <= start.step && e.observation.type === 'offsetCommitted' && e.observation.consumer === owner && e.observation.error !== 'NONE');
  if (faults.length === 0 && !timedOut) return undefined;
  const what = faults.length > 0 ? `${faults[0]!.type}${faults[0]!.type === 'drop' ? ' of a message' : ''}` : 'commit that failed';
  const at = start.observation.positions.find((p) => p.partition === witness.partition)!.offset;
  return `${owner} committed p${witness.partition}@${at} before processing ${witness.values.join(', ')}; a ${what} kept it from processing them, and ${start.observation.consumer} started at the commit in generation ${start.observation.generation}`;
}

export const GROUP_CLAIMS: readonly Claim[] = [
  {
    id: 'C12-owner',
    name: 'group-single-owner',
    statement: 'Consumer groups: each partition is owned by one member per generation.',
    expectation: 'always',
    settings: groupSettings('autoCommit'),
    judges: ['group-two-owners', ...READ_VALIDITY],
    budget: ALWAYS,
    progress: GROUP_PROGRESS,
  },
  {
    id: 'C12-alo',
    name: 'group-at-least-once',
    statement: 'Consumer groups, commit after processing: no record below a committed offset is skipped, across member crashes, rebalances and coordinator fail-overs (duplicates allowed).',
    expectation: 'always',
    settings: groupSettings('commitAfterProcessing'),
    judges: ['group-skip', ...READ_VALIDITY],
    budget: ALWAYS,
    progress: GROUP_PROGRESS,
  },
  {
    id: 'C12-amo',
    name: 'group-at-most-once-skip',
    statement: 'Consumer groups, commit before processing: a member that fails after committing and before processing leaves records no member processes (at-most-once).',
    expectation: 'sometimes',
    settings: groupSettings('commitBeforeProcessing'),
    judges: ['group-skip'],
    budget: SOMETIMES,
    cause: committedBeforeProcessingThenFailed,
  },
  {
    id: 'C12-monotonic',
    name: 'group-commits-monotonic',
    statement: 'Consumer groups: the committed offset of a partition never goes back.',
    expectation: 'always',
    settings: groupSettings('commitAfterProcessing'),
    judges: ['group-commit-backwards', ...READ_VALIDITY],
    budget: ALWAYS,
    progress: GROUP_PROGRESS,
  },
  {
    id: 'C12-fenced',
    name: 'group-fenced-commit',
    statement: 'Consumer groups: a commit sent from a generation the group has moved past is never acknowledged.',
    expectation: 'always',
    settings: groupSettings('autoCommit'),
    judges: ['group-fenced-commit', ...READ_VALIDITY],
    budget: ALWAYS,
    progress: GROUP_PROGRESS,
  },
];
