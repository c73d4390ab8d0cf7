/**
 * What the seam tests share (a new method, derived model or hardware kind
 * added in the promised number of files): a copy of the built CLI to add
 * files to, TypeScript transpiled to the build's JavaScript, and the type
 * errors of the project with some files' texts replaced.
 */
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

export const root = join(import.meta.dirname, '..', '..');

/** A temporary copy of the built package (dist/, data/, package.json; node_modules linked). */
export function copyBuiltCli(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const p of ['dist', 'data', 'package.json']) cpSync(join(root, p), join(dir, p), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** A TypeScript module as the build emits it. */
export const transpile = (source: string): string =>
  ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;

/**
 * Type errors in each replaced file of a program (paths below the repository,
 * texts instead of what is on disk; a path not on disk is added), one program
 * per set of texts, compiled with the project's options; each reuses the last
 * program's unchanged files.
 */
export function typeErrors(...programs: Record<string, string>[]): Record<string, string[]>[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  let texts = new Map<string, string>();
  host.getSourceFile = (name, lang, ...rest) => (texts.has(name) ? ts.createSourceFile(name, texts.get(name)!, lang) : getSourceFile(name, lang, ...rest));
  host.fileExists = (name) => texts.has(name) || fileExists(name);
  let program: ts.Program | undefined;
  return programs.map((files) => {
    texts = new Map(Object.entries(files).map(([p, t]) => [join(root, p), t]));
    program = ts.createProgram([...texts.keys()], options, host, program);
    const p = program;
    return Object.fromEntries(Object.keys(files).map((f) => [f, ts.getPreEmitDiagnostics(p, p.getSourceFile(join(root, f))).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))]));
  });
}
