// kcheck mc --workers N when a worker fails: the command ends with exit 3 (internal error) and one line, not a hang.
// The failure is injected through the parallel search's test hook (its own file: vi.mock applies to the whole file).
import { afterEach, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

vi.mock('../../src/mc/parallel/model-check-parallel.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/mc/parallel/model-check-parallel.ts')>();
  return { ...original, modelCheckParallel: (options: Parameters<typeof original.modelCheckParallel>[0]) => original.modelCheckParallel({ ...options, injectedFailure: { worker: 1, depth: 1, how: 'exit' } }) };
});

afterEach(() => vi.restoreAllMocks());

it('a worker that ends its thread: exit 3, one line naming it', async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(await main(['mc', '--property', 'acks1-loss', '--sends', '1', '--time-max-ms', '3000', '--workers', '2'])).toBe(3);
  const lines = error.mock.calls.map((call) => call.join(' '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^kcheck: internal error .*model checker: worker 1 ended its thread \(exit code 7\)/);
});
