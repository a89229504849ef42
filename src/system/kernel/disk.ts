/**
 * A broker's disk: named files, each with the content the process sees (the OS page cache) and the content
 * that survives a power loss (what was written back or fsync'd). A process crash keeps the page cache; a power
 * loss drops every write that had not reached the platters. Files are lists of JSON values: a log appends
 * records, a checkpoint is rewritten whole. A writeback or a power loss costs what changed since the two copies
 * last agreed, not the whole file (see `sharedPrefix`).
 */
import type { FlushPolicy } from '../config/config.ts';
import { copyPlainData } from './plain-data.ts';

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

/**
 * How many leading entries `cached` and `durable` share (the same objects): a log's writeback then copies only
 * its new tail. It is kept beside the world, not in it, so the disk's data (and the world hash) stay as they are;
 * it is a fact the data cannot show (which entries are the same objects), so a file it does not know, as in a
 * cloned world, or whose lists were replaced, counts as sharing nothing and is copied whole once. Only this module
 * changes a file's lists in place.
 */
const sharedPrefix = new WeakMap<DiskFile, { cached: DiskValue[]; durable: DiskValue[]; length: number }>();

function sharedLengthOf(file: DiskFile): number {
  const shared = sharedPrefix.get(file);
  if (!shared || shared.cached !== file.cached || shared.durable !== file.durable) return 0;
  return Math.min(shared.length, file.cached.length, file.durable.length);
}

function noteShared(file: DiskFile, length: number): void {
  sharedPrefix.set(file, { cached: file.cached, durable: file.durable, length });
}

/** Makes `target` hold the entries of `source`, rewriting only what follows their first `shared` entries. */
function overwriteFrom(target: DiskValue[], source: readonly DiskValue[], shared: number): void {
  target.length = shared;
  for (let i = shared; i < source.length; i++) target.push(source[i]);
}

function flushFile(file: DiskFile): void {
  if (!file.dirty) return;
  overwriteFrom(file.durable, file.cached, sharedLengthOf(file));
  noteShared(file, file.cached.length);
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
      noteShared(file, Math.min(sharedLengthOf(file), file.cached.length));
      break;
    case 'write':
      file.cached = op.entries.slice();
      noteShared(file, 0);
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
    if (!file.dirty) continue; // the page cache holds what the platters hold
    overwriteFrom(file.cached, file.durable, sharedLengthOf(file));
    noteShared(file, file.durable.length);
    file.dirty = false;
  }
}

/**
 * What a starting broker reads: a deep copy of each file's page cache, which the broker owns and may change; or, for
 * a broker that promises to change nothing it reads (broker-promises.ts), fresh lists of the disk's own entries.
 */
export function diskContents(disk: Disk, read: 'copy' | 'inPlace' = 'copy'): DiskContents {
  const contents: Record<string, readonly DiskValue[]> = {};
  for (const name of Object.keys(disk.files).sort()) {
    const cached = disk.files[name]!.cached;
    contents[name] = read === 'copy' ? copyPlainData(cached) : cached.slice();
  }
  return contents;
}
