/**
 * The one function that moves a world forward: it applies one schedule step and reports the events. Every
 * loop is bounded (`…Max`), so a step always returns, whatever the broker under test does.
 */
import { KcheckInputError } from '../../input-error.ts';
import { hostedPartitionCount } from '../config/config.ts';
import { promises } from './broker-promises.ts';
import { deliveredMessage, ownDisk } from './copy-on-write.ts';
import { diskContents, flushDisk, losePageCache } from './disk.ts';
import { boot, dispatch } from './dispatch.ts';
import type { EventSink, SimulationEnvironment } from './environment.ts';
import type { NodeId } from './ids.ts';
import { orderLinks, deliveryOrderStateOf } from './delivery-order.ts';
import { cutBetween, deliverableLinks, dropLinks, isHeld, takeFromLink, takeFromLinkKey } from './network.ts';
import type { Step } from './steps.ts';
import { cancelTimersOf, nextDueWork, takeTimerAt } from './timers.ts';
import { linkKey, type World } from './world.ts';

/** Bounds on the work one step may do; past them the step stops where it is (a livelock shows as no progress). */
export const DELIVERIES_PER_STEP_MAX = 20_000;
export const TIMER_FIRINGS_PER_STEP_MAX = 20_000;
/** Triggers armed at once at most; an `on` step beyond is a no-op. */
export const TRIGGERS_ARMED_MAX = 4;

function requireNode(world: World, node: NodeId, step: Step): void {
  if (!world.nodes[node]) throw new KcheckInputError('schedule', `step "${step.type}" names unknown node ${JSON.stringify(node)}`);
}

function requireKind(world: World, node: NodeId, kind: string, step: Step): void {
  requireNode(world, node, step);
  if (world.nodes[node]!.kind !== kind) {
    throw new KcheckInputError('schedule', `step "${step.type}" needs a ${kind}, but ${node} is a ${world.nodes[node]!.kind}`);
  }
}

function requireFaultable(world: World, node: NodeId, step: Step): void {
  requireNode(world, node, step);
  if (world.nodes[node]!.kind === 'controller') {
    throw new KcheckInputError('schedule', `step "${step.type}" targets the controller, which kcheck models as never failing`);
  }
}

function requireDuration(ms: number, step: Step): void {
  if (!Number.isInteger(ms) || ms < 0) throw new KcheckInputError('schedule', `step "${step.type}" needs a whole, non-negative ms, got ${ms}`);
}

/** Delivers the oldest message on the link `key` if its receiver is up; false when nothing was delivered. */
function deliverOne(world: World, env: SimulationEnvironment, key: string, sink: EventSink): boolean {
  const head = world.links[key]?.[0];
  if (!head || world.nodes[head.to]!.status !== 'up' || isHeld(world, key)) return false;
  const envelope = takeFromLinkKey(world, key)!;
  sink.push({ type: 'delivered', envelope });
  dispatch(world, env, envelope.to, { type: 'message', from: envelope.from, message: deliveredMessage(world, envelope.message) }, sink);
  return true;
}

/** Delivers round-robin over the links until none has a deliverable message. Returns how many arrived. */
function deliverAll(world: World, env: SimulationEnvironment, sink: EventSink): number {
  let delivered = 0;
  while (delivered < DELIVERIES_PER_STEP_MAX) {
    const links = orderLinks(world, deliverableLinks(world));
    if (links.length === 0) break;
    for (const key of links) {
      if (delivered >= DELIVERIES_PER_STEP_MAX) break;
      if (deliverOne(world, env, key, sink)) delivered++;
    }
  }
  if (delivered >= DELIVERIES_PER_STEP_MAX && deliverableLinks(world).length > 0) {
    sink.push({ type: 'stepBudgetExceeded', limit: 'deliveries', max: DELIVERIES_PER_STEP_MAX });
  }
  return delivered;
}

/** Fires the earliest due work at or before `limitMs`; false when nothing is due. */
function fireNextDue(world: World, env: SimulationEnvironment, limitMs: number, sink: EventSink): boolean {
  const work = nextDueWork(world, limitMs);
  if (!work) return false;
  world.nowMs = Math.max(world.nowMs, work.dueMs);
  if (work.kind === 'writeback') {
    const disk = ownDisk(world, work.node)!;
    flushDisk(disk);
    disk.nextWritebackMs = world.nowMs + writebackIntervalOf(world);
    sink.push({ type: 'writeback', node: work.node, atMs: world.nowMs });
    return true;
  }
  const timer = takeTimerAt(world, work.index);
  sink.push({ type: 'timerFired', node: timer.node, name: timer.name, atMs: world.nowMs });
  dispatch(world, env, timer.node, { type: 'timer', name: timer.name }, sink);
  return true;
}

