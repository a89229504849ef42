/**
 * The progress line of the long commands (matrix, zoo, examples, check): a rewriting line on a terminal, and on
 * any other stdout a line of its own at most once per interval, so a CI log shows a long run is alive. The clock
 * is a counter the test moves: nothing here waits.
 */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/flags.ts';

function fakeOutput(isTTY: boolean) {
  const written: string[] = [];
  const clock = { nowMs: 0 };
  return { written, clock, output: { write: (text: string) => void written.push(text), isTTY, nowMs: () => clock.nowMs, intervalMs: 5_000 } };
}

describe('progressLine', () => {
  it('on a terminal, rewrites one line at every update and clears it when done', () => {
    const { written, output } = fakeOutput(true);
    const progress = progressLine(output);
    progress.update('1/3 cells');
    progress.update('2/3 cells');
    progress.done();
    progress.done();
    expect(written).toEqual(['\r\x1b[2K1/3 cells', '\r\x1b[2K2/3 cells', '\r\x1b[2K']);
  });

  it('elsewhere, prints nothing in the first interval, then the latest text as a line at most once per interval', () => {
    const { written, clock, output } = fakeOutput(false);
    const progress = progressLine(output);
    progress.update('cell 1');
    clock.nowMs = 4_999;
    progress.update('cell 2');
    expect(written).toEqual([]);
    clock.nowMs = 5_000;
    progress.update('cell 3');
    clock.nowMs = 9_000;
    progress.update('cell 4');
    clock.nowMs = 10_000;
    progress.update('cell 5');
    progress.done();
    expect(written).toEqual(['cell 3\n', 'cell 5\n']);
  });
});
