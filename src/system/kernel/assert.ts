/**
 * Assertions for the simulator and the broker: a broken internal expectation is a bug of kcheck or of the
 * broker under test, never a user error, so it throws an `AssertionError` that the runner reports as such.
 */
export class SimulationAssertionError extends Error {
  override readonly name = 'SimulationAssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SimulationAssertionError(message);
}

export function assertNever(value: never, what: string): never {
  throw new SimulationAssertionError(`unhandled ${what}: ${JSON.stringify(value)}`);
}
