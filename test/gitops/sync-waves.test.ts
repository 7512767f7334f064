import { Fleet, SyncWave } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { mergeSyncOptions } from '../../src/gitops/annotations';
import { fleetWarnings } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { doc, foreignObject, render } from './helpers';

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };
const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTIONS = 'argocd.argoproj.io/sync-options';

/** az1 of the two-cluster fleet plus the objects the underlay, Submariner and Spiderpool libraries render. */
function fleetWithForeignObjects(): Fleet {
  const { fleet, az1 } = twoClusterFleet();
  const c = az1;
  foreignObject(c, 'ProviderNetwork', 'kubeovn.io/v1', 'net1', { spec: { defaultInterface: 'eth1' } });
  foreignObject(c, 'Vlan', 'kubeovn.io/v1', 'vlan10', { spec: { id: 10, provider: 'net1' } });
  foreignObject(c, 'Subnet', 'kubeovn.io/v1', 'underlay10', { spec: { cidrBlock: '172.17.0.0/16', vlan: 'vlan10' } });
  foreignObject(c, 'Namespace', 'v1', 'submariner-operator');
  foreignObject(c, 'Deployment', 'apps/v1', 'submariner-operator', { namespace: 'submariner-operator' });
  foreignObject(c, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'az1' } });
  foreignObject(c, 'SpiderIPPool', 'spiderpool.spidernet.io/v2beta1', 'pool-a', { spec: { subnet: '172.110.0.0/16' } });
  foreignObject(c, 'SpiderMultusConfig', 'spiderpool.spidernet.io/v2beta1', 'macvlan-conf', { namespace: 'kube-system', spec: { cniType: 'macvlan' } });
  fleet.deliverWithArgoCd(REPO);
  return fleet;
}

describe('sync waves', () => {
  test('are a pure function of API group, kind and name', () => {
    const cases: Array<[string, string, string, SyncWave]> = [
      ['', 'Namespace', 'x', SyncWave.NAMESPACES],
      ['apiextensions.k8s.io', 'CustomResourceDefinition', 'submariners.submariner.io', SyncWave.CRDS],
      ['rbac.authorization.k8s.io', 'ClusterRoleBinding', 'x', SyncWave.RBAC],
      ['', 'ServiceAccount', 'x', SyncWave.RBAC],
      ['', 'Secret', 'submariner-ipsec-psk', SyncWave.CONFIG],
      ['', 'ConfigMap', 'other', SyncWave.CONFIG],
      ['apps', 'Deployment', 'ovn-ic-server', SyncWave.IC_DATABASE],
      ['apps', 'Deployment', 'submariner-operator', SyncWave.OPERATORS],
      ['kubeovn.io', 'ProviderNetwork', 'net1', SyncWave.PROVIDER_NETWORKS],
      ['kubeovn.io', 'Vlan', 'vlan10', SyncWave.VLANS],
      ['kubeovn.io', 'Vpc', 'vpc1', SyncWave.VLANS],
      ['kubeovn.io', 'Subnet', 'underlay10', SyncWave.SUBNETS],
      ['kubeovn.io', 'IP', 'ip1', SyncWave.ADDRESSING],
      ['spiderpool.spidernet.io', 'SpiderIPPool', 'pool-a', SyncWave.SUBNETS],
      ['spiderpool.spidernet.io', 'SpiderMultusConfig', 'macvlan-conf', SyncWave.ADDRESSING],
      ['', 'ConfigMap', 'ovn-ic-config', SyncWave.IC_CONFIG],
      ['apps', 'Deployment', 'ovn-ic-controller', SyncWave.IC_CONTROLLER],
      ['submariner.io', 'Submariner', 'submariner', SyncWave.MULTI_CLUSTER],
      ['example.com', 'Widget', 'w', SyncWave.DEFAULT],
    ];
    for (const [apiGroup, kind, name, wave] of cases) expect([kind, name, SyncWave.of({ apiGroup, kind, name })]).toEqual([kind, name, wave]);
  });

  test('order the dependencies: namespaces/CRDs/RBAC, operators, ProviderNetwork < Vlan < Subnet, IC DB < IC config < IC controller < Submariner', () => {
    const w = (s: SyncWave) => s.wave;
    expect(w(SyncWave.NAMESPACES)).toBeLessThan(w(SyncWave.CRDS));
    expect(w(SyncWave.CRDS)).toBeLessThan(w(SyncWave.RBAC));
    expect(w(SyncWave.RBAC)).toBeLessThan(w(SyncWave.OPERATORS));
    expect(w(SyncWave.PROVIDER_NETWORKS)).toBeLessThan(w(SyncWave.VLANS));
    expect(w(SyncWave.VLANS)).toBeLessThan(w(SyncWave.SUBNETS));
    expect(w(SyncWave.IC_DATABASE)).toBeLessThan(w(SyncWave.IC_CONFIG));
    expect(w(SyncWave.SUBNETS)).toBeLessThan(w(SyncWave.IC_CONFIG));
    expect(w(SyncWave.IC_CONFIG)).toBeLessThan(w(SyncWave.IC_CONTROLLER));
    expect(w(SyncWave.OPERATORS)).toBeLessThan(w(SyncWave.MULTI_CLUSTER));
    expect(SyncWave.all.map(w)).toEqual([...SyncWave.all.map(w)].sort((a, b) => a - b));
  });

  test('default fleet: every cluster object carries its wave; the IC database comes before ovn-ic-config', () => {
    const { dirs } = render(buildDefaultFleet());
    expect(doc(dirs['clusters/az1'], 'Deployment', 'ovn-ic-server').metadata.annotations[WAVE]).toBe('-20');
    expect(doc(dirs['clusters/az1'], 'ConfigMap', 'ovn-ic-config').metadata.annotations[WAVE]).toBe('40');
    expect(doc(dirs['clusters/az2'], 'ConfigMap', 'ovn-ic-config').metadata.annotations[WAVE]).toBe('40');
    expect(doc(dirs['clusters/az2'], 'Subnet', 'no-advertise').metadata.annotations[WAVE]).toBe('30');
    for (const dir of ['clusters/az1', 'clusters/az2']) {
      for (const d of dirs[dir]) expect([d.kind, d.metadata.name, typeof d.metadata.annotations?.[WAVE]]).toEqual([d.kind, d.metadata.name, 'string']);
    }
  });

  test('objects of other libraries are handled by kind and apiGroup', () => {
    const { dirs } = render(fleetWithForeignObjects());
    const az1 = dirs['clusters/az1'];
    const wave = (kind: string, name: string) => doc(az1, kind, name).metadata.annotations[WAVE];
    expect(wave('ProviderNetwork', 'net1')).toBe('10');
    expect(wave('Vlan', 'vlan10')).toBe('20');
    expect(wave('Subnet', 'underlay10')).toBe('30');
    expect(wave('Namespace', 'submariner-operator')).toBe('-50');
    expect(wave('Deployment', 'submariner-operator')).toBe('-10');
    expect(wave('Submariner', 'submariner')).toBe('50');
    expect(wave('SpiderIPPool', 'pool-a')).toBe('30');
    expect(wave('SpiderMultusConfig', 'macvlan-conf')).toBe('35');
  });

  test('a wave an object already names is kept', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'Vlan', 'kubeovn.io/v1', 'early', { spec: { id: 1, provider: 'p' }, annotations: { [WAVE]: '-5' } });
    fleet.deliverWithArgoCd({ ...REPO, kubeOvn: { enabled: false } });
    expect(doc(render(fleet).dirs['clusters/az1'], 'Vlan', 'early').metadata.annotations[WAVE]).toBe('-5');
  });
});

