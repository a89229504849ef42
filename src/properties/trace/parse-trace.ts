/**
 * Reading a trace file strictly (docs/trace-format.md): a trace replays a counterexample, so a field that is
 * misspelt, out of range or inconsistent with the cluster must not be replayed in silence. Every deviation is
 * one `KcheckInputError('trace', …)` line naming the file, the JSON path and what was expected.
 */
import { KcheckInputError } from '../../input-error.ts';
import { ANOMALY_NAMES } from '../../model/history.ts';
import { describeStep, type Step } from '../../system/kernel/steps.ts';
import type { Expectation } from '../claims/claim.ts';
import { INVARIANT_NAMES } from '../invariants/index.ts';
import type { FindingKind, FindingSource } from '../runner/findings.ts';
import type { Phase } from '../runner/run-state.ts';
import type { FiredFault } from '../runner/triggers.ts';
import { TRIGGERS_ARMED_MAX } from '../../system/kernel/apply-step.ts';
import { readObservation, type ObservationContext } from './parse-observation.ts';
import { checkConfig, readSettings } from './parse-settings.ts';
import { clusterNodes, readStep, type ClusterNodes } from './parse-step.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceStep } from './trace.ts';
import { preview, readArray, readInteger, readObject, readOneOf, readString, type Fail } from './trace-fields.ts';

/** A fault phase holds at most 60 generated steps; a hand-written one may hold more, within reason. */
export const SCHEDULE_STEPS_MAX = 1_000;
/** Boot, the schedule, repair, 60 convergence steps and up to 80 final-read steps, with room to spare. */
export const TRACE_STEPS_MAX = SCHEDULE_STEPS_MAX + 500;

const TOP_FIELDS = ['format', 'version', 'kcheckVersion', 'claim', 'settings', 'config', 'broker', 'seed', 'path', 'schedule', 'steps', 'violation'];
const PHASES: readonly Phase[] = ['boot', 'faults', 'repair', 'converge', 'probe', 'finalRead'];
/** Every finding kind and source, as records so that a kind added to findings.ts and not here fails tsc. */
const OTHER_FINDING_KINDS: Record<Exclude<FindingKind, (typeof ANOMALY_NAMES)[number] | (typeof INVARIANT_NAMES)[number]>, true> = {
  'send-order': true,
  'batch-atomicity': true,
  'no-convergence': true,
  'leaderless-after-heal': true,
  'send-unavailable': true,
  'broker-fault': true,
  'step-budget-exceeded': true,
  'group-two-owners': true,
  'group-skip': true,
  'group-commit-backwards': true,
  'group-fenced-commit': true,
};
const FINDING_KINDS: readonly FindingKind[] = [...ANOMALY_NAMES, ...INVARIANT_NAMES, ...(Object.keys(OTHER_FINDING_KINDS) as FindingKind[])];
const BROKER_FAILURES: readonly FindingKind[] = ['broker-fault', 'step-budget-exceeded'];
const LIVENESS_FAILURES: readonly FindingKind[] = ['no-convergence'];
const SOURCES: Record<FindingSource, true> = { anomaly: true, invariant: true, check: true, availability: true, liveness: true, broker: true };
const FINDING_SOURCES = Object.keys(SOURCES) as FindingSource[];

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KcheckInputError('trace', `${source} is not valid JSON: ${reason}`);
  }
}

function readClaim(raw: unknown, fail: Fail): Trace['claim'] {
  const o = readObject(raw, 'claim', ['id', 'name', 'statement', 'expectation', 'judges'], [], fail);
  const judges = readArray(o.judges, 'claim.judges', FINDING_KINDS.length, fail, (k, at) => readOneOf<FindingKind>(k, at, FINDING_KINDS, fail));
  if (judges.length === 0) fail('claim.judges', 'must name at least one finding kind (what the property judges)');
  if (new Set(judges).size !== judges.length) fail('claim.judges', `names a kind twice: ${preview(judges)}`);
  return {
    id: readString(o.id, 'claim.id', fail, { nonEmpty: true }),
    name: readString(o.name, 'claim.name', fail, { nonEmpty: true }),
    statement: readString(o.statement, 'claim.statement', fail),
    expectation: readOneOf<Expectation>(o.expectation, 'claim.expectation', ['always', 'sometimes'], fail),
    judges,
  };
}

