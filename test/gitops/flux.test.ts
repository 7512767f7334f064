import * as YAML from 'yaml';
import { Cni, Fleet, KubeOvnChart, SecretSource } from '../../src';
import { expectValidManifests, fleetErrors } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { bundleCrds } from '../support/bundle';
import { doc, foreignObject, render } from './helpers';

const REPO = 'https://git.example.com/platform/ovn-ic-fleet.git';
const STAGE = 'ovn-ic.fleet/delivery-stage';

/** The CRD of a Flux kind, from the schema bundle generated from the pinned upstream CRDs. */
function fluxCrd(kind: string): any {
  for (const crd of bundleCrds('.toolkit.fluxcd.io')) {
    if (crd.spec.names.kind === kind) return crd;
  }
  throw new Error(`no Flux CRD for ${kind}`);
}

/** The seeds' OVN-IC pair (az1 runs the IC database) delivered by Flux and, for comparison, Argo CD. */
function ovnIcFleet(): Fleet {
  const { fleet, ic2 } = twoClusterFleet();
  ic2.addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });
  fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
  fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main' });
  return fleet;
}

describe('Flux delivery of an OVN-IC fleet', () => {
  const { dirs } = render(ovnIcFleet());
  const flux = dirs.flux;

  test('renders the source, the chart repository and the per-cluster Kustomizations, valid against the Flux CRDs', () => {
    expect(flux.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'GitRepository/flux-system/ovn-ic-fleet', 'HelmRepository/flux-system/kube-ovn',
      'Kustomization/flux-system/az1', 'Kustomization/flux-system/az1-kube-ovn',
      'Kustomization/flux-system/az2', 'Kustomization/flux-system/az2-kube-ovn',
    ]);
    expectValidManifests([...flux, ...dirs['flux-kube-ovn/az1'], ...dirs['flux-kube-ovn/az2']]);
  });

  test('every rendered Flux apiVersion is one the pinned CRDs serve', () => {
    for (const d of [...flux, ...dirs['flux-kube-ovn/az1']]) {
      const crd = fluxCrd(d.kind);
      const served = crd.spec.versions.filter((v: any) => v.served).map((v: any) => `${crd.spec.group}/${v.name}`);
      expect([d.kind, served]).toEqual([d.kind, expect.arrayContaining([d.apiVersion])]);
    }
  });

  test('the GitRepository follows the revision of the fleet repository', () => {
    expect(doc(flux, 'GitRepository', 'ovn-ic-fleet').spec).toEqual({ url: REPO, ref: { branch: 'main' }, interval: '1m' });
    expect(doc(flux, 'HelmRepository', 'kube-ovn').spec).toEqual({ url: 'https://kubeovn.github.io/kube-ovn/', interval: '1h' });
  });

  test('az2 waits for its Kube-OVN and for az1, which runs the IC database, and its health checks', () => {
    const az1 = doc(flux, 'Kustomization', 'az1').spec;
    const az2 = doc(flux, 'Kustomization', 'az2').spec;
    expect(az1.dependsOn).toEqual([{ name: 'az1-kube-ovn' }]);
    expect(az2.dependsOn).toEqual([{ name: 'az2-kube-ovn' }, { name: 'az1' }]);
    expect(az1.healthChecks).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ovn-ic-server', namespace: 'kube-system' }]);
    expect(doc(dirs.flux, 'Kustomization', 'az1-kube-ovn').spec.dependsOn).toBeUndefined();
    expect(az2.healthChecks).toBeUndefined();
    expect(az2).toMatchObject({
      path: './dist/clusters/az2', prune: true, interval: '10m', retryInterval: '1m', timeout: '5m', deletionPolicy: 'MirrorPrune',
      sourceRef: { kind: 'GitRepository', name: 'ovn-ic-fleet' },
      kubeConfig: { secretRef: { name: 'az2-kubeconfig', key: 'value' } },
    });
    expect(az2.patches).toBeUndefined();
    expect(az2.force).toBeUndefined(); // only ovn-ic-config is recreated, through its own annotation
  });

  test('Kube-OVN is a HelmRelease per cluster, applied and waited for by its own Kustomization, never uninstalled by a commit', () => {
    const wrapper = doc(flux, 'Kustomization', 'az1-kube-ovn').spec;
    expect(wrapper).toMatchObject({ path: './dist/flux-kube-ovn/az1', wait: true, timeout: '15m', deletionPolicy: 'Orphan' });
    expect(wrapper.kubeConfig).toBeUndefined(); // the HelmRelease lives in the management cluster
    const release = doc(dirs['flux-kube-ovn/az1'], 'HelmRelease', 'az1-kube-ovn');
    expect(release.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(release.spec.chart.spec).toEqual({ chart: 'kube-ovn', version: 'v1.13.15', sourceRef: { kind: 'HelmRepository', name: 'kube-ovn', namespace: 'flux-system' } });
    expect(release.spec).toMatchObject({ releaseName: 'kube-ovn', targetNamespace: 'kube-system', storageNamespace: 'kube-system', kubeConfig: { secretRef: { name: 'az1-kubeconfig', key: 'value' } } });
    // the same values as Argo CD's Application
    expect(release.spec.values).toEqual(doc(dirs.argocd, 'Application', 'az1-kube-ovn').spec.source.helm.valuesObject);
  });

  test('network-critical objects are never pruned by Flux; ovn-ic-config is recreated on change', () => {
    expect(doc(dirs['clusters/az2'], 'Subnet', 'no-advertise').metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    const cm = doc(dirs['clusters/az2'], 'ConfigMap', 'ovn-ic-config').metadata.annotations;
    expect(cm['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(cm['kustomize.toolkit.fluxcd.io/force']).toBe('enabled');
    // the IC database is network-critical too (issue 12): pruning it drops every member's interconnection
    expect(doc(dirs['clusters/az1'], 'Deployment', 'ovn-ic-server').metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
  });
});

test('an argocd-vault-plugin source is refused for Flux, naming the cluster and the chart value', () => {
  const f = avpFleet();
  const message = (c: string, field: string, path: string) => `[flux/Flux] FluxDelivery: cluster "${c}", submariner-operator chart (Flux): ${field} (values ${path}) is SecretSource.argocdVaultPlugin(...), an argocd-vault-plugin placeholder Flux would apply verbatim; give the broker a credentialStore or use SecretSource.externalSecret(...) or existingSecret(...)`;
  expect(fleetErrors(f)).toEqual(['cluster-a', 'cluster-b'].flatMap((c) => [message(c, 'brokerToken', 'broker.token'), message(c, 'brokerCa', 'broker.ca'), message(c, 'psk', 'ipsec.psk')]));
});

/** Two Spiderpool clusters with argocd-vault-plugin secrets, delivered by Flux only. */
function avpFleet() {
  const fleet = new Fleet();
  const members = ['cluster-a', 'cluster-b'].map((name, i) => fleet.addCluster(name, {
    podCidr: `172.${110 + i}.0.0/16`, serviceCidr: `10.${233 + i}.0.0/18`, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'],
  }));
  const broker = members[0].addSubmarinerBroker({ apiServer: '10.6.168.73:6443' });
  for (const m of members) {
    m.joinSubmariner({
      broker, healthCheck: false,
      brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${m.name}`), brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker'),
      psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker'),
    });
  }
  fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
  return fleet;
}

describe('Flux delivery options', () => {
  test.each([
    ['main', { branch: 'main' }],
    ['refs/tags/v1.2.0', { name: 'refs/tags/v1.2.0' }],
    ['0123456789abcdef0123456789abcdef01234567', { commit: '0123456789abcdef0123456789abcdef01234567' }],
  ])('revision %s becomes the GitRepository ref', (revision, ref) => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithFlux({ repoUrl: REPO, revision });
    expect(doc(render(fleet).dirs.flux, 'GitRepository', 'ovn-ic-fleet').spec.ref).toEqual(ref);
  });

  test('objects whose CRD an operator installs go to a second Kustomization after the first', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'Deployment', 'apps/v1', 'submariner-operator', { namespace: 'submariner-operator' });
    foreignObject(az1, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'az1' } });
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
    const { dirs } = render(fleet);
    expect(doc(dirs['clusters/az1'], 'Submariner', 'submariner').metadata.annotations[STAGE]).toBe('operands');
    expect(doc(dirs['clusters/az1'], 'Deployment', 'submariner-operator').metadata.annotations?.[STAGE]).toBeUndefined();

    const first = doc(dirs.flux, 'Kustomization', 'az1').spec;
    const second = doc(dirs.flux, 'Kustomization', 'az1-operands').spec;
    expect(first.patches).toEqual([{ patch: expect.stringContaining('$patch: delete'), target: { annotationSelector: `${STAGE}=operands` } }]);
    expect(second.patches).toEqual([{ patch: expect.stringContaining('$patch: delete'), target: { annotationSelector: `${STAGE}!=operands` } }]);
    expect(second.dependsOn).toEqual([{ name: 'az1' }]);
    expect(second.path).toBe(first.path);
    expect(first.healthChecks.map((h: any) => h.name)).toEqual(['ovn-ic-server', 'submariner-operator']);
    const patch = YAML.parse(first.patches[0].patch);
    expect(patch).toEqual({ $patch: 'delete', apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dropped-by-selector' } });
    expect(dirs.flux.some((d) => d.metadata.name === 'az2-operands')).toBe(false);
    expectValidManifests(dirs.flux);
  });

  test('a CRD rendered in the folder keeps its custom resources in the first Kustomization', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'submariners.submariner.io', {
      spec: { group: 'submariner.io', names: { kind: 'Submariner', plural: 'submariners' }, scope: 'Namespaced', versions: [] },
    });
    foreignObject(az1, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'az1' } });
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
    const { dirs } = render(fleet);
    expect(doc(dirs['clusters/az1'], 'Submariner', 'submariner').metadata.annotations[STAGE]).toBeUndefined();
    expect(dirs.flux.some((d) => d.metadata.name === 'az1-operands')).toBe(false);
  });

  test('a mirrored chart repository gets its own HelmRepository', () => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main', kubeOvn: { clusters: { az2: { chart: KubeOvnChart.of({ repoUrl: 'https://charts.example.com/kube-ovn/', version: 'v1.13.15' }) } } } });
    const { dirs } = render(fleet);
    const repos = dirs.flux.filter((d) => d.kind === 'HelmRepository');
    expect(repos.map((r) => r.spec.url).sort()).toEqual(['https://charts.example.com/kube-ovn/', 'https://kubeovn.github.io/kube-ovn/']);
    const mirror = repos.find((r) => r.spec.url.startsWith('https://charts.example.com'))!;
    expect(mirror.metadata.name).toMatch(/^kube-ovn-[0-9a-f]{8}$/);
    expect(doc(dirs['flux-kube-ovn/az2'], 'HelmRelease', 'az2-kube-ovn').spec.chart.spec.sourceRef.name).toBe(mirror.metadata.name);
    expect(doc(dirs['flux-kube-ovn/az1'], 'HelmRelease', 'az1-kube-ovn').spec.chart.spec.sourceRef.name).toBe('kube-ovn');
  });

  test('fails on a bad interval and a bad namespace, naming each', () => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main', interval: 'ten minutes', namespace: 'Flux' });
    expect(fleetErrors(fleet)).toEqual(expect.arrayContaining([
      expect.stringContaining('[flux/Flux] FluxDelivery: interval "ten minutes" is not a duration; give e.g. 10m'),
      expect.stringContaining('FluxDelivery: namespace "Flux" must consist of lowercase letters'),
    ]));
  });
});
