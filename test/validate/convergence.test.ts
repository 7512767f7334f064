import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { CableDriver, Cni, Fleet, renderFleet, SecretSource } from '../../src';
import { buildDefaultFleet, DEFAULT_FLEET_PREINSTALLED, DEFAULT_FLEET_REPO } from '../../src/default-fleet';
import { allChartFacts, checkConvergence, type ConvergenceAssumptions, defaultSchemaDir, validateDirectory } from '../../src/validate';
import { twoClusterFleet } from '../support/fleets';
import { writeTree } from './fixtures';

// The convergence check on the rendered folder: the default fleet for each delivery, then one failing folder per rule.

const charts = allChartFacts(defaultSchemaDir());
const check = (dir: string, declared: ConvergenceAssumptions = {}) => checkConvergence(dir, { charts, ...declared }).map((p) => `${p.location}: ${p.message}`);

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function renderInto(fleet: Fleet): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-converge-')), 'dist');
  tempDirs.push(path.dirname(dir));
  renderFleet(fleet, dir);
  return dir;
}

/** What a rendered folder declares in its convergence.json (the fleet's `preinstalled` and what each cluster's CNI brings). */
const declaredIn = (dir: string): ConvergenceAssumptions => JSON.parse(fs.readFileSync(path.join(dir, 'convergence.json'), 'utf8')).preinstalled;

/** The folder of YAML documents: file -> documents. */
const tree = (files: Record<string, object[]>) => writeTree(Object.fromEntries(Object.entries(files).map(([f, docs]) => [f, docs.map((d) => YAML.stringify(d)).join('---\n')])));

const wave = (w: number) => ({ 'argocd.argoproj.io/sync-wave': String(w) });
/** An Argo CD Application over `clusters/<name>` (or a chart), in app-of-apps wave `w`. */
function application(name: string, w: number, source: object = {}): object {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd', annotations: wave(w) },
    spec: { project: 'p', destination: { name: 'c1', namespace: 'kube-system' }, source: { repoURL: 'https://git.example.com/r.git', path: `dist/clusters/${name}`, ...source } },
  };
}
const kubeOvnApp = (w: number) => application('c1-kube-ovn', w, { path: undefined, chart: 'kube-ovn', repoURL: 'https://kubeovn.github.io/kube-ovn/', targetRevision: 'v1.13.15' });
const subnet = (w: number) => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 's1', annotations: wave(w) }, spec: { cidrBlock: '10.1.0.0/16' } });
const namespace = (name: string, w: number) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: wave(w) } });
const configMap = (ns: string, w: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: ns, annotations: wave(w) }, data: { a: 'b' } });
const deployment = (ns: string, secret: string, w = 0) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: ns, annotations: wave(w) },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x',
    env: [{ name: 'T', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } }] }] } } },
});
const secret = (ns: string, name: string, w = 0) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns, annotations: wave(w) } });
const pushSecret = (ns: string, from: string, remoteKey: string) => ({
  apiVersion: 'external-secrets.io/v1alpha1', kind: 'PushSecret', metadata: { name: 'push', namespace: ns },
  spec: { secretStoreRefs: [{ name: 'vault', kind: 'ClusterSecretStore' }], selector: { secret: { name: from } },
    data: [{ match: { secretKey: 'token', remoteRef: { remoteKey, property: 'token' } } }] },
});

