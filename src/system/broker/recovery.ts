/**
 * A broker's start: each hosted replica is rebuilt from the disk as the page cache (or, after a power loss,
 * the platters) left it. The log is kept as far as the recoveredLogEnd part says (the reference: as far as it
 * agrees with the fsync'd leader-epoch checkpoint), the epoch cache is cut back to that end, and the high
 * watermark comes from its checkpoint, never beyond it. The replica starts without a role until the controller
 * speaks.
 */
import { hostedPartitionCount, replicasOf, type ClusterConfig } from '../config/config.ts';
import type { DiskContents } from '../kernel/disk.ts';
import type { Output } from '../kernel/node-logic.ts';
import type { BrokerId } from '../kernel/ids.ts';
import type { LogRecord } from '../protocol/records.ts';
import type { EpochEntry, PartitionReplica } from './broker-state.ts';
import { epochCheckpointFile, HIGH_WATERMARK_CHECKPOINT_FILE, logFile } from './disk-files.ts';
import type { BrokerParts } from './parts.ts';
import { rebuildSequences } from './sequences.ts';

export interface HighWatermarkCheckpoint {
  partition: number;
  highWatermark: number;
}

/** The records of `ctx.disk` become the log as they are, not copied: this broker never changes a record (it promises
 * `readsDiskInPlace`), so it may share them with the disk, and a copy would cost a second pass over the whole log. */
function recoveredLog(disk: DiskContents, partition: number): LogRecord[] {
  const entries = (disk[logFile(partition)] ?? []) as LogRecord[];
  // Offsets are positions: anything after a gap is not part of the log.
  let end = 0;
  while (end < entries.length && entries[end]!.offset === end) end++;
  return entries.slice(0, end);
}

/** Rebuilds one replica; `outputs` gets the truncation of a log file longer than the log recovered from it. */
export function recoverReplica(config: ClusterConfig, parts: BrokerParts, disk: DiskContents, partition: number, outputs: Output[]): PartitionReplica {
  const epochCheckpoint = (disk[epochCheckpointFile(partition)] ?? []) as EpochEntry[];
  const log = recoveredLog(disk, partition);
  log.length = Math.max(0, Math.min(log.length, parts.recoveredLogEnd(log, epochCheckpoint)));
  // The file must end where the log does, or the next append would land after the records left out.
  if ((disk[logFile(partition)] ?? []).length > log.length) {
    outputs.push({ type: 'disk', op: { op: 'truncate', file: logFile(partition), length: log.length } });
  }
  const epochCache = epochCheckpoint.filter((e) => e.startOffset < log.length).map((e) => ({ ...e }));
  const checkpoints = (disk[HIGH_WATERMARK_CHECKPOINT_FILE] ?? []) as HighWatermarkCheckpoint[];
  const checkpointed = checkpoints.find((c) => c.partition === partition)?.highWatermark ?? 0;
  return {
    partition,
    replicas: replicasOf(config, partition),
    role: 'none',
    leader: -1,
    leaderEpoch: -1,
    partitionEpoch: -1,
    isr: [],
    log,
    highWatermark: parts.recoveredHighWatermark(checkpointed, log.length),
    epochCache,
    followers: {},
    pendingIsrChange: null,
    purgatory: [],
    producers: rebuildSequences(log),
    fetcher: { status: 'idle', correlationId: -1 },
  };
}

export function hostedPartitions(config: ClusterConfig, brokerId: BrokerId): number[] {
  const hosted: number[] = [];
  for (let partition = 0; partition < hostedPartitionCount(config); partition++) {
    if (replicasOf(config, partition).includes(brokerId)) hosted.push(partition);
  }
  return hosted;
}
