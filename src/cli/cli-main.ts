import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { frozenLockFromEnv, runApp, runRender } from '../fleet/cli';
import { Fleet } from '../fleet/model';
import type { FleetSource } from '../fleet/parallel';
import { FleetValidationError, renderFleet } from '../fleet/render';
import { checkFleetFile, fleetFileBuild, formatFileProblem, isFleetFile, readFleetFile } from '../fleet-file';
import { main as planMain } from '../plan/cli-main';
import { main as validateMain } from '../validate/cli-main';

export const BIN_USAGE = [
  'usage: cdk8s-ovn-ic <command> [options]',
  '',
  '  render <fleet> [--out DIR] [--frozen-lock] [--threads N]',
  '                                renders the fleet into DIR (default dist; under `cdk8s synth` without --out,',
  '                                the folder cdk8s.yaml asks for, as runApp renders it); --frozen-lock (default',
  '                                when CI is set) fails instead of changing the address lock of fleet.planAddresses;',
  '                                --threads renders the clusters of a large fleet on N threads (default: cores - 1)',
  '  validate [DIR] [options]      validates the rendered manifests in DIR (default dist) offline; `validate --help`',
  '  validate <fleet file> [opts]  checks a fleet file and validates what it renders (in a temporary folder), writes nothing',
  '  plan <fleet> [options]        compares a fresh render of the fleet with the committed output; `plan <fleet> --help`',
  '',
  '<fleet> is a fleet file (fleet.yaml or fleet.json, see the README section "Fleet file"), or a JavaScript module',
  '(e.g. compiled from fleet.ts with tsc) whose default export, or export `buildFleet`, is a function that returns',
  'a Fleet: `export default function buildFleet(): Fleet { const fleet = new Fleet(); ...; return fleet; }`.',
  'Exit codes: 0 success, 1 problems found (nothing written), 2 usage error; plan exits 3 when disruptive changes are pending.',
].join('\n');

/** Where the command prints: results to `log`, warnings and errors to `error`. */
export interface BinOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Options of {@link main}, for tests. */
export interface BinOptions {
  /**
   * The environment `render` without `--out` reads `CDK8S_OUTDIR` from (see `runApp`).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** A user mistake in the command line or the fleet module: printed as one line with the usage, exit 2. */
class UsageError extends Error {}

/**
 * `cdk8s-ovn-ic render|validate|plan ...` on the user's own fleet module. Returns the exit code; the
 * caller owns `process.exitCode`, so tests run it in-process.
 */
export function main(argv: readonly string[], out: BinOutput = console, options: BinOptions = {}): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'render': return render(rest, out, options.env);
      case 'validate': return isFleetFile(rest[0]) ? validateFleetFile(rest[0], rest.slice(1), out) : validateMain(rest, out);
      case 'plan': {
        if (rest[0] === '-h' || rest[0] === '--help') return planMain(rest, () => new Fleet(), out);
        const [module, ...planArgs] = rest;
        if (isFleetFile(module)) {
          const { build, format } = fleetFileBuild(module);
          return planMain(planArgs, build, out, { formatProblem: format });
        }
        return planMain(planArgs, loadFleetModule(module), out);
      }
      case '-h': case '--help': case 'help':
        out.log(BIN_USAGE);
        return 0;
      case undefined: throw new UsageError('a command is required');
      default: throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.error(`error: ${e.message}`);
    out.error(BIN_USAGE);
    return 2;
  }
}

