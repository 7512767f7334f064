import * as fs from 'fs';
import * as path from 'path';
import { type DirectoryValidation, validateDirectory } from './parallel';

export const USAGE = 'usage: validate [dir] [--schemas DIR] [--crds DIR] [--threads N] [--preinstalled-crd GROUP/KIND]... '
  + '[--external-secret NAMESPACE/NAME]... [--external-vault-path PATH]... [--no-convergence]   (dir defaults to dist; schemas default to the '
  + 'bundle shipped with the package; --crds reads a folder of CRD YAML files instead, or first when given with --schemas; '
  + '--threads N validates on N threads, default 1; the convergence check of argocd/ and flux/ takes the folder\'s convergence.json '
  + 'and the declarations given here: CRDs (group/Kind, group/*, plural.group), Secrets and vault paths that exist before the bootstrap)';

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `validate [dir] [--schemas DIR] [--crds DIR]`. Returns the exit code: 0 clean, 1 problems found (or nothing to
 * validate, or the schemas cannot be read), 2 usage error. Expected failures print one line each and never a stack
 * trace; the caller owns process.exit so tests run in-process.
 */
export function main(argv: readonly string[], out: CliOutput = console): number {
  let dir: string | undefined;
  let crdDir: string | undefined;
  let schemaDir: string | undefined;
  let threads: number | undefined;
  const crds: string[] = [];
  const secrets: string[] = [];
  const vaultPaths: string[] = [];
  let convergence = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string | undefined => {
      if (arg === flag && i + 1 < argv.length) return argv[++i];
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
      return undefined;
    };
    let v: string | undefined;
    if (arg === '-h' || arg === '--help') {
      out.log(USAGE);
      return 0;
    } else if ((v = value('--crds')) !== undefined) {
      crdDir = v;
    } else if ((v = value('--schemas')) !== undefined) {
      schemaDir = v;
    } else if ((v = value('--preinstalled-crd')) !== undefined) {
      if (!/^([a-z0-9][-a-z0-9.]*\/([A-Z][A-Za-z0-9]*|\*)|[a-z0-9][-a-z0-9]*\.[-a-z0-9.]+)$/.test(v)) return usageError(out, `--preinstalled-crd takes group/Kind, group/* or plural.group, got ${v}`);
      crds.push(v);
    } else if ((v = value('--external-secret')) !== undefined) {
      if (!/^([a-z0-9][-a-z0-9]*|\*)\/[a-z0-9][-a-z0-9.]*$/.test(v)) return usageError(out, `--external-secret takes namespace/name or */name, got ${v}`);
      secrets.push(v);
    } else if ((v = value('--external-vault-path')) !== undefined) {
      if (v === '' || /\s/.test(v)) return usageError(out, `--external-vault-path takes a path, path#key or path/*, got "${v}"`);
      vaultPaths.push(v);
    } else if (arg === '--no-convergence') {
      convergence = false;
    } else if ((v = value('--threads')) !== undefined) {
      threads = Number(v);
      if (!/^[1-9][0-9]*$/.test(v)) return usageError(out, `--threads must be a positive integer, got ${v}`);
    } else if (arg.startsWith('-') || dir !== undefined) {
      return usageError(out, `unexpected argument: ${arg}`);
    } else {
      dir = arg;
    }
  }
  dir ??= 'dist';
  if (!isDirectory(dir)) return usageError(out, `not a directory: ${dir}`);
  if (crdDir !== undefined && !isDirectory(crdDir)) return usageError(out, `CRD folder not found: ${crdDir} (use --crds DIR)`);
  if (schemaDir !== undefined && !fs.existsSync(path.join(schemaDir, 'index.json'))) {
    return usageError(out, `not a schema bundle: ${schemaDir} has no index.json (use --schemas DIR, as npm run regenerate writes it)`);
  }

  let result: DirectoryValidation;
  try {
    result = validateDirectory(dir, { crdDir, schemaDir, threads, convergence: convergence && { crds, secrets, vaultPaths } });
  } catch (e) {
    // e.g. an unreadable file: one line, no stack trace
    out.error(`error: ${(e as Error).message}`);
    return 1;
  }
  for (const w of result.warnings) out.error(`warning: ${w}`);
  for (const p of result.problems) out.log(`${p.location}: ${p.message}`);
  const n = result.problems.length;
  out.log(`validated ${result.documents} documents in ${result.files} files: ${n === 0 ? '0 problems' : `${n} problem${n === 1 ? '' : 's'}`}`);
  return n === 0 ? 0 : 1;
}

function usageError(out: CliOutput, message: string): number {
  out.error(`error: ${message}`);
  out.error(USAGE);
  return 2;
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(path.resolve(dir)).isDirectory();
}
