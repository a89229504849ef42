/**
 * A broker's disk: named files, each with the content the process sees (the OS page cache) and the content
 * that survives a power loss (what was written back or fsync'd). A process crash keeps the page cache; a power
 * loss drops every write that had not reached the platters. Files are lists of JSON values: a log appends
 * records, a checkpoint is rewritten whole.
 */
import type { FlushPolicy } from '../config/config.ts';

export type DiskValue = unknown;

export interface DiskFile {
  /** What a read returns: the page cache over the disk. */
  cached: DiskValue[];
  /** What is on stable storage. */
  durable: DiskValue[];
  dirty: boolean;
}

export interface Disk {
  files: Record<string, DiskFile>;
  /** Virtual time of the next OS writeback, or -1 when every write is fsync'd. */
  nextWritebackMs: number;
}

export type DiskOp =
  | { op: 'append'; file: string; entries: DiskValue[]; fsync?: boolean }
  | { op: 'truncate'; file: string; length: number; fsync?: boolean }
  | { op: 'write'; file: string; entries: DiskValue[]; fsync?: boolean };

/** A read-only view of a disk's page cache, handed to a starting broker. */
export type DiskContents = Readonly<Record<string, readonly DiskValue[]>>;

export function createDisk(policy: FlushPolicy): Disk {
  return { files: {}, nextWritebackMs: policy.kind === 'writeback' ? policy.intervalMs : -1 };
}

function fileOf(disk: Disk, name: string): DiskFile {
  let file = disk.files[name];
  if (!file) {
    file = { cached: [], durable: [], dirty: false };
    disk.files[name] = file;
  }
  return file;
}

function flushFile(file: DiskFile): void {
  if (!file.dirty) return;
  file.durable = file.cached.slice();
  file.dirty = false;
}

export function applyDiskOp(disk: Disk, op: DiskOp, policy: FlushPolicy): void {
  const file = fileOf(disk, op.file);
  switch (op.op) {
    case 'append':
      for (const entry of op.entries) file.cached.push(entry);
      break;
    case 'truncate':
      if (op.length < file.cached.length) file.cached.length = Math.max(0, op.length);
      break;
    case 'write':
      file.cached = op.entries.slice();
      break;
    default: {
      const never: never = op;
      throw new Error(`unknown disk op ${JSON.stringify(never)}`);
    }
  }
  file.dirty = true;
  if (op.fsync === true || policy.kind === 'fsyncEveryWrite') flushFile(file);
}

/** The OS writes every dirty page back. */
export function flushDisk(disk: Disk): void {
  for (const name of Object.keys(disk.files)) flushFile(disk.files[name]!);
}

/** Power loss: the page cache is gone; what was durable is what the disk holds. */
export function losePageCache(disk: Disk): void {
  for (const name of Object.keys(disk.files)) {
    const file = disk.files[name]!;
    file.cached = file.durable.slice();
    file.dirty = false;
  }
}

export function diskContents(disk: Disk): DiskContents {
  const contents: Record<string, readonly DiskValue[]> = {};
  // A copy: a starting broker owns what it reads and must not reach into the disk.
  for (const name of Object.keys(disk.files).sort()) contents[name] = structuredClone(disk.files[name]!.cached);
  return contents;
}
