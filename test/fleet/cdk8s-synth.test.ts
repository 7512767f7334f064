import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `cdk8s synth` deletes its output folder before it runs the app (cdk8s-cli lib/cli/cmds/synth.js:
// `fs.rmSync(outdir, { recursive: true, force: true })`, outdir = --output ?? cdk8s.yaml `output` ?? 'dist',
// then the app runs with CDK8S_OUTDIR=outdir). These tests run the real CLI on a Git repository with a
// committed dist/, the project's cdk8s.yaml and .gitignore, and main.ts's entry point (runApp).
const ROOT = path.resolve(__dirname, '../..');
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
// the CLI runs `app` through a shell but passes no quotes on: these paths have no spaces
const APP = `${process.execPath} -r ${path.join(ROOT, 'test', 'support', 'register-ts.js')} ${path.join(__dirname, 'fixtures', 'synth-app.ts')}`;

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), 'latin1');
    }
  };
  walk('');
  return out;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A repository with the project's committed dist/, its .gitignore and `cdk8s.yaml` (or the given one). */
function repository(cdk8sYaml?: string): string {
  const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-cdk8s-synth-')));
  git(repo, 'init', '-q');
  fs.cpSync(path.join(ROOT, 'dist'), path.join(repo, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, '.gitignore'), path.join(repo, '.gitignore'));
  fs.writeFileSync(path.join(repo, 'cdk8s.yaml'), cdk8sYaml ?? fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'rendered');
  return repo;
}

function synth(repo: string, broken: boolean, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, BROKEN_FLEET: broken ? '1' : '0' };
  delete env.CDK8S_OUTDIR;
  const r = spawnSync(process.execPath, [CDK8S, 'synth', '--app', APP, ...args], { cwd: repo, env, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('cdk8s synth', () => {
  const repos: string[] = [];
  const track = (repo: string) => (repos.push(repo), repo);
  afterAll(() => { for (const r of repos) fs.rmSync(r, { recursive: true, force: true }); });

  test('with a bad fleet leaves the committed dist/ byte-identical, and says so truthfully', () => {
    const repo = track(repository());
    const before = tree(path.join(repo, 'dist'));
    const r = synth(repo, true);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('2 problems found; nothing was written, dist is unchanged');
    expect(tree(path.join(repo, 'dist'))).toEqual(before);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 60_000);

  test('renders into dist/ atomically and leaves the same tree in the CLI\'s scratch folder', () => {
    const repo = track(repository());
    fs.rmSync(path.join(repo, 'dist', 'README.md')); // stale: the render brings it back
    const r = synth(repo, false);
    expect(r.output).toContain('rendered 82 files into dist (and a copy into .cdk8s-synth for the cdk8s CLI)');
    expect(r.output).toContain('  - .cdk8s-synth/clusters/az1/ConfigMap.kube-system.ovn-ic-config.k8s.yaml'); // the CLI lists its folder
    expect(r.status).toBe(0);
    expect(tree(path.join(repo, 'dist'))).toEqual(tree(path.join(ROOT, 'dist')));
    expect(tree(path.join(repo, '.cdk8s-synth'))).toEqual(tree(path.join(ROOT, 'dist')));
    expect(git(repo, 'status', '--porcelain')).toBe(''); // the scratch folder is ignored
  }, 60_000);

  test('--output DIR renders the same tree as dist/ into DIR only', () => {
    const repo = track(repository());
    fs.writeFileSync(path.join(repo, 'dist', 'README.md'), 'stale\n');
    const r = synth(repo, false, '--output', path.join(repo, 'check'));
    expect(r.status).toBe(0);
    expect(r.output).toContain(`rendered 82 files into ${path.join(repo, 'check')}\n`);
    expect(tree(path.join(repo, 'check'))).toEqual(tree(path.join(ROOT, 'dist')));
    expect(fs.readFileSync(path.join(repo, 'dist', 'README.md'), 'utf8')).toBe('stale\n'); // a check never refreshes dist/
  }, 60_000);

  test('a consumer\'s cdk8s.yaml with output: dist: the CLI deletes dist/, a failed render restores it from Git and says so', () => {
    const repo = track(repository('app: unused\noutput: dist\n'));
    const before = tree(path.join(repo, 'dist'));
    const r = synth(repo, true);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('2 problems found; nothing was written; the cdk8s CLI deleted dist before it ran the app, and its files tracked by Git are restored from the Git index (set output: .cdk8s-synth in cdk8s.yaml and render into dist from the app to keep the CLI away from it)');
    expect(tree(path.join(repo, 'dist'))).toEqual(before);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 60_000);
});
