/**
 * `kcheck mc`: exhaustive bounded model checking of one claim (docs/model-checking.md). Breadth-first over every
 * schedule of the step alphabet within the bounds; prints TLC-style progress, then the verdict and the counts, and
 * writes a found counterexample or witness as a v1 trace (replay, explain and the viewer read it).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { KcheckInputError } from '../input-error.ts';
import { claimNamed } from '../properties/claims/catalogue.ts';
import type { Claim } from '../properties/claims/claim.ts';
import { describeSettings, type CheckSettings } from '../properties/settings.ts';
import { traceJson, traceStory } from '../properties/trace/trace.ts';
import type { Acks } from '../system/protocol/messages.ts';
import { zooEntry } from '../zoo/registry.ts';
import { FINAL_READ_POLICIES, type FinalReadPolicy } from '../mc/final-read-check.ts';
import { modelCheck, type ModelCheckResult } from '../mc/model-check.ts';
import { MC_WORKERS_MAX, modelCheckParallel } from '../mc/parallel/model-check-parallel.ts';
import { mcSystemSource } from '../zoo/mc-system.ts';
import { SEARCH_STRATEGIES, type SearchProgress, type SearchStrategy } from '../mc/search.ts';
import { summaryLines, verdictText } from '../mc/result-text.ts';
import { boundedNumberFlag, choiceFlag, onOffFlag, progressLine, writeReport } from './flags.ts';
import { RUNS_DIR } from './trace-files.ts';

export const MC_USAGE = `  kcheck mc [--property NAME] [--acks 0|1|all] [--min-isr 1..3] [--unclean on|off]
            [--idempotence on|off] [--partitions 1..4] [--variant ZOO_ID]
            [--sends 0..4] [--polls 0..4] [--crashes 0..3] [--drops 0..3]
            [--time-max-ms 1000..60000] [--max-depth 1..200] [--max-states 1..50000000]
            [--final-read idle|every|none] [--strategy bfs|dfs] [--fetch-wait-ms 1..500] [--por]
            [--workers 1..64]
                                         exhaustive bounded model checking of one claim (default
                                         acks-all-durable): breadth-first over every schedule of
                                         sends, polls, single deliveries per link, drops of a
                                         link's head up to --drops (if the claim's faults have
                                         message loss; default 0), deliver-all, crashes (and power
                                         losses, if the claim's faults have them) up to --crashes,
                                         restarts, and ticks to the next timer deadline up to
                                         --time-max-ms of virtual time (the boot is the first
                                         1000 ms); the claim's findings judged in every state, the
                                         final read at the states --final-read names (idle: every
                                         send made and none in flight). --strategy dfs searches
                                         depth-first, keeping only the current path (for spaces
                                         whose breadth-first frontier does not fit in memory; its
                                         counterexample is not the shortest). --fetch-wait-ms sets
                                         replica.fetch.wait.max.ms (default 500: an acks=all ack
                                         needs --time-max-ms past 1500). --por: sleep sets over
                                         independent single deliveries (other receivers, not both
                                         to clients, not both setting timers): every state still
                                         found and judged, fewer successors computed (docs/model-
                                         checking.md says when it is sound). --variant runs a bug-zoo
                                         broker (kcheck zoo ids). --workers N (default 1) searches
                                         breadth-first on N worker threads with the one-thread
                                         result: the same counts, verdict and shortest trace for
                                         every N (not with --strategy dfs or --por; docs/model-
                                         checking.md says when it is faster; a worker that fails
                                         is exit 3). Prints "verified within bounds (space
                                         exhausted)", "no violation up to depth D, bound X
                                         hit", "VACUOUS" (no state had an acknowledged record), or
                                         the shortest counterexample (a sometimes claim: its
                                         shortest witness), written as a trace to
                                         reports/runs/mc-NAME.json. Exit 0 verified or bound hit
                                         without violation (a sometimes claim: witnessed), 1
                                         violation or vacuous (not witnessed)`;

const ACKS: readonly string[] = ['0', '1', 'all'];

function settingsFrom(claim: Claim, values: Record<string, string | undefined>): CheckSettings {
  const acks = choiceFlag(values.acks, 'acks', ACKS);
  const unclean = onOffFlag(values.unclean, 'unclean');
  const idempotence = onOffFlag(values.idempotence, 'idempotence');
  const settings: CheckSettings = { ...claim.settings };
  if (acks !== undefined) settings.acks = (acks === 'all' ? 'all' : Number(acks)) as Acks;
  if (values['min-isr'] !== undefined) settings.minInsyncReplicas = boundedNumberFlag(values['min-isr'], 'min-isr', 2, 1, 3);
  if (unclean !== undefined) settings.uncleanLeaderElection = unclean;
  if (idempotence !== undefined) settings.enableIdempotence = idempotence;
  if (values.partitions !== undefined) settings.partitions = boundedNumberFlag(values.partitions, 'partitions', 1, 1, 4);
  if (values['fetch-wait-ms'] !== undefined) settings.replicaFetchWaitMaxMs = boundedNumberFlag(values['fetch-wait-ms'], 'fetch-wait-ms', 500, 1, 500);
  if (settings.enableIdempotence && settings.acks !== 'all') {
    if (idempotence === true) throw new KcheckInputError('usage', '--idempotence on needs --acks all (Kafka refuses idempotence with acks 0 or 1)');
    settings.enableIdempotence = false;
  }
  return settings;
}

/** Bad input throws at once; with `--workers` above 1 the search is asynchronous (worker threads). */
export function mcCommand(args: string[]): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      property: { type: 'string' },
      acks: { type: 'string' },
      'min-isr': { type: 'string' },
      unclean: { type: 'string' },
      idempotence: { type: 'string' },
      partitions: { type: 'string' },
      variant: { type: 'string' },
      sends: { type: 'string' },
      polls: { type: 'string' },
      crashes: { type: 'string' },
      drops: { type: 'string' },
      'time-max-ms': { type: 'string' },
      'max-depth': { type: 'string' },
      'max-states': { type: 'string' },
      'final-read': { type: 'string' },
      strategy: { type: 'string' },
      'fetch-wait-ms': { type: 'string' },
      por: { type: 'boolean' },
      workers: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new KcheckInputError('usage', `kcheck mc takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const named = claimNamed(values.property ?? 'acks-all-durable');
  if (!named) throw new KcheckInputError('usage', `--property: no claim named ${JSON.stringify(values.property)} (kcheck check --list)`);
  if (named.settings.groups) throw new KcheckInputError('usage', `--property: ${named.name} is a consumer-group claim; the model checker's alphabet has no group steps yet (use kcheck check)`);
  const entry = values.variant === undefined ? undefined : zooEntry(values.variant);
  if (values.variant !== undefined && !entry) throw new KcheckInputError('usage', `--variant: no zoo entry named ${JSON.stringify(values.variant)} (kcheck zoo --help)`);
  const claim: Claim = { ...named, settings: settingsFrom(named, { ...values, por: undefined }) };
  const model = {
    sends: boundedNumberFlag(values.sends, 'sends', 2, 0, 4),
    polls: boundedNumberFlag(values.polls, 'polls', 0, 0, 4),
    faults: boundedNumberFlag(values.crashes, 'crashes', 1, 0, 3),
    drops: boundedNumberFlag(values.drops, 'drops', 0, 0, 3),
    timeMaxMs: boundedNumberFlag(values['time-max-ms'], 'time-max-ms', 1_100, 1_000, 60_000),
  };
  const search = { depthMax: boundedNumberFlag(values['max-depth'], 'max-depth', 60, 1, 200), statesMax: boundedNumberFlag(values['max-states'], 'max-states', 1_000_000, 1, 50_000_000) };
  const finalRead: FinalReadPolicy = choiceFlag(values['final-read'], 'final-read', FINAL_READ_POLICIES) ?? 'idle';
  const strategy: SearchStrategy = choiceFlag(values.strategy, 'strategy', SEARCH_STRATEGIES) ?? 'bfs';
  const workers = boundedNumberFlag(values.workers, 'workers', 1, 1, MC_WORKERS_MAX);
  if (workers > 1 && strategy === 'dfs') throw new KcheckInputError('usage', '--workers searches breadth-first: it does not go with --strategy dfs');
  if (workers > 1 && values.por) throw new KcheckInputError('usage', '--workers does not go with --por (sleep sets follow the one-thread order of expansion)');

  console.log(`kcheck mc: ${claim.id} ${claim.name} (${claim.expectation}) on ${entry ? entry.broker.id : 'the reference broker'}`);
  console.log(`  ${describeSettings(claim.settings)}`);
  const line = progressLine();
  const startMs = performance.now();
  const onProgress = (p: SearchProgress) => {
    const seconds = (performance.now() - startMs) / 1_000;
    const memoryMb = Math.round(process.memoryUsage().rss / 1_048_576);
    line.update(`depth ${p.depth}: ${p.generated} states generated, ${p.distinct} distinct, ${p.queued} queued, ${Math.round(p.distinct / Math.max(seconds, 1e-3))} distinct/s, ${memoryMb} MB`);
  };
  const systemOptions = { property: claim.name, settings: claim.settings, ...(entry ? { variant: entry.id } : {}) };
  const report = (result: ModelCheckResult): number => {
    line.done();
    const seconds = (performance.now() - startMs) / 1_000;
    console.log(verdictText(result));
    for (const text of summaryLines(result)) console.log(`  ${text}`);
    console.log(`  ${seconds.toFixed(1)} s, ${Math.round(result.search.distinct / Math.max(seconds, 1e-3))} distinct states/s${workers > 1 ? ` on ${workers} worker threads` : ''}`);
    if (result.trace) {
      for (const text of traceStory(result.trace)) console.log(text);
      const path = join(RUNS_DIR, `mc-${claim.name}${entry ? `-${entry.id}` : ''}.json`);
      writeReport(path, traceJson(result.trace));
      console.log(`  trace: ${path} (kcheck replay / explain)`);
    }
    const ok = result.verdict === 'verified' || result.verdict === 'bounded' || result.verdict === 'witnessed';
    return ok ? 0 : 1;
  };
  if (workers > 1) return modelCheckParallel({ source: mcSystemSource(systemOptions), workers, model, search, finalRead, progressEvery: 1_000, onProgress }).then(report, (error: unknown) => {
      line.done();
      throw error;
    });
  return report(modelCheck({ claim, ...(entry ? { broker: entry.broker, ...(entry.controller ? { controller: entry.controller } : {}) } : {}), model, search, finalRead, strategy, ...(values.por ? { por: true } : {}), progressEvery: 1_000, onProgress }));
}
