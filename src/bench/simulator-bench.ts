/**
 * The simulator's throughput benchmark: a standard cluster (3 brokers, 3 partitions, RF 3, minISR 2, an
 * acks=all idempotent producer, an acks=1 producer and a consumer) driven by a seeded schedule of sends,
 * polls, virtual-time runs and faults. The schedule is built first (not timed); only applying it is timed,
 * through a counting sink, so the figure is the kernel's and the node logics' speed, not the tracing's.
 *
 * In the same run, for the figures to be read side by side on a busy machine: the cost per step in each fifth of
 * the run (flat when no step costs more as history grows), the calibration model's steps/s (calibration-model.ts),
 * the same workload on 3, 5 and 7 brokers, and how a checked schedule's cost grows with partitions
 * (partition-scaling.ts).
 *
 * The workload is deterministic (a seeded stream, the virtual clock); only the measurement reads wall time,
 * which is why this file lives outside src/system.
 */
import { cpus } from 'node:os';
import type { ClusterConfig } from '../system/config/config.ts';
import { applyStep } from '../system/kernel/apply-step.ts';
import type { Step, StepType } from '../system/kernel/steps.ts';
import { benchClusterConfig, buildBenchSchedule } from './bench-workload.ts';
import { ObservationSink, startSimulation, worldHash, type Simulation } from '../system/simulation.ts';
import { runCalibrationModel, type CalibrationResult } from './calibration-model.ts';
import { runPartitionScaling, SCALING_PROPERTY, type PartitionScalingRow } from './partition-scaling.ts';

export { benchClusterConfig, buildBenchSchedule } from './bench-workload.ts';

/** The figures the simulator is expected to reach on one core (issue 12). */
export const BENCH_TARGETS = {
  /** Kernel events (sends, deliveries, timer firings, observations, …) per wall-clock second. */
  eventsPerSecond: 1_000_000,
  /** Virtual milliseconds simulated per wall-clock millisecond. */
  simulatedToWallRatio: 10_000,
  /** Kernel events/s over the calibration model's steps/s, measured in the same run. */
  eventsPerCalibrationStep: 2,
  /** The last fifth's cost per step over the second fifth's (the first pays for the JIT): flat is 1. */
  costGrowthMax: 1.25,
  /** A checked schedule with 12 partitions over one with 1. */
  twelvePartitionsCostMax: 4,
} as const;

/** The timed run is cut in this many equal windows of steps, each timed on its own. */
const COST_WINDOWS = 5;
/** The calibration model runs this many times; the median is reported. */
const CALIBRATION_RUNS = 3;
const PARTITION_SCALING_RUNS = 200;
/** The workload on more brokers: this many steps each, after the standard run (so with the JIT warm). */
const BROKER_SCALING = [3, 5, 7] as const;
const BROKER_SCALING_STEPS = 10_000;

export interface SimulatorBenchOptions {
  seed: number;
  steps: number;
  /** Called during the timed run (about a hundred times) and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** The command line to print in the report; defaults to the `kcheck bench` invocation. */
  command?: string;
  /** Runs per partition count in the partition scaling (default 200); 0 leaves it out. */
  partitionScalingRuns?: number;
}

/** The wall time per step in one window of the timed run. */
export interface CostWindow {
  fromStep: number;
  toStep: number;
  microsPerStep: number;
}

export interface BenchTarget {
  target: number;
  actual: number;
  met: boolean;
}

