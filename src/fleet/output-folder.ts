import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileWriter, WrittenContent } from './file-writer';

/**
 * The output folder of a render, handled so that it can never destroy, half-write or mix.
 *
 * Layout next to the output folder `<parent>/<base>` (all names match `.<base>.cdk8s-ovn-ic-*`, which
 * `.gitignore` covers):
 * - `.<base>.cdk8s-ovn-ic-lock`: the lock, a file holding the owner's pid, host and a nonce;
 * - `.<base>.cdk8s-ovn-ic-new-<id>`: the staging folder a render writes into;
 * - `.<base>.cdk8s-ovn-ic-old-<id>`: the previous tree while it is being replaced (fallback scheme).
 *
 * The swap. Everything is written into the staging folder, the marker file last, so a folder with the
 * marker is complete. Then:
 * - where the kernel and file system support it (Linux `renameat2(RENAME_EXCHANGE)`, called through
 *   the optional `koffi` dependency), staging and output folder are exchanged in one atomic step: at
 *   every instant the output path holds the complete old or the complete new tree, and the staging
 *   name then holds the old tree, which is deleted;
 * - otherwise (another OS, no `koffi`, a file system without RENAME_EXCHANGE) the fallback is two
 *   renames, output -> `old-<id>` and staging -> output, then the old tree is deleted. Between the two
 *   renames (microseconds) the output path is missing; a kill exactly there leaves the complete old
 *   tree in `old-<id>`, and the next render, before it does anything else, renames it back. A failure
 *   (not a kill) between them puts the old tree back at once.
 * Either way the output path is a real folder (never a symlink), so Git and Argo CD/Flux see a plain
 * folder.
 *
 * The lock is created with O_EXCL. A second render waits for it (up to `lockTimeoutMs`) and then fails
 * with a message naming the owner. A lock whose owner process is gone (a crashed render on this host)
 * is taken over; the owner re-reads the lock just before it swaps, so a render whose lock was taken
 * over never swaps. Leftovers of crashed renders are removed by the next render, under the lock.
 */

/** A problem with the output folder or the file system: one line that says what happened and what to do. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/**
 * Writes one file of the render, `file` relative to the output folder with `/` separators; `content` is
 * the text or, for a large file, a function giving its chunks in order.
 */
export type OutputSink = (file: string, content: WrittenContent) => void;

/** The file that marks a folder as a previous render; written into every render. */
export const OUTPUT_MARKER = '.cdk8s-ovn-ic';

/** Content of {@link OUTPUT_MARKER}: fixed, so renders stay byte-identical. */
export const OUTPUT_MARKER_CONTENT = [
  'This folder is rendered by cdk8s-ovn-ic. Every render replaces it as a whole,',
  'so edit the fleet, not these files. This marker tells a render that it may replace the folder.',
  '',
].join('\n');

/** The steps of {@link writeOutputFolder}, in order; a test hook can fail or kill the process before each. */
export type OutputFolderStep =
  | 'lock' | 'clean' | 'stage' | 'marker' | 'verify-lock' | 'exchange' | 'move-old' | 'move-new' | 'remove-old' | 'unlock';

/** Options of {@link writeOutputFolder}. */
export interface WriteOutputFolderOptions {
  /**
   * The folder relative output folders are resolved against, and that is never replaced.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * How long to wait for another render that holds the lock, in milliseconds.
   * @default 120000
   */
  readonly lockTimeoutMs?: number;
  /**
   * Use the atomic exchange (`renameat2(RENAME_EXCHANGE)`); false forces the two-rename fallback.
   * @default - the exchange where available
   */
  readonly atomicExchange?: boolean;
  /**
   * Called before each step; for tests that inject failures or kill the process between steps.
   * @default - none
   */
  readonly beforeStep?: (step: OutputFolderStep) => void;
}

