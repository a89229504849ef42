/**
 * The `value` of an op, by f and type (docs/history-format.md):
 *   send   invoke/fail/info: [["send", partition, value], …]   ok: [["send", partition, [offset | null, value]], …]
 *   poll   invoke/fail/info: [["poll"], …]                      ok: [["poll", {"partition": [[offset, value], …]}], …]
 *   assign any type: [partition, …]
 */
import type { AssignOp, OpType, PollMicroOp, PollOp, SendMicroOp, SendOp } from './history.ts';
import { isPlainObject, isWholeNumber, preview } from './history-input.ts';

/** Throws with `where` (a path) and what is wrong there. */
export type Fail = (where: string, what: string) => never;

const PARTITION_KEY = /^(0|[1-9][0-9]*)$/;

export function parseSendValue(raw: unknown, type: OpType, where: string, fail: Fail): SendOp['value'] {
  return nonEmptyList(raw, 'send', where, fail).map((micro, i) => {
    const at = `${where}[${i}]`;
    const shape = type === 'ok' ? '["send", partition, [offset or null, value]] on an ok' : '["send", partition, value] on invoke, fail and info';
    if (!Array.isArray(micro) || micro.length !== 3 || micro[0] !== 'send') fail(at, `a send micro-op needs ${shape}, got ${preview(micro)}`);
    const partition = micro[1];
    if (!isWholeNumber(partition)) fail(`${at}[1]`, `a partition must be a whole number ≥ 0, got ${preview(partition)}`);
    const payload: unknown = micro[2];
    if (type !== 'ok') {
      if (typeof payload !== 'string') fail(`${at}[2]`, `a send micro-op needs ${shape}, and a value must be a string, got ${preview(payload)}`);
      // The checked JSON array itself, not a copy: a history can hold millions of ops.
      return micro as SendMicroOp;
    }
    if (!Array.isArray(payload) || payload.length !== 2) fail(`${at}[2]`, `a send micro-op needs ${shape}, got ${preview(payload)}`);
    const [offset, value] = payload as unknown[];
    if (offset !== null && !isWholeNumber(offset)) fail(`${at}[2][0]`, `an acked offset must be a whole number ≥ 0 or null (unknown), got ${preview(offset)}`);
    if (typeof value !== 'string') fail(`${at}[2][1]`, `a value must be a string, got ${preview(value)}`);
    return micro as SendMicroOp;
  });
}

export function parsePollValue(raw: unknown, type: OpType, where: string, fail: Fail): PollOp['value'] {
  return nonEmptyList(raw, 'poll', where, fail).map((micro, i): PollMicroOp => {
    const at = `${where}[${i}]`;
    if (type !== 'ok') {
      if (!Array.isArray(micro) || micro.length !== 1 || micro[0] !== 'poll') fail(at, `a poll micro-op needs ["poll"] on invoke, fail and info, got ${preview(micro)}`);
      return micro as PollMicroOp;
    }
    if (!Array.isArray(micro) || micro.length !== 2 || micro[0] !== 'poll' || !isPlainObject(micro[1])) {
      fail(at, `a poll micro-op needs ["poll", {"partition": [[offset, value], ...]}] on an ok, got ${preview(micro)}`);
    }
    const slices = micro[1] as Record<string, unknown>;
    for (const [key, pairs] of Object.entries(slices)) {
      if (!PARTITION_KEY.test(key) || !Number.isSafeInteger(Number(key))) fail(sliceAt(at, key), `a partition key must be a whole number ≥ 0 written in decimal, got ${JSON.stringify(key)}`);
      if (!Array.isArray(pairs)) fail(sliceAt(at, key), `a partition's records must be a list of [offset, value], got ${preview(pairs)}`);
      pairs.forEach((pair: unknown, j) => {
        if (!Array.isArray(pair) || pair.length !== 2 || !isWholeNumber(pair[0]) || typeof pair[1] !== 'string') {
          fail(`${sliceAt(at, key)}[${j}]`, `a polled record needs [offset, value] with a whole offset ≥ 0 and a string value, got ${preview(pair)}`);
        }
      });
    }
    return micro as PollMicroOp;
  });
}

export function parseAssignValue(raw: unknown, where: string, fail: Fail): AssignOp['value'] {
  if (!Array.isArray(raw)) fail(where, `an assign needs a list of partitions, got ${preview(raw)}`);
  return raw.map((partition: unknown, i) => {
    if (!isWholeNumber(partition)) fail(`${where}[${i}]`, `a partition must be a whole number ≥ 0, got ${preview(partition)}`);
    return partition;
  });
}

/** The path of a poll's slice, built only for a message: a history holds millions of slices. */
function sliceAt(at: string, key: string): string {
  return `${at}[1][${JSON.stringify(key)}]`;
}

function nonEmptyList(raw: unknown, f: 'send' | 'poll', where: string, fail: Fail): unknown[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(where, `a ${f} needs a non-empty list of micro-ops, got ${preview(raw)}`);
  return raw;
}