/** The standard workload's shape on a cluster of `brokers` (one partition each). */
export interface BrokerScalingRow {
  brokers: number;
  steps: number;
  kernelEvents: number;
  wallMs: number;
  microsPerStep: number;
  eventsPerSecond: number;
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
  costWindows: CostWindow[];
  /** µs/step of the last window over the second (the first includes the JIT's warm-up). */
  costGrowth: number;
  /** The median of the calibration model's runs, each as many steps as the workload. */
  calibration: CalibrationResult;
  eventsPerCalibrationStep: number;
  brokerScaling: BrokerScalingRow[];
  partitionScaling: PartitionScalingRow[];
  targets: {
    eventsPerSecond: BenchTarget;
    simulatedToWallRatio: BenchTarget;
    eventsPerCalibrationStep: BenchTarget;
    costGrowth: BenchTarget;
    twelvePartitionsCost?: BenchTarget;
  };
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

function ceiling(targetValue: number, actual: number): BenchTarget {
  return { target: targetValue, actual, met: actual <= targetValue };
}

/** Window ends for `steps`: COST_WINDOWS equal parts (fewer when there are fewer steps). */
function windowEnds(steps: number): number[] {
  const size = Math.ceil(steps / COST_WINDOWS);
  const ends: number[] = [];
  for (let end = size; end < steps; end += size) ends.push(end);
  ends.push(steps);
  return ends;
}

function runBrokerScaling(seed: number): BrokerScalingRow[] {
  return BROKER_SCALING.map((brokers) => {
    const config = benchClusterConfig(brokers);
    const schedule = buildBenchSchedule(seed, BROKER_SCALING_STEPS, config);
    const started = process.hrtime.bigint();
    const run = applySchedule(config, schedule);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const kernelEvents = run.sink.eventCount;
    return { brokers, steps: schedule.length, kernelEvents, wallMs, microsPerStep: (wallMs * 1000) / schedule.length, eventsPerSecond: wallMs > 0 ? (kernelEvents / wallMs) * 1000 : 0 };
  });
}

function medianCalibration(seed: number, steps: number): CalibrationResult {
  const runs = Array.from({ length: CALIBRATION_RUNS }, () => runCalibrationModel(seed, steps)).sort((a, b) => a.stepsPerSecond - b.stepsPerSecond);
  return runs[Math.floor(runs.length / 2)]!;
}

/** Builds the schedule for `seed`, applies it once timed, then once more untimed to check determinism. */
export function runSimulatorBench(options: SimulatorBenchOptions): SimulatorBenchResult {
  const { seed, steps, onProgress } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive whole number, got ${steps}`);
  const config = benchClusterConfig();
  const schedule = buildBenchSchedule(seed, steps, config);

  const progressEvery = Math.max(1, Math.floor(steps / 100));
  let sampledRss = process.memoryUsage().rss;
  const ends = windowEnds(steps);
  const windowTimes: bigint[] = [];
  const onStep = (done: number) => {
    if (done === ends[windowTimes.length]) windowTimes.push(process.hrtime.bigint());
    if (done % progressEvery !== 0) return;
    sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
    onProgress?.(done, steps);
  };

  const started = process.hrtime.bigint();
  const timed = applySchedule(config, schedule, onStep);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const costWindows = ends.map((toStep, i): CostWindow => {
    const fromStep = i === 0 ? 1 : ends[i - 1]! + 1;
    const ns = Number(windowTimes[i]! - (i === 0 ? started : windowTimes[i - 1]!));
    return { fromStep, toStep, microsPerStep: ns / 1000 / (toStep - fromStep + 1) };
  });
  const secondWindow = costWindows[Math.min(1, costWindows.length - 1)]!;
  const costGrowth = costWindows[costWindows.length - 1]!.microsPerStep / secondWindow.microsPerStep;
  if (steps % progressEvery !== 0) onProgress?.(steps, steps);
  const peakRssBytes = peakRss(sampledRss);

  const finalWorldHash = worldHash(timed.simulation);
  const replay = applySchedule(config, schedule);
  const deterministic = worldHash(replay.simulation) === finalWorldHash && replay.sink.eventCount === timed.sink.eventCount;

  const calibration = medianCalibration(seed, steps);
  const brokerScaling = runBrokerScaling(seed);
  const partitionScaling = (options.partitionScalingRuns ?? PARTITION_SCALING_RUNS) > 0 ? runPartitionScaling(options.partitionScalingRuns ?? PARTITION_SCALING_RUNS, seed) : [];
  const twelve = partitionScaling.find((row) => row.partitions === 12);

  const kernelEvents = timed.sink.eventCount;
  const simulatedMs = timed.simulation.world.nowMs;
  const eventsPerSecond = wallMs > 0 ? (kernelEvents / wallMs) * 1000 : 0;
  const simulatedToWallRatio = wallMs > 0 ? simulatedMs / wallMs : 0;
  const eventsPerCalibrationStep = calibration.stepsPerSecond > 0 ? eventsPerSecond / calibration.stepsPerSecond : 0;
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
    costWindows,
    costGrowth,
    calibration,
    eventsPerCalibrationStep,
    brokerScaling,
    partitionScaling,
    targets: {
      eventsPerSecond: target(BENCH_TARGETS.eventsPerSecond, eventsPerSecond),
      simulatedToWallRatio: target(BENCH_TARGETS.simulatedToWallRatio, simulatedToWallRatio),
      eventsPerCalibrationStep: target(BENCH_TARGETS.eventsPerCalibrationStep, eventsPerCalibrationStep),
      costGrowth: ceiling(BENCH_TARGETS.costGrowthMax, costGrowth),
      ...(twelve ? { twelvePartitionsCost: ceiling(BENCH_TARGETS.twelvePartitionsCostMax, twelve.relativeToOne) } : {}),
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
    ...costSection(result),
    ...calibrationSection(result),
    ...brokerScalingSection(result),
    ...partitionScalingSection(result),
    ...targetsSection(result),
  ].join('\n');
}

function costSection(result: SimulatorBenchResult): string[] {
  return [
    '## Cost per step as history grows',
    '',
    'The timed run cut in equal windows of steps; flat is the target: no step costs more because the cluster has a longer past.',
    'The first window pays for the JIT, so growth is read from the second window to the last.',
    '',
    '| Steps | µs/step |',
    '| --- | ---: |',
    ...result.costWindows.map((w) => `| ${formatCount(w.fromStep)}–${formatCount(w.toStep)} | ${w.microsPerStep.toFixed(1)} |`),
    '',
    `Last window over second: ${result.costGrowth.toFixed(2)}×.`,
    '',
  ];
}

function calibrationSection(result: SimulatorBenchResult): string[] {
  const c = result.calibration;
  return [
    '## Calibration model, same run',
    '',
    'A small abstract model built the way the kernel is (node state machines returning outputs, FIFO links, timers, a counting sink),',
    `replicating a log to two followers with the same step mix and no Kafka rules (src/bench/calibration-model.ts); median of ${CALIBRATION_RUNS} runs.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    `| Steps | ${formatCount(c.steps)} |`,
    `| Steps/s | ${formatCount(c.stepsPerSecond)} |`,
    `| Its events/s | ${formatCount(c.wallMs > 0 ? (c.events / c.wallMs) * 1000 : 0)} (${(c.events / c.steps).toFixed(1)} per step) |`,
    `| Kernel events/s over model steps/s | ${result.eventsPerCalibrationStep.toFixed(2)} |`,
    '',
  ];
}