function writebackIntervalOf(world: World): number {
  return world.writebackIntervalMs ?? (world.config.flush.kind === 'writeback' ? world.config.flush.intervalMs : 0);
}

function holdOrRelease(world: World, step: Extract<Step, { type: 'hold' | 'release' }>, sink: EventSink): void {
  requireNode(world, step.from, step);
  requireNode(world, step.to, step);
  const key = linkKey(step.from, step.to);
  if ((step.type === 'hold') === isHeld(world, key)) return sink.push({ type: 'noop', reason: `${step.from}→${step.to} is ${step.type === 'hold' ? 'already' : 'not'} held` });
  if (step.type === 'hold') (world.held ??= {})[key] = true;
  else {
    delete world.held![key];
    // No holds left: the world is as one that never held a link (and hashes the same).
    if (Object.keys(world.held!).length === 0) delete world.held;
  }
  sink.push({ type: 'linkHold', change: step.type, from: step.from, to: step.to });
}

function setWritebackInterval(world: World, step: Extract<Step, { type: 'writebackInterval' }>, sink: EventSink): void {
  requireDuration(step.ms, step);
  if (step.ms < 1) throw new KcheckInputError('schedule', 'step "writebackInterval" needs at least 1 ms');
  if (world.config.flush.kind !== 'writeback') return sink.push({ type: 'noop', reason: 'every write is fsync\'d: there is no writeback' });
  world.writebackIntervalMs = step.ms;
  for (const node of world.nodeIds) {
    const disk = world.disks[node];
    if (disk && disk.nextWritebackMs >= 0) ownDisk(world, node)!.nextWritebackMs = world.nowMs + step.ms;
  }
  sink.push({ type: 'writebackInterval', ms: step.ms });
}

function armTrigger(world: World, step: Extract<Step, { type: 'on' }>, sink: EventSink): void {
  const { partition } = step.trigger;
  // The topic's partitions, then __consumer_offsets' (a commit's moment is on the group's offsets partition).
  const hosted = hostedPartitionCount(world.config);
  if (!Number.isInteger(partition) || partition < 0 || partition >= hosted) {
    throw new KcheckInputError('schedule', `step "on" names partition ${partition}; this cluster has ${hosted}`);
  }
  const armed = world.triggers ?? [];
  if (armed.length >= TRIGGERS_ARMED_MAX) return sink.push({ type: 'noop', reason: `${TRIGGERS_ARMED_MAX} triggers are armed already` });
  world.triggers = [...armed, { ...step.trigger }];
  sink.push({ type: 'armed', trigger: { ...step.trigger } });
}

function advanceClock(world: World, env: SimulationEnvironment, ms: number, promptNetwork: boolean, sink: EventSink): void {
  const targetMs = world.nowMs + ms;
  let firings = 0;
  if (promptNetwork) deliverAll(world, env, sink);
  while (firings < TIMER_FIRINGS_PER_STEP_MAX && fireNextDue(world, env, targetMs, sink)) {
    firings++;
    if (promptNetwork) deliverAll(world, env, sink);
  }
  if (firings >= TIMER_FIRINGS_PER_STEP_MAX) sink.push({ type: 'stepBudgetExceeded', limit: 'timerFirings', max: TIMER_FIRINGS_PER_STEP_MAX });
  world.nowMs = Math.max(world.nowMs, targetMs);
}

function stopNode(world: World, node: NodeId, sink: EventSink): void {
  const slot = world.nodes[node]!;
  slot.status = 'crashed';
  slot.state = null;
  cancelTimersOf(world, node);
  dropLinks(world, (from, to) => from === node || to === node, 'crash', sink);
}

