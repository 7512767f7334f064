import { Testing } from 'cdk8s';
import { ProviderNetwork, Vlan } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { az1Network, chartErrors, installUnderlayNetwork, twoCharts } from './charts';
import { installUnderlayFleet, oneClusterFleet } from './fleets';

/** A plain chart with the provider network net1 of cluster az1 (a Vlan's own rules are checked there). */
function withNet1() {
  const cluster = az1Network();
  const chart = Testing.chart();
  const net1 = new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1' });
  return { chart, net1 };
}

describe('Vlan', () => {
  test('binds to its provider network by reference; several Vlans share one', () => {
    // GIVEN
    const { chart, net1 } = withNet1();
    // WHEN
    const vlan1 = net1.addVlan('vlan1', { id: 0 });
    const vlan2 = net1.addVlan('Tagged', { name: 'vlan100', id: 100 });
    // THEN
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(chartErrors(chart)).toEqual([]);
    expect(findDoc(docs, 'Vlan', 'vlan1')).toEqual({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'vlan1' }, spec: { id: 0, provider: 'net1' } });
    expect(findDoc(docs, 'Vlan', 'vlan100').spec).toEqual({ id: 100, provider: 'net1' });
    expect([vlan1.providerNetworkName, vlan2.vlanName, vlan2.vlanId]).toEqual(['net1', 'vlan100', 100]);
    expect(vlan2.node.path).toBe('test/net1/Tagged');
    expect(vlan2.cluster?.name).toBe('az1');
  });

  test('in a fleet, renders at the cluster\'s path under its provider network', () => {
    const { fleet, az1 } = oneClusterFleet();
    az1.addProviderNetwork('net1', { defaultInterface: 'eth1' }).addVlan('Tagged', { name: 'vlan100', id: 100 });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(findDoc(synthFleet(fleet).az1, 'Vlan', 'vlan100').spec).toEqual({ id: 100, provider: 'net1' });
  });

  test('accepts the ends of the id range', () => {
    const { chart, net1 } = withNet1();
    net1.addVlan('low', { id: 0 });
    net1.addVlan('high', { id: 4095 });
    expect(chartErrors(chart)).toEqual([]);
  });

  test.each([[-1], [4096], [1.5]])('fails on the id %p', (id) => {
    const { chart, net1 } = withNet1();
    net1.addVlan('vlan1', { id });
    expect(chartErrors(chart)).toEqual([
      `[test/net1/vlan1] cluster "az1", Vlan "vlan1": spec.id is ${id}; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)`,
    ]);
  });

  test('fails on a name that is not a DNS subdomain', () => {
    const { chart, net1 } = withNet1();
    net1.addVlan('V', { name: 'VLAN_1', id: 1 });
    expect(chartErrors(chart)).toEqual([expect.stringContaining('cluster "az1", Vlan "VLAN_1": metadata.name "VLAN_1" must consist of lowercase letters')]);
  });

  test('fails when two Vlans of one provider network use the same tag', () => {
    const { chart, net1 } = withNet1();
    net1.addVlan('a', { id: 100 });
    net1.addVlan('b', { id: 100 });
    expect(chartErrors(chart)).toEqual([
      '[test/net1/b] cluster "az1", Vlan "b": spec.id 100 is already used by Vlan "a" on ProviderNetwork "net1"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)',
    ]);
  });

  test('accepts the same tag on two provider networks, and id 0 twice', () => {
    const { chart, net1 } = withNet1();
    const net2 = new ProviderNetwork(chart, 'net2', { cluster: az1Network(), defaultInterface: 'eth2' });
    net1.addVlan('a', { id: 100 });
    net2.addVlan('b', { id: 100 });
    net1.addVlan('c', { id: 0 });
    net1.addVlan('d', { id: 0 });
    expect(chartErrors(chart)).toEqual([]);
  });

  test('fails on two Vlans with one name', () => {
    const { chart, net1 } = withNet1();
    net1.addVlan('a', { name: 'vlan1', id: 1 });
    net1.addVlan('b', { name: 'vlan1', id: 2 });
    expect(chartErrors(chart)).toEqual([
      '[test/net1/b] cluster "az1", Vlan "vlan1": metadata.name "vlan1" is used by another Vlan in this cluster; give each Vlan its own name',
    ]);
  });

  test('in a fleet, fails on two Vlans with one id on a provider network: the second is left out', () => {
    const { fleet, az1 } = oneClusterFleet();
    const net1 = az1.addProviderNetwork('net1', { defaultInterface: 'eth1' });
    net1.addVlan('a', { id: 1 });
    net1.addVlan('a', { id: 2 });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1] cluster "az1": Vlan "a" is not built, because the construct id "a" is already taken by Vlan az1/net1/a; give each object its own id (it is the construct id)',
    ]);
  });

  test('fails when the provider network belongs to another cluster (two plain charts of one app)', () => {
    // the fleet model cannot express this: a Vlan is added on its cluster's provider network
    const { az1, az2 } = twoCharts();
    const net1 = new ProviderNetwork(az1, 'net1', { cluster: az1Network(), defaultInterface: 'eth1' });
    new Vlan(az2, 'vlan1', { id: 0, providerNetwork: net1, cluster: az1Network({ name: 'az2', podCidr: '10.17.0.0/16' }) });
    expect(chartErrors(az2)).toEqual([
      '[az2/vlan1] cluster "az2", Vlan "vlan1": spec.provider "net1" is a ProviderNetwork of cluster "az1"; a Vlan can only use a provider network of its own cluster, declare one there',
    ]);
  });

  describe('with an install-time underlay', () => {
    test('a Vlan can use the install-time provider network; it takes the cluster from it', () => {
      const cluster = installUnderlayNetwork({ vlanId: 10 });
      const chart = Testing.chart();
      const vlan = new Vlan(chart, 'ok', { id: 20, providerNetwork: ProviderNetwork.fromInstallUnderlay(cluster) });
      const docs = Testing.synth(chart);
      expectValidManifests(docs);
      expect(findDoc(docs, 'Vlan', 'ok').spec).toEqual({ id: 20, provider: 'provider' });
      expect(chartErrors(chart)).toEqual([]);
      expect(vlan.cluster).toBe(cluster);
    });

    test('in a fleet, installUnderlayProviderNetwork() binds a Vlan to it; the Vlan goes to the cluster\'s root', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanId: 10 });
      az1.installUnderlayProviderNetwork().addVlan('ok', { id: 20 });
      const docs = synthFleet(fleet).az1;
      expectValidManifests(docs);
      expect(findDoc(docs, 'Vlan', 'ok').spec).toEqual({ id: 20, provider: 'provider' });
      expect(docs.filter((d) => d.kind === 'ProviderNetwork')).toEqual([]);
      expect(fleetErrors(fleet)).toEqual([]);
    });

    const CLASH = (path: string) => `[${path}] cluster "az1", Vlan "clash": spec.id 10 is already used by Vlan "ovn-vlan", the one Kube-OVN creates at install (installUnderlay), on ProviderNetwork "provider"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)`;

    test('fails when a Vlan on the install-time provider network reuses VLAN_ID', () => {
      const chart = Testing.chart();
      new Vlan(chart, 'clash', { id: 10, providerNetwork: ProviderNetwork.fromInstallUnderlay(installUnderlayNetwork({ vlanId: 10 })) });
      expect(chartErrors(chart)).toEqual([CLASH('test/clash')]);
    });

    test('in a fleet, fails when a Vlan on the install-time provider network reuses VLAN_ID', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanId: 10 });
      az1.installUnderlayProviderNetwork().addVlan('clash', { id: 10 });
      expect(fleetErrors(fleet)).toEqual([CLASH('az1/clash')]);
    });

    test('fails on a Vlan named like the install-time one', () => {
      const chart = Testing.chart();
      new ProviderNetwork(chart, 'net1', { cluster: installUnderlayNetwork({ vlanName: 'underlay' }), defaultInterface: 'eth2' }).addVlan('underlay', { id: 5 });
      expect(chartErrors(chart)).toEqual([expect.stringContaining('Vlan "underlay": metadata.name "underlay" is the Vlan Kube-OVN creates at install (installUnderlay); kube-ovn-controller owns it')]);
    });

    test('fails when the install-time provider network is another cluster\'s', () => {
      const chart = Testing.chart();
      const other = installUnderlayNetwork({}, { name: 'az2' });
      new Vlan(chart, 'v', { id: 3, providerNetwork: ProviderNetwork.fromInstallUnderlay(other), cluster: installUnderlayNetwork() });
      expect(chartErrors(chart)).toEqual([
        '[test/v] cluster "az1", Vlan "v": spec.provider "provider" is a ProviderNetwork of cluster "az2"; a Vlan can only use a provider network of its own cluster, declare one there',
      ]);
    });

    test('fromInstallUnderlay names the objects Kube-OVN creates', () => {
      const cluster = installUnderlayNetwork({ vlanId: 7, providerName: 'phys', vlanName: 'pods' });
      expect(Vlan.fromInstallUnderlay(cluster)).toEqual({ vlanName: 'pods', vlanId: 7, providerNetworkName: 'phys', cluster });
      expect(ProviderNetwork.fromInstallUnderlay(cluster)).toEqual({ providerNetworkName: 'phys', cluster });
    });

    test('fromInstallUnderlay throws for a cluster without one', () => {
      const cluster = az1Network();
      expect(() => Vlan.fromInstallUnderlay(cluster)).toThrow('Vlan.fromInstallUnderlay: cluster "az1" has no installUnderlay, so Kube-OVN creates no Vlan at install; declare a Vlan instead');
      expect(() => ProviderNetwork.fromInstallUnderlay(cluster)).toThrow('ProviderNetwork.fromInstallUnderlay: cluster "az1" has no installUnderlay, so Kube-OVN creates no provider network at install; declare a ProviderNetwork instead');
    });

    test.each([
      ['installUnderlayProviderNetwork', (az1: ReturnType<typeof oneClusterFleet>['az1']) => az1.installUnderlayProviderNetwork().addVlan('v', { id: 3 })],
      ['installUnderlayVlan', (az1: ReturnType<typeof oneClusterFleet>['az1']) => az1.installUnderlayVlan().addSubnet('s', { cidrBlock: '172.20.0.0/24' })],
    ])('in a fleet, %s() in a cluster without installUnderlay fails on the model and builds nothing bound to it', (_, use) => {
      const { fleet, az1 } = oneClusterFleet();
      use(az1);
      expect(fleetErrors(fleet)).toEqual([
        '[az1] cluster "az1": installUnderlayProviderNetwork() or installUnderlayVlan() is used, but the cluster has no installUnderlay, so Kube-OVN creates no provider network or Vlan at install; declare them with addProviderNetwork instead',
      ]);
      expect(synthFleet(fleet).az1.filter((d) => ['Vlan', 'Subnet'].includes(d.kind))).toEqual([]);
    });
  });
});
