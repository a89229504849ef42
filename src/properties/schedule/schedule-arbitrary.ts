/**
 * Fault schedules as fast-check arbitraries: a list of semantic steps over the checked cluster's nodes.
 * Every step is valid in every state (one that does not apply is a no-op), so fast-check may delete any step
 * while shrinking and still hold a schedule that runs; it converges on a short story.
 */
import fc from 'fast-check';
import { brokerNode, CONTROLLER_NODE, type NodeId } from '../../system/kernel/ids.ts';
import type { Step } from '../../system/kernel/steps.ts';
import { CHECK_BROKERS, LIVE_CONSUMER, PRODUCER, type CheckSettings, type FaultKind } from '../settings.ts';
import { directedKinds, swarmProfileArbitrary, type StepKind, type SwarmProfile } from './swarm-profile.ts';
import { ROLE_LINKS, type ScheduleStep, type TargetedStep } from './targeted-step.ts';
import { TRIGGER_EVENTS, type TriggerFault } from '../../system/kernel/steps.ts';

export interface ScheduleShape {
  faults: readonly FaultKind[];
  partitions: number;
  /** Upper bound on the steps of the fault phase. */
  stepsMax: number;
}

/** The shape a claim's schedules are drawn in: its settings' faults and partitions, and at most `stepsMax` fault
 * steps (the claim's budget unless a caller asks for deeper schedules). */
export function scheduleShapeOf(claim: { settings: Pick<CheckSettings, 'faults' | 'partitions'>; budget: { stepsMax: number } }, stepsMax = claim.budget.stepsMax): ScheduleShape {
  return { faults: claim.settings.faults, partitions: claim.settings.partitions, stepsMax };
}

const BROKERS: NodeId[] = Array.from({ length: CHECK_BROKERS }, (_, i) => brokerNode(i));
const RUN_MS = [10, 100, 500, 1_000, 3_000, 6_000];
/** Rarer long runs, so that a schedule of 30 steps can span several writeback intervals and session timeouts. */
const LONG_RUN_MS = [15_000, 30_000];
/** The OS writeback interval a run may draw (Kafka leaves flushing to the OS; Linux's default is 30 s). */
const WRITEBACK_INTERVAL_S = { min: 1, max: 60 };
const TICK_MS = [100, 1_000, 3_000, 6_000];
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];

/** Links a `deliver` or `drop` step may name: client ↔ broker, broker ↔ broker, broker ↔ controller. */
const LINKS: Array<[NodeId, NodeId]> = [
  ...BROKERS.flatMap((b): Array<[NodeId, NodeId]> => [
    [PRODUCER, b],
    [b, PRODUCER],
    [LIVE_CONSUMER, b],
    [b, LIVE_CONSUMER],
    [b, CONTROLLER_NODE],
    [CONTROLLER_NODE, b],
  ]),
  ...BROKERS.flatMap((a) => BROKERS.filter((b) => b !== a).map((b): [NodeId, NodeId] => [a, b])),
];

const broker = fc.constantFrom(...BROKERS);
const link = fc.constantFrom(...LINKS);

/** A placeholder value; `numberSends` names values r1, r2, … in schedule order after shrinking. */
const sendStep = fc.option(fc.constantFrom(...KEYS), { nil: null, freq: 2 }).map((key): Step[] => [{ type: 'send', producer: PRODUCER, key, value: '' }]);

/** A fault and its repair share a kind, so a profile that enables crashes also restarts. */
const role = fc.constantFrom('leader' as const, 'follower' as const);
const partitionIds = (partitions: number) => Array.from({ length: partitions }, (_, p) => p);

/**
 * A fault aimed at the leader, a follower or a fixed broker, or the repair of a broker it took down. Faults
 * outweigh repairs: a fault must last (beyond a session timeout, over a leader change) for the deep stories, and
 * the repair phase ends every fault anyway. A crash or power loss may also come as a bounce, the broker restarted
 * at once (a process killed and brought back by its supervisor): the controller learns of it from the new
 * registration and elects at once, without waiting out the session timeout.
 */
