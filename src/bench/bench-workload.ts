/**
 * The simulator benchmark's workload: a standard cluster (3 brokers, 3 partitions, RF 3, minISR 2, an acks=all
 * idempotent producer, an acks=1 producer and a consumer), or the same shape with more brokers, driven by a seeded
 * schedule of sends, polls, virtual-time runs and faults that keeps the cluster available. It leaves out the timing:
 * simulator-bench.ts measures it.
 */
import seedrandom from 'seedrandom';
import type { ClusterConfig } from '../system/config/config.ts';
import { makeClusterConfig } from '../system/config/validate.ts';
import { brokerNode, consumerNode, producerNode, type NodeId } from '../system/kernel/ids.ts';
import type { Step } from '../system/kernel/steps.ts';

/** The standard workload's cluster; with more brokers, one partition per broker (each leads one). */
export function benchClusterConfig(brokers = 3): ClusterConfig {
  return makeClusterConfig({
    brokers,
    partitions: brokers,
    replicationFactor: 3,
    minInsyncReplicas: 2,
    producers: [{ acks: 'all' }, { acks: 1, enableIdempotence: false }],
    consumers: [{}],
  });
}

/** Per-step probabilities of the schedule generator. */
const FAULT_PROBABILITY = 0.008;
const RECOVER_PROBABILITY = 0.012;
const DROP_PROBABILITY = 0.02;
const SEND_SHARE = 0.5;
const POLL_SHARE = 0.15;
const RUN_MS_MAX = 200;
const KEYS = Array.from({ length: 10 }, (_, i) => `k${i}`);

type DownBroker = { fault: 'crash' | 'powerLoss' | 'pause' | 'partition'; node: NodeId };

function recoveryOf(down: DownBroker): Step {
  switch (down.fault) {
    case 'crash':
    case 'powerLoss':
      return { type: 'restart', node: down.node };
    case 'pause':
      return { type: 'resume', node: down.node };
    case 'partition':
      return { type: 'heal' };
  }
}

/**
 * A deterministic schedule for `seed`: mostly sends, polls and runs of 1–200 ms, with drops on broker links
 * and faults (crash, pause, partition, rarely a power loss) on one broker at a time, each later undone, so the
 * cluster stays available (minISR 2 of 3). The first step is a 1 s run that lets leaders be elected.
 */
export function buildBenchSchedule(seed: number, steps: number, config: ClusterConfig = benchClusterConfig()): Step[] {
  const random = seedrandom(String(seed));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const brokers = Array.from({ length: config.brokers }, (_, i) => brokerNode(i));
  const producers = config.producers.map((_, i) => producerNode(i));
  const consumers = config.consumers.map((_, i) => consumerNode(i));
  const schedule: Step[] = [];
  let down: DownBroker | undefined;
  let nextValue = 0;
  if (steps > 0) schedule.push({ type: 'run', ms: 1_000 });
  while (schedule.length < steps) {
    if (down && random() < RECOVER_PROBABILITY) {
      schedule.push(recoveryOf(down));
      down = undefined;
      continue;
    }
    if (!down && random() < FAULT_PROBABILITY) {
      const node = pick(brokers);
      const roll = random();
      const fault: DownBroker['fault'] = roll < 0.4 ? 'crash' : roll < 0.65 ? 'pause' : roll < 0.9 ? 'partition' : 'powerLoss';
      schedule.push(fault === 'partition' ? { type: 'partition', nodes: [node] } : { type: fault, node });
      down = { fault, node };
      continue;
    }
    if (brokers.length > 1 && random() < DROP_PROBABILITY) {
      const from = pick(brokers);
      const to = pick(brokers.filter((b) => b !== from));
      schedule.push({ type: 'drop', from, to });
      continue;
    }
    const roll = random();
    if (roll < SEND_SHARE && producers.length > 0) {
      const key = random() < 0.2 ? null : pick(KEYS);
      schedule.push({ type: 'send', producer: pick(producers), key, value: `v${nextValue++}` });
    } else if (roll < SEND_SHARE + POLL_SHARE && consumers.length > 0) {
      schedule.push({ type: 'poll', consumer: pick(consumers) });
    } else {
      schedule.push({ type: 'run', ms: 1 + Math.floor(random() * RUN_MS_MAX) });
    }
  }
  return schedule;
}
