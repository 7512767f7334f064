import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { foreignObject, render } from '../gitops/helpers';
import { twoClusterFleet } from '../support/fleets';
import { fluxBuild, parseStream } from '../support/tools';

/**
 * Every cluster folder is applied by Flux as a plain folder: kustomize-controller generates the kustomization.yaml
 * and builds it (test/support/tools.ts fluxBuild, with the facts and their source). Here the real
 * `kubectl kustomize` builds them.
 */
const DIST = path.resolve(__dirname, '../../dist');

/** The YAML files below `dir` as `./relative/path`, in lexical order, and their documents. */
function folder(dir: string): { files: string[]; docs: any[] } {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => /\.ya?ml$/.test(f)).sort();
  return { files: files.map((f) => `./${f}`), docs: files.flatMap((f) => parseStream(fs.readFileSync(path.join(dir, f), 'utf8'), f)) };
}

/** Documents in a stable order (kustomize sorts its output its own way): by kind, namespace and name. */
function sorted(docs: readonly any[]): any[] {
  const key = (d: any) => `${d.apiVersion} ${d.kind} ${d.metadata?.namespace ?? ''} ${d.metadata?.name}`;
  return [...docs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `Kind/namespace/name` of each document, sorted. */
const ids = (docs: readonly any[]) => docs.map((d) => `${d.kind}/${d.metadata?.namespace ?? ''}/${d.metadata?.name}`).sort();

describe('dist/clusters built as Flux does, with kubectl kustomize', () => {
  const clusters = fs.readdirSync(path.join(DIST, 'clusters')).filter((c) => fs.statSync(path.join(DIST, 'clusters', c)).isDirectory()).sort();

  test.each(clusters)('dist/clusters/%s: a generated kustomization lists every file and builds into exactly the folder\'s documents', (cluster) => {
    const dir = path.join(DIST, 'clusters', cluster);
    const { files, docs } = folder(dir);
    expect(files.length).toBeGreaterThan(0);
    const build = fluxBuild(dir, { path: `./dist/clusters/${cluster}` });
    expect(build.generated).toBe(true); // the package writes no kustomization.yaml of its own
    expect(build.kustomization.resources).toEqual(files);
    expect(sorted(build.docs)).toEqual(sorted(docs));
  });
});

describe('a Flux fleet\'s Kustomizations built as Flux does', () => {
  // The fleet of test/gitops/flux.test.ts with an operator and its custom resource: the folder is applied by two
  // Kustomizations, split by `$patch: delete` patches with annotation selectors.
  const { fleet, az1 } = twoClusterFleet();
  az1.addConstructs((chart) => {
    foreignObject(chart, 'Deployment', 'apps/v1', 'submariner-operator', { namespace: 'submariner-operator' });
    foreignObject(chart, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'az1' } });
  });
  fleet.deliverWithFlux({ repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' });
  const { dirs, files } = render(fleet);
  const kustomizations = dirs.flux.filter((d) => d.kind === 'Kustomization');
  let repo: string;

  beforeAll(() => {
    // the Git repository Flux checks out: dist/ at its root, as the Kustomizations' paths say
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-flux-repo-'));
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, 'dist', file)), { recursive: true });
      fs.writeFileSync(path.join(repo, 'dist', file), content);
    }
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  const build = (name: string) => {
    const k = kustomizations.find((d) => d.metadata.name === name);
    return fluxBuild(path.join(repo, k.spec.path), k.spec).docs;
  };

  test('the fleet has the Kustomizations this test expects', () => {
    expect(kustomizations.map((k) => `${k.metadata.name} ${k.spec.path}`).sort()).toEqual([
      'az1 ./dist/clusters/az1', 'az1-kube-ovn ./dist/flux-kube-ovn/az1', 'az1-operands ./dist/clusters/az1',
      'az2 ./dist/clusters/az2', 'az2-kube-ovn ./dist/flux-kube-ovn/az2',
    ]);
  });

  test('az1 and az1-operands split the folder: each object is applied by exactly one of them', () => {
    const first = build('az1');
    const operands = build('az1-operands');
    expect(ids(operands)).toEqual(['Submariner/submariner-operator/submariner']);
    expect(ids(first)).toEqual(['ConfigMap/kube-system/ovn-ic-config', 'Deployment/kube-system/ovn-ic-server', 'Deployment/submariner-operator/submariner-operator']);
    expect(sorted([...first, ...operands])).toEqual(sorted(dirs['clusters/az1']));
  });

  test('az2 and the HelmRelease folders build into exactly their documents', () => {
    expect(sorted(build('az2'))).toEqual(sorted(dirs['clusters/az2']));
    expect(build('az1-kube-ovn')).toEqual(dirs['flux-kube-ovn/az1']);
    expect(build('az2-kube-ovn')).toEqual(dirs['flux-kube-ovn/az2']);
  });
});

describe('fluxBuild follows kustomize-controller\'s generator', () => {
  let dir: string;
  const cm = (name: string) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-flux-gen-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('.yaml and .yml files at any depth, sub-folders with a kustomization as one resource; .json and others left out', () => {
    write('b.yaml', cm('b'));
    write('a.yml', cm('a'));
    write('c.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } }));
    write('notes.txt', 'not a manifest');
    write('nested/deeper/d.yaml', cm('d'));
    write('base/kustomization.yaml', YAML.stringify({ resources: ['e.yaml'] }));
    write('base/e.yaml', cm('e'));
    write('base/ignored.yaml', cm('ignored')); // not listed by base's own kustomization
    const build = fluxBuild(dir);
    expect(build.kustomization.resources).toEqual(['./a.yml', './b.yaml', './base', './nested/deeper/d.yaml']);
    expect(ids(build.docs)).toEqual(['ConfigMap/default/a', 'ConfigMap/default/b', 'ConfigMap/default/d', 'ConfigMap/default/e']);
    expect(fs.existsSync(path.join(dir, 'kustomization.yaml'))).toBe(false); // built in a copy
  });

  test('a folder\'s own kustomization is used, with the Kustomization\'s targetNamespace and patches merged in', () => {
    write('kustomization.yaml', YAML.stringify({ resources: ['a.yaml', 'b.yaml'] }));
    write('a.yaml', cm('a'));
    write('b.yaml', cm('b'));
    write('c.yaml', cm('c')); // not listed by the folder's kustomization
    const build = fluxBuild(dir, {
      targetNamespace: 'apps',
      patches: [{ patch: YAML.stringify({ $patch: 'delete', apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'any' } }), target: { name: 'b' } }],
    });
    expect(build.generated).toBe(false);
    expect(ids(build.docs)).toEqual(['ConfigMap/apps/a']);
  });

  test('an empty folder builds into nothing; a file that is not YAML fails the build, naming it', () => {
    expect(fluxBuild(dir).docs).toEqual([]);
    write('broken.yaml', 'a: [unclosed');
    expect(() => fluxBuild(dir)).toThrow(/failed to decode Kubernetes YAML from \.\/broken\.yaml/);
  });

  test('Kustomization fields it does not model throw instead of building something else than Flux', () => {
    write('a.yaml', cm('a'));
    expect(() => fluxBuild(dir, { postBuild: { substitute: { x: 'y' } }, components: ['../c'] })).toThrow(
      'fluxBuild does not model the Flux Kustomization field(s) postBuild, components; extend test/support/tools.ts before relying on it',
    );
  });
});
