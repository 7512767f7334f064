import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ManifestValidator } from '../src/validate';
import { at, chartValueTypes, doc, leaves } from '../test/gitops/helpers';
import { manifestValidator } from '../test/support/manifests';
import { helmIgnoredValues, helmTemplate, inReleaseNamespace, lazy } from '../test/support/tools';
import { chartDir } from './upstream';

/**
 * The submariner-operator and submariner-k8s-broker charts (submariner-io/submariner-charts v0.18.1,
 * ../shared/charts) rendered by the real `helm template` with the values the package renders into dist/ for both
 * deliveries: Flux's HelmRelease `values` plus what `valuesFrom` feeds in, and Argo CD's wrapper chart values.yaml
 * with its argocd-vault-plugin placeholders replaced as the plugin would.
 */
const DIST = path.resolve(__dirname, '../dist');
const read = (file: string) => YAML.parse(fs.readFileSync(path.join(DIST, file), 'utf8'));
const MEMBERS = ['cluster-a', 'cluster-b'] as const;
const release = (c: string, chart: string) => read(`flux-submariner/${c}/HelmRelease.flux-system.${c}-${chart}.k8s.yaml`).spec;
/** Test stand-ins for what the ExternalSecret / the plugin put in (never real credentials). */
const FED: Record<string, string> = { 'broker.token': 'test-token-of-member', 'broker.ca': 'dGVzdC1jYQ==', 'ipsec.psk': 'dGVzdC1wc2s=' };

function setAt(values: any, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let v = values;
  for (const k of keys.slice(0, -1)) v = v[k] ??= {};
  v[keys[keys.length - 1]] = value;
}

/** Flux: the HelmRelease's values with each valuesFrom entry applied at its targetPath (helm-controller's merge). */
function fluxValues(c: string): any {
  const spec = release(c, 'submariner-operator');
  const values = structuredClone(spec.values);
  for (const v of spec.valuesFrom) setAt(values, v.targetPath, FED[v.targetPath]);
  return values;
}

/** Argo CD: the wrapper chart's values for the dependency, each `<path:...>` placeholder replaced as AVP would. */
function argoValues(c: string): any {
  const values = structuredClone(read(`argocd-submariner/${c}/values.yaml`)['submariner-operator']);
  for (const [key, value] of leaves(values)) if (typeof value === 'string' && value.startsWith('<path:')) setAt(values, key, FED[key]);
  return values;
}

const problems = (validator: ManifestValidator, docs: readonly any[]) =>
  validator.validateSet(docs.map((d, i) => ({ location: `#${i} ${d.kind}/${d.metadata?.name}`, doc: d }))).map((p) => `${p.location}: ${p.message}`);

test('Flux valuesFrom targets are keys of the operator chart\'s values (chart facts), of type string', () => {
  const types = chartValueTypes('submariner-operator');
  for (const c of MEMBERS) {
    const targets = release(c, 'submariner-operator').valuesFrom.map((v: any) => v.targetPath);
    expect(targets).toEqual(['broker.token', 'broker.ca', 'ipsec.psk']);
    for (const t of targets) expect([t, types[t]]).toEqual([t, 'string']);
    // and every inline key too
    for (const [key] of leaves(release(c, 'submariner-operator').values)) expect([key, types[key] !== undefined]).toEqual([key, true]);
  }
  for (const [key] of leaves(release('cluster-a', 'submariner-k8s-broker').values)) {
    expect([key, chartValueTypes('submariner-k8s-broker')[key] !== undefined]).toEqual([key, true]);
  }
});

test('no token, CA or PSK is inline anywhere in dist/: HelmReleases have none, Argo CD values hold placeholders only', () => {
  for (const c of MEMBERS) {
    const values = release(c, 'submariner-operator').values;
    for (const key of Object.keys(FED)) expect([c, key, at(values, key)]).toEqual([c, key, undefined]);
    const argo = read(`argocd-submariner/${c}/values.yaml`)['submariner-operator'];
    for (const key of Object.keys(FED)) expect(String(at(argo, key))).toMatch(/^<path:secret\/data\/submariner\/cluster-a\/[a-z-]+#(token|ca \| base64encode|psk)>$/);
  }
  const files: string[] = [];
  const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.join(dir, e.name))));
  walk(DIST);
  for (const file of files.filter((f) => f.endsWith('.yaml'))) {
    const text = fs.readFileSync(file, 'utf8');
    // a CR field or chart value with a literal value (a placeholder or nothing is fine)
    expect([file, /(brokerK8sApiServerToken|brokerK8sCA|ceIPSecPSK|token|ca|psk):\s+(?!<path:)[A-Za-z0-9+/=._-]{12,}\s*$/m.test(text)]).toEqual([file, false]);
    expect([file, /^\s*(data|stringData):/m.test(text) && /kind: Secret\b/.test(text)]).toEqual([file, false]);
  }
});

