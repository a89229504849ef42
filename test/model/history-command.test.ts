/** `kcheck history FILE`: exit 0 on a valid history, 1 on anomalies, KcheckInputError on bad input. */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { historyCommand } from '../../src/cli/history-command.ts';
import { KcheckInputError } from '../../src/input-error.ts';

describe('historyCommand', () => {
  let log: MockInstance<typeof console.log>;
  beforeEach(() => {
    log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => log.mockRestore());

  const printed = (): string => log.mock.calls.map((call) => call.join(' ')).join('\n');

  it('exits 0 on the valid example', () => {
    expect(historyCommand(['examples/histories/valid.json'])).toBe(0);
    expect(printed()).toBe('valid: 16 ops, no anomalies');
  });

  it('exits 1 on the lost-write example and names the lost record', () => {
    expect(historyCommand(['examples/histories/lost-write.json'])).toBe(1);
    expect(printed()).toContain("producer0's r2, acked at offset 1 of p0 (op 3), is missing from the final read of p0 (op 7)");
  });

  it('prints the report as JSON with --json', () => {
    expect(historyCommand(['--json', 'examples/histories/lost-write.json'])).toBe(1);
    const report = JSON.parse(printed());
    expect(report).toMatchObject({ valid: false, opCount: 8, counts: { 'lost-write': 1 } });
  });

  it('throws a one-line input error for a missing file or a wrong number of files', () => {
    const missing = (): number => historyCommand(['no/such/history.json']);
    expect(missing).toThrow(KcheckInputError);
    expect(missing).toThrow(/^history: cannot read no\/such\/history\.json: ENOENT[^\n]*$/);
    expect(() => historyCommand([])).toThrow(/^usage: kcheck history takes one FILE, got none$/);
  });
});
