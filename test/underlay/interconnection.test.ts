import { UnderlaySubnet, UnderlaySubnetOptions } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { builtCluster } from './fleets';

/**
 * az1 and az2 interconnected; az2 gets an underlay subnet on an untagged VLAN. `subnet()` is the
 * UnderlaySubnet the fleet builds for it, to read what the construct says about advertisement.
 */
function withUnderlay(options: UnderlaySubnetOptions, fleetOpts: Parameters<typeof twoClusterFleet>[0] = {}) {
  const f = twoClusterFleet(fleetOpts);
  f.az2.addProviderNetwork('net1', { defaultInterface: 'eth1' }).addVlan('vlan1', { id: 0 }).addSubnet('subnet1', options);
  const subnet = () => builtCluster(f.fleet, 'az2').node.findAll().find((c): c is UnderlaySubnet => c instanceof UnderlaySubnet)!;
  return { ...f, subnet };
}

const LOCAL_WARNING = '[az2/net1/vlan1/subnet1] cluster "az2": underlay subnet "subnet1" 10.16.0.0/24 is not advertised through OVN-IC but overlaps subnet "ovn-default" 10.16.0.0/16, which cluster "az1" advertises; both clusters use the range (one on its physical network), so their pods cannot reliably reach each other. Renumber one of them if they must talk';

