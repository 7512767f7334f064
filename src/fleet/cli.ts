import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from './model';
import { OUTPUT_MARKER, OutputFolderError, writeOutputFolder } from './output-folder';
import { type FleetSource, type ParallelRenderOptions, renderFleetInParallel } from './parallel';
import { FleetValidationError, renderFleet } from './render';

/** The folder `npm run synth` renders into, and the real folder behind `cdk8s synth`. */
export const DEFAULT_OUTDIR = 'dist';

/**
 * The cdk8s CLI's own output folder (`output:` in this repository's `cdk8s.yaml`). The CLI deletes its
 * output folder before it runs the app; pointing it at this scratch folder keeps `dist/` out of its
 * reach: the app renders into `dist/` atomically and leaves a copy here for the CLI.
 */
export const DEFAULT_CLI_SCRATCH = '.cdk8s-synth';

/** Options of {@link runRender}. */
export interface RunRenderOptions {
  /**
   * After a successful render, also write a copy of the output here (for the cdk8s CLI, which lists
   * and validates the files of its own output folder).
   * @default - none
   */
  readonly mirror?: string;
  /**
   * True when the cdk8s CLI runs the app with `outdir` as its output folder, which it deleted just
   * before: a failed render then restores `outdir` from Git when Git tracks it, and says so.
   * @default false
   */
  readonly cliDeletedOutdir?: boolean;
  /**
   * Formats each problem and warning of the render (`[construct path] message`) for the log, e.g. to
   * point at the line of a fleet file that declared the object.
   * @default - as the render reports it
   */
  readonly formatProblem?: (problem: string) => string;
  /**
   * Fail instead of changing the address lock (see `RenderFleetOptions.frozenLock`); the string says why (`--frozen-lock`, `CI=true`).
   * @default - the lock is updated
   */
  readonly frozenLock?: string;
  /**
   * Where worker threads get the fleet `build` returns: with it the clusters are rendered on several threads
   * ({@link renderFleetInParallel}), with the same output.
   * @default - one thread
   */
  readonly source?: () => FleetSource | undefined;
  /**
   * Threads to render on, with `source` ({@link ParallelRenderOptions.threads}).
   * @default - one less than the machine's cores
   */
  readonly threads?: number;
}

/**
 * Why the address lock is frozen in this environment: `CI=<value>` when the environment variable CI is
 * set to anything but '', 'false' or '0' (as CI services set it, and as pnpm freezes its lockfile there),
 * else undefined.
 */
export function frozenLockFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const ci = env.CI;
  return ci === undefined || ['', 'false', '0'].includes(ci.trim().toLowerCase()) ? undefined : `CI=${ci}`;
}

/**
 * The render command: prints warnings and every user mistake (no stack trace) and returns the
 * exit code. Programming errors propagate with their stack.
 */
export function runRender(
  build: () => Fleet,
  outdir: string,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  options: RunRenderOptions = {},
): number {
  const existed = outdir.trim() !== '' && fs.existsSync(path.resolve(outdir));
  const format = options.formatProblem ?? ((p: string) => p);
  let failure: string[];
  try {
    const frozen = options.frozenLock;
    const fleet = build();
    const source = options.source?.();
    const renderOptions = { frozenLock: frozen !== undefined, frozenLockReason: frozen };
    const result = source ? renderFleetInParallel(source, outdir, { ...renderOptions, fleet, threads: options.threads }) : renderFleet(fleet, outdir, renderOptions);
    for (const w of result.warnings) log(`warning: ${format(w)}`);
    if (options.mirror === undefined || path.resolve(options.mirror) === path.resolve(outdir)) {
      log(`rendered ${result.files} files into ${outdir}${result.threads > 1 ? ` on ${result.threads} threads` : ''}`);
      return 0;
    }
    try {
      const mirror = mirrorFolder(outdir, options.mirror);
      for (const w of mirror.warnings) log(`warning: ${w}`);
    } catch (e) {
      if (!(e instanceof OutputFolderError)) throw e;
      log(`error: rendered ${result.files} files into ${outdir}, but the copy for the cdk8s CLI failed: ${e.message}`);
      return 1;
    }
    log(`rendered ${result.files} files into ${outdir} (and a copy into ${options.mirror} for the cdk8s CLI)`);
    return 0;
  } catch (e) {
    if (e instanceof OutputFolderError) {
      failure = [`error: ${e.message}`, ...(existed || !options.cliDeletedOutdir ? [] : [unchanged(outdir, existed, options)])];
    } else if (e instanceof FleetValidationError) {
      for (const w of e.warnings) log(`warning: ${format(w)}`);
      for (const err of e.errors) log(`error: ${format(err)}`);
      failure = [`${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} found; ${unchanged(outdir, existed, options)}`];
    } else {
      throw e;
    }
  }
  for (const line of failure) log(line);
  return 1;
}