export function applyStep(world: World, env: SimulationEnvironment, step: Step, sink: EventSink): void {
  switch (step.type) {
    case 'send':
    case 'poll': {
      const node = step.type === 'send' ? step.producer : step.consumer;
      requireKind(world, node, step.type === 'send' ? 'producer' : 'consumer', step);
      if (world.nodes[node]!.status !== 'up') return sink.push({ type: 'noop', reason: `${node} is ${world.nodes[node]!.status}` });
      const command = step.type === 'send' ? { type: 'send' as const, key: step.key, value: step.value } : { type: 'poll' as const };
      return dispatch(world, env, node, { type: 'command', command }, sink);
    }
    case 'commit':
    case 'leave':
    case 'subscribe': {
      requireKind(world, step.consumer, 'consumer', step);
      if (world.nodes[step.consumer]!.status !== 'up') return sink.push({ type: 'noop', reason: `${step.consumer} is ${world.nodes[step.consumer]!.status}` });
      return dispatch(world, env, step.consumer, { type: 'command', command: { type: step.type } }, sink);
    }
    case 'deliver':
    case 'drop': {
      requireNode(world, step.from, step);
      requireNode(world, step.to, step);
      if (step.type === 'deliver') {
        if (!deliverOne(world, env, linkKey(step.from, step.to), sink)) sink.push({ type: 'noop', reason: `nothing deliverable on ${step.from}→${step.to}` });
        return;
      }
      const envelope = takeFromLink(world, step.from, step.to);
      return sink.push(envelope ? { type: 'dropped', envelope, reason: 'schedule' } : { type: 'noop', reason: `nothing in flight on ${step.from}→${step.to}` });
    }
    case 'tick':
    case 'run':
      requireDuration(step.ms, step);
      return advanceClock(world, env, step.ms, step.type === 'run', sink);
    case 'deliverAll':
      deliverAll(world, env, sink);
      return;
    case 'crash':
    case 'powerLoss': {
      requireFaultable(world, step.node, step);
      if (world.nodes[step.node]!.status === 'crashed') return sink.push({ type: 'noop', reason: `${step.node} is already down` });
      stopNode(world, step.node, sink);
      const disk = step.type === 'powerLoss' ? ownDisk(world, step.node) : undefined;
      if (disk) losePageCache(disk);
      return sink.push({ type: 'fault', fault: step.type, node: step.node });
    }
    case 'restart': {
      requireFaultable(world, step.node, step);
      if (world.nodes[step.node]!.status !== 'crashed') return sink.push({ type: 'noop', reason: `${step.node} is not down` });
      sink.push({ type: 'fault', fault: 'restart', node: step.node });
      const disk = world.disks[step.node];
      return boot(world, env, step.node, disk ? diskContents(disk, promises(env.broker, 'readsDiskInPlace') ? 'inPlace' : 'copy') : {}, sink);
    }
    case 'pause':
    case 'resume': {
      requireFaultable(world, step.node, step);
      const slot = world.nodes[step.node]!;
      const from = step.type === 'pause' ? 'up' : 'paused';
      if (slot.status !== from) return sink.push({ type: 'noop', reason: `${step.node} is ${slot.status}` });
      slot.status = step.type === 'pause' ? 'paused' : 'up';
      return sink.push({ type: 'fault', fault: step.type, node: step.node });
    }
    case 'partition':
      step.nodes.forEach((node) => requireNode(world, node, step));
      cutBetween(world, step.nodes, sink);
      return sink.push({ type: 'network', change: 'partition', nodes: [...step.nodes] });
    case 'heal':
      world.cuts = {};
      return sink.push({ type: 'network', change: 'heal', nodes: [] });
    case 'hold':
    case 'release':
      return holdOrRelease(world, step, sink);
    case 'deliveryOrder':
      if (!Number.isInteger(step.seed) || step.seed < 0 || step.seed > 0xffffffff) throw new KcheckInputError('schedule', `step "deliveryOrder" needs a seed from 0 to ${0xffffffff}, got ${step.seed}`);
      world.deliveryOrderState = deliveryOrderStateOf(step.seed);
      return sink.push({ type: 'deliveryOrder', seed: step.seed });
    case 'writeback': {
      requireKind(world, step.node, 'broker', step);
      const disk = ownDisk(world, step.node);
      if (!disk) return sink.push({ type: 'noop', reason: `${step.node} has no disk` });
      flushDisk(disk);
      return sink.push({ type: 'writeback', node: step.node, atMs: world.nowMs });
    }
    case 'writebackInterval':
      return setWritebackInterval(world, step, sink);
    case 'on':
      return armTrigger(world, step, sink);
    default: {
      const never: never = step;
      throw new KcheckInputError('schedule', `unknown step type ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}
