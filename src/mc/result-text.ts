/**
 * How a model-checking result reads: the verdict in one sentence (with the bounds it holds within), and the
 * counts a summary gives. The CLI prints these; the zoo's model-checked results quote them.
 */
import type { ModelCheckResult } from './model-check.ts';

export function boundsText(result: Pick<ModelCheckResult, 'model' | 'bounds' | 'finalRead' | 'strategy' | 'por'>): string {
  const { model, bounds } = result;
  return `sends=${model.sends} polls=${model.polls} faults=${model.faults} drops=${model.drops} time≤${model.timeMaxMs}ms depth≤${bounds.depthMax} states≤${bounds.statesMax} final-read=${result.finalRead} strategy=${result.strategy}${result.por ? ' por' : ''}`;
}

export function verdictText(result: ModelCheckResult): string {
  const s = result.search;
  switch (result.verdict) {
    case 'verified':
      return `verified within bounds (space exhausted): ${s.distinct} distinct states, depth ${s.depthReached}`;
    case 'bounded':
      return `no violation up to depth ${s.depthReached}, bound ${s.end === 'state-bound' ? 'max-states' : 'max-depth'} hit (${s.distinct} distinct states)`;
    case 'vacuous':
      return `VACUOUS: no violation, but none of the ${s.distinct} distinct states ${s.end === 'exhausted' ? '' : 'searched '}had an acknowledged record (raise --time-max-ms or --sends)`;
    case 'violated':
    case 'witnessed':
      return `${result.verdict === 'violated' ? 'VIOLATED' : 'witnessed'}: ${result.finding?.kind ?? '?'} at depth ${result.path?.length ?? 0}${result.strategy === 'bfs' ? ', the shortest' : ' (depth-first: not the shortest)'} (${result.path?.length ?? 0} steps after the boot)`;
    case 'not-witnessed':
      return `NOT witnessed: ${s.end === 'exhausted' ? 'the space was exhausted' : `no witness up to depth ${s.depthReached}, bound ${s.end === 'state-bound' ? 'max-states' : 'max-depth'} hit`} (${s.distinct} distinct states)`;
    default: {
      const never: never = result.verdict;
      return String(never);
    }
  }
}

export function summaryLines(result: ModelCheckResult): string[] {
  const s = result.search;
  return [
    `bounds: ${boundsText(result)}`,
    `states: ${s.distinct} distinct, ${s.generated} generated, depth ${s.depthReached}, ${s.ackedStates} with an acknowledged record, ${s.finalReads} final reads judged, ${s.bytesPerState.toFixed(1)} bytes per visited state`,
  ];
}