describe('the default fleet converges', () => {
  test('Argo CD: the committed dist/ and a fresh render pass the check (the validator reads dist/convergence.json)', () => {
    const dir = renderInto(buildDefaultFleet());
    expect(fs.readFileSync(path.join(dir, 'convergence.json'), 'utf8')).toBe(fs.readFileSync('dist/convergence.json', 'utf8'));
    expect(validateDirectory(dir).problems.map((p) => `${p.location}: ${p.message}`)).toEqual([]);
    expect(validateDirectory('dist').problems).toEqual([]);
  });

  test('Argo CD: without its declarations the same folder fails, naming each missing piece', () => {
    const dir = renderInto(buildDefaultFleet({ preinstalled: {} }));
    const problems = check(dir).filter((p) => p.includes('Argo CD'));
    // ESO's CRDs are installed before the bootstrap (dist/README.md step 0)
    expect(problems).toContain('clusters/cluster-a/PushSecret.submariner-k8s-broker.cluster-cluster-b-credentials.k8s.yaml#0 '
      + '(PushSecret submariner-k8s-broker/cluster-cluster-b-credentials): Argo CD, Application "cluster-a": waits for the CRD of external-secrets.io/PushSecret, '
      + 'which nothing delivered to cluster "cluster-a" produces; render its CRD, deliver the chart that installs it in an earlier wave, '
      + "or declare it preinstalled (preinstalled.crds: ['external-secrets.io/PushSecret'])");
    // the PSK a person stores once; the token and CA placeholders are filled by the broker's PushSecrets of an earlier wave
    expect(problems.filter((p) => p.includes('argocd-vault-plugin placeholder'))).toEqual(['cluster-a', 'cluster-b'].map((c) =>
      `argocd-submariner/${c}/values.yaml#0: Argo CD, Application "${c}-submariner": the argocd-vault-plugin placeholder `
      + '<path:secret/data/submariner/cluster-a/ipsec#psk> reads a value that nothing delivered writes (no PushSecret with that remote key); '
      + "push it from an earlier Application, or declare it filled outside the fleet (preinstalled.vaultPaths: ['secret/data/submariner/cluster-a/ipsec'])"));
    // Kube-OVN's CRDs come from the kube-ovn chart of the earlier <cluster>-kube-ovn Application, Submariner's from its charts: never reported
    expect(problems.filter((p) => p.includes('kubeovn.io') || p.includes('submariner.io'))).toEqual([]);
  });

  test('Flux: the default fleet\'s dist/flux passes (HelmReleases waited for, dependsOn on the IC database and broker clusters)', () => {
    const dir = renderInto(buildDefaultFleet());
    const flux = fs.readdirSync(path.join(dir, 'flux'));
    expect(flux).toEqual(expect.arrayContaining(['Kustomization.flux-system.cluster-a.k8s.yaml', 'Kustomization.flux-system.cluster-b.k8s.yaml']));
    expect(declaredIn(dir)).toEqual(expect.objectContaining(DEFAULT_FLEET_PREINSTALLED));
    expect(check(dir, declaredIn(dir))).toEqual([]);
    // without ESO declared, the ExternalSecrets and PushSecrets that Flux applies wait for its CRDs
    expect(check(dir, { ...declaredIn(dir), crds: [] }).filter((p) => p.includes('Flux'))).toEqual(expect.arrayContaining([
      expect.stringMatching(/^flux-submariner\/cluster-b\/ExternalSecret\.flux-system\.cluster-b-submariner-credentials\.k8s\.yaml#0 .*: Flux, .*waits for the CRD of external-secrets\.io\/ExternalSecret/),
    ]));
  });

  test('Flux: a cluster folder that does not depend on its kube-ovn Kustomization waits for Kube-OVN\'s CRDs', () => {
    const dir = renderInto(buildDefaultFleet());
    const file = path.join(dir, 'flux/Kustomization.flux-system.az2.k8s.yaml');
    const k = YAML.parse(fs.readFileSync(file, 'utf8'));
    k.spec.dependsOn = k.spec.dependsOn.filter((d: { name: string }) => d.name !== 'az2-kube-ovn');
    fs.writeFileSync(file, YAML.stringify(k));
    expect(check(dir, declaredIn(dir))).toEqual([
      expect.stringMatching(/^clusters\/az2\/Subnet\.no-advertise\.k8s\.yaml#0 \(Subnet no-advertise\): Flux, Kustomization "flux-system\/az2": waits for the CRD of kubeovn\.io\/Subnet, produced by the chart kube-ovn v1\.13\.15 .* which Kustomization "flux-system\/az2" does not depend on; add it to Kustomization "flux-system\/az2"'s spec\.dependsOn$/),
    ]);
  });

});

describe('each rule fails with its message', () => {
  test('a custom resource without its CRD', () => {
    const dir = tree({ 'argocd/Application.argocd.c1.k8s.yaml': [application('c1', 0)], 'clusters/c1/Subnet.s1.k8s.yaml': [subnet(30)] });
    expect(check(dir)).toEqual([
      'clusters/c1/Subnet.s1.k8s.yaml#0 (Subnet s1): Argo CD, Application "c1": waits for the CRD of kubeovn.io/Subnet, which nothing delivered to cluster "c1" produces; '
      + "render its CRD, deliver the chart that installs it in an earlier wave, or declare it preinstalled (preinstalled.crds: ['kubeovn.io/Subnet'])",
    ]);
    expect(check(dir, { crds: ['subnets.kubeovn.io'] })).toEqual([]);
    expect(check(dir, { crds: ['kubeovn.io/*'] })).toEqual([]);
  });

  test('a CRD from a chart counts only from an earlier wave (the chart facts list the kube-ovn chart\'s CRDs)', () => {
    const files = (w: number) => ({
      'argocd/Application.argocd.c1-kube-ovn.k8s.yaml': [kubeOvnApp(w)], 'argocd/Application.argocd.c1.k8s.yaml': [application('c1', 0)], 'clusters/c1/Subnet.s1.k8s.yaml': [subnet(30)],
    });
    expect(check(tree(files(-10)))).toEqual([]);
    expect(check(tree(files(0)))).toEqual([
      'clusters/c1/Subnet.s1.k8s.yaml#0 (Subnet s1): Argo CD, Application "c1": waits for the CRD of kubeovn.io/Subnet, produced by the chart kube-ovn v1.13.15 of '
      + 'Application "c1-kube-ovn", which does not come in an earlier wave; move that Application to an earlier sync wave than this one',
    ]);
  });

  test('an object before its Namespace', () => {
    const files = (nsWave: number) => ({
      'argocd/Application.argocd.c1.k8s.yaml': [application('c1', 0)],
      'clusters/c1/Namespace.ns1.k8s.yaml': [namespace('ns1', nsWave)],
      'clusters/c1/ConfigMap.ns1.cm.k8s.yaml': [configMap('ns1', -30)],
    });
    // gitops-engine orders Namespaces first within a wave: the same wave is in time
    expect(check(tree(files(-30)))).toEqual([]);
    expect(check(tree(files(-10)))).toEqual([
      'clusters/c1/ConfigMap.ns1.cm.k8s.yaml#0 (ConfigMap ns1/cm): Argo CD, Application "c1": waits for Namespace "ns1", produced by '
      + 'clusters/c1/Namespace.ns1.k8s.yaml#0 (Namespace ns1) in Application "c1", which does not come in an earlier wave; give the Namespace a sync wave <= -30, or move its Application earlier',
    ]);
    const missing = tree({ 'argocd/Application.argocd.c1.k8s.yaml': [application('c1', 0)], 'clusters/c1/ConfigMap.ns1.cm.k8s.yaml': [configMap('ns1', 0)] });
    expect(check(missing)).toEqual([expect.stringContaining('waits for Namespace "ns1", which nothing delivered to cluster "c1" produces; render the Namespace in this folder or an earlier one, or set CreateNamespace=true')]);
  });

  test('an argocd-vault-plugin placeholder filled by its own Application', () => {
    const consumer = { ...configMap('kube-system', 0), data: { token: '<path:secret/data/submariner/cluster-a#token>' } };
    const vaultApp = (name: string, w: number) => application(name, w, { plugin: { name: 'argocd-vault-plugin' } });
    const own = tree({
      'argocd/Application.argocd.c1.k8s.yaml': [vaultApp('c1', 0)],
      'clusters/c1/ConfigMap.kube-system.cm.k8s.yaml': [consumer],
      'clusters/c1/Secret.kube-system.token.k8s.yaml': [secret('kube-system', 'token')],
      'clusters/c1/PushSecret.kube-system.push.k8s.yaml': [pushSecret('kube-system', 'token', 'submariner/cluster-a')],
    });
    expect(check(own, { crds: ['external-secrets.io/*'] })).toEqual([
      'clusters/c1/ConfigMap.kube-system.cm.k8s.yaml#0 (ConfigMap kube-system/cm): Argo CD, Application "c1": the argocd-vault-plugin placeholder '
      + '<path:secret/data/submariner/cluster-a#token> is filled by clusters/c1/PushSecret.kube-system.push.k8s.yaml#0 (PushSecret kube-system/push), which this same '
      + 'Application delivers: the plugin fails the whole generation while the value is missing, so neither is ever applied; deliver the producer (and the Secret it pushes) '
      + 'from an Application without placeholders in an earlier wave',
    ]);
    // the broker side in an earlier Application without the plugin: converges
    const split = tree({
      'argocd/Application.argocd.broker.k8s.yaml': [application('broker', -5)],
      'argocd/Application.argocd.c1.k8s.yaml': [vaultApp('c1', 0)],
      'clusters/c1/ConfigMap.kube-system.cm.k8s.yaml': [consumer],
      'clusters/broker/Secret.kube-system.token.k8s.yaml': [secret('kube-system', 'token')],
      'clusters/broker/PushSecret.kube-system.push.k8s.yaml': [pushSecret('kube-system', 'token', 'submariner/cluster-a')],
    });
    expect(check(split, { crds: ['external-secrets.io/*'] })).toEqual([]);
    expect(check(split)).toEqual([expect.stringContaining('waits for the CRD of external-secrets.io/PushSecret')]);
    // nothing pushes it: declare it filled outside the fleet
    const unfilled = tree({ 'argocd/Application.argocd.c1.k8s.yaml': [vaultApp('c1', 0)], 'clusters/c1/ConfigMap.kube-system.cm.k8s.yaml': [consumer] });
    expect(check(unfilled)).toEqual([expect.stringContaining("reads a value that nothing delivered writes (no PushSecret with that remote key); push it from an earlier Application, or declare it filled outside the fleet (preinstalled.vaultPaths: ['secret/data/submariner/cluster-a'])")]);
    expect(check(unfilled, { vaultPaths: ['secret/data/submariner/*'] })).toEqual([]);
  });

  test('a Helm chart folder rendered through the plugin: its values\' placeholders, and its dependency\'s CRDs', () => {
    // a wrapper chart (Chart.yaml naming the upstream chart as a dependency, values.yaml with placeholders), as dist/argocd-submariner/
    const chartApp = (w: number) => application('c1-submariner', w, { path: 'dist/wrapper/c1', plugin: { name: 'argocd-vault-plugin-helm' } });
    const chartYaml = YAML.stringify({ apiVersion: 'v2', name: 'c1-submariner', version: '0.18.1', dependencies: [{ name: 'submariner-operator', version: '0.18.1' }] });
    const values = YAML.stringify({ broker: { token: '<path:secret/data/submariner/cluster-a#token>', ca: '<path:secret/data/submariner/cluster-a#ca | base64encode>' } });
    const files = (pushWave: number) => writeTree({
      'argocd/Application.argocd.broker.k8s.yaml': YAML.stringify(application('broker', pushWave)),
      'argocd/Application.argocd.c1-submariner.k8s.yaml': YAML.stringify(chartApp(5)),
      'clusters/broker/Secret.kube-system.token.k8s.yaml': YAML.stringify(secret('kube-system', 'token')),
      'clusters/broker/PushSecret.kube-system.push.k8s.yaml': YAML.stringify({ ...pushSecret('kube-system', 'token', 'submariner/cluster-a'),
        spec: { ...(pushSecret('kube-system', 'token', 'submariner/cluster-a') as any).spec, data: ['token', 'ca'].map((k) => ({ match: { secretKey: k, remoteRef: { remoteKey: 'submariner/cluster-a', property: k } } })) } }),
      'wrapper/c1/Chart.yaml': chartYaml,
      'wrapper/c1/values.yaml': values,
    });
    expect(check(files(0), { crds: ['external-secrets.io/*'] })).toEqual([]);
    // the broker's PushSecret in a later wave: each placeholder (the modifier `| base64encode` is not part of the key) waits for it
    expect(check(files(10), { crds: ['external-secrets.io/*'] })).toEqual(['token', 'ca'].map((k) => 'wrapper/c1/values.yaml#0: Argo CD, Application "c1-submariner": '
      + `the argocd-vault-plugin placeholder <path:secret/data/submariner/cluster-a#${k}> is filled by clusters/broker/PushSecret.kube-system.push.k8s.yaml#0 `
      + '(PushSecret kube-system/push) in Application "broker", which does not come in an earlier wave; move that Application to an earlier wave'));
  });

  test('a Secret reference nothing produces, and one produced too late', () => {
    const files = (extra: Record<string, object[]>) => tree({ 'argocd/Application.argocd.c1.k8s.yaml': [application('c1', 0)], 'clusters/c1/Deployment.kube-system.app.k8s.yaml': [deployment('kube-system', 'creds', -10)], ...extra });
    expect(check(files({}))).toEqual([
      'clusters/c1/Deployment.kube-system.app.k8s.yaml#0 (Deployment kube-system/app): Argo CD, Application "c1": waits for Secret "kube-system/creds", which nothing delivered '
      + "to cluster \"c1\" produces; deliver it (a Secret, SealedSecret or ExternalSecret) before this object, or declare it external (preinstalled.secrets: ['kube-system/creds'])",
    ]);
    expect(check(files({}), { secrets: ['kube-system/creds'] })).toEqual([]);
    expect(check(files({ 'clusters/c1/Secret.kube-system.creds.k8s.yaml': [secret('kube-system', 'creds', -30)] }))).toEqual([]);
    expect(check(files({ 'clusters/c1/Secret.kube-system.creds.k8s.yaml': [secret('kube-system', 'creds', 10)] }))).toEqual([
      expect.stringContaining('waits for Secret "kube-system/creds", produced by clusters/c1/Secret.kube-system.creds.k8s.yaml#0 (Secret kube-system/creds) in Application "c1", which does not come in an earlier wave; move its producer to an earlier wave than this object'),
    ]);
    // an ExternalSecret's target produces it
    const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'kube-system', annotations: wave(-30) }, spec: { target: { name: 'creds' } } };
    expect(check(files({ 'clusters/c1/ExternalSecret.kube-system.es.k8s.yaml': [es] }), { crds: ['external-secrets.io/*'] })).toEqual([]);
  });

  test('a dependency cycle: Argo CD Applications waiting for each other, Flux dependsOn', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Cluster', versions: [] } };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const dir = tree({
      'argocd/Application.argocd.a.k8s.yaml': [application('a', 0)],
      'argocd/Application.argocd.b.k8s.yaml': [application('b', 0)],
      'clusters/a/CustomResourceDefinition.widgets.example.com.k8s.yaml': [crd],
      'clusters/a/Deployment.kube-system.app.k8s.yaml': [deployment('kube-system', 'creds')],
      'clusters/b/Secret.kube-system.creds.k8s.yaml': [secret('kube-system', 'creds')],
      'clusters/b/Widget.w.k8s.yaml': [widget],
    });
    expect(check(dir).filter((p) => p.includes('cycle'))).toEqual([
      'argocd/Application.argocd.a.k8s.yaml#0 (Application argocd/a): Argo CD: dependency cycle, the bootstrap cannot finish: Application "a" waits for Application "b" '
      + '(Secret "kube-system/creds"), Application "b" waits for Application "a" (the CRD of example.com/Widget); break it by moving the producer to a unit without that dependency',
    ]);
    expect(check(dir)).toHaveLength(3);

    const kustomization = (name: string, dependsOn: string[]) => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' },
      spec: { path: `./dist/clusters/${name}`, interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'src' }, dependsOn: dependsOn.map((n) => ({ name: n })) },
    });
    const flux = tree({
      'flux/Kustomization.flux-system.a.k8s.yaml': [kustomization('a', ['b'])],
      'flux/Kustomization.flux-system.b.k8s.yaml': [kustomization('b', ['a'])],
      'flux/Kustomization.flux-system.c.k8s.yaml': [kustomization('c', ['missing'])],
      'clusters/a/ConfigMap.kube-system.cm.k8s.yaml': [configMap('kube-system', 0)],
      'clusters/b/ConfigMap.kube-system.cm.k8s.yaml': [configMap('kube-system', 0)],
      'clusters/c/ConfigMap.kube-system.cm.k8s.yaml': [configMap('kube-system', 0)],
    });
    expect(check(flux)).toEqual([
      'flux/Kustomization.flux-system.c.k8s.yaml#0 (Kustomization flux-system/c): Kustomization "flux-system/c" depends on Kustomization "flux-system/missing", which the folder '
      + 'does not define: Flux waits for it forever; remove the dependency or render that Kustomization',
      'flux/Kustomization.flux-system.a.k8s.yaml#0 (Kustomization flux-system/a): Flux: dependency cycle, the bootstrap cannot finish: Kustomization "flux-system/a" waits for '
      + 'Kustomization "flux-system/b" (dependsOn), Kustomization "flux-system/b" waits for Kustomization "flux-system/a" (dependsOn); break it by moving the producer to a unit without that dependency',
    ]);
  });

  test('Flux: a HelmRelease valuesFrom Secret never produced; Namespaces and CRDs of one Kustomization are always in time', () => {
    const hr = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'op', namespace: 'flux-system' },
      spec: { interval: '10m', chart: { spec: { chart: 'submariner-operator', version: '0.18.1', sourceRef: { kind: 'HelmRepository', name: 'r' } } },
        valuesFrom: [{ kind: 'Secret', name: 'broker-values', valuesKey: 'token', targetPath: 'broker.token' }] } };
    const dir = tree({
      'flux/Kustomization.flux-system.c1.k8s.yaml': [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'c1', namespace: 'flux-system' },
        spec: { path: './dist/clusters/c1', interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'src' } } }],
      'clusters/c1/HelmRelease.flux-system.op.k8s.yaml': [hr],
      'clusters/c1/Namespace.ns1.k8s.yaml': [namespace('ns1', 0)],
      'clusters/c1/ConfigMap.ns1.cm.k8s.yaml': [configMap('ns1', 0)],
    });
    expect(check(dir)).toEqual([
      'clusters/c1/HelmRelease.flux-system.op.k8s.yaml#0 (HelmRelease flux-system/op): Flux, Kustomization "flux-system/c1": waits for Secret "flux-system/broker-values", which nothing '
      + "delivered to the management cluster produces; deliver it (a Secret, SealedSecret or ExternalSecret) before this object, or declare it external (preinstalled.secrets: ['flux-system/broker-values'])",
    ]);
  });
});

