import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OUTPUT_MARKER, OutputFolderError, renderFleet, runRender } from '../../src';
import { appOutput } from '../../src/fleet/cli';
import { atomicExchangeAvailable, checkOutputFolder, OUTPUT_MARKER_CONTENT, OutputFolderStep, writeOutputFolder } from '../../src/fleet/output-folder';
import { twoClusterFleet } from '../support/fleets';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'fixtures', 'output-folder-child.ts');
const REGISTER = path.join(ROOT, 'test', 'support', 'register-ts.js');

/** Every file and folder below `dir` (folders end in `/`), with contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[`${child}/`] = '';
        walk(child);
      } else {
        out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
      }
    }
  };
  walk('');
  return out;
}

/** A render's files: `count` files in nested folders, each naming its variant. */
function files(variant: string, count = 20): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`clusters/c${i % 4}/file-${String(i).padStart(3, '0')}.yaml`] = `variant: ${variant}\nindex: ${i}\n`;
  out['README.md'] = `# render ${variant}\n`;
  return out;
}

/** What a complete render of `variant` looks like on disk. */
function expected(variant: string, count = 20): Record<string, string> {
  const out: Record<string, string> = { [OUTPUT_MARKER]: OUTPUT_MARKER_CONTENT };
  for (const [file, content] of Object.entries(files(variant, count))) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) out[`${parts.slice(0, i).join('/')}/`] = '';
    out[file] = content;
  }
  return out;
}

function write(outdir: string, variant: string, options: Parameters<typeof writeOutputFolder>[2] = {}) {
  return writeOutputFolder(outdir, (emit) => {
    for (const [file, content] of Object.entries(files(variant))) emit(file, content);
  }, options);
}

function child(args: object): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(args)], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function childAsync(args: object): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(args)], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Makes `dir` unwritable even for root (immutable attribute), or for others by its mode; returns the undo. */
function makeReadOnly(dir: string): () => void {
  if (spawnSync('chattr', ['+i', dir]).status === 0) return () => { spawnSync('chattr', ['-i', dir]); };
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o555);
    return () => fs.chmodSync(dir, 0o755);
  }
  throw new Error('cannot make a folder read-only on this machine (root without chattr)');
}

const MODES = [true, false].map((atomicExchange) => ({ atomicExchange, name: atomicExchange ? 'RENAME_EXCHANGE' : 'two-rename fallback' }));

