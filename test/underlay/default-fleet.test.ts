import { buildDefaultFleet } from '../../src/default-fleet';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';

describe('default fleet: the seed\'s underlay in az1', () => {
  const fleet = buildDefaultFleet();
  const docs = synthFleet(fleet);

  test('has no errors, no underlay warnings, and every document is schema-valid', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    // the seed's single gateway per cluster draws ECMP warnings; none may concern the underlay
    expect(fleetWarnings(fleet).filter((w) => /net1|vlan|subnet|underlay/.test(w))).toEqual([]);
    expectValidManifests(docs.az1);
  });

  test('net1 bridges eth1, eth2 on node1, and leaves node2 out', () => {
    expect(findDoc(docs.az1, 'ProviderNetwork', 'net1')).toEqual({
      apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: { name: 'net1' },
      spec: { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node2'], exchangeLinkName: false },
    });
  });

  test('vlan1 (untagged) and vlan2 (tag 100) share net1', () => {
    expect(findDoc(docs.az1, 'Vlan', 'vlan1').spec).toEqual({ id: 0, provider: 'net1' });
    expect(findDoc(docs.az1, 'Vlan', 'vlan2').spec).toEqual({ id: 100, provider: 'net1' });
  });

  test('subnet1 uses a logical gateway, subnet2 u2o interconnection; neither is advertised through OVN-IC', () => {
    expect(findDoc(docs.az1, 'Subnet', 'subnet1').spec).toEqual({
      cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', excludeIps: ['172.17.0.1'], protocol: 'IPv4', vpc: 'ovn-cluster',
      vlan: 'vlan1', disableInterConnection: true, logicalGateway: true, u2oInterconnection: false,
    });
    expect(findDoc(docs.az1, 'Subnet', 'subnet2').spec).toEqual({
      cidrBlock: '172.18.0.0/16', gateway: '172.18.0.1', excludeIps: ['172.18.0.1'], protocol: 'IPv4', vpc: 'ovn-cluster',
      vlan: 'vlan2', disableInterConnection: true, logicalGateway: false, u2oInterconnection: true, u2oInterconnectionIP: '172.18.0.254',
    });
  });

  test('the underlay objects stay in az1 and are cluster-scoped', () => {
    const underlay = docs.az1.filter((d) => ['ProviderNetwork', 'Vlan'].includes(d.kind) || d.spec?.vlan);
    expect(underlay.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(['ProviderNetwork/net1', 'Subnet/subnet1', 'Subnet/subnet2', 'Vlan/vlan1', 'Vlan/vlan2']);
    expect(underlay.filter((d) => d.metadata.namespace !== undefined)).toEqual([]);
    expect(docs.az2.filter((d) => ['ProviderNetwork', 'Vlan'].includes(d.kind))).toEqual([]);
  });
});
