/**
 * One lockstep step: apply it to the system, feed each observation to the spec model as history ops, check
 * the protocol invariants on the resulting state, and record what was found at this step.
 */
import { observeOp } from '../../model/spec.ts';
import type { KernelEvent } from '../../system/kernel/events.ts';
import { PRODUCER } from '../settings.ts';
import type { Step } from '../../system/kernel/steps.ts';
import { clientIndexOf, nodeKindOf } from '../../system/kernel/ids.ts';
import { step as applyToSystem } from '../../system/simulation.ts';
import { checkInvariants, type AcksAllAnswer } from '../invariants/index.ts';
import { BrokerFault, isGuardedBroker } from '../../system/kernel/broker-guard.ts';
import { budgetRefusal, noteStep } from './fault-budget.ts';
import { fireTriggers, noteLeaderEpochs, syncLeaderEpochs, type FiredFault, type TriggerContext } from './triggers.ts';
import { anomalyFinding, type Finding } from './findings.ts';
import type { Phase, RunState } from './run-state.ts';
import { displayText } from '../../text/display-text.ts';
import { snapshotOf } from './snapshot.ts';
import { ownSpec } from './borrowed-spec.ts';

function noteBatch(state: RunState, event: KernelEvent): void {
  if (event.type !== 'sent' || event.envelope.from !== PRODUCER || event.envelope.message.type !== 'produceRequest') return;
  const request = event.envelope.message;
  const values = request.records.map((r) => r.value);
  const key = `${request.partition}:${values.join(',')}`;
  if (state.batchKeys.has(key)) return;
  state.batchKeys.add(key);
  state.batches.push({ partition: request.partition, values });
}

/** An acks=all produce request a broker answered with success (judged by acked-on-min-isr at the step's end). */
function noteAcksAllAnswer(state: RunState, event: KernelEvent, answers: AcksAllAnswer[]): void {
  if (event.type !== 'sent') return;
  const { envelope } = event;
  const response = envelope.message;
  if (response.type !== 'produceResponse') return;
  if (response.error !== 'NONE' || response.baseOffset < 0 || nodeKindOf(envelope.to) !== 'producer') return;
  if (state.simulation.world.config.producers[clientIndexOf(envelope.to)]?.acks !== 'all') return;
  answers.push({ leader: envelope.from, partition: response.partition, baseOffset: response.baseOffset });
}

function observe(state: RunState, event: KernelEvent, stepIndex: number, found: Finding[]): void {
  if (event.type !== 'observed') return;
  const observation = event.observation;
  if (observation.type === 'sendAcked' && state.settings.acks === 'all' && observation.offset >= 0) {
    state.ackedAll.push({ partition: observation.partition, offset: observation.offset, value: observation.value });
  }
  for (const op of state.recorder.record(observation, state.simulation.world.nowMs, stepIndex)) {
    ownSpec(state);
    for (const anomaly of observeOp(state.spec, op)) found.push(anomalyFinding(anomaly, stepIndex));
  }
}

function checkAfter(state: RunState, stepIndex: number, answers: readonly AcksAllAnswer[], found: Finding[]): void {
  for (const violation of checkInvariants(state.invariants, state.simulation, state.ackedAll, answers, state.clusterTracker)) {
    const key = `${violation.invariant}/${violation.partition}`;
    if (state.reportedInvariants.has(key)) continue;
    state.reportedInvariants.add(key);
    found.push({ source: 'invariant', kind: violation.invariant, step: stepIndex, partition: violation.partition, values: [], message: violation.message });
  }
}

/**
 * Applies the step, judging the cluster after every transition a broker or the controller takes within it, not
 * only at the step's end: within one `run` a record can be counted as committed and then repaired before the
 * step is over, and that state is as reachable as any other (a schedule of single deliveries stops in it).
 */