/** The spec model names a record by its value (docs/history-format.md), so a schedule sends each value once. */
function checkValuesUnique(schedule: readonly Step[], fail: Fail): void {
  const sentAt = new Map<string, number>();
  schedule.forEach((step, i) => {
    if (step.type !== 'send') return;
    const earlier = sentAt.get(step.value);
    if (earlier !== undefined) fail(`schedule[${i}].value`, `${preview(step.value)} is sent already at schedule[${earlier}]; each value is sent once, since a history names a record by its value`);
    sentAt.set(step.value, i);
  });
}

function readTraceStep(raw: unknown, where: string, index: number, nodes: ClusterNodes, context: ObservationContext, fail: Fail): TraceStep {
  const o = readObject(raw, where, ['index', 'phase', 'step', 'label', 'timeMs', 'observations'], ['noop', 'fired'], fail);
  if (o.index !== index) fail(`${where}.index`, `must be ${index} (steps are numbered from 0, in order), got ${preview(o.index)}`);
  const step: TraceStep = {
    index,
    phase: readOneOf<Phase>(o.phase, `${where}.phase`, PHASES, fail),
    step: readStep(o.step, `${where}.step`, nodes, fail),
    label: readString(o.label, `${where}.label`, fail),
    timeMs: readInteger(o.timeMs, `${where}.timeMs`, fail, 0),
    observations: [],
  };
  // The label is what a reader sees of the step: it must say the step, and may add the intent it came from.
  const said = describeStep(step.step);
  if (step.label !== said && !step.label.startsWith(`${said} (`)) fail(`${where}.label`, `${preview(step.label)} does not describe the step; it must read ${preview(said)}, optionally followed by " (…)"`);
  if (o.noop !== undefined) step.noop = readString(o.noop, `${where}.noop`, fail);
  if (o.fired !== undefined) step.fired = readArray(o.fired, `${where}.fired`, TRIGGERS_ARMED_MAX, fail, (f, at) => readFired(f, at, nodes, fail));
  // Keys in the order buildTrace writes them, so that a parsed trace serializes to the same bytes.
  const { observations: _placeholder, ...head } = step;
  return { ...head, observations: readArray(o.observations, `${where}.observations`, TRACE_STEPS_MAX, fail, (ob, at) => readObservation(ob, at, context, fail)) };
}

/** A fault an armed trigger applied within the step: the concrete step, its words, and when. */
function readFired(raw: unknown, where: string, nodes: ClusterNodes, fail: Fail): FiredFault {
  const o = readObject(raw, where, ['step', 'label', 'atMs'], [], fail);
  const step = readStep(o.step, `${where}.step`, nodes, fail);
  if (!['crash', 'powerLoss', 'pause', 'partition'].includes(step.type)) fail(`${where}.step.type`, `a trigger applies crash, powerLoss, pause or partition, got ${preview(step.type)}`);
  return { step, label: readString(o.label, `${where}.label`, fail), atMs: readInteger(o.atMs, `${where}.atMs`, fail, 0) };
}

