import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A Git problem the user can fix (not a repository, unknown ref, output outside the repository). */
export class GitBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitBaseError';
  }
}

/** The output folder as committed at a revision. */
export interface CommittedOutput {
  /** The ref as given, or how the default was chosen (`merge base with origin/main`, `HEAD`). */
  readonly ref: string;
  /** The commit it names (full hash). */
  readonly commit: string;
  /** The output folder's path in the repository (POSIX), e.g. `dist`. */
  readonly folder: string;
  /** Its files, relative to the folder (POSIX) -> content. */
  readonly files: Map<string, string>;
}

const MAX_BUFFER = 1 << 30;

function git(cwd: string, args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } });
  if (r.error) {
    throw new GitBaseError((r.error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'git is not installed (plan reads the base output from Git); install git or compare two folders with --after'
      : `git ${args[0]} failed: ${r.error.message}`);
  }
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

const text = (b: Buffer) => b.toString('utf8').trim();

/** The nearest folder of `p` (itself or a parent) that exists. */
function existingFolder(p: string): string {
  let dir = p;
  while (!(fs.existsSync(dir) && fs.statSync(dir).isDirectory())) {
    const up = path.dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
  return dir;
}

/** The commit of `ref`, or undefined when it names none. */
function commitOf(top: string, ref: string): string | undefined {
  const r = git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return r.ok ? text(r.stdout) : undefined;
}

/** `--base` when given; otherwise the merge base with the current branch's upstream, else HEAD. */
function resolveBase(top: string, ref: string | undefined): { ref: string; commit: string } {
  if (ref !== undefined) {
    if (ref === '' || ref.startsWith('-')) throw new GitBaseError(`--base must name a Git ref (a branch, tag or commit), got "${ref}"`);
    const commit = commitOf(top, ref);
    if (!commit) throw new GitBaseError(`unknown Git ref "${ref}" in ${top}; give a branch, tag or commit that exists (git fetch it first in a shallow CI clone)`);
    return { ref, commit };
  }
  const upstream = git(top, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  if (upstream.ok) {
    const base = git(top, ['merge-base', 'HEAD', '@{upstream}']);
    if (base.ok) return { ref: `merge base with ${text(upstream.stdout)}`, commit: text(base.stdout) };
  }
  const head = commitOf(top, 'HEAD');
  if (!head) throw new GitBaseError(`the repository ${top} has no commit yet; commit the rendered output first, or give --base`);
  return { ref: 'HEAD', commit: head };
}

/** Splits `git cat-file --batch` output into the blobs' contents, in request order. */
function parseBatch(out: Buffer, count: number): string[] {
  const contents: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    if (eol < 0 || header[1] !== 'blob') throw new GitBaseError(`git cat-file returned "${header.join(' ')}" instead of a file`);
    const size = Number(header[2]);
    contents.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return contents;
}

/**
 * The output folder `dir` (a path in a Git working tree, e.g. `dist`) as committed at `ref`
 * (default: the merge base with the upstream branch, else HEAD). Reads the tree with one
 * `git ls-tree` and every file with one `git cat-file --batch`: the working tree is not read, so a
 * freshly rendered, uncommitted or committed `dist/` on a branch is compared with the base's. A
 * folder that does not exist at `ref` gives no files. Throws {@link GitBaseError} for what the user
 * can fix.
 */
export function readCommittedOutput(dir: string, ref?: string): CommittedOutput {
  const target = path.resolve(dir);
  const start = existingFolder(target);
  const top = git(start, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new GitBaseError(`${dir} is not in a Git repository; plan compares with the output committed at --base (or compare two folders with --after)`);
  const root = text(top.stdout);
  // compare real paths: the temporary folder or the checkout may sit behind a symbolic link
  const real = path.join(fs.realpathSync(start), path.relative(start, target));
  const folder = path.relative(fs.realpathSync(root), real).split(path.sep).join('/');
  if (folder.startsWith('..') || path.isAbsolute(folder)) throw new GitBaseError(`${dir} is outside the Git repository ${root}; give the output folder inside it with --dist`);
  const base = resolveBase(root, ref);
  const prefix = folder === '' ? '' : `${folder}/`;
  const list = git(root, ['ls-tree', '-r', '-z', '--full-tree', base.commit, '--', ...(folder === '' ? [] : [folder])]);
  if (!list.ok) throw new GitBaseError(`git ls-tree ${base.commit} failed: ${list.stderr}`);
  const entries = list.stdout.toString('utf8').split('\0').filter((e) => e !== '').map((e) => {
    const [meta, file] = [e.slice(0, e.indexOf('\t')), e.slice(e.indexOf('\t') + 1)];
    const [mode, type, object] = meta.split(' ');
    return { mode, type, object, file };
  }).filter((e) => e.type === 'blob' && e.mode !== '120000' && e.file.startsWith(prefix));
  const files = new Map<string, string>();
  if (entries.length > 0) {
    const batch = git(root, ['cat-file', '--batch'], Buffer.from(entries.map((e) => `${e.object}\n`).join('')));
    if (!batch.ok) throw new GitBaseError(`git cat-file failed: ${batch.stderr}`);
    parseBatch(batch.stdout, entries.length).forEach((content, i) => files.set(entries[i].file.slice(prefix.length), content));
  }
  return { ref: base.ref, commit: base.commit, folder, files };
}
