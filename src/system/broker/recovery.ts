/**
 * A broker's start: each hosted replica is rebuilt from the disk as the page cache (or, after a power loss,
 * the platters) left it. The log is taken as it is, the epoch cache is cut back to the log end, and the high
 * watermark comes from its checkpoint, never beyond the log end. The replica starts without a role until the
 * controller speaks.
 */
import { replicasOf, type ClusterConfig } from '../config/config.ts';
import type { DiskContents } from '../kernel/disk.ts';
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

function recoveredLog(disk: DiskContents, partition: number): LogRecord[] {
  const entries = (disk[logFile(partition)] ?? []) as LogRecord[];
  // Offsets are positions: anything after a gap is not part of the log.
  const log: LogRecord[] = [];
  for (const record of entries) {
    if (record.offset !== log.length) break;
    log.push({ ...record });
  }
  return log;
}

export function recoverReplica(config: ClusterConfig, parts: BrokerParts, disk: DiskContents, partition: number): PartitionReplica {
  const log = recoveredLog(disk, partition);
  const epochCache = ((disk[epochCheckpointFile(partition)] ?? []) as EpochEntry[]).filter((e) => e.startOffset < log.length).map((e) => ({ ...e }));
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
  for (let partition = 0; partition < config.partitions; partition++) {
    if (replicasOf(config, partition).includes(brokerId)) hosted.push(partition);
  }
  return hosted;
}
