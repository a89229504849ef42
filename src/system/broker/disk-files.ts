/** Names of the files a broker keeps on its disk. */
import type { PartitionId } from '../kernel/ids.ts';

export const logFile = (partition: PartitionId) => `p${partition}.log`;
export const epochCheckpointFile = (partition: PartitionId) => `p${partition}.leader-epoch-checkpoint`;
export const HIGH_WATERMARK_CHECKPOINT_FILE = 'replication-offset-checkpoint';