/** What {@link writeOutputFolder} wrote. */
export interface OutputFolderResult {
  /** Files emitted by `produce` (the marker not counted). */
  readonly files: number;
  /** Clean-up that failed after the output was in place (the next render tries again). */
  readonly warnings: string[];
}

const SUFFIX = '.cdk8s-ovn-ic-';
const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

/**
 * Resolves and checks `outdir`, runs `produce` writing into a staging folder, then swaps it in so the
 * output folder is never missing or mixed (see the module comment for the fallback); if `produce`
 * throws, nothing changes and the error propagates. What `produce` returns, if anything, runs once every file it
 * emitted is written (texts may still be on their way when it returns: {@link FileWriter}), before the swap.
 */
export function writeOutputFolder(
  outdir: string,
  produce: (emit: OutputSink, staging: string) => void | (() => void),
  options: WriteOutputFolderOptions = {},
): OutputFolderResult {
  const cwd = options.cwd ?? process.cwd();
  const target = checkOutputFolder(outdir, cwd);
  const names = new OutputNames(target);
  const step = options.beforeStep ?? (() => undefined);
  attempt(`cannot create the folder ${names.parent} that holds ${names.base}`, () => fs.mkdirSync(names.parent, { recursive: true }));

  step('lock');
  const lock = acquireLock(names, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  const warnings: string[] = [];
  try {
    step('clean');
    warnings.push(...recoverAndClean(names));
    // another render may have changed the folder while this one waited for the lock
    checkContents(target, outdir);

    const staging = names.fresh('new');
    attempt(`cannot create the staging folder ${staging} next to ${target}`, () => fs.mkdirSync(staging, { mode: 0o777 }));
    let files = 0;
    const writer = stagingWriter(staging);
    try {
      step('stage');
      const sink = stagingSink(staging, writer);
      const staged = produce((file, content) => {
        sink(file, content);
        files++;
      }, staging);
      writer.finish();
      staged?.();
      step('marker');
      attempt(`cannot write ${OUTPUT_MARKER} into the staging folder ${staging}`, () => fs.writeFileSync(path.join(staging, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT, { flag: 'wx' }));
      step('verify-lock');
      lock.verify();
      warnings.push(...swap(names, staging, options.atomicExchange ?? true, step));
    } finally {
      // a writer thread still running must stop writing into the staging folder before it is removed
      writer.close();
      if (fs.existsSync(staging)) removeQuietly(staging);
    }
    return { files, warnings };
  } finally {
    try {
      step('unlock');
    } finally {
      lock.release();
    }
  }
}

/**
 * Writes the files of a render into the staging folder `staging` (what {@link writeOutputFolder}'s `emit` does; worker
 * threads of a render write through their own): each path checked, each folder created once, no file written twice.
 * Files are written by `writer` when given (the calling thread's render hands them to a writer thread), else here.
 */
export function stagingSink(staging: string, writer?: FileWriter): OutputSink {
  // relative folder -> absolute folder, for the folders created so far
  const folders = new Map<string, string>([['', staging]]);
  return (file, content) => {
    const parts = checkedRelativePath(file);
    const name = parts.pop()!;
    const relative = parts.join('/');
    let folder = folders.get(relative);
    if (folder === undefined) {
      folder = path.join(staging, ...parts);
      attempt(`cannot write ${file} into the staging folder ${staging}`, () => fs.mkdirSync(folder!, { recursive: true }));
      folders.set(relative, folder);
    }
    const full = path.join(folder, name);
    if (writer) writer.write(full, file, content);
    else writeStaged(staging, full, file, content);
  };
}

/** A {@link FileWriter} for the staging folder: its failures are those of a write in this thread. */
function stagingWriter(staging: string): FileWriter {
  return new FileWriter(
    (full, file, content) => writeStaged(staging, full, file, content),
    (file, failed) => stagedWriteError(Object.assign(new Error(failed.message), { code: failed.code, path: failed.path }), staging, file),
  );
}

/** Writes one file into the staging folder in this thread (never over another one: `wx`). */
function writeStaged(staging: string, full: string, file: string, content: WrittenContent): void {
  try {
    if (typeof content === 'string') {
      fs.writeFileSync(full, content, { flag: 'wx' });
      return;
    }
    const fd = fs.openSync(full, 'wx');
    try {
      for (const chunk of content.chunks()) {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
      }
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw stagedWriteError(e, staging, file);
  }
}

/** What a failed write of `file` into the staging folder throws. */
function stagedWriteError(e: unknown, staging: string, file: string): unknown {
  if (errnoOf(e) === 'EEXIST') return new OutputFolderError(`two files of the render are written to ${file}; give one of them another path`);
  if (e instanceof OutputFolderError || errnoOf(e) === undefined) return e;
  return fsError(e, `cannot write ${file} into the staging folder ${staging}`);
}

/**
 * Resolves `outdir` against `cwd` and refuses anything a render must not replace: an empty name, the
 * current directory or a parent of it, a file system root, a symbolic link, a file, a repository root
 * (a folder holding `.git`) and a non-empty folder without {@link OUTPUT_MARKER}. Returns the absolute
 * path. Writes nothing.
 */
export function checkOutputFolder(outdir: string, cwd: string = process.cwd()): string {
  if (typeof outdir !== 'string' || outdir.trim() === '') {
    throw new OutputFolderError(`the output folder is empty ("${outdir ?? ''}"); give a folder such as dist (an empty CDK8S_OUTDIR means dist)`);
  }
  const target = path.resolve(cwd, outdir);
  const real = realPathOf(target);
  const realCwd = realPathOf(path.resolve(cwd));
  const shown = outdir === target ? target : `${outdir} (${target})`;
  if (path.parse(real).root === real) {
    throw new OutputFolderError(`the output folder ${shown} is a file system root; give a subfolder such as dist`);
  }
  if (real === realCwd) {
    throw new OutputFolderError(`the output folder ${shown} is the current directory; a render replaces its whole output folder, give a subfolder such as dist`);
  }
  if (isInside(realCwd, real)) {
    throw new OutputFolderError(`the output folder ${shown} is a parent of the current directory ${realCwd}; a render replaces its whole output folder, give a subfolder such as dist`);
  }
  checkContents(target, outdir);
  return target;
}

/** The current contents of the output path: missing, empty or a previous render. */
function checkContents(target: string, outdir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return;
    throw fsError(e, `cannot read the output folder ${target}`);
  }
  if (stat.isSymbolicLink()) {
    throw new OutputFolderError(`the output folder ${outdir} is a symbolic link (to ${safeReadlink(target)}); a render replaces the folder itself, give the real folder instead`);
  }
  if (!stat.isDirectory()) {
    throw new OutputFolderError(`the output folder ${outdir} is a file, not a folder; move the file away or give another output folder`);
  }
  const entries = attempt(`cannot list the output folder ${target}`, () => fs.readdirSync(target)).sort();
  if (entries.includes('.git')) {
    throw new OutputFolderError(`the output folder ${outdir} is a repository root (it holds .git); a render replaces its whole output folder, give a subfolder such as dist`);
  }
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, ... (${entries.length} entries)` : '');
    throw new OutputFolderError(`the output folder ${outdir} holds files that are not a previous render (${shown}; a render writes ${OUTPUT_MARKER} into its folder); give an empty or new folder, or, if it is an earlier render, delete it first`);
  }
}

/** The names of the lock and the leftovers beside one output folder. */
class OutputNames {
  public readonly parent: string;
  public readonly base: string;
  public readonly lock: string;

  constructor(public readonly target: string) {
    this.parent = path.dirname(target);
    this.base = path.basename(target);
    this.lock = path.join(this.parent, `.${this.base}${SUFFIX}lock`);
  }

  /** A new, unique staging or old-tree name. */
  public fresh(kind: 'new' | 'old'): string {
    return path.join(this.parent, `.${this.base}${SUFFIX}${kind}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  }

  /** Leftovers beside the output folder, by kind; `legacy` are the staging folders of earlier versions. */
  public leftovers(): { new: string[]; old: string[]; stale: string[]; legacy: string[] } {
    const out = { new: [] as string[], old: [] as string[], stale: [] as string[], legacy: [] as string[] };
    const prefix = `.${this.base}${SUFFIX}`;
    const legacy = new RegExp(`^\\.${escapeRegExp(this.base)}-staging-[A-Za-z0-9]{6}(-old)?$`);
    for (const name of attempt(`cannot list ${this.parent}`, () => fs.readdirSync(this.parent)).sort()) {
      const full = path.join(this.parent, name);
      if (name.startsWith(`${prefix}new-`)) out.new.push(full);
      else if (name.startsWith(`${prefix}old-`)) out.old.push(full);
      else if (name.startsWith(`${prefix}lock-stale-`)) out.stale.push(full);
      else if (legacy.test(name)) out.legacy.push(full);
    }
    return out;
  }
}

/**
 * Under the lock: when the output folder is missing because a render was killed between the two
 * renames of the fallback, renames the complete old tree back; then deletes every leftover.
 */
function recoverAndClean(names: OutputNames): string[] {
  const left = names.leftovers();
  if (!fs.existsSync(names.target)) {
    const complete = left.old.find((dir) => fs.existsSync(path.join(dir, OUTPUT_MARKER)));
    if (complete) {
      attempt(`cannot restore the previous render ${complete} to ${names.target}`, () => fs.renameSync(complete, names.target));
      left.old = left.old.filter((d) => d !== complete);
    }
  }
  // the old versions' staging folders hold the only copy when the output is missing: keep them then
  const legacy = fs.existsSync(names.target) ? left.legacy : [];
  const warnings: string[] = [];
  for (const leftover of [...left.new, ...left.old, ...left.stale, ...legacy]) {
    try {
      fs.rmSync(leftover, { recursive: true, force: true });
    } catch (e) {
      warnings.push(`cannot remove ${leftover}, left by an interrupted render (${errnoOf(e) ?? String(e)}); ${REMOVE_FIX}`);
    }
  }
  return warnings;
}

/** Puts the complete staging folder in place of the output folder; returns clean-up warnings. */
function swap(names: OutputNames, staging: string, tryExchange: boolean, step: (s: OutputFolderStep) => void): string[] {
  const { target } = names;
  if (!fs.existsSync(target)) {
    step('move-new');
    attempt(`cannot move the rendered folder ${staging} to ${target}`, () => fs.renameSync(staging, target));
    return [];
  }
  let previous: string;
  const exchange = tryExchange ? renameExchange() : undefined;
  let exchanged = false;
  if (exchange) {
    step('exchange');
    const errno = exchange(staging, target);
    if (errno === 0) exchanged = true;
    else if (!EXCHANGE_UNSUPPORTED.has(errno)) {
      throw new OutputFolderError(`cannot exchange ${staging} with ${target}: ${describeCode(ERRNO_NAMES[errno] ?? `errno ${errno}`)}; ${fixFor(ERRNO_NAMES[errno], names.parent)}`);
    }
  }
  if (exchanged) {
    previous = staging;
  } else {
    previous = names.fresh('old');
    step('move-old');
    attempt(`cannot move the previous render ${target} aside to ${previous}`, () => fs.renameSync(target, previous));
    try {
      step('move-new');
      attempt(`cannot move the rendered folder ${staging} to ${target}`, () => fs.renameSync(staging, target));
    } catch (e) {
      // put the previous render back; if even that fails, the next render does it
      if (!fs.existsSync(target)) {
        try {
          fs.renameSync(previous, target);
        } catch {
          // left for recoverAndClean
        }
      }
      throw e;
    }
  }
  try {
    step('remove-old');
    fs.rmSync(previous, { recursive: true, force: true });
    return [];
  } catch (e) {
    return [`the new render is in place, but the previous one at ${previous} cannot be removed (${errnoOf(e) ?? String(e)}); ${REMOVE_FIX}`];
  }
}

/** A held lock. */
interface Lock {
  /** Throws when another render took the lock over (it thought this one had crashed). */
  verify(): void;
  release(): void;
}

function acquireLock(names: OutputNames, timeoutMs: number): Lock {
  const token = `${process.pid} ${os.hostname()} ${crypto.randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    try {
      fs.writeFileSync(names.lock, token, { flag: 'wx' });
      break;
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST') throw fsError(e, `cannot create the lock ${names.lock}`, names.parent);
    }
    const held = readLock(names.lock);
    if (held !== undefined && ownerIsGone(held)) {
      breakStaleLock(names, held);
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = held ? describeOwner(held) : 'another render';
      throw new OutputFolderError(`${owner} is writing ${names.target} (lock ${names.lock}); wait for it to finish and run again, or delete the lock if no render is running`);
    }
    sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 250);
  }
  return {
    verify: () => {
      if (readLock(names.lock) !== token) {
        throw new OutputFolderError(`another render took over the lock ${names.lock} while this one ran, so this one stops without changing ${names.target}; run again`);
      }
    },
    release: () => {
      try {
        if (readLock(names.lock) === token) fs.unlinkSync(names.lock);
      } catch {
        // a lock left behind is taken over by the next render once this process is gone
      }
    },
  };
}

/** The lock's content, or undefined when it vanished. */
function readLock(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return undefined;
    throw fsError(e, `cannot read the lock ${file}`);
  }
}

/** True when the lock was written on this host by a process that no longer runs. */
function ownerIsGone(content: string): boolean {
  const [pid, host] = content.split(' ');
  // a lock being written right now has no content yet: not stale
  if (!/^[0-9]+$/.test(pid ?? '') || host !== os.hostname()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return errnoOf(e) === 'ESRCH';
  }
}

function describeOwner(content: string): string {
  const [pid, host] = content.split(' ');
  return /^[0-9]+$/.test(pid ?? '') ? `another render (pid ${pid} on ${host})` : 'another render';
}

/**
 * Removes a stale lock without removing a fresh one another process just created: the lock is renamed
 * to a unique name first (one process wins), and put back if it turns out not to be the stale one.
 */
function breakStaleLock(names: OutputNames, stale: string): void {
  const aside = path.join(names.parent, `.${names.base}${SUFFIX}lock-stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.renameSync(names.lock, aside);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return; // another process broke it first
    throw fsError(e, `cannot remove the stale lock ${names.lock}`, names.parent);
  }
  if (readLock(aside) !== stale) {
    try {
      fs.linkSync(aside, names.lock);
    } catch {
      // a newer lock exists: its owner wins, the one moved aside fails its verify()
    }
  }
  removeQuietly(aside);
}

