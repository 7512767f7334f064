import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../../src/validate/yaml-files';

// Issue 13, "Done when": a separate cdk8s TypeScript app on other patch versions of cdk8s and constructs
// installs the packed tarball, type-checks a 3-cluster fleet written against the public API, renders it
// with the package's bin (and under `cdk8s synth`), validates and plans it. Slow (npm pack + npm install
// from the registry, ~1 min): CI runs it, `SKIP_PACK_TEST=1 npm test` skips it locally.
const ROOT = path.resolve(__dirname, '../..');
const SKIP = process.env.SKIP_PACK_TEST === '1';
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const devVersion = (name: string): string => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies[name];

// Released patch versions other than the repository's own (cdk8s 2.70.106, constructs 10.8.1), inside the
// peer ranges: with exact-pinned dependencies the package brought its own copies and a consumer's `Chart`
// failed with "TS2345 ... separate declarations of a private property".
const CONSUMER = { cdk8s: '2.70.104', constructs: '10.8.0', 'cdk8s-plus-28': '2.5.6' };

/** The child's environment without the npm_* variables of the `npm test` that runs jest (they retarget npm). */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !k.startsWith('CDK8S_')) env[k] = v;
  return { ...env, ...extra };
}

function run(cwd: string, command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: childEnv(extraEnv), maxBuffer: 64 * 1024 * 1024 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error || r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.error ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Every file below `dir` with its content. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

// A 3-cluster fleet as a user writes it: only the package's public entry point, the user's own cdk8s
// objects added to a cluster's chart, and the constructs in a plain cdk8s chart of the user's cdk8s.
const FLEET_TS = `import { ApiObject, App, Chart } from 'cdk8s';
import { Fleet, IcDatabase, IcServer, InterconnectedCluster, KubeOvnImage } from 'cdk8s-ovn-ic';

export default function buildFleet(): Fleet {
  const fleet = new Fleet();
  const clusters = [1, 2, 3].map((i) => fleet.addCluster(\`az\${i}\`, {
    podCidr: \`10.\${15 + i}.0.0/16\`,
    joinCidr: \`100.\${63 + i}.0.0/16\`,
    serviceCidr: '10.96.0.0/12',
    masterNodeIps: [\`192.168.\${64 + i}.1\`],
    gatewayNodes: [\`az\${i}-gw1\`, \`az\${i}-gw2\`, \`az\${i}-gw3\`],
  }));
  const icDatabase = clusters[0].addIcServer({
    nodeIps: ['192.168.65.1'],
    image: KubeOvnImage.of({ registry: 'registry.example/kubeovn', tag: 'v1.13.15' }),
  });
  for (const cluster of clusters) cluster.interconnect({ icDatabase });
  clusters[2].addConstructs((chart) => {
    new ApiObject(chart, 'TeamConfig', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-config', namespace: 'kube-system' }, data: { team: 'network' },
    });
  });
  fleet.deliverWithArgoCd({ repoUrl: 'https://git.example.com/platform/fleet.git', revision: 'main', namespace: 'argocd' });
  return fleet;
}

/** The same constructs in a plain chart of the consumer's own cdk8s (type-checked, not run). */
export function plainChart(): App {
  const app = new App();
  const chart = new Chart(app, 'az1');
  const server = new IcServer(chart, 'IcServer', { nodeIps: ['192.168.65.1'], tsNum: 1 });
  new InterconnectedCluster(chart, 'Interconnection', {
    cluster: { name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12',
      masterNodeIps: ['192.168.65.1'], gatewayNodes: ['az1-gw'] },
    icDatabase: IcDatabase.fromServer(server),
  });
  return app;
}
`;

// A mistake only the renderer finds: the fleet must not render, and the committed output must stay as it is.
const BAD_FLEET_JS = `const { Fleet } = require('cdk8s-ovn-ic');
module.exports.buildFleet = () => {
  const fleet = new Fleet();
  fleet.addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.16.0.0/12', masterNodeIps: ['192.168.65.1'] });
  return fleet;
};
`;

(SKIP ? describe.skip : describe)('the packed package in a separate cdk8s app (SKIP_PACK_TEST=1 skips)', () => {
  jest.setTimeout(10 * 60_000);
  let work: string;
  let app: string;
  let packed: string[];

  beforeAll(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-consumer-')));
    ok(run(ROOT, 'npm', ['run', 'build']), 'npm run build');
    const pack = JSON.parse(ok(run(ROOT, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work]), 'npm pack'));
    packed = (pack[0].files as { path: string }[]).map((f) => f.path).sort();
    const tarball = path.join(work, pack[0].filename as string);

    app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({
      name: 'my-fleet',
      version: '1.0.0',
      private: true,
      dependencies: { 'cdk8s-ovn-ic': `file:${tarball}`, ...CONSUMER },
      devDependencies: { '@types/node': devVersion('@types/node'), typescript: devVersion('typescript') },
    }, null, 2)}\n`);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, outDir: '.', rootDir: '.', types: ['node'] },
      files: ['fleet.ts'],
    }, null, 2)}\n`);
    fs.writeFileSync(path.join(app, 'fleet.ts'), FLEET_TS);
    fs.writeFileSync(path.join(app, 'bad-fleet.js'), BAD_FLEET_JS);
    ok(run(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']), 'npm install in the consumer app');
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const bin = (...args: string[]) => run(app, 'npx', ['--no-install', 'cdk8s-ovn-ic', ...args]);

  test('the tarball ships the library, its types, the schema bundle, the bin and the linked docs; no app, bench, test, build info or raw imports', () => {
    expect(packed).toEqual(expect.arrayContaining([
      'README.md', 'package.json', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/bin.js', 'lib/src/validate/worker.js',
      'lib/imports/kubeovn.io.js', 'lib/imports/kubeovn.io.d.ts', 'schemas/index.json', 'docs/day2.md', 'bench/RESULTS.md', 'src/default-fleet.ts',
    ]));
    const unwanted = packed.filter((f) => f === 'lib/main.js' || f.startsWith('lib/bench/') || f.startsWith('lib/test/')
      || f.endsWith('.tsbuildinfo') || /^imports\/.*\.ts$/.test(f) || /^lib\/.*\.ts$/.test(f.replace(/\.d\.ts$/, '.js'))
      || f.startsWith('lib/src/default-fleet.') || f.startsWith('lib/src/plan/cli.') || f.startsWith('test/') || f.startsWith('node_modules/'));
    expect(unwanted).toEqual([]);
    // every relative link of a shipped Markdown file resolves inside the package
    const broken: string[] = [];
    for (const md of packed.filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(app, 'node_modules', 'cdk8s-ovn-ic', md), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (target === '' || /^[a-z]+:/i.test(target)) continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(md), target)).replace(/\/$/, '');
        if (!packed.some((f) => f === resolved || f.startsWith(`${resolved}/`))) broken.push(`${md}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('cdk8s and constructs are the consumer\'s own patch versions, installed once (peer dependencies)', () => {
    const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(app, 'node_modules', dir, 'package.json'), 'utf8')).version;
    expect(version('cdk8s')).toBe(CONSUMER.cdk8s);
    expect(version('constructs')).toBe(CONSUMER.constructs);
    expect(CONSUMER.cdk8s).not.toBe(devVersion('cdk8s'));
    expect(CONSUMER.constructs).not.toBe(devVersion('constructs'));
    for (const dep of ['cdk8s', 'constructs', 'cdk8s-plus-28']) {
      expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s-ovn-ic', 'node_modules', dep))).toBe(false);
    }
  });

  test('the fleet type-checks against the public API and the consumer\'s cdk8s, renders with the bin, validates and plans clean', () => {
    ok(run(app, 'npx', ['--no-install', 'tsc', '-p', '.']), 'tsc in the consumer app');

    const rendered = bin('render', 'fleet.js', '--out', 'dist');
    expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(/^rendered \d+ files into dist\n$/) });
    const files = Object.keys(tree(path.join(app, 'dist')));
    for (const cluster of ['az1', 'az2', 'az3']) {
      expect(files).toContain(`clusters/${cluster}/ConfigMap.kube-system.ovn-ic-config.k8s.yaml`);
      expect(files).toContain(`argocd/Application.argocd.${cluster}.k8s.yaml`);
    }
    expect(files).toEqual(expect.arrayContaining(['clusters/az1/Deployment.kube-system.ovn-ic-server.k8s.yaml', 'clusters/az3/ConfigMap.kube-system.team-config.k8s.yaml']));
    expect(fs.readFileSync(path.join(app, 'dist/clusters/az2/ConfigMap.kube-system.ovn-ic-config.k8s.yaml'), 'utf8'))
      .toMatch(/ic-db-host: 192\.168\.65\.1\n/);

    const validated = bin('validate', 'dist');
    expect(validated.status).toBe(0);
    expect(validated.stdout).toMatch(/^validated \d+ documents in \d+ files: 0 problems\n$/);

    // plan compares with the committed output: commit the render, then nothing is pending
    for (const args of [['init', '-q'], ['add', 'dist'], ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'render']]) {
      ok(run(app, 'git', args), `git ${args.join(' ')}`);
    }
    const planned = bin('plan', 'fleet.js', '--dist', 'dist');
    expect({ status: planned.status, stderr: planned.stderr }).toEqual({ status: 0, stderr: '' });

    // a bad fleet: every problem printed, exit 1, the committed output byte-identical
    const before = tree(path.join(app, 'dist'));
    const bad = bin('render', 'bad-fleet.js', '--out', 'dist');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/serviceCidr/);
    expect(bad.stderr).toMatch(/nothing was written, dist is unchanged\n$/);
    expect(tree(path.join(app, 'dist'))).toEqual(before);

    // under the cdk8s CLI (the consumer's cdk8s.yaml runs the bin): dist/ rendered in place, a copy in the scratch folder
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), 'language: typescript\napp: npx --no-install cdk8s-ovn-ic render fleet.js\noutput: .cdk8s-synth\n');
    ok(run(app, process.execPath, [CDK8S_CLI, 'synth']), 'cdk8s synth in the consumer app');
    expect(tree(path.join(app, 'dist'))).toEqual(before);
    expect(Object.keys(tree(path.join(app, '.cdk8s-synth')))).toEqual(expect.arrayContaining(files));
  });
});
