/**
 * Checks that need the whole run: the order of the final read against the send order (C2, C9), and batch
 * atomicity (C8: a batch is appended whole or not at all, and its records share one outcome).
 */
import { showValue } from '../../model/anomaly-text.ts';
import type { Op } from '../../model/history.ts';

/** The records of one produce request, as the producer sent them. */
export interface ProducedBatch {
  partition: number;
  values: string[];
}

export interface CheckProblem {
  partition: number;
  values: string[];
  message: string;
}

/** Values in the order the producer's application sent them. */
function sendOrder(history: readonly Op[]): string[] {
  const order: string[] = [];
  for (const op of history) {
    if (op.f !== 'send' || op.type !== 'invoke') continue;
    const micro = op.value[0]!;
    order.push(typeof micro[2] === 'string' ? micro[2] : micro[2][1]);
  }
  return order;
}

function finalReadOf(history: readonly Op[]): Record<string, Array<[number, string]>> | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i]!;
    if (op.f === 'poll' && op.type === 'ok' && op.final) {
      const micro = op.value[0]!;
      return micro.length === 2 ? micro[1] : {};
    }
  }
  return undefined;
}

/** Consumption order is partition by partition, as one consumer reading the whole topic returns it. */
export function checkSendOrder(history: readonly Op[]): CheckProblem | undefined {
  const finalRead = finalReadOf(history);
  if (!finalRead) return undefined;
  const sent = sendOrder(history);
  const rank = new Map(sent.map((v, i) => [v, i]));
  const where = new Map<string, string>();
  const consumed: string[] = [];
  for (const partition of Object.keys(finalRead).sort((a, b) => Number(a) - Number(b))) {
    for (const [offset, value] of finalRead[partition]!) {
      if (!rank.has(value) || where.has(value)) continue;
      where.set(value, `p${partition} offset ${offset}`);
      consumed.push(value);
    }
  }
  for (let i = 1; i < consumed.length; i++) {
    const before = consumed[i - 1]!;
    const after = consumed[i]!;
    if (rank.get(after)! < rank.get(before)!) {
      const partition = Number(where.get(after)!.split(' ')[0]!.slice(1));
      return {
        partition,
        values: [after, before],
        message: `${showValue(after)} was sent before ${showValue(before)}, but the final read returns ${showValue(before)} (${where.get(before)}) before ${showValue(after)} (${where.get(after)})`,
      };
    }
  }
  return undefined;
}

function completionsByValue(history: readonly Op[]): Map<string, { type: string; offset: number | null }> {
  const completions = new Map<string, { type: string; offset: number | null }>();
  for (const op of history) {
    if (op.f !== 'send' || op.type === 'invoke') continue;
    const micro = op.value[0]!;
    const [offset, value] = typeof micro[2] === 'string' ? [null, micro[2]] : micro[2];
    completions.set(value, { type: op.type, offset });
  }
  return completions;
}

export function checkBatchAtomicity(history: readonly Op[], batches: readonly ProducedBatch[]): CheckProblem | undefined {
  const finalRead = finalReadOf(history);
  const completions = completionsByValue(history);
  for (const batch of batches) {
    const outcomes = batch.values.map((v) => completions.get(v)?.type ?? 'pending');
    if (outcomes.some((o) => o !== outcomes[0] && o !== 'pending' && outcomes[0] !== 'pending')) {
      return { partition: batch.partition, values: batch.values, message: `batch [${batch.values.map(showValue).join(', ')}] of p${batch.partition} completed with mixed outcomes (${outcomes.join(', ')})` };
    }
    if (!finalRead) continue;
    const read = finalRead[String(batch.partition)] ?? [];
    const offsets = batch.values.map((v) => read.find(([, value]) => value === v)?.[0]);
    const present = offsets.filter((o) => o !== undefined).length;
    if (present > 0 && present < batch.values.length) {
      const missing = batch.values.filter((_, i) => offsets[i] === undefined);
      return { partition: batch.partition, values: batch.values, message: `batch [${batch.values.map(showValue).join(', ')}] of p${batch.partition} is only partly in the log: ${missing.map(showValue).join(', ')} missing` };
    }
    if (present === batch.values.length && offsets.some((o, i) => i > 0 && o !== offsets[0]! + i)) {
      return { partition: batch.partition, values: batch.values, message: `batch [${batch.values.map(showValue).join(', ')}] of p${batch.partition} is not contiguous in the log (offsets ${offsets.join(', ')})` };
    }
  }
  return undefined;
}
