/**
 * Swarm testing (Groce et al., 2012): instead of one fixed mix of steps, each run first draws which step kinds
 * are enabled and how often each appears. A run without crashes explores deep ordering bugs; a run of only
 * crashes and sends explores durability. Over many runs the swarm covers more than any single mix.
 */
import fc from 'fast-check';
import type { FaultKind } from '../settings.ts';

/** Step kinds a schedule is drawn from; fault kinds come from the run's settings, and so do the directed kinds:
 * `trigger` (a fault armed for a protocol moment) with any broker fault, `hold` (a link's messages wait) with
 * network faults or pauses, `writeback` (the OS writes a page cache back now) with power losses. */
export type StepKind = 'send' | 'poll' | 'run' | 'tick' | 'deliver' | FaultKind | DirectedKind;
export type DirectedKind = 'trigger' | 'hold' | 'writeback';

/** The directed kinds a run with these faults may draw. */
export function directedKinds(faults: readonly FaultKind[]): DirectedKind[] {
  const has = (...kinds: FaultKind[]) => kinds.some((k) => faults.includes(k));
  return [
    ...(has('crash', 'powerLoss', 'pause', 'partition') ? (['trigger'] as const) : []),
    ...(has('partition', 'pause', 'messageLoss') ? (['hold'] as const) : []),
    ...(has('powerLoss', 'powerOutage') ? (['writeback'] as const) : []),
  ];
}

export interface SwarmProfile {
  /** Relative weight of each enabled kind; a kind that is absent is disabled for this run. */
  weights: Partial<Record<StepKind, number>>;
}

const CLIENT_KINDS: readonly StepKind[] = ['poll', 'tick', 'deliver'];

/** `send` and `run` are always on (a run that sends nothing or never lets time pass checks nothing);
 * the rest are each on or off with even odds, as in Groce et al., with a weight from 1 to 4: a mix of few kinds
 * leaves room for each to go deep. */
export function swarmProfileArbitrary(faults: readonly FaultKind[]): fc.Arbitrary<SwarmProfile> {
  const optional = [...CLIENT_KINDS, ...faults, ...directedKinds(faults)];
  const weight = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 2 });
  return fc
    .record({
      send: fc.integer({ min: 2, max: 6 }),
      run: fc.integer({ min: 1, max: 4 }),
      optional: fc.tuple(...optional.map(() => weight)),
    })
    .map(({ send, run, optional: drawn }) => {
      const weights: Partial<Record<StepKind, number>> = { send, run };
      optional.forEach((kind, i) => {
        const w = drawn[i];
        if (w !== undefined) weights[kind] = w;
      });
      return { weights };
    });
}
