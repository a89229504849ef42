/**
 * The type check of a TypeScript submission before it is graded: kcheck loads modules with their types stripped
 * (tsx), so a type error would otherwise go unseen and the broker run as if it compiled. The check uses the
 * TypeScript compiler kcheck is developed with, under the starters' settings (strict), with `kcheck` resolving to
 * this kcheck's sources; only the submission's own files are judged. Where TypeScript is not installed (kcheck
 * installed without its dev dependencies) the check is skipped, and says so. One checker serves a whole batch: the
 * kcheck sources it parsed once are reused by every later program.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';

export type TypeCheckOutcome = { kind: 'passed' } | { kind: 'failed'; errors: string[] } | { kind: 'skipped'; reason: string };

/** Errors shown at most: the first is the reason, the rest help the student. */
const ERRORS_SHOWN_MAX = 5;
const KCHECK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface TypeChecker {
  /** Why no module is checked (TypeScript missing); absent when the checker works. */
  unavailable?: string;
  check(modulePath: string): TypeCheckOutcome;
}

function compilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  // Node's types beside kcheck: its own dev dependencies in a checkout, its siblings when installed in node_modules.
  const typeRoots = [join(KCHECK_ROOT, 'node_modules', '@types'), join(dirname(KCHECK_ROOT), '@types')].find((dir) => existsSync(join(dir, 'node')));
  return {
    target: ts.ScriptTarget.ES2022,
    // The sandbox loads every .ts file as an ES module whatever its folder holds: so does the check.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    ...(typeRoots ? { typeRoots: [typeRoots], types: ['node'] } : { types: [] }),
    paths: { kcheck: [join(KCHECK_ROOT, 'src', 'index.ts')] },
  };
}

const isKcheckOwn = (fileName: string) => resolve(fileName).startsWith(KCHECK_ROOT + sep + 'src' + sep) || fileName.includes('/node_modules/');

function diagnosticText(ts: typeof TypeScript, d: TypeScript.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName}:${line + 1}:${character + 1}: error TS${d.code}: ${message}`;
}

/** A checker, or one that skips every module when TypeScript cannot be loaded. */
export async function openTypeChecker(): Promise<TypeChecker> {
  let ts: typeof TypeScript;
  try {
    // `export =` in typescript's declarations: the namespace is the module's default export.
    ts = ((await import('typescript')) as unknown as { default: typeof TypeScript }).default;
  } catch {
    const reason = 'TypeScript is not installed beside kcheck (npm install typescript): types not checked';
    return { unavailable: reason, check: () => ({ kind: 'skipped', reason }) };
  }
  const options = compilerOptions(ts);
  let previous: TypeScript.Program | undefined;
  return {
    check(modulePath) {
      if (!['.ts', '.mts'].includes(extname(modulePath))) return { kind: 'passed' };
      const program = ts.createProgram({ rootNames: [resolve(modulePath)], options, ...(previous ? { oldProgram: previous } : {}) });
      previous = program;
      const own = program.getSourceFiles().filter((f) => !isKcheckOwn(f.fileName));
      const diagnostics = own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
      if (diagnostics.length === 0) return { kind: 'passed' };
      const errors = diagnostics.slice(0, ERRORS_SHOWN_MAX).map((d) => diagnosticText(ts, d));
      if (diagnostics.length > ERRORS_SHOWN_MAX) errors.push(`… and ${diagnostics.length - ERRORS_SHOWN_MAX} more`);
      return { kind: 'failed', errors };
    },
  };
}