function faultOrRepair(fault: 'crash' | 'powerLoss' | 'pause', repair: 'restart' | 'resume', partitions: number): fc.Arbitrary<ScheduleStep[]> {
  const target = fc.tuple(role, fc.constantFrom(...partitionIds(partitions))).map(([r, partition]): TargetedStep => ({ type: 'target', action: fault, role: r, partition }));
  const targeted = target.map((step): ScheduleStep[] => [step]);
  const fixed = broker.map((node): ScheduleStep[] => [{ type: fault, node }]);
  const repairDown = fc.constant<ScheduleStep[]>([{ type: 'target', action: repair, role: 'down' } satisfies TargetedStep]);
  const repairFixed = broker.map((node): ScheduleStep[] => [{ type: repair, node }]);
  const choices = [{ arbitrary: targeted, weight: 3 }, { arbitrary: fixed, weight: 1 }, { arbitrary: repairDown, weight: 1 }, { arbitrary: repairFixed, weight: 1 }];
  if (fault === 'pause') return fc.oneof(...choices);
  // The restart is (nearly) always drawn but is an option of its own, so that shrinking can drop it where the
  // story does not need it.
  const restart = fc.option(fc.constant(true), { nil: false, freq: 20 });
  const bounce = fc.tuple(target, restart).map(([step, restarted]): ScheduleStep[] => (restarted ? [step, { type: 'target', action: 'restart', role: 'down' }] : [step]));
  return fc.oneof(...choices, { arbitrary: bounce, weight: 2 });
}

/**
 * Deliver or drop messages one at a time: mostly ones actually in flight (the oldest, or one overtaking it), else on
 * a fixed link. A delivery may come as a burst of the oldest messages, one step each: a prompt network cut short
 * after a few messages, which leaves the cluster in the middle of an exchange that a `run` would complete.
 */
function networkStep(action: 'deliver' | 'drop'): fc.Arbitrary<ScheduleStep[]> {
  const inFlight = fc.nat({ max: 3 }).map((pick): ScheduleStep[] => [{ type: 'target', action, role: 'inFlight', pick }]);
  const fixed = link.map(([from, to]): ScheduleStep[] => [{ type: action, from, to }]);
  if (action === 'drop') return fc.oneof({ arbitrary: inFlight, weight: 2 }, { arbitrary: fixed, weight: 1 });
  const burst = fc.integer({ min: 1, max: 6 }).map((count): ScheduleStep[] => Array.from({ length: count }, () => ({ type: 'target', action, role: 'inFlight', pick: 0 })));
  return fc.oneof({ arbitrary: inFlight, weight: 2 }, { arbitrary: burst, weight: 2 }, { arbitrary: fixed, weight: 1 });
}

/** The faults a trigger may apply: those of the run's settings. */
function triggerFaults(faults: readonly FaultKind[]): TriggerFault[] {
  return (['crash', 'powerLoss', 'pause', 'partition'] as const).filter((k) => faults.includes(k)).map((k) => (k === 'partition' ? 'isolate' : k));
}

/** Arm a fault for a protocol moment: `on EVENT of pN do FAULT the leader|follower`. */
function triggerStep(faults: readonly FaultKind[], partitions: number): fc.Arbitrary<ScheduleStep[]> {
  return fc
    .record({ event: fc.constantFrom(...TRIGGER_EVENTS), partition: fc.constantFrom(...partitionIds(partitions)), whom: role, fault: fc.constantFrom(...triggerFaults(faults)) })
    .map((trigger): ScheduleStep[] => [{ type: 'on', trigger }]);
}

/** Hold a link named by roles (mostly) or a fixed one, or release the first held link. */
function holdStep(partitions: number): fc.Arbitrary<ScheduleStep[]> {
  const targeted = fc.tuple(fc.constantFrom(...ROLE_LINKS), fc.constantFrom(...partitionIds(partitions))).map(([roleLink, partition]): ScheduleStep[] => [{ type: 'target', action: 'hold', role: 'link', link: roleLink, partition }]);
  const fixed = link.map(([from, to]): ScheduleStep[] => [{ type: 'hold', from, to }]);
  const release = fc.constant<ScheduleStep[]>([{ type: 'target', action: 'release', role: 'held' }]);
  return fc.oneof({ arbitrary: targeted, weight: 3 }, { arbitrary: fixed, weight: 1 }, { arbitrary: release, weight: 2 });
}