describe('sync options', () => {
  test('merging keeps existing options and their values, appends new ones', () => {
    expect(mergeSyncOptions('Force=true,ServerSideApply=false', ['Prune=confirm', 'Delete=confirm'])).toBe('Force=true,ServerSideApply=false,Prune=confirm,Delete=confirm');
    expect(mergeSyncOptions('Prune=false', ['Prune=confirm', 'Delete=confirm'])).toBe('Prune=false,Delete=confirm');
    expect(mergeSyncOptions(undefined, ['SkipDryRunOnMissingResource=true'])).toBe('SkipDryRunOnMissingResource=true');
    expect(mergeSyncOptions(' A=1 , B=2 ', ['B=3'])).toBe('A=1,B=2');
  });

  test('ovn-ic-config keeps its change semantics (Force, client-side apply) and needs confirmation to be pruned or deleted', () => {
    const { dirs } = render(buildDefaultFleet());
    for (const dir of ['clusters/az1', 'clusters/az2']) {
      const cm = doc(dirs[dir], 'ConfigMap', 'ovn-ic-config');
      expect(cm.metadata.annotations[OPTIONS]).toBe('Force=true,ServerSideApply=false,Prune=confirm,Delete=confirm');
      expect(cm.metadata.annotations['kustomize.toolkit.fluxcd.io/force']).toBe('enabled');
      expect(cm.immutable).toBe(true);
    }
  });

  test('network-critical objects of every library need confirmation; others do not', () => {
    const az1 = render(fleetWithForeignObjects()).dirs['clusters/az1'];
    const options = (kind: string, name: string) => doc(az1, kind, name).metadata.annotations[OPTIONS];
    for (const [kind, name] of [['ProviderNetwork', 'net1'], ['Vlan', 'vlan10'], ['Subnet', 'underlay10'], ['SpiderIPPool', 'pool-a'], ['SpiderMultusConfig', 'macvlan-conf']]) {
      expect([kind, options(kind, name)]).toEqual([kind, 'Prune=confirm,Delete=confirm']);
    }
    expect(options('Submariner', 'submariner')).toBe('Prune=confirm,Delete=confirm,SkipDryRunOnMissingResource=true');
    expect(options('Deployment', 'submariner-operator')).toBeUndefined();
    // issue 12: the IC database and the Namespace holding the Submariner CR are network-critical as well
    expect(options('Deployment', 'ovn-ic-server')).toBe('Prune=confirm,Delete=confirm');
    expect(options('Namespace', 'submariner-operator')).toBe('Prune=confirm,Delete=confirm');
  });

  test('a Namespace holding a network-critical object needs confirmation (deleting it deletes its objects); others do not', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'Namespace', 'v1', 'tenant-net');
    foreignObject(az1, 'SpiderMultusConfig', 'spiderpool.spidernet.io/v2beta1', 'tenant-conf', { namespace: 'tenant-net', spec: { cniType: 'macvlan' } });
    foreignObject(az1, 'Namespace', 'v1', 'tenant-apps');
    foreignObject(az1, 'ConfigMap', 'v1', 'settings', { namespace: 'tenant-apps' });
    fleet.deliverWithArgoCd(REPO);
    const az1Docs = render(fleet).dirs['clusters/az1'];
    expect(doc(az1Docs, 'Namespace', 'tenant-net').metadata.annotations[OPTIONS]).toBe('Prune=confirm,Delete=confirm');
    expect(doc(az1Docs, 'Namespace', 'tenant-apps').metadata.annotations?.[OPTIONS]).toBeUndefined();
    expect(doc(az1Docs, 'ConfigMap', 'settings').metadata.annotations?.[OPTIONS]).toBeUndefined();
  });

  test('SkipDryRunOnMissingResource only where the CRD arrives in the same sync', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'widgets.example.com', {
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [] },
    });
    foreignObject(az1, 'Widget', 'example.com/v1', 'w1', { namespace: 'kube-system' });
    foreignObject(az1, 'Gadget', 'example.com/v1', 'g1', { namespace: 'kube-system' });
    foreignObject(az1, 'ServiceDiscovery', 'submariner.io/v1alpha1', 'sd', { namespace: 'submariner-operator' });
    foreignObject(az1, 'Vlan', 'kubeovn.io/v1', 'vlan10', { spec: { id: 10, provider: 'net1' } });
    fleet.deliverWithArgoCd(REPO);
    const docs = render(fleet).dirs['clusters/az1'];
    const options = (kind: string, name: string) => doc(docs, kind, name).metadata.annotations[OPTIONS];
    expect(options('Widget', 'w1')).toBe('SkipDryRunOnMissingResource=true');
    expect(options('ServiceDiscovery', 'sd')).toBe('SkipDryRunOnMissingResource=true');
    expect(options('Gadget', 'g1')).toBeUndefined(); // its CRD is not in the folder: the dry run must catch a missing CRD
    expect(options('Vlan', 'vlan10')).toBe('Prune=confirm,Delete=confirm'); // Kube-OVN's CRDs come from the kube-ovn Application first
  });

  test('warns when an object already chose a weaker prune option, and keeps it', () => {
    const { fleet, az1 } = twoClusterFleet();
    foreignObject(az1, 'Vlan', 'kubeovn.io/v1', 'vlan10', { spec: { id: 10, provider: 'net1' }, annotations: { [OPTIONS]: 'Prune=true' } });
    fleet.deliverWithArgoCd(REPO);
    expect(fleetWarnings(fleet)).toContainEqual(expect.stringContaining('cluster "az1", Vlan "vlan10": argocd.argoproj.io/sync-options already sets Prune=true, kept instead of Prune=confirm'));
    expect(doc(render(fleet).dirs['clusters/az1'], 'Vlan', 'vlan10').metadata.annotations[OPTIONS]).toBe('Prune=true,Delete=confirm');
  });

  test('the output does not depend on the order clusters and deliveries are declared in', () => {
    const build = (reverse: boolean) => {
      const fleet = new Fleet();
      if (reverse) fleet.deliverWithArgoCd(REPO);
      const icDatabase = fleet.addExternalIcDatabase('ic', { hosts: [{ ip: '192.168.9.1' }] });
      const names = reverse ? ['b', 'a'] : ['a', 'b'];
      for (const name of names) {
        const n = name === 'a' ? 1 : 2;
        const c = fleet.addCluster(name, {
          podCidr: `10.${20 + n}.0.0/16`, joinCidr: `100.${70 + n}.0.0/16`, serviceCidr: '10.96.0.0/12', masterNodeIps: [`192.168.${n}.1`], gatewayNodes: [`${name}-gw`],
        });
        c.interconnect({ icDatabase });
      }
      if (!reverse) fleet.deliverWithArgoCd(REPO);
      return render(fleet).files;
    };
    expect(build(true)).toEqual(build(false));
  });
});