describe('underlay subnets and OVN-IC', () => {
  test('are kept out of route advertisement by default, rendered explicitly', () => {
    const options = { cidrBlock: '172.17.0.0/16', logicalGateway: true };
    const { fleet, subnet } = withUnderlay(options);
    const docs = synthFleet(fleet).az2;
    expectValidManifests(docs);
    expect(findDoc(docs, 'Subnet', 'subnet1').spec.disableInterConnection).toBe(true);
    // the construct and the fleet's cross-cluster rules (UnderlaySubnet.advertised) agree
    expect(subnet().advertisedThroughInterconnection).toBe(false);
    expect(UnderlaySubnet.advertised(options)).toBe(false);
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([]);
  });

  test('a non-advertised underlay range that overlaps a peer\'s advertised range is a warning, not an error', () => {
    const { fleet } = withUnderlay({ cidrBlock: '10.16.0.0/24' });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([LOCAL_WARNING]);
  });

  test('no warning when the peer does not advertise (auto-route off)', () => {
    const { fleet } = withUnderlay({ cidrBlock: '10.16.0.0/24' }, { ic1: { autoRoute: false } });
    expect(fleetWarnings(fleet)).toEqual([]);
  });

  test('opting in advertises it and subjects it to the cross-cluster overlap check', () => {
    const options = { cidrBlock: '10.16.0.0/24', logicalGateway: true, disableInterConnection: false };
    const { fleet, subnet } = withUnderlay(options);
    expect(subnet().advertisedThroughInterconnection).toBe(true);
    expect(UnderlaySubnet.advertised(options)).toBe(true);
    // the cross-cluster overlap is an error of the model: the subnet itself renders
    expect(findDoc(synthFleet(fleet).az2, 'Subnet', 'subnet1').spec.disableInterConnection).toBe(false);
    expect(fleetErrors(fleet)).toEqual([
      '[az2/net1/vlan1/subnet1] cluster "az2": subnet "subnet1" 10.16.0.0/24 overlaps subnet "ovn-default" 10.16.0.0/16 of cluster "az1"; with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)',
    ]);
    expect(fleetWarnings(fleet)).toEqual([]);
  });

  test('opting in with u2o interconnection and a free range renders and passes', () => {
    const options = { cidrBlock: '172.17.0.0/16', u2oInterconnection: true, disableInterConnection: false };
    const { fleet, subnet } = withUnderlay(options);
    expect(subnet().advertisedThroughInterconnection).toBe(true);
    expect(UnderlaySubnet.advertised(options)).toBe(true);
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('fails to opt in without a port on the ovn-cluster router', () => {
    const { fleet } = withUnderlay({ cidrBlock: '172.17.0.0/16', disableInterConnection: false });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/net1/vlan1/subnet1] cluster "az2", Subnet "subnet1": spec.disableInterConnection is false but the subnet has no port on the ovn-cluster router, so OVN-IC has nothing to advertise; set logicalGateway or u2oInterconnection, or leave disableInterConnection at its default (true)',
    ]);
  });

  test('fails to opt in from a custom VPC', () => {
    const { fleet } = withUnderlay({ cidrBlock: '172.17.0.0/16', u2oInterconnection: true, vpc: 'tenant-a', disableInterConnection: false });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/net1/vlan1/subnet1] cluster "az2", Subnet "subnet1": spec.disableInterConnection is false but spec.vpc is "tenant-a"; OVN-IC connects only the default VPC ovn-cluster, leave disableInterConnection at its default (true)',
    ]);
  });

  describe('ovn-default of a cluster installed in underlay mode', () => {
    const underlayAz2 = (install: { logicalGateway?: boolean; u2oInterconnection?: boolean } = {}) => twoClusterFleet({
      az2: { podCidr: '10.16.0.0/16', installUnderlay: { interfaceName: 'eth1', vlanId: 0, ...install } },
    });

    test('is not advertised without a router port: an overlap with the peer is a warning', () => {
      const { fleet } = underlayAz2();
      expect(fleetErrors(fleet)).toEqual([]);
      expect(fleetWarnings(fleet)).toEqual([
        '[az2/Interconnection] cluster "az2": underlay subnet "ovn-default" 10.16.0.0/16 is not advertised through OVN-IC but overlaps subnet "ovn-default" 10.16.0.0/16, which cluster "az1" advertises; both clusters use the range (one on its physical network), so their pods cannot reliably reach each other. Renumber one of them if they must talk',
      ]);
    });

    test.each([[{ logicalGateway: true }], [{ u2oInterconnection: true }]])('is advertised with %j: an overlap is an error', (install) => {
      const { fleet } = underlayAz2(install);
      expect(fleetErrors(fleet)).toEqual([expect.stringContaining('[az2/Interconnection] cluster "az2": subnet "ovn-default" 10.16.0.0/16 overlaps subnet "ovn-default" 10.16.0.0/16 of cluster "az1"; with auto-route both are advertised')]);
    });
  });

  test('subnets on the install-time pair are reported at the path the fleet builds them at', () => {
    // az2 installed in underlay mode on a free range; its extra subnets overlap az1's ovn-default
    const { fleet, az2 } = twoClusterFleet({ az2: { podCidr: '172.17.0.0/16', installUnderlay: { interfaceName: 'eth1', vlanId: 0 } } });
    az2.installUnderlayVlan().addSubnet('more', { cidrBlock: '10.16.1.0/24' });
    az2.installUnderlayProviderNetwork().addVlan('v7', { id: 7 }).addSubnet('tagged', { cidrBlock: '10.16.2.0/24' });
    const built = builtCluster(fleet, 'az2').node.findAll().filter((c) => c instanceof UnderlaySubnet).map((c) => c.node.path);
    expect(built).toEqual(['az2/more', 'az2/v7/tagged']);
    const warning = (path: string, name: string, cidr: string) => `[${path}] cluster "az2": underlay subnet "${name}" ${cidr} is not advertised through OVN-IC but overlaps subnet "ovn-default" 10.16.0.0/16, which cluster "az1" advertises; both clusters use the range (one on its physical network), so their pods cannot reliably reach each other. Renumber one of them if they must talk`;
    expect(fleetWarnings(fleet).sort()).toEqual([warning('az2/more', 'more', '10.16.1.0/24'), warning('az2/v7/tagged', 'tagged', '10.16.2.0/24')]);
    expect(fleetErrors(fleet)).toEqual([]);
  });
});