function render(argv: readonly string[], out: BinOutput, env: NodeJS.ProcessEnv | undefined): number {
  let module: string | undefined;
  let outdir: string | undefined;
  let frozen = false;
  let threads: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      out.log(BIN_USAGE);
      return 0;
    }
    if (arg === '--frozen-lock') {
      frozen = true;
    } else if (arg === '--threads') {
      const value = argv[++i];
      threads = Number(value);
      if (!/^[1-9]\d*$/.test(value ?? '')) throw new UsageError(`--threads needs a positive whole number, e.g. --threads 2, got ${value ?? 'nothing'}`);
    } else if (arg === '--out' || arg === '-o') {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a folder, e.g. ${arg} dist`);
      outdir = argv[++i];
    } else if (arg.startsWith('--out=')) {
      outdir = arg.slice('--out='.length);
    } else if (arg.startsWith('-') || module !== undefined) {
      throw new UsageError(`unexpected argument: ${arg}`);
    } else {
      module = arg;
    }
  }
  const log = (line: string) => out.error(line);
  const frozenLock = frozen ? '--frozen-lock' : frozenLockFromEnv(env ?? process.env);
  const fileBuild = isFleetFile(module) ? fleetFileBuild(module!) : undefined;
  const loaded = fileBuild ? undefined : fleetModule(module);
  const build = fileBuild?.build ?? loaded!.build;
  const source = fileBuild?.source ?? (() => loaded!.source);
  const formatProblem = fileBuild?.format;
  if (outdir !== undefined) return runRender(build, outdir, log, { frozenLock, formatProblem, source, threads });
  return runApp(build, { env, log, frozenLock, formatProblem });
}

/**
 * `validate fleet.yaml [validator options]`: every problem of the file and of its render, each at its line;
 * when there are none, the rendered manifests (in a temporary folder, removed after) are validated like
 * `validate DIR`. Exit codes as `validate DIR`.
 */
function validateFleetFile(file: string, argv: readonly string[], out: BinOutput): number {
  if (argv.some((a) => a === '-h' || a === '--help')) return validateMain(argv, out);
  const loaded = readFleetFile(file);
  const check = checkFleetFile(loaded);
  for (const w of check.warnings) out.error(`warning: ${formatFileProblem(w)}`);
  for (const e of check.errors) out.error(`error: ${formatFileProblem(e)}`);
  if (check.errors.length > 0 || !loaded.fleet) {
    out.error(`${check.errors.length} problem${check.errors.length === 1 ? '' : 's'} found in ${file}`);
    return 1;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ovn-ic-validate-'));
  try {
    const dir = path.join(tmp, 'dist');
    try {
      renderFleet(loaded.fleet, dir);
    } catch (e) {
      // validateFleet found nothing, so the render finds nothing either; kept for the output folder's own errors
      if (!(e instanceof FleetValidationError)) throw e;
      for (const err of e.errors) out.error(`error: ${formatFileProblem(loaded.locate(err))}`);
      return 1;
    }
    return validateMain([dir, ...argv], out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The fleet function of a user's module: its default export (ES module compiled to CommonJS, or
 * `module.exports = fn`) or its `buildFleet` export. The returned function checks that it returns a
 * {@link Fleet}.
 */
export function loadFleetModule(module: string | undefined, cwd: string = process.cwd()): () => Fleet {
  return fleetModule(module, cwd).build;
}

/**
 * {@link loadFleetModule}, and where render threads get the same fleet: the module and the export it picked
 * (none for `module.exports = fn`, which has no name to load it by: it renders in one thread).
 */
function fleetModule(module: string | undefined, cwd: string = process.cwd()): { build: () => Fleet; source?: FleetSource } {
  if (module === undefined || module === '') throw new UsageError('a fleet module is required, e.g. render fleet.js');
  const file = path.resolve(cwd, module);
  if (!fs.existsSync(file)) throw new UsageError(`fleet module not found: ${file}`);
  if (/\.[cm]?tsx?$/.test(file) && require.extensions[path.extname(file)] === undefined) {
    throw new UsageError(`${module} is TypeScript: compile it first (e.g. npx tsc) and pass the .js file, or run node with a TypeScript loader`);
  }
  let exported: unknown;
  try {
    exported = require(file);
  } catch (e) {
    throw new UsageError(`cannot load the fleet module ${module}: ${(e as Error).message.split('\n')[0]}`);
  }
  const mod = exported as { default?: unknown; buildFleet?: unknown } | undefined;
  const name = typeof exported === 'function' ? undefined
    : typeof mod?.default === 'function' ? 'default'
      : typeof mod?.buildFleet === 'function' ? 'buildFleet' : undefined;
  const fn = typeof exported === 'function' ? exported : name && mod![name];
  if (!fn) {
    const names = exported !== null && typeof exported === 'object' ? Object.keys(exported).sort().join(', ') : typeof exported;
    throw new UsageError(`${module} must export a function that returns a Fleet as its default export or as \`buildFleet\` `
      + `(it exports: ${names || 'nothing'})`);
  }
  const build = () => {
    const fleet: unknown = (fn as () => unknown)();
    if (!(fleet instanceof Fleet)) {
      const ctor = fleet !== null && typeof fleet === 'object' ? (fleet as object).constructor?.name : undefined;
      const what = fleet === null ? 'null' : typeof fleet !== 'object' ? typeof fleet : ctor && ctor !== 'Object' ? `a ${ctor}` : 'a plain object';
      throw new UsageError(`the fleet function of ${module} returned ${what}, not a Fleet: return the \`new Fleet()\` you added the clusters to`
        + (ctor === 'Fleet' ? ' (a Fleet of another copy of cdk8s-ovn-ic: install one copy only)' : ''));
    }
    return fleet;
  };
  return { build, source: name && { module: file, export: name } };
}
