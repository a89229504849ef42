/**
 * Chromium encodes the same picture into different PNG bytes from run to run (other zlib output, other scanline
 * filters) and antialiases a rounded corner a shade apart now and then, so the committed screenshot is rewritten
 * only when the picture changed: this compares two PNGs by their header and their unfiltered pixels, each colour
 * channel within `SHADE_TOLERANCE`. It reads the 8-bit non-interlaced PNGs Chromium writes; any other PNG counts
 * as changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const SIGNATURE_BYTES = 8;
/** How far a channel may differ (of 255) and the picture still count as the same: an antialiasing shade, not an edit. */
const SHADE_TOLERANCE = 2;
/** Bytes per pixel of an 8-bit PNG, by its colour type: grey, RGB, grey+alpha, RGBA. */
const BYTES_PER_PIXEL: Partial<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** The predictor of PNG filter type 4. */
function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** What filter type `filter` predicts a byte from: its left, upper and upper-left neighbours (PNG spec §9.2). */
function predictor(filter: number | undefined, left: number, up: number, upLeft: number): number | undefined {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      return undefined;
  }
}

/** Undoes the per-scanline filters (PNG spec §9): the raw pixel bytes, or undefined for a filter type out of range. */
function unfiltered(filtered: Buffer, height: number, stride: number, bpp: number): Buffer | undefined {
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = filtered[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x;
      const left = x >= bpp ? pixels[at - bpp]! : 0;
      const up = y > 0 ? pixels[at - stride]! : 0;
      const upLeft = x >= bpp && y > 0 ? pixels[at - stride - bpp]! : 0;
      const predicted = predictor(filter, left, up, upLeft);
      if (predicted === undefined) return undefined;
      pixels[at] = (filtered[y * (stride + 1) + 1 + x]! + predicted) & 0xff;
    }
  }
  return pixels;
}

/** The header and the pixels of a PNG, or undefined for one this module does not read. */
function picture(png: Buffer): { header: Buffer; pixels: Buffer } | undefined {
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  for (let at = SIGNATURE_BYTES; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  if (header === undefined || header.length < 13) return undefined;
  const [width, height, bitDepth, interlace] = [header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[12]];
  const bpp = BYTES_PER_PIXEL[header[9]!];
  if (bitDepth !== 8 || interlace !== 0 || bpp === undefined) return undefined;
  const pixels = unfiltered(inflateSync(Buffer.concat(data)), height, width * bpp, bpp);
  return pixels && { header, pixels };
}

function samePicture(a: { header: Buffer; pixels: Buffer }, b: { header: Buffer; pixels: Buffer }): boolean {
  if (!a.header.equals(b.header) || a.pixels.length !== b.pixels.length) return false;
  for (let i = 0; i < a.pixels.length; i++) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > SHADE_TOLERANCE) return false;
  return true;
}

/** Writes `png` to `path` unless the file there already shows the same picture; returns whether it wrote. */
export function writePngIfChanged(path: string, png: Buffer): boolean {
  const before = existsSync(path) ? picture(readFileSync(path)) : undefined;
  const after = picture(png);
  if (before !== undefined && after !== undefined && samePicture(before, after)) return false;
  writeFileSync(path, png);
  return true;
}