describe('submariner-operator chart: helm template with the values both deliveries render', () => {
  const rendered = lazy(() => Object.fromEntries(MEMBERS.map((c) => [c, {
    flux: inReleaseNamespace(helmTemplate(chartDir('submariner-operator'), 'submariner-operator', 'submariner-operator', fluxValues(c)), 'submariner-operator'),
    argo: inReleaseNamespace(helmTemplate(chartDir('submariner-operator'), 'submariner-operator', 'submariner-operator', argoValues(c)), 'submariner-operator'),
  }])));

  test.each(MEMBERS)('%s: the operator Deployment at 0.18.1 and the Submariner CR with the member\'s settings and the fed credentials', (c) => {
    const { flux, argo } = rendered()[c];
    expect(argo).toEqual(flux);
    const deployment = doc(flux, 'Deployment', 'submariner-operator');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('submariner-operator');
    expect(deployment.spec.template.spec.containers.map((x: any) => [x.image, x.imagePullPolicy])).toEqual([['quay.io/submariner/submariner-operator:0.18.1', 'IfNotPresent']]);
    const cr = doc(flux, 'Submariner', 'submariner');
    expect(cr.metadata.namespace).toBe('submariner-operator');
    expect(cr.spec).toMatchObject({
      broker: 'k8s', brokerK8sApiServer: '10.6.168.73:6443', brokerK8sRemoteNamespace: 'submariner-k8s-broker', brokerK8sInsecure: false,
      brokerK8sApiServerToken: FED['broker.token'], brokerK8sCA: FED['broker.ca'], ceIPSecPSK: FED['ipsec.psk'],
      clusterID: c, cableDriver: 'libreswan', natEnabled: true, version: '0.18.1', repository: 'quay.io/submariner',
      connectionHealthCheck: { enabled: false, intervalSeconds: 1, maxPacketLossCount: 5 }, namespace: 'submariner-operator',
    });
    // the component ServiceAccounts the operator's DaemonSets name
    expect(flux.filter((d: any) => d.kind === 'ServiceAccount').map((d: any) => d.metadata.name).sort()).toEqual([
      'submariner-gateway', 'submariner-globalnet', 'submariner-lighthouse-agent', 'submariner-lighthouse-coredns', 'submariner-operator', 'submariner-routeagent',
    ]);
    // the CRDs of its crds/ (older than the operator repository's: they match the chart's own CR)
    expect(flux.filter((d: any) => d.kind === 'CustomResourceDefinition').map((d: any) => d.metadata.name).sort()).toEqual([
      'brokers.submariner.io', 'servicediscoveries.submariner.io', 'submariners.submariner.io',
    ]);
  });

  test.each(MEMBERS)('%s: Argo CD\'s wrapper chart (the upstream chart as its dependency) renders the same objects', (c) => {
    // what `helm dependency build` would fetch, put in charts/ from ../shared; the plugin's release name and namespace
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-wrapper-'));
    try {
      fs.copyFileSync(path.join(DIST, `argocd-submariner/${c}/Chart.yaml`), path.join(dir, 'Chart.yaml'));
      fs.cpSync(chartDir('submariner-operator'), path.join(dir, 'charts', 'submariner-operator'), { recursive: true });
      const wrapped = helmTemplate(dir, 'submariner-operator', 'submariner-operator', { 'submariner-operator': argoValues(c) });
      expect(inReleaseNamespace(wrapped, 'submariner-operator')).toEqual(rendered()[c].argo);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(MEMBERS)('%s: every object the chart renders validates', (c) => {
    expect(problems(manifestValidator(), rendered()[c].flux)).toEqual([]);
  });

  test('the chart reads every value the package writes (changing any one changes the output)', () => {
    expect(helmIgnoredValues(chartDir('submariner-operator'), 'submariner-operator', 'submariner-operator', fluxValues('cluster-b'))).toEqual([]);
  });
});

describe('submariner-k8s-broker chart: helm template in the broker namespace', () => {
  const spec = release('cluster-a', 'submariner-k8s-broker');
  const rendered = lazy(() => inReleaseNamespace(helmTemplate(chartDir('submariner-k8s-broker'), spec.releaseName, spec.targetNamespace, spec.values), spec.targetNamespace));

  test('its CRDs and the Role the package\'s per-member RoleBindings name; no shared client ServiceAccount or token', () => {
    const docs = rendered();
    expect(docs.filter((d) => d.kind === 'CustomResourceDefinition').map((d) => d.metadata.name).sort()).toEqual([
      'clusters.submariner.io', 'endpoints.submariner.io', 'gateways.submariner.io', 'serviceexports.multicluster.x-k8s.io', 'serviceimports.multicluster.x-k8s.io',
    ]);
    expect(docs.filter((d) => d.kind !== 'CustomResourceDefinition').map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'Role/submariner-k8s-broker/submariner-k8s-broker-cluster', 'RoleBinding/submariner-k8s-broker/submariner-k8s-broker-cluster',
    ]);
    const binding = read('clusters/cluster-a/RoleBinding.submariner-k8s-broker.cluster-cluster-b-submariner-k8s-broker-cluster.k8s.yaml');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'submariner-k8s-broker-cluster' });
    expect(problems(manifestValidator(), docs)).toEqual([]);
  });
});