function applyAndCheck(state: RunState, step: Step, stepIndex: number, phase: Phase, found: Finding[], fired: FiredFault[]): string | undefined {
  let seen = 0;
  let checkedThrough = -1; // events seen when the cluster was last judged: no event since, no change to judge
  const takeEvents = (events: readonly KernelEvent[]): AcksAllAnswer[] => {
    const answers: AcksAllAnswer[] = [];
    for (; seen < events.length; seen++) {
      const event = events[seen]!;
      if (event.type === 'stepBudgetExceeded') {
        found.push({ source: 'broker', kind: 'step-budget-exceeded', step: stepIndex, partition: -1, values: [], message: `the step stopped after ${event.max} ${event.limit === 'deliveries' ? 'message deliveries' : 'timer firings'}: the nodes keep each other busy without end` });
      }
      noteBatch(state, event);
      noteAcksAllAnswer(state, event, answers);
      observe(state, event, stepIndex, found);
    }
    return answers;
  };
  const triggers = triggerContext(state);
  const events = applyToSystem(state.simulation, step, (node, eventsSoFar, sink) => {
    const from = seen;
    const answers = takeEvents(eventsSoFar);
    const kind = nodeKindOf(node);
    if (kind === 'broker' || kind === 'controller') {
      state.clusterTracker?.noteTransition(node, kind === 'controller');
      checkAfter(state, stepIndex, answers, found);
      checkedThrough = seen;
    }
    // Right after the transition that made a trigger's moment, within the step: the fault lands before anything else.
    if (phase === 'faults' && state.simulation.world.triggers) {
      const moments = noteLeaderEpochs(triggers, node);
      fired.push(...fireTriggers(triggers, node, eventsSoFar.slice(from, seen), moments, sink));
    }
  });
  noteStep(state.budget, step, state.simulation.world.nowMs);
  if (step.type === 'on') syncLeaderEpochs(triggers);
  const answers = takeEvents(events);
  if (seen !== checkedThrough) checkAfter(state, stepIndex, answers, found);
  return events.length === 1 && events[0]!.type === 'noop' ? events[0].reason : undefined;
}

function triggerContext(state: RunState): TriggerContext {
  return { simulation: state.simulation, budget: state.budget, impairedBrokersMax: state.settings.impairedBrokersMax, leaderEpochs: state.leaderEpochs };
}

/** A guarded broker's failure ends the run as a finding; any other exception is kcheck's own bug. */
export function brokerFailure(state: RunState, error: unknown, stepIndex: number): Finding {
  const guardedBroker = isGuardedBroker(state.simulation.env.broker);
  if (!(error instanceof BrokerFault) && !guardedBroker) throw error;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  // A finding's message is display text, and this one quotes what the broker said: escaped, a long one cut.
  const said = error instanceof BrokerFault ? message : `the cluster failed while running broker ${JSON.stringify(state.simulation.env.broker.id)}: ${message}`;
  return { source: 'broker', kind: 'broker-fault', step: stepIndex, partition: -1, values: [], message: displayText(said) };
}

/** Applies the step and returns the findings that became visible in it. */
export function executeStep(state: RunState, step: Step, phase: Phase, intent?: string): Finding[] {
  const stepIndex = state.executed.length;
  if (state.stopBeforeStep !== undefined && stepIndex >= state.stopBeforeStep) {
    state.failed = true;
    state.haltedBefore ??= { step, phase, timeMs: state.simulation.world.nowMs };
    return [];
  }
  state.hooks?.onStep?.(stepIndex);
  const refusal = phase === 'faults' ? budgetRefusal(state.simulation.world, state.budget, step, state.settings.impairedBrokersMax) : undefined;
  const found: Finding[] = [];
  const fired: FiredFault[] = [];
  let noop = refusal;
  if (!refusal) {
    try {
      noop = applyAndCheck(state, step, stepIndex, phase, found, fired);
    } catch (error) {
      found.push(brokerFailure(state, error, stepIndex));
      state.failed = true;
    }
  } else {
    state.simulation.stepEvents.push([{ type: 'noop', reason: refusal }]);
  }
  if (state.observer && !state.failed) state.observer(state.simulation, state.simulation.stepEvents[state.simulation.stepEvents.length - 1] ?? [], phase);
  state.executed.push({ step, phase, timeMs: state.simulation.world.nowMs, ...(intent ? { intent } : {}), ...(noop ? { noop } : {}), ...(fired.length > 0 ? { fired } : {}) });
  if (state.snapshots) {
    try {
      state.snapshots.push(snapshotOf(state.simulation));
    } catch (error) {
      found.push(brokerFailure(state, error, stepIndex));
      state.failed = true;
    }
  }
  state.findings.push(...found);
  return found;
}
