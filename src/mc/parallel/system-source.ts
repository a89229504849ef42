/** A system built from its source (messages.ts), the same way on the main thread and in every worker. */
import type { BuiltMcSystem, McSystemSource } from './messages.ts';

export async function builtSystemOf(source: McSystemSource): Promise<BuiltMcSystem> {
  const module = (await import(source.module)) as { mcSystemOf?: (options: unknown) => BuiltMcSystem };
  if (typeof module.mcSystemOf !== 'function') throw new Error(`${source.module} exports no mcSystemOf`);
  return module.mcSystemOf(source.options);
}