/** What happened to the output folder when nothing was written: always true. */
function unchanged(outdir: string, existed: boolean, options: RunRenderOptions): string {
  if (existed) return `nothing was written, ${outdir} is unchanged`;
  if (!options.cliDeletedOutdir) return `nothing was written, ${outdir} does not exist`;
  const restored = restoreFromGit(outdir);
  const why = `the cdk8s CLI deleted ${outdir} before it ran the app`;
  const prevent = `set output: ${DEFAULT_CLI_SCRATCH} in cdk8s.yaml and render into ${outdir} from the app to keep the CLI away from it`;
  switch (restored) {
    case 'restored': return `nothing was written; ${why}, and its files tracked by Git are restored from the Git index (${prevent})`;
    case 'untracked': return `nothing was written; ${why}, and Git does not track it, so it stays deleted (${prevent})`;
    default: return `nothing was written; ${why}: restore it with \`git checkout -- ${outdir}\` (${prevent})`;
  }
}

/** Puts back the files of `outdir` that Git tracks (from the index, as `git checkout -- outdir` does). */
function restoreFromGit(outdir: string): 'restored' | 'untracked' | 'failed' {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return 'untracked';
  const git = (...args: string[]) => spawnSync('git', ['-C', parent, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tracked = git('ls-files', '-z', '--', path.basename(target));
  if (tracked.error || tracked.status !== 0) return tracked.error ? 'failed' : 'untracked';
  if (tracked.stdout === '') return 'untracked';
  const checkout = git('checkout', '--', path.basename(target));
  return checkout.status === 0 && fs.existsSync(target) ? 'restored' : 'failed';
}

/** Copies a rendered folder into `mirror` (with the same atomic replacement). */
function mirrorFolder(outdir: string, mirror: string): { warnings: string[] } {
  const source = path.resolve(outdir);
  return writeOutputFolder(mirror, (emit) => {
    const walk = (rel: string): void => {
      for (const e of fs.readdirSync(path.join(source, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(child);
        else if (child !== OUTPUT_MARKER) emit(child, fs.readFileSync(path.join(source, child), 'utf8'));
      }
    };
    walk('');
  });
}

/** Options of {@link runApp}. */
export interface RunAppOptions {
  /**
   * The real output folder: committed, synced by Argo CD/Flux.
   * @default DEFAULT_OUTDIR ('dist')
   */
  readonly outdir?: string;
  /**
   * The cdk8s CLI's scratch output folder (`output:` of cdk8s.yaml). When the CLI runs the app with
   * this folder, the app renders into `outdir` and copies the result here.
   * @default DEFAULT_CLI_SCRATCH ('.cdk8s-synth')
   */
  readonly cliScratch?: string;
  /** The environment (`CDK8S_OUTDIR`; `CI` freezes the address lock, see {@link frozenLockFromEnv}). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - standard error */
  readonly log?: (line: string) => void;
  /**
   * Formats each problem and warning for the log (see {@link RunRenderOptions.formatProblem}).
   * @default - as the render reports it
   */
  readonly formatProblem?: (problem: string) => string;
  /**
   * Freeze the address lock, saying why (see {@link RunRenderOptions.frozenLock}).
   * @default - frozen when the environment sets CI ({@link frozenLockFromEnv})
   */
  readonly frozenLock?: string;
}

/** Where an app run renders: the folder, the copy for the cdk8s CLI, and whether the CLI deleted the folder. */
export interface AppOutput {
  readonly outdir: string;
  readonly mirror?: string;
  readonly cliDeletedOutdir: boolean;
}

/**
 * The output folder of an app run. `npm run synth` (no `CDK8S_OUTDIR`, or an empty one): `outdir`.
 * `cdk8s synth` with the scratch folder of cdk8s.yaml: `outdir`, copied to the scratch folder.
 * `cdk8s synth --output DIR` (or a cdk8s.yaml with another `output:`): `DIR` only, never `outdir`,
 * so a check that renders into another folder leaves the committed one alone.
 */
export function appOutput(options: RunAppOptions = {}): AppOutput {
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const cli = env.CDK8S_OUTDIR;
  if (cli === undefined || cli === '') return { outdir, cliDeletedOutdir: false };
  if (path.resolve(cli) === path.resolve(options.cliScratch ?? DEFAULT_CLI_SCRATCH)) return { outdir, mirror: cli, cliDeletedOutdir: false };
  // the cdk8s CLI always sets CDK8S_RECORD_CONSTRUCT_METADATA, and deletes CDK8S_OUTDIR first
  return { outdir: cli, cliDeletedOutdir: env.CDK8S_RECORD_CONSTRUCT_METADATA !== undefined };
}

/** `main.ts` of a fleet app: renders `build()` into the folder {@link appOutput} picks; returns the exit code. */
export function runApp(build: () => Fleet, options: RunAppOptions = {}): number {
  const out = appOutput(options);
  const frozenLock = options.frozenLock ?? frozenLockFromEnv(options.env ?? process.env);
  return runRender(build, out.outdir, options.log, {
    mirror: out.mirror, cliDeletedOutdir: out.cliDeletedOutdir, frozenLock, formatProblem: options.formatProblem,
  });
}
