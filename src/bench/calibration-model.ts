/**
 * The simulator benchmark's calibration point: a small abstract model built the way the kernel is — nodes as state
 * machines returning outputs, FIFO links holding envelopes, timers on a virtual clock, every event told to a
 * counting sink — running a leader that replicates appended values to two followers, with a seeded schedule of
 * sends, runs and follower crashes like the standard workload's. It has none of Kafka's rules (no epochs, ISR,
 * clients, disks, retries), so its steps/s, measured in the same run as the kernel, says what this machine gives a
 * lean simulation of this shape: the kernel's events/s are read against it. Only the measurement reads wall time.
 */
import seedrandom from 'seedrandom';

type ModelMessage = { type: 'append'; offset: number; value: string } | { type: 'ack'; logEnd: number };
type ModelInput = { type: 'command'; value: string } | { type: 'message'; from: number; message: ModelMessage } | { type: 'timer' };
type ModelOutput = { type: 'send'; to: number; message: ModelMessage } | { type: 'setTimer'; delayMs: number };
type ModelStep = { type: 'send'; value: string } | { type: 'run'; ms: number } | { type: 'crash' | 'restart'; node: number };

interface ModelNode {
  up: boolean;
  log: string[];
  /** On the leader: each follower's acknowledged log end. */
  acked: number[];
}

interface ModelWorld {
  nowMs: number;
  nodes: ModelNode[];
  links: Record<string, Array<{ from: number; to: number; message: ModelMessage }>>;
  timers: Array<{ node: number; dueMs: number }>;
}

const NODES = 3;
const HEARTBEAT_MS = 50;

/** The node logic: the leader (node 0) appends and replicates, resending what a follower lacks; followers append in order. */
function handle(self: number, node: ModelNode, input: ModelInput): ModelOutput[] {
  const outputs: ModelOutput[] = [];
  const replicate = (to: number, offset: number) => outputs.push({ type: 'send', to, message: { type: 'append', offset, value: node.log[offset] ?? '' } });
  if (input.type === 'command') {
    node.log.push(input.value);
    for (let to = 1; to < NODES; to++) replicate(to, node.log.length - 1);
  } else if (input.type === 'timer') {
    for (let to = 1; to < NODES; to++) if (node.acked[to]! < node.log.length) replicate(to, node.acked[to]!);
    outputs.push({ type: 'setTimer', delayMs: HEARTBEAT_MS });
  } else if (input.message.type === 'append') {
    if (input.message.offset === node.log.length) node.log.push(input.message.value);
    outputs.push({ type: 'send', to: input.from, message: { type: 'ack', logEnd: node.log.length } });
  } else {
    node.acked[input.from] = Math.max(node.acked[input.from]!, input.message.logEnd);
  }
  return outputs;
}

/** The kernel: outputs onto links and the clock, each event counted. */
class ModelKernel {
  events = 0;
  constructor(readonly world: ModelWorld) {}

  dispatch(self: number, input: ModelInput): void {
    this.events++;
    for (const output of handle(self, this.world.nodes[self]!, input)) {
      this.events++;
      if (output.type === 'setTimer') this.world.timers.push({ node: self, dueMs: this.world.nowMs + output.delayMs });
      else if (this.world.nodes[output.to]!.up) (this.world.links[`${self}>${output.to}`] ??= []).push({ from: self, to: output.to, message: output.message });
    }
  }

  /** Delivers round-robin until the network is quiet, then fires the timers due by `ms` from now, earliest first. */
  run(ms: number): void {
    const targetMs = this.world.nowMs + ms;
    for (;;) {
      for (let busy = true; busy; ) {
        busy = false;
        for (const key of Object.keys(this.world.links).sort()) {
          const envelope = this.world.links[key]!.shift();
          if (!envelope) continue;
          busy = true;
          if (this.world.nodes[envelope.to]!.up) this.dispatch(envelope.to, { type: 'message', from: envelope.from, message: envelope.message });
        }
      }
      const due = this.world.timers.filter((t) => t.dueMs <= targetMs).sort((a, b) => a.dueMs - b.dueMs)[0];
      if (!due) break;
      this.world.timers.splice(this.world.timers.indexOf(due), 1);
      this.world.nowMs = Math.max(this.world.nowMs, due.dueMs);
      if (this.world.nodes[due.node]!.up) this.dispatch(due.node, { type: 'timer' });
    }
    this.world.nowMs = targetMs;
  }

  apply(step: ModelStep): void {
    if (step.type === 'send') return this.dispatch(0, { type: 'command', value: step.value });
    if (step.type === 'run') return this.run(step.ms);
    const node = this.world.nodes[step.node]!;
    node.up = step.type === 'restart';
    for (const key of Object.keys(this.world.links)) if (key.includes(String(step.node))) delete this.world.links[key];
  }
}

/** The standard workload's shape: mostly sends and runs of 1–200 ms, and now and then a follower crashes, later restarts. */
function buildModelSchedule(seed: number, steps: number): ModelStep[] {
  const random = seedrandom(`calibration-${seed}`);
  const schedule: ModelStep[] = [{ type: 'run', ms: 1_000 }];
  let down = -1;
  while (schedule.length < steps) {
    const roll = random();
    if (roll < 0.01) {
      schedule.push(down < 0 ? { type: 'crash', node: (down = 1 + Math.floor(random() * (NODES - 1))) } : { type: 'restart', node: down });
      if (schedule[schedule.length - 1]!.type === 'restart') down = -1;
    } else if (roll < 0.6) schedule.push({ type: 'send', value: `v${schedule.length}` });
    else schedule.push({ type: 'run', ms: 1 + Math.floor(random() * 200) });
  }
  return schedule;
}

export interface CalibrationResult {
  steps: number;
  events: number;
  wallMs: number;
  stepsPerSecond: number;
}

/** Builds the schedule (not timed), then applies it once, timed, from a world whose leader has its first timer set. */
export function runCalibrationModel(seed: number, steps: number): CalibrationResult {
  const schedule = buildModelSchedule(seed, steps);
  const nodes = Array.from({ length: NODES }, (): ModelNode => ({ up: true, log: [], acked: Array.from({ length: NODES }, () => 0) }));
  const kernel = new ModelKernel({ nowMs: 0, nodes, links: {}, timers: [{ node: 0, dueMs: HEARTBEAT_MS }] });
  const started = process.hrtime.bigint();
  for (const step of schedule) kernel.apply(step);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { steps, events: kernel.events, wallMs, stepsPerSecond: wallMs > 0 ? (steps / wallMs) * 1000 : 0 };
}
