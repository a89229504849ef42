/**
 * Facts read from a run's kernel events in the order they happened, finer than the per-step snapshots (one
 * `run` step can hold an ack and the election that undoes it): which broker acked a record, and what the
 * controller decided about a partition's leader and ISR, and when.
 */
import { brokerIdOf, CONTROLLER_NODE } from '../../system/kernel/ids.ts';
import type { RunResult } from '../runner/run-schedule.ts';

/** A position in the run: executed step, then event index within it. */
export interface Moment {
  step: number;
  event: number;
}

export function isBefore(a: Moment, b: Moment): boolean {
  return a.step < b.step || (a.step === b.step && a.event < b.event);
}

export interface ControllerDecision extends Moment {
  leader: number;
  leaderEpoch: number;
  isr: number[];
}

function eventsOf(run: RunResult) {
  if (!run.events) throw new Error('a cause check needs a run recorded with snapshots and events');
  return run.events;
}

/** The broker that acked `value` (a produce response without error to the request that carried it). */
export function ackOf(run: RunResult, value: string): (Moment & { broker: string }) | undefined {
  const carrying = new Map<string, true>();
  let found: (Moment & { broker: string }) | undefined;
  eventsOf(run).forEach((events, step) =>
    events.forEach((e, event) => {
      if (found || e.type !== 'delivered') return;
      const m = e.envelope.message;
      if (m.type === 'produceRequest' && m.records.some((r) => r.value === value)) carrying.set(`${e.envelope.to}/${m.correlationId}`, true);
      if (m.type === 'produceResponse' && m.error === 'NONE' && carrying.has(`${e.envelope.from}/${m.correlationId}`)) found = { step, event, broker: e.envelope.from };
    }),
  );
  return found;
}

/** Every leader/ISR decision the controller sent for the partition, once each, in order. */
export function controllerDecisions(run: RunResult, partition: number): ControllerDecision[] {
  const decisions: ControllerDecision[] = [];
  let lastPartitionEpoch = -1;
  eventsOf(run).forEach((events, step) =>
    events.forEach((e, event) => {
      if (e.type !== 'sent' || e.envelope.from !== CONTROLLER_NODE) return;
      const m = e.envelope.message;
      if (m.type !== 'leaderAndIsr' || m.partition !== partition || m.partitionEpoch <= lastPartitionEpoch) return;
      lastPartitionEpoch = m.partitionEpoch;
      decisions.push({ step, event, leader: m.leader, leaderEpoch: m.leaderEpoch, isr: [...m.isr] });
    }),
  );
  return decisions;
}

/** The last decision before `moment` that made `broker` leader: the leadership it acted under then. A zombie
 * leader acts under an old one after the controller has moved on, so this is not the decision in force. */
export function leadershipAt(decisions: readonly ControllerDecision[], moment: Moment, broker: string): ControllerDecision | undefined {
  const id = brokerIdOf(broker);
  let leadership: ControllerDecision | undefined;
  for (const d of decisions) if (isBefore(d, moment) && d.leader === id) leadership = d;
  return leadership;
}

/** The first decision after `leadership` that names another leader: where the leadership ended. */
export function takeoverAfter(decisions: readonly ControllerDecision[], leadership: ControllerDecision): ControllerDecision | undefined {
  return decisions.find((d) => isBefore(leadership, d) && d.leader >= 0 && d.leader !== leadership.leader);
}