/** The atomic exchange of two paths, returning 0 or the errno; undefined where it is unavailable. */
type Exchange = (a: string, b: string) => number;
let exchangeFn: Exchange | null | undefined;
const RENAME_EXCHANGE = 2;
const AT_FDCWD = -100;
/** EINVAL, ENOSYS, ENOTSUP/EOPNOTSUPP: the file system or kernel cannot exchange. */
const EXCHANGE_UNSUPPORTED = new Set([22, 38, 95]);
const ERRNO_NAMES: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 16: 'EBUSY', 18: 'EXDEV', 20: 'ENOTDIR', 21: 'EISDIR', 28: 'ENOSPC', 30: 'EROFS', 39: 'ENOTEMPTY' };

function renameExchange(): Exchange | undefined {
  if (exchangeFn !== undefined) return exchangeFn ?? undefined;
  exchangeFn = null;
  if (process.platform !== 'linux') return undefined;
  try {
    // optional dependency: without it, the fallback applies
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const koffi = require('koffi') as {
      load(lib: string): { func(signature: string): (...args: unknown[]) => number };
      errno(): number;
    };
    const renameat2 = koffi.load('libc.so.6').func('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)');
    exchangeFn = (a, b) => (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) === 0 ? 0 : koffi.errno());
  } catch {
    exchangeFn = null;
  }
  return exchangeFn ?? undefined;
}

