import { Testing } from 'cdk8s';
import { ProviderNetwork, Vlan } from '../../src';
import { expectValidManifests, findDoc, fleetErrors } from '../support/manifests';
import { installUnderlayFleet, oneClusterFleet } from './fleets';

describe('Vlan', () => {
  test('binds to its provider network by reference; several Vlans share one', () => {
    // GIVEN
    const { fleet, az1 } = oneClusterFleet();
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    // WHEN
    const vlan1 = net1.addVlan('vlan1', { id: 0 });
    const vlan2 = net1.addVlan('Tagged', { name: 'vlan100', id: 100 });
    // THEN
    const docs = Testing.synth(az1.chart);
    expectValidManifests(docs);
    expect(fleetErrors(fleet)).toEqual([]);
    expect(findDoc(docs, 'Vlan', 'vlan1')).toEqual({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'vlan1' }, spec: { id: 0, provider: 'net1' } });
    expect(findDoc(docs, 'Vlan', 'vlan100').spec).toEqual({ id: 100, provider: 'net1' });
    expect([vlan1.providerNetworkName, vlan2.vlanName, vlan2.vlanId]).toEqual(['net1', 'vlan100', 100]);
    expect(vlan2.node.path).toBe('az1/net1/Tagged');
  });

  test('accepts the ends of the id range', () => {
    const { fleet, az1 } = oneClusterFleet();
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    net1.addVlan('low', { id: 0 });
    net1.addVlan('high', { id: 4095 });
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test.each([[-1], [4096], [1.5]])('fails on the id %p', (id) => {
    const { fleet, az1 } = oneClusterFleet();
    new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' }).addVlan('vlan1', { id });
    expect(fleetErrors(fleet)).toEqual([
      `[az1/net1/vlan1] cluster "az1", Vlan "vlan1": spec.id is ${id}; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)`,
    ]);
  });

  test('fails on a name that is not a DNS subdomain', () => {
    const { fleet, az1 } = oneClusterFleet();
    new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' }).addVlan('V', { name: 'VLAN_1', id: 1 });
    expect(fleetErrors(fleet)).toEqual([expect.stringContaining('cluster "az1", Vlan "VLAN_1": metadata.name "VLAN_1" must consist of lowercase letters')]);
  });

  test('fails when two Vlans of one provider network use the same tag', () => {
    const { fleet, az1 } = oneClusterFleet();
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    net1.addVlan('a', { id: 100 });
    net1.addVlan('b', { id: 100 });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1/b] cluster "az1", Vlan "b": spec.id 100 is already used by Vlan "a" on ProviderNetwork "net1"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)',
    ]);
  });

  test('accepts the same tag on two provider networks, and id 0 twice', () => {
    const { fleet, az1 } = oneClusterFleet();
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    const net2 = new ProviderNetwork(az1.chart, 'net2', { defaultInterface: 'eth2' });
    net1.addVlan('a', { id: 100 });
    net2.addVlan('b', { id: 100 });
    net1.addVlan('c', { id: 0 });
    net1.addVlan('d', { id: 0 });
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('fails on two Vlans with one name', () => {
    const { fleet, az1 } = oneClusterFleet();
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    net1.addVlan('a', { name: 'vlan1', id: 1 });
    net1.addVlan('b', { name: 'vlan1', id: 2 });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1/b] cluster "az1", Vlan "vlan1": metadata.name "vlan1" is used by another Vlan in this cluster; give each Vlan its own name',
    ]);
  });

  test('fails when the provider network belongs to another cluster', () => {
    const { fleet, az1 } = oneClusterFleet();
    const az2 = fleet.addCluster('az2', { podCidr: '10.17.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.66.1'] });
    const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1' });
    new Vlan(az2.chart, 'vlan1', { id: 0, providerNetwork: net1 });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/vlan1] cluster "az2", Vlan "vlan1": spec.provider "net1" is a ProviderNetwork of cluster "az1"; a Vlan can only use a provider network of its own cluster, declare one there',
    ]);
  });

  describe('with an install-time underlay', () => {
    test('a Vlan can use the install-time provider network', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanId: 10 });
      new Vlan(az1.chart, 'ok', { id: 20, providerNetwork: ProviderNetwork.fromInstallUnderlay(az1.chart) });
      const docs = Testing.synth(az1.chart);
      expectValidManifests(docs);
      expect(findDoc(docs, 'Vlan', 'ok').spec).toEqual({ id: 20, provider: 'provider' });
      expect(fleetErrors(fleet)).toEqual([]);
    });

    test('fails when a Vlan on the install-time provider network reuses VLAN_ID', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanId: 10 });
      new Vlan(az1.chart, 'clash', { id: 10, providerNetwork: ProviderNetwork.fromInstallUnderlay(az1.chart) });
      expect(fleetErrors(fleet)).toEqual([
        '[az1/clash] cluster "az1", Vlan "clash": spec.id 10 is already used by Vlan "ovn-vlan", the one Kube-OVN creates at install (installUnderlay), on ProviderNetwork "provider"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)',
      ]);
    });

    test('fails on a Vlan named like the install-time one', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanName: 'underlay' });
      new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth2' }).addVlan('underlay', { id: 5 });
      expect(fleetErrors(fleet)).toEqual([expect.stringContaining('Vlan "underlay": metadata.name "underlay" is the Vlan Kube-OVN creates at install (installUnderlay); kube-ovn-controller owns it')]);
    });

    test('fromInstallUnderlay names the objects Kube-OVN creates', () => {
      const { az1 } = installUnderlayFleet({ vlanId: 7, providerName: 'phys', vlanName: 'pods' });
      expect(Vlan.fromInstallUnderlay(az1.chart)).toEqual({ vlanName: 'pods', vlanId: 7, providerNetworkName: 'phys' });
      expect(ProviderNetwork.fromInstallUnderlay(az1.chart)).toEqual({ providerNetworkName: 'phys' });
    });

    test('fromInstallUnderlay throws in a cluster without one', () => {
      const { az1 } = oneClusterFleet();
      expect(() => Vlan.fromInstallUnderlay(az1.chart)).toThrow('Vlan.fromInstallUnderlay at az1: the cluster has no installUnderlay');
      expect(() => ProviderNetwork.fromInstallUnderlay(az1.chart)).toThrow('ProviderNetwork.fromInstallUnderlay at az1: the cluster has no installUnderlay');
    });
  });
});
