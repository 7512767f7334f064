import { Cni, Fleet, FleetCluster, SecretSource } from '../../src';
import { expectValidManifests, fleetErrors, fleetWarnings } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { doc, render } from './helpers';

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };
const WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Secrets Flux can deliver too (it cannot fill argocd-vault-plugin placeholders): plain text,
 * explicitly acknowledged, test values only.
 */
function plainSecrets(cluster: string) {
  const ack = { iUnderstandThisIsWrittenToGit: true } as const;
  return {
    brokerToken: SecretSource.plainText(`token-of-${cluster}`, ack),
    brokerCa: SecretSource.plainText('Y2EK', ack),
    psk: SecretSource.plainText('cHNrCg==', ack),
  };
}

/** Four Spiderpool macvlan clusters (seed 004's shape); cluster i gets pod 172.(110+i).0.0/16. */
function spiderpoolClusters(fleet: Fleet, names: string[]): Record<string, FleetCluster> {
  return Object.fromEntries(names.map((name, i) => [name, fleet.addCluster(name, {
    podCidr: `172.${110 + i}.0.0/16`, serviceCidr: `10.${233 + i}.0.0/18`, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: [`${name}-gw`],
  })]));
}

/**
 * Two clustersets: the broker in cluster-a for cluster-a and cluster-b, the broker in
 * `secondBrokerHost` for cluster-c and cluster-d. Delivered by Argo CD and Flux at once.
 */
function twoBrokerFleet(secondBrokerHost: 'cluster-b' | 'cluster-c'): Fleet {
  const fleet = new Fleet();
  const c = spiderpoolClusters(fleet, ['cluster-a', 'cluster-b', 'cluster-c', 'cluster-d']);
  const first = c['cluster-a'].addSubmarinerBroker({ apiServer: 'api.cluster-a.example.com:6443' });
  const second = c[secondBrokerHost].addSubmarinerBroker({ apiServer: `api.${secondBrokerHost}.example.com:6443` });
  for (const name of ['cluster-a', 'cluster-b']) c[name].joinSubmariner({ broker: first, ...plainSecrets(name) });
  for (const name of ['cluster-c', 'cluster-d']) c[name].joinSubmariner({ broker: second, ...plainSecrets(name) });
  fleet.deliverWithArgoCd(REPO);
  fleet.deliverWithFlux(REPO);
  return fleet;
}