function stepsOfKind(kind: StepKind, shape: ScheduleShape): fc.Arbitrary<ScheduleStep[]> {
  const partitions = shape.partitions;
  switch (kind) {
    case 'send':
      return sendStep;
    case 'poll':
      return fc.constant([{ type: 'poll', consumer: LIVE_CONSUMER }]);
    case 'run':
      return fc.oneof({ arbitrary: fc.constantFrom(...RUN_MS), weight: 12 }, { arbitrary: fc.constantFrom(...LONG_RUN_MS), weight: 1 }).map((ms): Step[] => [{ type: 'run', ms }]);
    case 'tick':
      return fc.constantFrom(...TICK_MS).map((ms): Step[] => [{ type: 'tick', ms }]);
    case 'deliver':
    case 'messageLoss':
      return networkStep(kind === 'deliver' ? 'deliver' : 'drop');
    case 'crash':
    case 'powerLoss':
    case 'pause':
      return faultOrRepair(kind, kind === 'pause' ? 'resume' : 'restart', partitions);
    case 'partition':
      return fc.oneof(
        { arbitrary: fc.tuple(role, fc.constantFrom(...partitionIds(partitions)), fc.boolean()).map(([r, partition, withProducer]): ScheduleStep[] => [{ type: 'target', action: 'isolate', role: r, partition, withProducer }]), weight: 3 },
        {
          arbitrary: fc
            .tuple(fc.subarray(BROKERS, { minLength: 1, maxLength: CHECK_BROKERS - 1 }), fc.subarray([PRODUCER, LIVE_CONSUMER]))
            .map(([brokers, clients]): ScheduleStep[] => [{ type: 'partition', nodes: [...brokers, ...clients] }]),
          weight: 1,
        },
        { arbitrary: fc.constant<ScheduleStep[]>([{ type: 'heal' }]), weight: 3 },
      );
    case 'powerOutage':
      return fc.oneof(
        fc.constant(BROKERS.map((node): ScheduleStep => ({ type: 'powerLoss', node }))),
        fc.constant<ScheduleStep[]>([{ type: 'target', action: 'restart', role: 'down' }]),
      );
    case 'trigger':
      return triggerStep(shape.faults, partitions);
    case 'hold':
      return holdStep(partitions);
    case 'writeback':
      return broker.map((node): Step[] => [{ type: 'writeback', node }]);
    default: {
      const never: never = kind;
      throw new Error(`unknown step kind ${String(never)}`);
    }
  }
}

function stepGroupArbitrary(profile: SwarmProfile, shape: ScheduleShape): fc.Arbitrary<ScheduleStep[]> {
  const weighted = Object.entries(profile.weights).map(([kind, weight]) => ({ arbitrary: stepsOfKind(kind as StepKind, shape), weight: weight! }));
  return fc.oneof(...weighted);
}

/** One run in ARMED_AHEAD_FREQ has no triggers armed ahead of its steps; the others arm 1–3. */
const ARMED_AHEAD_FREQ = 2;

/**
 * What a run draws once, ahead of its steps: a delivery order for `run` and `deliverAll` (a seed; absent, the
 * fixed link order), with power losses the OS writeback interval (1–60 s; absent, 30 s), and, with broker faults,
 * 1–3 triggers armed before the first send: a trigger drawn among the steps is armed only from its place on, so the
 * moments before it (the first acks, the first elections) are out of its reach, and those are where a fault at
 * a protocol moment does its harm in a short story. Each is a step of its own, so shrinking deletes it where the
 * story does not need it.
 */
function preambleArbitrary(shape: ScheduleShape): fc.Arbitrary<ScheduleStep[]> {
  const order = fc.option(fc.nat().map((seed): Step => ({ type: 'deliveryOrder', seed })), { nil: undefined, freq: 2 });
  const withPowerLoss = shape.faults.includes('powerLoss') || shape.faults.includes('powerOutage');
  const interval = withPowerLoss
    ? fc.option(fc.integer(WRITEBACK_INTERVAL_S).map((s): Step => ({ type: 'writebackInterval', ms: s * 1_000 })), { nil: undefined, freq: 2 })
    : fc.constant(undefined);
  const armed = directedKinds(shape.faults).includes('trigger')
    ? fc.option(fc.array(triggerStep(shape.faults, shape.partitions), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: ARMED_AHEAD_FREQ })
    : fc.constant(undefined);
  return fc
    .tuple(order, interval, armed)
    .map(([o, i, triggers]) => [...[o, i].filter((s): s is Step => s !== undefined), ...(triggers ?? []).flat()]);
}

/** Names sent values r1, r2, … in order, so a shrunk schedule reads as a story. */
export function numberSends(steps: readonly ScheduleStep[]): ScheduleStep[] {
  let sent = 0;
  return steps.map((s) => (s.type === 'send' ? { ...s, value: `r${++sent}` } : s));
}

export function scheduleArbitrary(shape: ScheduleShape): fc.Arbitrary<ScheduleStep[]> {
  return swarmProfileArbitrary(shape.faults)
    .chain((profile) => fc.tuple(preambleArbitrary(shape), fc.array(stepGroupArbitrary(profile, shape), { minLength: 1, maxLength: shape.stepsMax, size: 'max' })))
    .map(([preamble, groups]) => numberSends([...preamble, ...groups.flat()]));
}