describe('charts', () => {
  const k = (name: string, spec: object) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' },
    spec: { path: `./dist/clusters/${name}`, interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'src' }, kubeConfig: { secretRef: { name: 'c1-kubeconfig' } }, ...spec } });
  const release = (version: string) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'op', namespace: 'submariner-operator' },
    spec: { interval: '10m', chart: { spec: { chart: 'submariner-operator', version, sourceRef: { kind: 'HelmRepository', name: 'r' } } } } });
  const cr = { apiVersion: 'submariner.io/v1alpha1', kind: 'Submariner', metadata: { name: 'submariner', namespace: 'submariner-operator' }, spec: {} };
  const files = (version: string, operator: object) => tree({
    'flux/Kustomization.flux-system.operator.k8s.yaml': [k('operator', operator)],
    'flux/Kustomization.flux-system.join.k8s.yaml': [k('join', { dependsOn: [{ name: 'operator' }] })],
    'clusters/operator/Namespace.submariner-operator.k8s.yaml': [namespace('submariner-operator', 0)],
    'clusters/operator/HelmRelease.submariner-operator.op.k8s.yaml': [release(version)],
    'clusters/join/Submariner.submariner-operator.submariner.k8s.yaml': [cr],
  });

  test('a Submariner CR after the operator chart\'s HelmRelease (its crds/ hold submariners.submariner.io), matched by the charts\' tag 0.18.1', () => {
    expect(check(files('0.18.1', { wait: true }))).toEqual([]);
    expect(check(files('0.18.1', { healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'op', namespace: 'submariner-operator' }] }))).toEqual([]);
  });

  test('not waited for, or a chart version without facts: the CR waits, and the message says why', () => {
    expect(check(files('0.18.1', {}))).toEqual([expect.stringContaining('waits for the CRD of submariner.io/Submariner, produced by the chart submariner-operator 0.18.1 (HelmRelease "submariner-operator/op") of Kustomization "flux-system/operator", which does not wait for its HelmRelease; set wait: true or a health check on it there')]);
    expect(check(files('0.19.0', { wait: true }))).toEqual([expect.stringContaining('which nothing delivered to the cluster of kubeconfig Secret "c1-kubeconfig" produces (the CRDs of submariner-operator 0.19.0 (HelmRelease "submariner-operator/op") are unknown: no chart facts for that version in schemas/charts/)')]);
  });
});

