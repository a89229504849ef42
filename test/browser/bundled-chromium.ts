/**
 * The Chromium the viewer test drives: the headless shell that the npm package @sparticuz/chromium ships inside its
 * tarball (brotli-compressed), inflated once per package version into node_modules/.cache/kcheck-chromium/, so
 * `npm ci && npm test` needs nothing but Node: no apt, no root, no browser download. KCHECK_CHROMIUM overrides it.
 * It leaves out the package's own executablePath(), which inflates to a fixed /tmp/chromium shared by every user and
 * version and reuses whatever file it finds there, even a half-written one.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export interface BrowserToLaunch {
  executablePath: string;
  /** The browser's environment: the fontconfig to use when the machine has none. */
  env: NodeJS.ProcessEnv;
}

const TAR_BLOCK_BYTES = 512;
/** Where a machine's fontconfig keeps its configuration (Debian's fontconfig-config). */
const SYSTEM_FONTCONFIG = '/etc/fonts/fonts.conf';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary file and a rename, so a run that is killed halfway leaves nothing that looks complete. */
function writeWhole(path: string, content: Buffer, mode: number): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, content, { mode });
  renameSync(partial, path);
}

/** The regular files of a (ustar) tar archive, by name. */
function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const field = (at: number, length: number) => archive.toString('latin1', at, at + length).replace(/\0.*$/s, '');
  for (let at = 0; at + TAR_BLOCK_BYTES <= archive.length && field(at, 100) !== ''; ) {
    const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = field(at + 156, 1);
    if (type === '0' || type === '') files.set(field(at, 100), archive.subarray(at + TAR_BLOCK_BYTES, at + TAR_BLOCK_BYTES + size));
    at += TAR_BLOCK_BYTES + Math.ceil(size / TAR_BLOCK_BYTES) * TAR_BLOCK_BYTES;
  }
  return files;
}

/** A fontconfig with the package's own fonts (Open Sans), for a machine without fonts: the screenshot still shows text. */
function bundledFontconfig(binDir: string, cacheDir: string): string {
  const config = join(cacheDir, 'fonts.conf');
  if (existsSync(config)) return config;
  const fontDir = join(cacheDir, 'fonts');
  mkdirSync(fontDir, { recursive: true });
  for (const [name, content] of tarFiles(brotliDecompressSync(readFileSync(join(binDir, 'fonts.tar.br'))))) {
    if (name.endsWith('.ttf')) writeWhole(join(fontDir, basename(name)), content, 0o644);
  }
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${fontDir}</dir>\n  <cachedir>${join(cacheDir, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`;
  writeWhole(config, Buffer.from(xml), 0o644);
  return config;
}

/** KCHECK_CHROMIUM if set, else the packaged headless shell (Linux x64), inflated on first use. */
export function chromiumToLaunch(): BrowserToLaunch {
  const chosen = process.env.KCHECK_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    if (!isExecutable(chosen)) throw new Error(`KCHECK_CHROMIUM=${chosen} is not an executable file`);
    return { executablePath: chosen, env: process.env };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the viewer test's Chromium (npm package @sparticuz/chromium) runs on Linux x64 only, not ${process.platform} ${process.arch}: set KCHECK_CHROMIUM=/path/to/chromium`);
  }
  let packageDir: string;
  try {
    // The package's CommonJS entry is build/cjs/index.cjs; its compressed browser is in bin/.
    packageDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
  } catch {
    throw new Error('the viewer test needs the dev dependency @sparticuz/chromium: run npm ci (or npm install)');
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const binDir = join(packageDir, 'bin');
  const cacheDir = join(packageDir, '..', '..', '.cache', 'kcheck-chromium', version);
  const executablePath = join(cacheDir, 'chromium');
  if (!existsSync(executablePath)) {
    mkdirSync(cacheDir, { recursive: true });
    writeWhole(executablePath, brotliDecompressSync(readFileSync(join(binDir, 'chromium.br'))), 0o755);
  }
  const hasFonts = existsSync(SYSTEM_FONTCONFIG) || process.env.FONTCONFIG_FILE !== undefined || process.env.FONTCONFIG_PATH !== undefined;
  return { executablePath, env: hasFonts ? process.env : { ...process.env, FONTCONFIG_FILE: bundledFontconfig(binDir, cacheDir) } };
}
