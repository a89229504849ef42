/**
 * Helpers for hand-written scenarios: the readers kcheck's own scenario catalogue uses, and a config builder.
 * Each helper is a few schedule steps or a read, so a scenario reads as its story.
 */
import { makeClusterConfig } from '../../src/system/config/validate.ts';
import type { ClusterConfig } from '../../src/system/config/config.ts';

export { acked, bootCluster, consumeAll, failed, isrOf, leaderOf, logValues, observed, replicaOf } from '../../src/scenarios/readers.ts';

export function config(input: Record<string, unknown>): ClusterConfig {
  return makeClusterConfig(input);
}