/** True when the atomic exchange is available here (for tests and docs). */
export function atomicExchangeAvailable(): boolean {
  return renameExchange() !== undefined;
}

/** Refuses a path that is empty, absolute, or leaves (or escapes through `..`) the output folder. */
function checkedRelativePath(file: string): string[] {
  const parts = typeof file === 'string' ? file.split('/') : [];
  const why = typeof file !== 'string' || file === '' ? 'the path is empty'
    : file.includes('\0') ? 'the path contains a NUL character'
      : path.posix.isAbsolute(file) || path.win32.isAbsolute(file) ? 'the path is absolute'
        : file.includes('\\') ? 'the path contains "\\" (use "/")'
          : parts.includes('..') ? 'the path leaves the output folder through ".."'
            : parts.some((p) => p === '' || p === '.') ? 'the path has an empty or "." segment'
              : file === OUTPUT_MARKER ? `${OUTPUT_MARKER} is the render's own marker file`
                : undefined;
  if (why) throw new OutputFolderError(`refusing to write "${String(file)}": ${why}; give a relative path inside the output folder, e.g. docs/notes.md`);
  return parts;
}

/** Runs a file-system operation; an errno error becomes an {@link OutputFolderError} of one line. */
function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OutputFolderError || errnoOf(e) === undefined) throw e;
    throw fsError(e, what);
  }
}