describe('declarations', () => {
  test('per cluster, derived: Kube-OVN installed by other means (kubeOvn.enabled: false) brings its CRDs, keyed as each delivery names the cluster', () => {
    const { fleet, ic2 } = twoClusterFleet();
    ic2.addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });
    fleet.deliverWithArgoCd({ repoUrl: DEFAULT_FLEET_REPO, revision: 'main', kubeOvn: { enabled: false } });
    fleet.deliverWithFlux({ repoUrl: DEFAULT_FLEET_REPO, revision: 'main' });
    const dir = renderInto(fleet);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'convergence.json'), 'utf8')).preinstalled.clusterCrds).toEqual({ az1: ['kubeovn.io/*'], az2: ['kubeovn.io/*'] });
    expect(validateDirectory(dir).problems).toEqual([]);
    // without the declaration the Argo CD Applications wait for Kube-OVN's CRDs; Flux installs the chart first
    expect(check(dir).filter((p) => p.includes('kubeovn.io/Subnet'))).toEqual([
      expect.stringContaining('Argo CD, Application "az2": waits for the CRD of kubeovn.io/Subnet, which nothing delivered to cluster "az2" produces'),
    ]);
  });

  test('the renderer refuses malformed ones, naming the field', () => {
    const fleet = buildDefaultFleet({ preinstalled: { crds: ['Submariner'], secrets: ['no-namespace'], vaultPaths: ['has space'] } });
    expect(() => renderFleet(fleet, path.join(os.tmpdir(), 'never-written'))).toThrow(/preinstalled\.crds: "Submariner" is not group\/Kind[\s\S]*preinstalled\.secrets: "no-namespace"[\s\S]*preinstalled\.vaultPaths: "has space"/);
  });
});
