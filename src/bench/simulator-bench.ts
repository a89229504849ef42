/**
 * The simulator's throughput benchmark: a standard cluster (3 brokers, 3 partitions, RF 3, minISR 2, an
 * acks=all idempotent producer, an acks=1 producer and a consumer) driven by a seeded schedule of sends,
 * polls, virtual-time runs and faults. The schedule is built first (not timed); only applying it is timed,
 * through a counting sink, so the figure is the kernel's and the node logics' speed, not the tracing's.
 *
 * The workload is deterministic (a seeded stream, the virtual clock); only the measurement reads wall time,
 * which is why this file lives outside src/system.
 */
import { cpus } from 'node:os';
import seedrandom from 'seedrandom';
import type { ClusterConfig } from '../system/config/config.ts';
import { makeClusterConfig } from '../system/config/validate.ts';
import { applyStep } from '../system/kernel/apply-step.ts';
import { brokerNode, consumerNode, producerNode, type NodeId } from '../system/kernel/ids.ts';
import type { Step, StepType } from '../system/kernel/steps.ts';
import { ObservationSink, startSimulation, worldHash, type Simulation } from '../system/simulation.ts';

/** The figures the simulator is expected to reach on one core. */
export const BENCH_TARGETS = {
  /** Kernel events (sends, deliveries, timer firings, observations, …) per wall-clock second. */
  eventsPerSecond: 200_000,
  /** Virtual milliseconds simulated per wall-clock millisecond. */
  simulatedToWallRatio: 10_000,
} as const;

export interface SimulatorBenchOptions {
  seed: number;
  steps: number;
  /** Called during the timed run (about a hundred times) and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** The command line to print in the report; defaults to the `kcheck bench` invocation. */
  command?: string;
}

export interface BenchTarget {
  target: number;
  actual: number;
  met: boolean;
}

export interface SimulatorBenchResult {
  seed: number;
  steps: number;
  /** How many steps of each type the schedule holds. */
  stepMix: Partial<Record<StepType, number>>;
  kernelEvents: number;
  wallMs: number;
  eventsPerSecond: number;
  simulatedMs: number;
  simulatedToWallRatio: number;
  ackedSends: number;
  failedSends: number;
  observations: number;
  peakRssBytes: number;
  nodeVersion: string;
  cpuModel: string;
  command: string;
  /** True when a second, untimed run of the same schedule ends in the same world hash and event count. */
  deterministic: boolean;
  finalWorldHash: string;
  targets: { eventsPerSecond: BenchTarget; simulatedToWallRatio: BenchTarget };
}