describe('output folder', () => {
  let tmp: string;
  beforeEach(() => { tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-outdir-'))); });
  afterEach(() => {
    spawnSync('chattr', ['-R', '-i', tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the atomic exchange is used where the platform has it', () => {
    // Linux renameat2(2) with RENAME_EXCHANGE, through the optional koffi dependency that npm ci installs
    if (process.platform === 'linux') expect(atomicExchangeAvailable()).toBe(true);
  });

  describe('is checked before anything is written', () => {
    let repo: string;
    let work: string;
    let before: Record<string, string>;
    beforeEach(() => {
      repo = path.join(tmp, 'repo');
      work = path.join(repo, 'work');
      fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
      fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      fs.mkdirSync(path.join(repo, 'src'));
      fs.writeFileSync(path.join(repo, 'src', 'index.ts'), 'export {};\n');
      fs.mkdirSync(work);
      fs.writeFileSync(path.join(work, 'notes.md'), 'mine\n');
      write(path.join(repo, 'dist'), 'old');
      fs.writeFileSync(path.join(repo, 'a-file'), 'x\n');
      before = tree(tmp);
    });

    const refused: Array<[string, (r: string, w: string) => { outdir: string; cwd: string }, RegExp]> = [
      ['an empty name', (r) => ({ outdir: '', cwd: r }), /^the output folder is empty \(""\); give a folder such as dist/],
      ['"."', (r) => ({ outdir: '.', cwd: r }), /is the current directory; a render replaces its whole output folder, give a subfolder such as dist$/],
      ['the current directory by its absolute path', (_r, w) => ({ outdir: w, cwd: w }), /is the current directory/],
      ['"./"', (_r, w) => ({ outdir: './', cwd: w }), /is the current directory/],
      ['the parent ".."', (_r, w) => ({ outdir: '..', cwd: w }), /is a parent of the current directory .*\/repo\/work; a render replaces/],
      ['a grandparent by absolute path', (_r, w) => ({ outdir: path.dirname(path.dirname(w)), cwd: w }), /is a parent of the current directory/],
      ['the repository root seen from elsewhere', (r) => ({ outdir: r, cwd: os.tmpdir() }), /is a repository root \(it holds \.git\)/],
      ['a folder that is not a previous render', (r) => ({ outdir: 'src', cwd: r }), /holds files that are not a previous render \(index\.ts; a render writes \.cdk8s-ovn-ic into its folder\)/],
      ['a regular file in the way', (r) => ({ outdir: 'a-file', cwd: r }), /^the output folder a-file is a file, not a folder; move the file away or give another output folder$/],
      ['a file system root', (r) => ({ outdir: '/', cwd: r }), /is a file system root/],
    ];
    test.each(refused)('refuses %s and leaves dist/ and the work tree untouched', (_name, setup, message) => {
      const { outdir, cwd } = setup(repo, work);
      let error: unknown;
      try {
        writeOutputFolder(outdir, (emit) => emit('x.yaml', 'x: 1\n'), { cwd });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutputFolderError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect(tree(tmp)).toEqual(before);
    });

    test('renderFleet and runRender refuse "" and "." the same way, with one line and exit 1', () => {
      const cwd = process.cwd();
      process.chdir(work);
      try {
        expect(() => renderFleet(twoClusterFleet().fleet, '')).toThrow(OutputFolderError);
        expect(() => renderFleet(twoClusterFleet().fleet, '.')).toThrow(OutputFolderError);
        const lines: string[] = [];
        expect(runRender(() => twoClusterFleet().fleet, '..', (l) => lines.push(l))).toBe(1);
        expect(lines).toEqual([expect.stringMatching(/^error: the output folder \.\. \(.*\/repo\) is a parent of the current directory/)]);
      } finally {
        process.chdir(cwd);
      }
      expect(tree(tmp)).toEqual(before);
    });

    test('a symbolic link is refused; a missing or empty folder and a previous render are accepted', () => {
      fs.symlinkSync(path.join(repo, 'dist'), path.join(repo, 'link'));
      expect(() => checkOutputFolder('link', repo)).toThrow(/^the output folder link is a symbolic link \(to .*dist\); a render replaces the folder itself, give the real folder instead$/);
      fs.mkdirSync(path.join(repo, 'empty'));
      expect(checkOutputFolder('empty', repo)).toBe(path.join(repo, 'empty'));
      expect(checkOutputFolder('new/deeper', repo)).toBe(path.join(repo, 'new', 'deeper'));
      expect(checkOutputFolder('dist', repo)).toBe(path.join(repo, 'dist'));
      expect(checkOutputFolder('dist', work)).toBe(path.join(work, 'dist'));
    });

    test('an empty CDK8S_OUTDIR means dist', () => {
      expect(appOutput({ env: { CDK8S_OUTDIR: '' } })).toEqual({ outdir: 'dist', cliDeletedOutdir: false });
      expect(appOutput({ env: {} })).toEqual({ outdir: 'dist', cliDeletedOutdir: false });
    });
  });

  describe.each(MODES)('swap ($name)', ({ atomicExchange }) => {
    const steps: OutputFolderStep[] = atomicExchange
      ? ['lock', 'clean', 'stage', 'marker', 'verify-lock', 'exchange', 'remove-old', 'unlock']
      : ['lock', 'clean', 'stage', 'marker', 'verify-lock', 'move-old', 'move-new', 'remove-old', 'unlock'];

    test('runs exactly these steps', () => {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      const seen: OutputFolderStep[] = [];
      write(out, 'new', { atomicExchange, beforeStep: (s) => seen.push(s) });
      expect(seen).toEqual(steps);
      expect(tree(out)).toEqual(expected('new'));
    });

    test.each(steps)('a failure before step %s leaves the old or the new complete tree and nothing else', (step) => {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      const failure = Object.assign(new Error(`injected before ${step}`), { code: 'EIO' });
      let result: unknown;
      try {
        result = write(out, 'new', { atomicExchange, beforeStep: (s) => { if (s === step) throw failure; } });
      } catch (e) {
        result = e;
      }
      const after = tree(out);
      // before the exchange (or the second rename) the old tree stays; from removing the old one on, the new one is in place
      const isNew = step === 'remove-old' || step === 'unlock';
      expect(after).toEqual(expected(isNew ? 'new' : 'old'));
      // no staging folder, old tree or lock left (an old tree that could not be removed waits for the next render)
      if (step !== 'remove-old') expect(fs.readdirSync(tmp)).toEqual(['dist']);
      if (step === 'remove-old') expect((result as { warnings: string[] }).warnings).toEqual([expect.stringMatching(/^the new render is in place, but the previous one at .* cannot be removed \(EIO\); check the owner/)]);
      else expect(result).toBe(failure);
      write(out, 'third', { atomicExchange });
      expect(tree(out)).toEqual(expected('third'));
      expect(fs.readdirSync(tmp)).toEqual(['dist']);
    });

    test.each(steps)('a kill (SIGKILL) before step %s leaves a complete tree, and the next render cleans up', (step) => {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      const r = child({ outdir: out, files: files('new'), killAt: step, atomicExchange });
      expect(r.signal).toBe('SIGKILL');
      const isNew = step === 'remove-old' || step === 'unlock';
      if (!atomicExchange && step === 'move-new') {
        // the fallback's one window: between its two renames the output path is missing, the complete old tree
        // waits beside it, and the next render (here one that fails) puts it back before anything else
        expect(fs.existsSync(out)).toBe(false);
        const old = fs.readdirSync(tmp).filter((n) => n.startsWith('.dist.cdk8s-ovn-ic-old-'));
        expect(old).toHaveLength(1);
        expect(tree(path.join(tmp, old[0]))).toEqual(expected('old'));
      } else {
        expect(tree(out)).toEqual(expected(isNew ? 'new' : 'old'));
      }
      expect(() => writeOutputFolder(out, () => { throw new Error('bad fleet'); }, { atomicExchange })).toThrow('bad fleet');
      expect(tree(out)).toEqual(expected(isNew ? 'new' : 'old'));
      expect(fs.readdirSync(tmp)).toEqual(['dist']); // the crashed render's staging folder, old tree and lock are gone
    });

    test('two renders at once never crash or mix: the second waits for the first', async () => {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      const [a, b] = await Promise.all([
        childAsync({ outdir: out, files: files('a'), atomicExchange, delayMs: 30 }),
        childAsync({ outdir: out, files: files('b'), atomicExchange, delayMs: 30 }),
      ]);
      expect([a, b]).toEqual([{ code: 0, stdout: 'ok 21\n', stderr: '' }, { code: 0, stdout: 'ok 21\n', stderr: '' }]);
      expect([expected('a'), expected('b')]).toContainEqual(tree(out));
      expect(fs.readdirSync(tmp)).toEqual(['dist']);
    }, 60_000);
  });

  test('a render that cannot get the lock in time says who holds it, and changes nothing', () => {
    const out = path.join(tmp, 'dist');
    write(out, 'old');
    const lock = path.join(tmp, '.dist.cdk8s-ovn-ic-lock');
    // a live process on this host: this test's own
    fs.writeFileSync(lock, `${process.pid} ${os.hostname()} 0123456789abcdef\n`);
    expect(() => write(out, 'new', { lockTimeoutMs: 100 })).toThrow(new OutputFolderError(
      `another render (pid ${process.pid} on ${os.hostname()}) is writing ${out} (lock ${lock}); wait for it to finish and run again, or delete the lock if no render is running`,
    ));
    expect(tree(out)).toEqual(expected('old'));
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid} ${os.hostname()} 0123456789abcdef\n`);
    const r = child({ outdir: out, files: files('new'), atomicExchange: true, lockTimeoutMs: 100 });
    expect(r).toMatchObject({ status: 1, stdout: expect.stringMatching(/^another render \(pid \d+ on .*\) is writing .* wait for it to finish/), stderr: '' });
  });

  test('leftovers of crashed renders (and of earlier versions) are removed, and .gitignore covers them', () => {
    const out = path.join(tmp, 'dist');
    write(out, 'old');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const leftovers = [
      '.dist.cdk8s-ovn-ic-new-123-0a1b2c3d/clusters/x.yaml',
      '.dist.cdk8s-ovn-ic-old-123-0a1b2c3d/README.md',
      '.dist.cdk8s-ovn-ic-lock-stale-9-00ff00ff',
      '.dist-staging-AbC123/clusters/x.yaml',
      '.dist-staging-AbC123-old/README.md',
    ];
    for (const l of leftovers) {
      fs.mkdirSync(path.dirname(path.join(tmp, l)), { recursive: true });
      fs.writeFileSync(path.join(tmp, l), 'x\n');
    }
    fs.writeFileSync(path.join(tmp, '.dist.cdk8s-ovn-ic-lock'), `${dead} ${os.hostname()} feedfacefeedface\n`); // its owner is gone
    fs.writeFileSync(path.join(tmp, 'unrelated'), 'keep\n');
    write(out, 'new');
    expect(tree(out)).toEqual(expected('new'));
    expect(fs.readdirSync(tmp).sort()).toEqual(['dist', 'unrelated']);
    // folders with a trailing "/": git matches folder patterns only against folders
    const names = ['.dist.cdk8s-ovn-ic-new-123-0a1b2c3d/', '.dist.cdk8s-ovn-ic-old-123-0a1b2c3d/', '.dist.cdk8s-ovn-ic-lock-stale-9-00ff00ff',
      '.dist.cdk8s-ovn-ic-lock', '.dist-staging-AbC123/', '.dist-staging-AbC123-old/', '.cdk8s-synth/'];
    const ignored = spawnSync('git', ['check-ignore', '--no-index', ...names], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.stdout.trim().split('\n')).toEqual(names);
    const marker = spawnSync('git', ['check-ignore', '--no-index', 'dist/.cdk8s-ovn-ic'], { cwd: ROOT });
    expect(marker.status).toBe(1); // the marker itself is committed
  });

  test('files and folders get the normal modes the umask gives, not 0700', () => {
    const previous = process.umask(0o027);
    try {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      write(out, 'new');
      const mode = (p: string) => fs.statSync(path.join(out, p)).mode & 0o777;
      expect([mode(''), mode('clusters'), mode('clusters/c1'), mode('README.md'), mode(OUTPUT_MARKER)]).toEqual([0o750, 0o750, 0o750, 0o640, 0o640]);
    } finally {
      process.umask(previous);
    }
  });

  test.each([
    ['../outside.md', /^refusing to write "\.\.\/outside\.md": the path leaves the output folder through "\.\."; give a relative path inside the output folder, e.g\. docs\/notes\.md$/],
    ['docs/../../outside.md', /leaves the output folder/],
    ['/tmp/outside.md', /the path is absolute/],
    ['C:\\outside.md', /the path is absolute/],
    ['docs\\outside.md', /contains "\\"/],
    ['./outside.md', /empty or "\." segment/],
    ['docs//outside.md', /empty or "\." segment/],
    ['', /the path is empty/],
    [OUTPUT_MARKER, /the render's own marker file/],
  ])('refuses the emitted path %j and changes nothing', (file, message) => {
    const out = path.join(tmp, 'out', 'dist');
    write(out, 'old');
    expect(() => writeOutputFolder(out, (emit) => emit(file, 'escaped\n'))).toThrow(message);
    expect(tree(tmp)).toEqual(Object.fromEntries([['out/', ''], ['out/dist/', ''], ...Object.entries(expected('old')).map(([k, v]) => [`out/dist/${k}`, v])]));
  });

  test('two files for one path are one line, not EEXIST', () => {
    expect(() => writeOutputFolder(path.join(tmp, 'dist'), (emit) => { emit('a.yaml', '1'); emit('a.yaml', '2'); }))
      .toThrow(new OutputFolderError('two files of the render are written to a.yaml; give one of them another path'));
  });

  describe('file-system failures are one line that says what to do', () => {
    test('a read-only parent', () => {
      const parent = path.join(tmp, 'ro');
      fs.mkdirSync(parent);
      write(path.join(parent, 'dist'), 'old');
      const undo = makeReadOnly(parent);
      try {
        const lines: string[] = [];
        expect(runRender(() => twoClusterFleet().fleet, path.join(parent, 'dist'), (l) => lines.push(l))).toBe(1);
        expect(lines).toEqual([expect.stringMatching(new RegExp(
          `^error: cannot create the lock ${parent}/\\.dist\\.cdk8s-ovn-ic-lock: (operation not permitted \\(EPERM\\)|permission denied \\(EACCES\\)); make ${parent} and the output folder writable for this user \\(or fix their owner\\), or give another output folder$`,
        ))]);
      } finally {
        undo();
      }
      expect(tree(path.join(parent, 'dist'))).toEqual(expected('old'));
    });

    test('a folder that cannot be created', () => {
      fs.writeFileSync(path.join(tmp, 'file'), 'x');
      expect(() => write(path.join(tmp, 'file', 'dist'), 'new')).toThrow(/^cannot read the output folder .*\/file\/dist: a part of the path is a file, not a folder \(ENOTDIR\); fix the cause and run again, or give another output folder$/);
    });

    test('an old tree that cannot be removed (an undeletable folder) is swapped out, with a warning, exit 0', () => {
      const out = path.join(tmp, 'dist');
      write(out, 'old');
      // a root-owned or immutable folder in the old tree: the swap succeeds, removing the old tree does not
      const undo = makeReadOnly(path.join(out, 'clusters', 'c1'));
      let result: { warnings: string[] };
      try {
        result = write(out, 'new');
      } finally {
        undo(); // the old tree's folder is gone from dist/: unlock every copy
        for (const leftover of fs.readdirSync(tmp).filter((n) => n.startsWith('.dist.'))) {
          spawnSync('chattr', ['-R', '-i', path.join(tmp, leftover)]);
          if (process.getuid?.() !== 0) fs.chmodSync(path.join(tmp, leftover, 'clusters', 'c1'), 0o755);
        }
      }
      expect(tree(out)).toEqual(expected('new'));
      expect(result.warnings).toEqual([expect.stringMatching(/^the new render is in place, but the previous one at .*\/\.dist\.cdk8s-ovn-ic-(new|old)-[^ ]+ cannot be removed \(E[A-Z]+\); check the owner, mode and attributes \(chattr -i\) of what is in it, then delete it by hand \(the next render tries again\)$/)]);
      write(out, 'third');
      expect(fs.readdirSync(tmp)).toEqual(['dist']); // the next render removed it
    });
  });
});
