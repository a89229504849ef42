/** checkHistory folds the model over a history; formatHistoryReport prints it, deterministically. */
import { describe, expect, it } from 'vitest';
import { checkHistory, formatHistoryReport } from '../../src/model/check-history.ts';
import { acked, history, poll } from './history-kit.ts';

describe('checkHistory and formatHistoryReport', () => {
  it('reports a valid history in one line', () => {
    const report = checkHistory(history(acked('producer0', 0, 'a', 0), poll('consumer0', { 0: [[0, 'a']] })));
    expect(report).toEqual({ valid: true, opCount: 4, anomalies: [], counts: {} });
    expect(formatHistoryReport(report)).toBe('valid: 4 ops, no anomalies');
  });

  it('groups anomalies by name, in the order of ANOMALY_NAMES, with counts', () => {
    const h = history(
      acked('producer0', 0, 'a', 0), // ops 0, 1
      acked('producer0', 0, 'b', 1), // ops 2, 3
      acked('producer0', 0, 'c', 2), // ops 4, 5
      poll('consumer0', { 0: [[2, 'c'], [3, 'z']] }), // ops 6, 7: z is a phantom; a and b are then lost
    );
    const report = checkHistory(h);
    expect(report.counts).toEqual({ 'lost-write': 2, phantom: 1 });
    expect(formatHistoryReport(report)).toBe(
      [
        'invalid: 8 ops, 3 anomalies (lost-write 2, phantom 1)',
        'lost-write (2):',
        "  - producer0's a, acked at offset 0 of p0 (op 1), was never read, though consumer0 read offset 3 of p0 (op 7)",
        "  - producer0's b, acked at offset 1 of p0 (op 3), was never read, though consumer0 read offset 3 of p0 (op 7)",
        'phantom (1):',
        '  - consumer0 read z at offset 3 of p0 (op 7), but no send of z to p0 had been invoked',
      ].join('\n'),
    );
  });

  it('treats values that look like object keys as plain data', () => {
    const h = history(acked('producer0', 0, '__proto__', 0), acked('producer0', 0, 'constructor', 1), poll('consumer0', { 0: [[0, '__proto__'], [1, 'constructor']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
    expect(checkHistory(history(acked('producer0', 0, 'constructor', 0))).counts).toEqual({ unseen: 1 });
  });

  it('reports 150,000 lost writes shown by one final read', () => {
    // More anomalies than a call takes arguments (about 125,000 here): results were once appended with push(...).
    const count = 150_000;
    const sends = Array.from({ length: count }, (_, i) => acked('producer0', 0, `v${i}`, i)).flat();
    const report = checkHistory(history(sends, poll('final', { 0: [] }, true)));
    expect(report.counts).toEqual({ 'lost-write': count });
    expect(report.anomalies[count - 1]!.message).toBe(`producer0's v${count - 1}, acked at offset ${count - 1} of p0 (op ${2 * count - 1}), is missing from the final read of p0 (op ${2 * count + 1})`);
  });
});
