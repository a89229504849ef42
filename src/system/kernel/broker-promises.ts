/**
 * What a broker may promise about how it treats its data, so that the kernel and the checks do less work for it.
 * kcheck's own brokers (`createBroker`) make every promise; any other broker makes none and gets what
 * docs/broker-api.md describes: a deep copy of its disk at each start, every broker read and every partition judged
 * at every check. A promise changes how much work is done, never what is found (test/properties/broker-promises).
 */
import type { BrokerLogic } from './broker-logic.ts';

export interface BrokerPromises {
  /** `init` never changes what it reads from `ctx.disk`, lists or entries: the kernel hands it the disk's own entries
   * in fresh lists instead of a deep copy, so a restart looks at the whole log instead of copying it. */
  readsDiskInPlace: boolean;
  /** Its views change only in its own transitions (no other node changes an object its state holds, and it changes
   * none that another node holds), and a replica's log, as `inspect` shows it, is one list for the life of the process
   * that only loses its tail or gains records new to it, no record ever changed. So a check may read again only the
   * brokers that took a transition, compare a log by its list, length and last record, and skip a partition whose
   * views are all as they were. */
  stableViews: boolean;
}

const PROMISES = Symbol('kcheck.brokerPromises');

export function withPromises<S>(logic: BrokerLogic<S>, promises: BrokerPromises): BrokerLogic<S> {
  Object.defineProperty(logic, PROMISES, { value: Object.freeze({ ...promises }) });
  return logic;
}

export function promises(logic: BrokerLogic<unknown>, promise: keyof BrokerPromises): boolean {
  const made = (logic as unknown as Record<symbol, BrokerPromises | undefined>)[PROMISES];
  return made?.[promise] === true;
}