function fsError(e: unknown, what: string, dir?: string): OutputFolderError {
  const code = errnoOf(e);
  return new OutputFolderError(`${what}: ${describeCode(code ?? String(e))}; ${fixFor(code, dir ?? dirOf(e))}`);
}

function dirOf(e: unknown): string | undefined {
  const p = (e as { path?: unknown })?.path;
  return typeof p === 'string' ? path.dirname(p) : undefined;
}

function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** Removing a tree fails on a file or folder this user may not delete; the errno of the recursive removal is often not that one's. */
const REMOVE_FIX = 'check the owner, mode and attributes (chattr -i) of what is in it, then delete it by hand (the next render tries again)';

const CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  ENOTEMPTY: 'the folder is not empty (another process changed it)',
  EEXIST: 'it already exists (another process created it)',
  EBUSY: 'it is in use (a mount point, or open in another program)',
  ENOENT: 'it does not exist (another process removed it)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EXDEV: 'the folders are on different file systems',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
  EIO: 'an input/output error',
};

function describeCode(code: string): string {
  return CODES[code] ? `${CODES[code]} (${code})` : code;
}

function fixFor(code: string | undefined, dir: string | undefined): string {
  const where = dir ?? 'the folder';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `make ${where} and the output folder writable for this user (or fix their owner), or give another output folder`;
    case 'EROFS':
      return `give an output folder on a writable file system`;
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space and run again';
    case 'ENOTEMPTY':
    case 'EEXIST':
    case 'ENOENT':
      return 'make sure nothing else writes the output folder at the same time, and run again';
    case 'EBUSY':
      return 'close what uses the output folder (or give one that is not a mount point) and run again';
    case 'EMFILE':
      return 'raise the open-files limit (ulimit -n) and run again';
    default:
      return 'fix the cause and run again, or give another output folder';
  }
}

function removeQuietly(p: string): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch {
    // removed by the next render
  }
}

function realPathOf(p: string): string {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      const up = path.dirname(existing);
      if (up === existing) return p;
      rest.push(path.basename(existing));
      existing = up;
    }
  }
}

/** True when `inner` is `outer` or below it. */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function safeReadlink(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '?';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
}
