import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { doc, render } from '../test/gitops/helpers';
import { twoClusterFleet } from '../test/support/fleets';
import { manifestValidator } from '../test/support/manifests';
import { helmIgnoredValues, helmTemplate, inReleaseNamespace, lazy } from '../test/support/tools';
import { chartDir } from './upstream';

/**
 * The kube-ovn chart (v1.13.15, ../shared/charts/kube-ovn) rendered by the real `helm template` with the values
 * the package writes: what Argo CD's repo-server and Flux's helm-controller would install.
 */
const DIST = path.resolve(__dirname, '../dist');

function readDir(dir: string): any[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

const byKind = (docs: readonly any[], kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name);
const container = (workload: any, name: string) => workload.spec.template.spec.containers.find((c: any) => c.name === name);
const env = (c: any) => Object.fromEntries((c.env ?? []).filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
const chartVersion = () => YAML.parse(fs.readFileSync(path.join(chartDir('kube-ovn'), 'Chart.yaml'), 'utf8')).version;

/** What each cluster's chart install must come out as, from the fleet in main.ts (src/default-fleet.ts). */
const EXPECTED: Record<string, { masters: string; replicas: number; podCidr: string; gateway: string; join: string; svc: string }> = {
  az1: { masters: '192.168.65.3,192.168.65.2,192.168.65.1', replicas: 3, podCidr: '10.16.0.0/16', gateway: '10.16.0.1', join: '100.64.0.0/16', svc: '10.96.0.0/12' },
  az2: { masters: '192.168.66.3,192.168.66.2,192.168.66.1', replicas: 3, podCidr: '10.17.0.0/16', gateway: '10.17.0.1', join: '100.65.0.0/16', svc: '10.96.0.0/12' },
};

/** The facts every install of the package's values must show; `e` is the cluster's expectation. */
function expectInstall(docs: any[], e: (typeof EXPECTED)[string]): void {
  const central = doc(docs, 'Deployment', 'ovn-central');
  expect(central.spec.replicas).toBe(e.replicas); // kubeovn.nodeCount: one Raft member per MASTER_NODES entry
  expect(central.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kube-ovn/role': 'master' });
  expect(env(container(central, 'ovn-central')).NODE_IPS).toBe(e.masters);

  const controller = container(doc(docs, 'Deployment', 'kube-ovn-controller'), 'kube-ovn-controller');
  expect(env(controller).OVN_DB_IPS).toBe(e.masters);
  expect(controller.args).toEqual(expect.arrayContaining([
    `--default-cidr=${e.podCidr}`, `--default-gateway=${e.gateway}`, `--node-switch-cidr=${e.join}`,
    `--service-cluster-ip-range=${e.svc}`, '--network-type=geneve', '--enable-ecmp=false',
  ]));
  expect(env(container(doc(docs, 'DaemonSet', 'ovs-ovn'), 'openvswitch'))).toMatchObject({ TUNNEL_TYPE: 'geneve', OVN_DB_IPS: e.masters });

  // func.ENABLE_IC=true: the chart runs ovn-ic-controller (the fleet then renders none, installedWithEnableIc)
  const ic = doc(docs, 'Deployment', 'ovn-ic-controller');
  expect(ic.metadata.namespace).toBe('kube-system');
  expect(ic.spec.replicas).toBe(1);
  expect(env(container(ic, 'ovn-ic-controller')).OVN_DB_IPS).toBe(e.masters);

  const images = new Set(docs.flatMap((d) => [...(d.spec?.template?.spec?.initContainers ?? []), ...(d.spec?.template?.spec?.containers ?? [])]).map((c: any) => c.image));
  expect([...images]).toEqual(['docker.io/kubeovn/kube-ovn:v1.13.15']);
  expect(byKind(docs, 'Deployment').sort()).toEqual(['kube-ovn-controller', 'kube-ovn-monitor', 'ovn-central', 'ovn-ic-controller']);
  expect(byKind(docs, 'DaemonSet').sort()).toEqual(['kube-ovn-cni', 'kube-ovn-pinger', 'ovs-ovn']);
  expect(byKind(docs, 'CustomResourceDefinition')).toHaveLength(20); // the chart ships its CRDs as templates
}

/** Every problem of the chart's objects as installed into `namespace`, together with the cluster's folder. */
function problems(chartDocs: any[], namespace: string, folder: any[]): string[] {
  const set = [...inReleaseNamespace(chartDocs, namespace).map((d, i) => ({ location: `chart#${i} ${d.kind}/${d.metadata?.name}`, doc: d })),
    ...folder.map((d, i) => ({ location: `folder#${i} ${d.kind}/${d.metadata?.name}`, doc: d }))];
  return manifestValidator().validateSet(set).map((p) => `${p.location}: ${p.message}`);
}

describe('kube-ovn chart: helm template with the values in dist/argocd', () => {
  const apps = fs.readdirSync(path.join(DIST, 'argocd')).filter((f) => f.startsWith('Application.'))
    .map((f) => YAML.parse(fs.readFileSync(path.join(DIST, 'argocd', f), 'utf8')))
    .filter((a) => a.spec.source?.chart === 'kube-ovn');
  const rendered = lazy(() => Object.fromEntries(apps.map((a) => {
    const { helm } = a.spec.source;
    return [a.spec.destination.name, helmTemplate(chartDir('kube-ovn'), helm.releaseName, a.spec.destination.namespace, helm.valuesObject)];
  })));

  test('dist/argocd installs the chart on az1 and az2, at the version of the chart rendered here, into kube-system', () => {
    expect(apps.map((a) => [a.metadata.name, a.spec.destination.name, a.spec.destination.namespace, a.spec.source.helm.releaseName])).toEqual([
      ['az1-kube-ovn', 'az1', 'kube-system', 'kube-ovn'], ['az2-kube-ovn', 'az2', 'kube-system', 'kube-ovn'],
    ]);
    for (const a of apps) expect(a.spec.source.targetRevision).toBe(chartVersion());
  });

  test.each(Object.keys(EXPECTED))('%s: 3 ovn-central replicas on the masters, ovn-ic-controller, the CIDRs and masters the package meant', (cluster) => {
    const app = apps.find((a) => a.spec.destination.name === cluster);
    expect(app.spec.source.helm.valuesObject).toMatchObject({ MASTER_NODES: EXPECTED[cluster].masters, func: { ENABLE_IC: true } });
    expectInstall(rendered()[cluster], EXPECTED[cluster]);
  });

  test.each(Object.keys(EXPECTED))('%s: every node label the chart\'s workloads select on is on as many Nodes of dist/nodes as they need (one per replica)', (cluster) => {
    const nodes = readDir(path.join(DIST, 'nodes', cluster));
    const selecting = (rendered()[cluster] as any[]).filter((d) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(d.kind) && d.spec.template.spec.nodeSelector);
    const pinned: Array<[string, Record<string, string>, boolean]> = selecting.map((d) => {
      const { 'kubernetes.io/os': os, ...labels } = d.spec.template.spec.nodeSelector;
      expect([d.metadata.name, os]).toEqual([d.metadata.name, 'linux']);
      const matching = nodes.filter((n) => Object.entries(labels).every(([k, v]) => n.metadata.labels?.[k] === v));
      return [d.metadata.name, labels, Object.keys(labels).length === 0 || matching.length >= (d.spec.replicas ?? 1)];
    });
    // ovn-central, kube-ovn-monitor and ovn-ic-controller are pinned to kube-ovn/role=master: 3 labelled masters
    expect(pinned.filter(([, labels]) => Object.keys(labels).length > 0).map(([name]) => name).sort()).toEqual(['kube-ovn-monitor', 'ovn-central', 'ovn-ic-controller']);
    expect(pinned.filter(([, , ok]) => !ok)).toEqual([]);
  });

  test.each(Object.keys(EXPECTED))('%s: the chart\'s objects validate, and none of them is also in the cluster\'s dist/clusters folder', (cluster) => {
    expect(problems(rendered()[cluster], 'kube-system', readDir(path.join(DIST, 'clusters', cluster)))).toEqual([]);
  });

  test('the validator catches an object that both the chart and the cluster folder define', () => {
    const docs = rendered().az1;
    const twice = problems(docs, 'kube-system', [doc(docs, 'Deployment', 'ovn-ic-controller')]);
    expect(twice).toEqual([expect.stringMatching(/^folder#0 Deployment\/ovn-ic-controller: metadata.name: duplicate object: Deployment kube-system\/ovn-ic-controller is also defined at chart#\d+/)]);
  });

  test('the chart reads every value the package writes (changing any one changes the output)', () => {
    const az1 = apps.find((a) => a.spec.destination.name === 'az1');
    expect(helmIgnoredValues(chartDir('kube-ovn'), 'kube-ovn', 'kube-system', az1.spec.source.helm.valuesObject)).toEqual([]);
    // the check itself: a key the chart has no use for is reported (seed 003's --set replicaCount)
    expect(helmIgnoredValues(chartDir('kube-ovn'), 'kube-ovn', 'kube-system', { replicaCount: 3, func: { ENABLE_IC: true } })).toEqual(['replicaCount']);
  });
});

describe('kube-ovn chart: helm template with the values of Flux HelmReleases', () => {
  // The Flux fleet of test/gitops/flux.test.ts: az2 has a single master.
  const { fleet } = twoClusterFleet();
  fleet.deliverWithFlux({ repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' });
  const { dirs } = render(fleet);
  const release = (c: string) => doc(dirs[`flux-kube-ovn/${c}`], 'HelmRelease', `${c}-kube-ovn`).spec;
  const rendered = lazy(() => Object.fromEntries(['az1', 'az2'].map((c) => {
    const spec = release(c);
    return [c, helmTemplate(chartDir(spec.chart.spec.chart), spec.releaseName, spec.targetNamespace, spec.values)];
  })));

  test('the HelmReleases pin the chart version rendered here', () => {
    expect(release('az1').chart.spec.version).toBe(chartVersion());
    expect([release('az1').releaseName, release('az1').targetNamespace]).toEqual(['kube-ovn', 'kube-system']);
  });

  test('az1: 3 ovn-central replicas and ovn-ic-controller', () => {
    expectInstall(rendered().az1, EXPECTED.az1);
  });

  test('az2 with one master: 1 ovn-central replica, its IP everywhere', () => {
    expectInstall(rendered().az2, { ...EXPECTED.az2, masters: '192.168.66.1', replicas: 1 });
    expect(problems(rendered().az2, 'kube-system', dirs['clusters/az2'])).toEqual([]);
  });
});