function brokerScalingSection(result: SimulatorBenchResult): string[] {
  return [
    '## More brokers',
    '',
    `The same workload on 3, 5 and 7 brokers (one partition each, RF 3, minISR 2), ${formatCount(BROKER_SCALING_STEPS)} steps each, after the standard run.`,
    '',
    '| Brokers | Kernel events | µs/step | Events/s |',
    '| ---: | ---: | ---: | ---: |',
    ...result.brokerScaling.map((r) => `| ${r.brokers} | ${formatCount(r.kernelEvents)} | ${r.microsPerStep.toFixed(1)} | ${formatCount(r.eventsPerSecond)} |`),
    '',
  ];
}

function partitionScalingSection(result: SimulatorBenchResult): string[] {
  if (result.partitionScaling.length === 0) return [];
  return [
    '## Partition scaling of a check',
    '',
    `\`${SCALING_PROPERTY}\` checked with each partition count (seed ${result.seed}), after a warm-up; wall time per schedule, the final phase included.`,
    '',
    '| Partitions | Runs | Outcome | ms/schedule | × one partition |',
    '| ---: | ---: | --- | ---: | ---: |',
    ...result.partitionScaling.map((r) => `| ${r.partitions} | ${r.runs} | ${r.outcome} | ${r.msPerSchedule.toFixed(2)} | ${r.relativeToOne.toFixed(2)} |`),
    '',
  ];
}

function targetsSection(result: SimulatorBenchResult): string[] {
  const { eventsPerSecond, simulatedToWallRatio, eventsPerCalibrationStep, costGrowth, twelvePartitionsCost } = result.targets;
  return [
    '## Targets',
    '',
    '| Target | Goal | Actual | Status |',
    '| --- | --- | --- | --- |',
    `| Simulated events/s | ≥ ${formatCount(eventsPerSecond.target)} | ${formatCount(eventsPerSecond.actual)} | ${metLabel(eventsPerSecond)} |`,
    `| Simulated/wall | ≥ ${formatCount(simulatedToWallRatio.target)}× | ${simulatedToWallRatio.actual.toFixed(0)}× | ${metLabel(simulatedToWallRatio)} |`,
    `| Events/s over calibration steps/s | ≥ ${eventsPerCalibrationStep.target}× | ${eventsPerCalibrationStep.actual.toFixed(2)}× | ${metLabel(eventsPerCalibrationStep)} |`,
    `| Cost per step, last window over second | ≤ ${costGrowth.target}× | ${costGrowth.actual.toFixed(2)}× | ${metLabel(costGrowth)} |`,
    ...(twelvePartitionsCost
      ? [`| 12 partitions over 1, per checked schedule | ≤ ${twelvePartitionsCost.target}× | ${twelvePartitionsCost.actual.toFixed(2)}× | ${metLabel(twelvePartitionsCost)} |`]
      : []),
    '',
  ];
}
