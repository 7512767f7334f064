import * as fs from 'fs';
import * as path from 'path';
import { ManifestValidator } from './validator';

export const USAGE = 'usage: validate [dir] [--crds DIR]   (dir defaults to dist; CRDs default to $OVN_IC_CRD_DIR or ../shared/crds)';

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `validate [dir] [--crds DIR]`. Returns the exit code: 0 clean, 1 problems found, 2 usage or setup error. Expected
 * failures print one line each and never a stack trace; the caller owns process.exit so tests run in-process.
 */
export function main(argv: readonly string[], out: CliOutput = console): number {
  let dir: string | undefined;
  let crdDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      out.log(USAGE);
      return 0;
    } else if (arg === '--crds' && i + 1 < argv.length) {
      crdDir = argv[++i];
    } else if (arg.startsWith('--crds=')) {
      crdDir = arg.slice('--crds='.length);
    } else if (arg.startsWith('-') || dir !== undefined) {
      return usageError(out, `unexpected argument: ${arg}`);
    } else {
      dir = arg;
    }
  }
  dir ??= 'dist';
  if (!isDirectory(dir)) return usageError(out, `not a directory: ${dir}`);
  const validator = new ManifestValidator({ crdDir });
  if (!isDirectory(validator.crdDir)) return usageError(out, `CRD folder not found: ${validator.crdDir} (use --crds DIR)`);

  let result;
  try {
    result = validator.validateDirectory(dir);
  } catch (e) {
    // e.g. a CRD schema using a format we do not implement: a setup problem, not a finding about the manifests.
    out.error(`error: ${(e as Error).message}`);
    return 2;
  }
  for (const w of validator.warnings) out.error(`warning: ${w}`);
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
