/** The spec state is plain data: a JSON snapshot taken at any op continues exactly like the original. */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/model/history.ts';
import { createSpec, finishSpec, observeOp, type SpecState } from '../../src/model/spec.ts';
import { acked, assign, history, poll, send } from './history-kit.ts';

const h = history(
  acked('producer0', 0, 'constructor', 0),
  acked('producer0', 0, 'b', 1),
  send.invoke('producer1', 0, 'c'),
  poll('consumer0', { 0: [[0, 'constructor'], [2, 'c']] }),
  send.fail('producer1', 0, 'c'),
  assign('consumer0', [0]),
  poll('consumer0', { 0: [[1, '__proto__']] }),
  acked('producer0', 0, 'd', 0),
  poll('final', { 0: [[0, 'constructor'], [1, 'b']] }, true),
);

function run(snapshotAt: number | null): Anomaly[] {
  let spec: SpecState = createSpec();
  const anomalies: Anomaly[] = [];
  for (const op of h.ops) {
    if (op.index === snapshotAt) spec = JSON.parse(JSON.stringify(spec)) as SpecState;
    anomalies.push(...observeOp(spec, op));
  }
  return [...anomalies, ...finishSpec(spec)];
}

describe('a spec snapshot', () => {
  it('continues like the original from every op', () => {
    const original = run(null);
    expect(new Set(original.map((a) => a.name)).size).toBeGreaterThanOrEqual(5);
    for (let at = 0; at < h.ops.length; at++) expect(run(at)).toEqual(original);
  });
});
