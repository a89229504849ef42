/**
 * Chromium encodes the same pixels into different PNG bytes from run to run, so the committed screenshot is
 * rewritten only when the picture changed: this compares two PNGs by their header and inflated image data.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const SIGNATURE_BYTES = 8;

function picture(png: Buffer): Buffer {
  const header: Buffer[] = [];
  const data: Buffer[] = [];
  for (let at = SIGNATURE_BYTES; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header.push(body);
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  return Buffer.concat([...header, inflateSync(Buffer.concat(data))]);
}

/** Writes `png` to `path` unless the file there already shows the same picture; returns whether it wrote. */
export function writePngIfChanged(path: string, png: Buffer): boolean {
  if (existsSync(path) && picture(readFileSync(path)).equals(picture(png))) return false;
  writeFileSync(path, png);
  return true;
}