function readViolation(raw: unknown, claim: Trace['claim'], steps: number, partitions: number, fail: Fail): Trace['violation'] {
  const o = readObject(raw, 'violation', ['property', 'anomaly', 'source', 'step', 'partition', 'values', 'message'], ['cause'], fail);
  if (o.property !== claim.name) fail('violation.property', `must be the claim's name ${preview(claim.name)}, got ${preview(o.property)}`);
  const anomaly = readOneOf<FindingKind>(o.anomaly, 'violation.anomaly', FINDING_KINDS, fail);
  const source = readOneOf<FindingSource>(o.source, 'violation.source', FINDING_SOURCES, fail);
  if ((source === 'broker') !== BROKER_FAILURES.includes(anomaly)) fail('violation.source', `"broker" goes with the kinds ${BROKER_FAILURES.join(', ')} and only with them, got ${preview(source)} for ${anomaly}`);
  if ((source === 'liveness') !== LIVENESS_FAILURES.includes(anomaly)) fail('violation.source', `"liveness" goes with the kinds ${LIVENESS_FAILURES.join(', ')} and only with them, got ${preview(source)} for ${anomaly}`);
  // A failure of the broker itself, or of the cluster to converge, is judged by every property (claim.ts's
  // judgedBy), listed in its judges or not.
  if (source !== 'broker' && source !== 'liveness' && !claim.judges.includes(anomaly)) fail('violation.anomaly', `${anomaly} is not a kind the property judges (claim.judges: ${claim.judges.join(', ')})`);
  const violation: Trace['violation'] = {
    property: claim.name,
    anomaly,
    source,
    step: readInteger(o.step, 'violation.step', fail, 0, Math.max(steps - 1, 0)),
    // -1: a finding about no partition in particular (no convergence).
    partition: readInteger(o.partition, 'violation.partition', fail, -1, partitions - 1),
    values: readArray(o.values, 'violation.values', TRACE_STEPS_MAX, fail, (v, at) => readString(v, at, fail)),
    message: readString(o.message, 'violation.message', fail),
  };
  if (o.cause !== undefined) violation.cause = readString(o.cause, 'violation.cause', fail);
  return violation;
}

/** `source` names the text in messages (a file path). */
export function parseTrace(text: string, source: string): Trace {
  const fail: Fail = (where, what) => {
    throw new KcheckInputError('trace', `${source}: ${where}: ${what}`);
  };
  const json = parseJson(text, source);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('top level', `a trace must be an object {"format": "${TRACE_FORMAT}", "version": ${TRACE_VERSION}, …}, got ${preview(json)}`);
  const top = json as Record<string, unknown>;
  // Format and version first: a trace of another version is named as such, not as a list of unknown fields.
  if (top.format !== TRACE_FORMAT) fail('format', `must be "${TRACE_FORMAT}", got ${preview(top.format)}`);
  if (top.version !== TRACE_VERSION) fail('version', `must be ${TRACE_VERSION} (the only trace version this kcheck reads), got ${preview(top.version)}`);
  readObject(top, 'top level', TOP_FIELDS, ['controller'], fail);
  const claim = readClaim(top.claim, fail);
  const { settings, config } = readSettings(top.settings, fail);
  checkConfig(top.config, config, fail);
  const nodes = clusterNodes(config);
  const context: ObservationContext = { nodes, partitions: config.partitions };
  const schedule: Step[] = readArray(top.schedule, 'schedule', SCHEDULE_STEPS_MAX, fail, (s, at) => readStep(s, at, nodes, fail));
  checkValuesUnique(schedule, fail);
  const steps = readArray(top.steps, 'steps', TRACE_STEPS_MAX, fail, (s, at, i) => readTraceStep(s, at, i, nodes, context, fail));
  const path = readString(top.path, 'path', fail);
  if (!/^(\d+(:\d+)*)?$/.test(path)) fail('path', `must be fast-check's replay path ("8:7:9" or ""), got ${preview(path)}`);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    kcheckVersion: readString(top.kcheckVersion, 'kcheckVersion', fail, { nonEmpty: true }),
    claim,
    settings,
    config,
    broker: readString(top.broker, 'broker', fail, { nonEmpty: true }),
    ...(top.controller !== undefined ? { controller: readString(top.controller, 'controller', fail, { nonEmpty: true }) } : {}),
    seed: readInteger(top.seed, 'seed', fail),
    path,
    schedule,
    steps,
    violation: readViolation(top.violation, claim, steps.length, config.partitions, fail),
  };
}