/** The standard workload's cluster. */
export function benchClusterConfig(): ClusterConfig {
  return makeClusterConfig({
    brokers: 3,
    partitions: 3,
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

function stepMixOf(schedule: readonly Step[]): Partial<Record<StepType, number>> {
  const mix: Partial<Record<StepType, number>> = {};
  for (const s of schedule) mix[s.type] = (mix[s.type] ?? 0) + 1;
  return mix;
}

interface ScheduleRun {
  simulation: Simulation;
  sink: ObservationSink;
}

function applySchedule(config: ClusterConfig, schedule: readonly Step[], onStep?: (done: number) => void): ScheduleRun {
  const simulation = startSimulation(config);
  const sink = new ObservationSink();
  const { world, env } = simulation;
  for (let i = 0; i < schedule.length; i++) {
    applyStep(world, env, schedule[i]!, sink);
    if (onStep) onStep(i + 1);
  }
  return { simulation, sink };
}

function peakRss(sampled: number): number {
  // maxRSS is the process's high-water mark in KiB; the sampled rss covers platforms where it is unavailable.
  return Math.max(sampled, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
}

function target(targetValue: number, actual: number): BenchTarget {
  return { target: targetValue, actual, met: actual >= targetValue };
}

/** Builds the schedule for `seed`, applies it once timed, then once more untimed to check determinism. */
export function runSimulatorBench(options: SimulatorBenchOptions): SimulatorBenchResult {
  const { seed, steps, onProgress } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive whole number, got ${steps}`);
  const config = benchClusterConfig();
  const schedule = buildBenchSchedule(seed, steps, config);

  const progressEvery = Math.max(1, Math.floor(steps / 100));
  let sampledRss = process.memoryUsage().rss;
  const onStep = (done: number) => {
    if (done % progressEvery !== 0) return;
    sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
    onProgress?.(done, steps);
  };

  const started = process.hrtime.bigint();
  const timed = applySchedule(config, schedule, onStep);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (steps % progressEvery !== 0) onProgress?.(steps, steps);
  const peakRssBytes = peakRss(sampledRss);

  const finalWorldHash = worldHash(timed.simulation);
  const replay = applySchedule(config, schedule);
  const deterministic = worldHash(replay.simulation) === finalWorldHash && replay.sink.eventCount === timed.sink.eventCount;

  const kernelEvents = timed.sink.eventCount;
  const simulatedMs = timed.simulation.world.nowMs;
  const eventsPerSecond = wallMs > 0 ? (kernelEvents / wallMs) * 1000 : 0;
  const simulatedToWallRatio = wallMs > 0 ? simulatedMs / wallMs : 0;
  const observations = timed.sink.observations;
  return {
    seed,
    steps,
    stepMix: stepMixOf(schedule),
    kernelEvents,
    wallMs,
    eventsPerSecond,
    simulatedMs,
    simulatedToWallRatio,
    ackedSends: observations.filter((o) => o.type === 'sendAcked').length,
    failedSends: observations.filter((o) => o.type === 'sendFailed').length,
    observations: observations.length,
    peakRssBytes,
    nodeVersion: process.version,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    command: options.command ?? `kcheck bench --seed ${seed} --steps ${steps}`,
    deterministic,
    finalWorldHash,
    targets: {
      eventsPerSecond: target(BENCH_TARGETS.eventsPerSecond, eventsPerSecond),
      simulatedToWallRatio: target(BENCH_TARGETS.simulatedToWallRatio, simulatedToWallRatio),
    },
  };
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function metLabel(t: BenchTarget): string {
  return t.met ? 'met' : 'NOT met';
}

/** The result as a Markdown report (a table of figures, then the targets). */
export function formatBenchMarkdown(result: SimulatorBenchResult): string {
  const mix = Object.entries(result.stepMix)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['Command', `\`${result.command}\``],
    ['Seed', String(result.seed)],
    ['Steps', formatCount(result.steps)],
    ['Step mix', mix],
    ['Kernel events', `${formatCount(result.kernelEvents)} (${(result.kernelEvents / result.steps).toFixed(1)} per step)`],
    ['Wall time', `${result.wallMs.toFixed(1)} ms`],
    ['Events/s', formatCount(result.eventsPerSecond)],
    ['Simulated time', `${formatCount(result.simulatedMs)} ms`],
    ['Simulated/wall', `${result.simulatedToWallRatio.toFixed(0)}×`],
    ['Acked sends', formatCount(result.ackedSends)],
    ['Failed sends', formatCount(result.failedSends)],
    ['Observations', formatCount(result.observations)],
    ['Peak RSS', `${(result.peakRssBytes / (1024 * 1024)).toFixed(1)} MiB`],
    ['Deterministic (2 runs, same world hash)', result.deterministic ? 'yes' : 'NO'],
    ['Final world hash', `\`${result.finalWorldHash.slice(0, 16)}…\``],
    ['Node', result.nodeVersion],
    ['CPU', result.cpuModel],
  ];
  const { eventsPerSecond, simulatedToWallRatio } = result.targets;
  return [
    '# kcheck simulator benchmark',
    '',
    'Standard workload: 3 brokers, 3 partitions, RF 3, minISR 2; producers acks=all (idempotent) and acks=1; one consumer.',
    'One cold run on one core (JIT warm-up included); the schedule is built before timing starts.',
    '',
    '| Figure | Value |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    '## Targets',
    '',
    '| Target | Goal | Actual | Status |',
    '| --- | --- | --- | --- |',
    `| Simulated events/s | ≥ ${formatCount(eventsPerSecond.target)} | ${formatCount(eventsPerSecond.actual)} | ${metLabel(eventsPerSecond)} |`,
    `| Simulated/wall | ≥ ${formatCount(simulatedToWallRatio.target)}× | ${simulatedToWallRatio.actual.toFixed(0)}× | ${metLabel(simulatedToWallRatio)} |`,
    '',
  ].join('\n');
}
