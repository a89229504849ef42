/**
 * Liveness after repair: a word from the controller (LeaderAndIsr) lost on a cut link is not lost for good.
 * Each broker's heartbeat reports the partition epoch it has applied per hosted partition, and the controller
 * answers a broker that is behind with the current LeaderAndIsr again, as a KRaft broker catches up on the
 * metadata log. Without that, the two stories below never converge once the network is healed.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/properties/check-claim.ts';
import { matrixCells } from '../../src/properties/matrix/grid.ts';
import { brokerNode, CONTROLLER_NODE } from '../../src/system/kernel/ids.ts';
import { linkKey } from '../../src/system/kernel/world.ts';
import { controllerView, runSteps, step, type Simulation } from '../../src/system/simulation.ts';
import { acked, bootCluster, config, isrOf, leaderOf, replicaOf } from './scenario-kit.ts';

/** Why the cluster has not converged, or undefined when it has: every partition led by the broker the controller
 * named (in the controller's epoch), the full ISR at the controller, every replica at the leader's log end, and
 * the leader's HW there too. The same conditions as the verification runner's final phase. */
function notConverged(simulation: Simulation): string | undefined {
  for (const [p, registration] of Object.entries(controllerView(simulation).partitions)) {
    const partition = Number(p);
    if (registration.leader < 0) return `p${p} has no leader`;
    const leader = replicaOf(simulation, brokerNode(registration.leader), partition);
    if (!leader || leader.role !== 'leader' || leader.leaderEpoch !== registration.leaderEpoch) return `p${p}'s leader b${registration.leader} does not lead yet`;
    if (registration.isr.length !== registration.replicas.length) return `p${p}'s ISR is [${registration.isr.join(',')}]`;
    if (leader.highWatermark !== leader.log.length) return `p${p}'s HW ${leader.highWatermark} is below its log end ${leader.log.length}`;
    for (const broker of registration.replicas) {
      if (replicaOf(simulation, brokerNode(broker), partition)?.log.length !== leader.log.length) return `p${p}'s replica on b${broker} has not caught up`;
    }
  }
  return undefined;
}

/** Runs the network promptly, a second at a time, until the cluster converges or `boundMs` is over. */
function runUntilConverged(simulation: Simulation, boundMs: number): string | undefined {
  let reason = notConverged(simulation);
  for (let ms = 0; reason && ms < boundMs; ms += 1_000) {
    step(simulation, { type: 'run', ms: 1_000 });
    reason = notConverged(simulation);
  }
  return reason;
}

/**
 * Advances the clock 100 ms at a time, delivering everything between the ticks, until `happened` holds after a
 * tick. The tick that makes it happen delivers nothing, so what the controller sent in it is still on its links.
 */
function tickUntil(simulation: Simulation, happened: () => boolean, boundMs = 20_000): void {
  for (let ms = 0; ms < boundMs; ms += 100) {
    step(simulation, { type: 'tick', ms: 100 });
    if (happened()) return;
    step(simulation, { type: 'deliverAll' });
  }
  throw new Error(`not within ${boundMs} ms`);
}

/** The LeaderAndIsr messages waiting on the link controller → node. */
function leaderAndIsrInFlight(simulation: Simulation, node: string): number {
  return (simulation.world.links[linkKey(CONTROLLER_NODE, node)] ?? []).filter((e) => e.message.type === 'leaderAndIsr').length;
}

const cfg = () => config({ producers: [{ acks: 'all', lingerMs: 0 }] });

function bootWithRecords(): Simulation {
  const simulation = bootCluster(cfg());
  runSteps(simulation, [
    { type: 'send', producer: 'producer0', key: null, value: 'r1' },
    { type: 'send', producer: 'producer0', key: null, value: 'r2' },
    { type: 'run', ms: 500 },
  ]);
  expect(acked(simulation).map((a) => a.value)).toEqual(['r1', 'r2']);
  expect(notConverged(simulation)).toBeUndefined();
  return simulation;
}

