/**
 * A batch's submissions: each entry of the folder is one student, a broker module file (`alice.ts`) or a folder
 * (`alice/`) holding one. In a folder the module is `broker.ts` (or .mts, .js, .mjs), else `index.*`, else the one
 * module file at its top. Entries are taken in code-point order of their names, so the CSV's rows are the same on
 * every machine. Hidden entries and files that are not modules (a README, the CSV itself) are not submissions.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { BROKER_MODULE_EXTENSIONS } from '../broker-loader/load-broker.ts';

export interface Submission {
  student: string;
  /** The module to grade; absent when the entry holds none (`problem` says why). */
  modulePath?: string;
  problem?: string;
}

const isModuleName = (name: string) => BROKER_MODULE_EXTENSIONS.includes(extname(name));
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function moduleInFolder(folder: string): Pick<Submission, 'modulePath' | 'problem'> {
  const files = readdirSync(folder).filter((n) => !n.startsWith('.') && isModuleName(n) && statSync(join(folder, n)).isFile()).sort(byCodePoint);
  for (const stem of ['broker', 'index']) {
    const named = BROKER_MODULE_EXTENSIONS.map((ext) => `${stem}${ext}`).find((n) => files.includes(n));
    if (named) return { modulePath: join(folder, named) };
  }
  if (files.length === 1) return { modulePath: join(folder, files[0]!) };
  return { problem: files.length === 0 ? 'no broker module in the folder (broker.ts, .mts, .js or .mjs)' : `no broker.ts or index.ts, and ${files.length} module files: which one is the broker?` };
}

export function listSubmissions(dir: string): Submission[] {
  const submissions: Submission[] = [];
  for (const name of readdirSync(dir).sort(byCodePoint)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) submissions.push({ student: name, ...moduleInFolder(path) });
    else if (stats.isFile() && isModuleName(name)) submissions.push({ student: name.slice(0, -extname(name).length), modulePath: path });
  }
  return submissions;
}
