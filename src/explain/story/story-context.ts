/**
 * What the narrator remembers from one step to the next: the records each delivered produce request carried
 * (an ack names only a correlation id), the controller's last word per partition, each broker's log as last
 * seen while it was up (to tell what a power loss took), whether the network is cut, and the final read so far.
 */
import type { ClusterSnapshot } from '../../properties/runner/snapshot.ts';
import type { CheckSettings } from '../../properties/settings.ts';

export interface Decision {
  partitionEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
}

export interface StoryContext {
  settings: CheckSettings;
  /** `broker|producer|correlationId` → the values of the produce request delivered there. */
  produced: Map<string, string[]>;
  /** How many times each batch (its values) was sent: a second time is a retry. */
  produceAttempts: Map<string, number>;
  decisions: Map<number, Decision>;
  /** broker → partition → values, as last seen while the broker was up. */
  lastKnownLogs: Map<string, Map<number, string[]>>;
  networkCut: boolean;
  /** partition → values the final reader has read so far. */
  finalRead: Map<number, string[]>;
}

/** One step being told: the cluster before and after it, and the sentences so far. A sentence may be a
 * function, filled in at the end of the step (a follower's copies over several fetches make one sentence). */
export interface Scene {
  step: number;
  before: ClusterSnapshot | undefined;
  after: ClusterSnapshot;
  sentences: Array<string | (() => string)>;
  /** `broker|partition|value`: appends already told as part of an ack. */
  toldAppends: Set<string>;
  /** Values whose ack a broker's sentence already told this step. */
  toldAcks: Set<string>;
}

export function createStoryContext(settings: CheckSettings): StoryContext {
  return { settings, produced: new Map(), produceAttempts: new Map(), decisions: new Map(), lastKnownLogs: new Map(), networkCut: false, finalRead: new Map() };
}

export function rememberLogs(context: StoryContext, snapshot: ClusterSnapshot): void {
  for (const broker of snapshot.brokers) {
    if (broker.status === 'crashed') continue;
    context.lastKnownLogs.set(broker.node, new Map(broker.replicas.map((r) => [r.partition, r.values])));
  }
}