describe('with two Submariner brokers, each member is delivered after its own broker', () => {
  const fleet = twoBrokerFleet('cluster-c');
  const { dirs } = render(fleet);

  test('the fleet has no errors; each clusterset has its own broker', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    // the plain-text secrets are acknowledged, and still warned about (three per member); no broker is alone
    const warnings = fleetWarnings(fleet);
    expect(warnings.filter((w) => w.includes('is SecretSource.plainText'))).toHaveLength(12);
    expect(warnings.filter((w) => !w.includes('is SecretSource.plainText'))).toEqual([]);
    // installed from the charts: the broker chart on each broker cluster, the operator chart (with the member's broker) on each member
    expect(doc(dirs['clusters/cluster-a'], 'ServiceAccount', 'cluster-cluster-b').metadata.namespace).toBe('submariner-k8s-broker');
    expect(doc(dirs['clusters/cluster-c'], 'ServiceAccount', 'cluster-cluster-d').metadata.namespace).toBe('submariner-k8s-broker');
    expect(dirs['flux-submariner/cluster-b'].map((d) => d.metadata.name)).toEqual(['cluster-b-submariner-operator']);
    expect(dirs['flux-submariner/cluster-c'].map((d) => d.metadata.name).sort()).toEqual(['cluster-c-submariner-k8s-broker', 'cluster-c-submariner-operator']);
    expect(doc(dirs['flux-submariner/cluster-b'], 'HelmRelease', 'cluster-b-submariner-operator').spec.values.broker.server).toBe('api.cluster-a.example.com:6443');
    expect(doc(dirs['flux-submariner/cluster-d'], 'HelmRelease', 'cluster-d-submariner-operator').spec.values.broker.server).toBe('api.cluster-c.example.com:6443');
    expect(doc(dirs.argocd, 'Application', 'cluster-d-submariner').spec.source.helm.valuesObject.broker.server).toBe('api.cluster-c.example.com:6443');
  });

  test('Argo CD: the broker clusters sync in wave 0 (folder), 3 (broker chart), 5 (operator chart), their members in wave 10 and 15', () => {
    const waves = Object.fromEntries(dirs.argocd.filter((d) => d.kind === 'Application').map((d) => [d.metadata.name, d.metadata.annotations[WAVE]]));
    expect(waves).toEqual({
      'cluster-a': '0', 'cluster-a-submariner-broker': '3', 'cluster-a-submariner': '5', 'cluster-b': '10', 'cluster-b-submariner': '15',
      'cluster-c': '0', 'cluster-c-submariner-broker': '3', 'cluster-c-submariner': '5', 'cluster-d': '10', 'cluster-d-submariner': '15',
      // the gateway node labels (<cluster>-nodes) come before everything else
      'cluster-a-nodes': '-15', 'cluster-b-nodes': '-15', 'cluster-c-nodes': '-15', 'cluster-d-nodes': '-15',
    });
    expectValidManifests(dirs.argocd);
  });

  test('Flux: each member\'s Kustomization depends on its own broker\'s, and on no other', () => {
    const dependsOn = (name: string) => doc(dirs.flux, 'Kustomization', name).spec.dependsOn;
    // first its own node labels (the gateway nodes), then the broker's cluster
    expect(dependsOn('cluster-a')).toEqual([{ name: 'cluster-a-nodes' }]);
    expect(dependsOn('cluster-b')).toEqual([{ name: 'cluster-b-nodes' }, { name: 'cluster-a' }]);
    expect(dependsOn('cluster-c')).toEqual([{ name: 'cluster-c-nodes' }]);
    expect(dependsOn('cluster-d')).toEqual([{ name: 'cluster-d-nodes' }, { name: 'cluster-c' }]);
    // the charts after the cluster's folder; each member's operator release waits for its own broker's release
    expect(doc(dirs.flux, 'Kustomization', 'cluster-b-submariner').spec.dependsOn).toEqual([{ name: 'cluster-b' }]);
    expect(doc(dirs.flux, 'Kustomization', 'cluster-d-submariner').spec.dependsOn).toEqual([{ name: 'cluster-d' }]);
    const releaseDeps = (c: string) => doc(dirs[`flux-submariner/${c}`], 'HelmRelease', `${c}-submariner-operator`).spec.dependsOn;
    expect(['cluster-a', 'cluster-b', 'cluster-c', 'cluster-d'].map(releaseDeps)).toEqual([
      [{ name: 'cluster-a-submariner-k8s-broker' }], [{ name: 'cluster-a-submariner-k8s-broker' }],
      [{ name: 'cluster-c-submariner-k8s-broker' }], [{ name: 'cluster-c-submariner-k8s-broker' }],
    ]);
    expectValidManifests([...dirs.flux, ...['a', 'b', 'c', 'd'].flatMap((c) => dirs[`flux-submariner/cluster-${c}`])]);
  });
});

test('a broker run by a member of another clusterset: its members wait for that member, which waits for its own broker', () => {
  // broker 1 in cluster-a for a and b; broker 2 in cluster-b (itself a member of broker 1) for c and d
  const { dirs } = render(twoBrokerFleet('cluster-b'));
  const waves = Object.fromEntries(dirs.argocd.filter((d) => d.kind === 'Application').map((d) => [d.metadata.name, d.metadata.annotations[WAVE]]));
  expect(waves).toEqual({
    'cluster-a': '0', 'cluster-a-submariner-broker': '3', 'cluster-a-submariner': '5',
    'cluster-b': '10', 'cluster-b-submariner-broker': '13', 'cluster-b-submariner': '15',
    'cluster-c': '20', 'cluster-c-submariner': '25', 'cluster-d': '20', 'cluster-d-submariner': '25',
    'cluster-a-nodes': '-15', 'cluster-b-nodes': '-15', 'cluster-c-nodes': '-15', 'cluster-d-nodes': '-15',
  });
  const dependsOn = (name: string) => doc(dirs.flux, 'Kustomization', name).spec.dependsOn;
  expect([dependsOn('cluster-a'), dependsOn('cluster-b'), dependsOn('cluster-c'), dependsOn('cluster-d')]).toEqual([
    [{ name: 'cluster-a-nodes' }], [{ name: 'cluster-b-nodes' }, { name: 'cluster-a' }],
    [{ name: 'cluster-c-nodes' }, { name: 'cluster-b' }], [{ name: 'cluster-d-nodes' }, { name: 'cluster-b' }],
  ]);
});