describe('convergence after a lost word from the controller', () => {
  it('a new leader whose LeaderAndIsr was lost on a cut learns it from the answer to its heartbeat', () => {
    const simulation = bootWithRecords();
    expect(leaderOf(simulation)).toBe(0);
    // b0 is cut off; once its session expires the controller elects b1. The LeaderAndIsr naming b1 is lost:
    // b1 is cut off too, for a moment, while it is on the link. b1's session never expires.
    step(simulation, { type: 'partition', nodes: ['b0'] });
    tickUntil(simulation, () => leaderOf(simulation) === 1);
    expect(leaderAndIsrInFlight(simulation, 'b1')).toBeGreaterThan(0);
    runSteps(simulation, [{ type: 'partition', nodes: ['b1'] }, { type: 'heal' }]);
    expect(leaderAndIsrInFlight(simulation, 'b1')).toBe(0);
    expect(replicaOf(simulation, 'b1')).toMatchObject({ role: 'follower', leaderEpoch: 1 });
    expect(controllerView(simulation).brokers[1]!.alive).toBe(true);

    expect(runUntilConverged(simulation, 20_000)).toBeUndefined();
    const registration = controllerView(simulation).partitions[0]!;
    expect(registration).toMatchObject({ leader: 1, leaderEpoch: 2 });
    expect(replicaOf(simulation, 'b1')).toMatchObject({ role: 'leader', leaderEpoch: 2 });
    expect(replicaOf(simulation, 'b0')).toMatchObject({ role: 'follower', leader: 1, leaderEpoch: 2 });
    expect(replicaOf(simulation, 'b1')!.log.map((r) => r.value)).toEqual(['r1', 'r2']);
  });

  it('a leader that missed an ISR shrink takes it from the resent LeaderAndIsr, then expands the ISR again', () => {
    const simulation = bootWithRecords();
    // b1 is cut off; once its session expires the controller takes it out of the ISR. The LeaderAndIsr telling
    // the leader b0 so is lost: b0 is cut off too, for a moment, while it is on the link.
    step(simulation, { type: 'partition', nodes: ['b1'] });
    tickUntil(simulation, () => !isrOf(simulation).includes(1));
    expect(isrOf(simulation)).toEqual([0, 2]);
    expect(leaderAndIsrInFlight(simulation, 'b0')).toBeGreaterThan(0);
    runSteps(simulation, [{ type: 'partition', nodes: ['b0'] }, { type: 'heal' }]);
    expect(leaderAndIsrInFlight(simulation, 'b0')).toBe(0);
    // The leader still believes b1 is in the ISR, so it would never ask to add it back.
    expect(replicaOf(simulation, 'b0')).toMatchObject({ role: 'leader', isr: [0, 1, 2] });
    expect(controllerView(simulation).brokers[0]!.alive).toBe(true);

    // Its next heartbeat shows it behind, and the answer brings the shrunk ISR.
    step(simulation, { type: 'run', ms: 2_500 });
    expect(replicaOf(simulation, 'b0')).toMatchObject({ role: 'leader', isr: [0, 2] });
    // b1's fetch was lost on the cut; it is sent again after replicaSocketTimeoutMs (30 s), and once b1 has
    // caught up, the leader asks to add it back.
    expect(runUntilConverged(simulation, 40_000)).toBeUndefined();
    expect(leaderOf(simulation)).toBe(0);
    expect(isrOf(simulation)).toEqual([0, 1, 2]);
    const leader = replicaOf(simulation, 'b0')!;
    expect(leader.isr).toEqual([0, 1, 2]);
    expect(leader.leaderEpoch).toBe(controllerView(simulation).partitions[0]!.leaderEpoch);
    expect(replicaOf(simulation, 'b1')!.log.map((r) => r.value)).toEqual(['r1', 'r2']);
  });

  it('a broker that is not behind is sent nothing again', () => {
    const simulation = bootWithRecords();
    const events = runSteps(simulation, [{ type: 'run', ms: 10_000 }]).stepEvents.at(-1)!;
    const resent = events.filter((e) => e.type === 'sent' && e.envelope.message.type === 'leaderAndIsr');
    expect(resent).toEqual([]);
  });
});

describe('convergence under partition-heavy fault schedules', () => {
  it('every run of a partition cell converges after repair', () => {
    const cell = matrixCells().find((c) => c.id === 'acks=all minISR=2 unclean=on partition: no-acked-loss');
    expect(cell).toBeDefined();
    // Judging nothing but what every claim judges: a run that does not converge is a liveness verdict.
    const result = checkClaim({ ...cell!.claim, expectation: 'always', judges: [] }, { seed: 1, runs: 400 });
    expect(result.counterexample?.finding.message).toBeUndefined();
    expect(result.outcome).toBe('holds');
    expect(result.runs).toBe(400);
  });
});