describe('Argo CD and Flux delivering one fleet at once', () => {
  const { fleet } = twoClusterFleet();
  fleet.deliverWithArgoCd(REPO);
  fleet.deliverWithFlux(REPO);
  const { dirs, files } = render(fleet);

  test('render both dist/argocd and dist/flux (with the kube-ovn HelmReleases), each valid', () => {
    const kinds = (dir: string) => dirs[dir].map((d) => `${d.kind}/${d.metadata.name}`).sort();
    expect(kinds('argocd')).toEqual([
      'AppProject/ovn-ic-fleet', 'AppProject/ovn-ic-fleet-kube-ovn',
      'Application/az1', 'Application/az1-kube-ovn', 'Application/az2', 'Application/az2-kube-ovn',
    ]);
    expect(kinds('flux')).toEqual([
      'GitRepository/ovn-ic-fleet', 'HelmRepository/kube-ovn',
      'Kustomization/az1', 'Kustomization/az1-kube-ovn', 'Kustomization/az2', 'Kustomization/az2-kube-ovn',
    ]);
    expect(kinds('flux-kube-ovn/az1')).toEqual(['HelmRelease/az1-kube-ovn']);
    expect(kinds('flux-kube-ovn/az2')).toEqual(['HelmRelease/az2-kube-ovn']);
    expectValidManifests([...dirs.argocd, ...dirs.flux, ...dirs['flux-kube-ovn/az1'], ...dirs['flux-kube-ovn/az2']]);
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('both order az2 after az1, which runs the IC database', () => {
    expect(doc(dirs.argocd, 'Application', 'az1').metadata.annotations[WAVE]).toBe('0');
    expect(doc(dirs.argocd, 'Application', 'az2').metadata.annotations[WAVE]).toBe('10');
    expect(doc(dirs.flux, 'Kustomization', 'az2').spec.dependsOn).toEqual([{ name: 'az2-kube-ovn' }, { name: 'az1' }]);
  });

  test('the cluster folders carry the per-object rules of both tools, and the README both bootstrap sections', () => {
    const cm = doc(dirs['clusters/az2'], 'ConfigMap', 'ovn-ic-config').metadata.annotations;
    expect(cm[WAVE]).toBe('40');
    expect(cm['argocd.argoproj.io/sync-options']).toBe('Force=true,ServerSideApply=false,Prune=confirm,Delete=confirm');
    expect(cm['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    // the chart of either tool runs ovn-ic-controller, so no folder does
    expect(Object.entries(dirs).filter(([d]) => d.startsWith('clusters/')).flatMap(([, docs]) => docs).filter((d) => d.metadata.name === 'ovn-ic-controller')).toEqual([]);
    expect(files['README.md']).toContain('### Argo CD');
    expect(files['README.md']).toContain('### Flux');
    // the same Helm values whichever tool installs Kube-OVN
    expect(doc(dirs['flux-kube-ovn/az2'], 'HelmRelease', 'az2-kube-ovn').spec.values).toEqual(doc(dirs.argocd, 'Application', 'az2-kube-ovn').spec.source.helm.valuesObject);
  });
});

test('a delivery declared twice is reported', () => {
  const { fleet } = twoClusterFleet();
  fleet.deliverWithArgoCd(REPO);
  fleet.deliverWithArgoCd({ ...REPO, namespace: 'other' });
  fleet.deliverWithFlux(REPO);
  fleet.deliverWithFlux(REPO);
  expect(fleetErrors(fleet)).toEqual([
    '[argoCd] deliverWithArgoCd is called 2 times; a fleet has one delivery per tool, call it once',
    '[flux] deliverWithFlux is called 2 times; a fleet has one delivery per tool, call it once',
  ]);
});
