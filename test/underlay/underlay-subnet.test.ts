import { Testing } from 'cdk8s';
import { OverlaySubnet, ProviderNetwork, UnderlaySubnet, Vlan } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings } from '../support/manifests';
import { installUnderlayFleet, oneClusterFleet } from './fleets';

/** az1 with the seed's net1 and vlan1 (untagged). */
function seedFleet() {
  const { fleet, az1 } = oneClusterFleet();
  const net1 = new ProviderNetwork(az1.chart, 'net1', { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node2'] });
  const vlan1 = net1.addVlan('vlan1', { id: 0 });
  return { fleet, az1, net1, vlan1 };
}

describe('UnderlaySubnet', () => {
  test('renders the seed\'s subnet1 with a logical gateway, every choice explicit', () => {
    // GIVEN
    const { fleet, az1, vlan1 } = seedFleet();
    // WHEN
    const subnet = vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', logicalGateway: true });
    // THEN
    const docs = Testing.synth(az1.chart);
    expectValidManifests(docs);
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([]);
    expect(findDoc(docs, 'Subnet', 'subnet1')).toEqual({
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'subnet1' },
      spec: {
        cidrBlock: '172.17.0.0/16',
        gateway: '172.17.0.1',
        excludeIps: ['172.17.0.1'],
        protocol: 'IPv4',
        vpc: 'ovn-cluster',
        vlan: 'vlan1',
        disableInterConnection: true,
        logicalGateway: true,
        u2oInterconnection: false,
      },
    });
    expect(subnet.node.path).toBe('az1/net1/vlan1/subnet1');
    expect([subnet.isUnderlay, subnet.advertisedThroughInterconnection, subnet.vlan.vlanName]).toEqual([true, false, 'vlan1']);
  });

  test('renders u2o interconnection with a fixed address and a custom VPC', () => {
    const { fleet, az1, net1 } = seedFleet();
    net1.addVlan('vlan2', { id: 100 }).addSubnet('subnet2', {
      cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.254', vpc: 'tenant-a', excludeIps: ['172.18.0.2..172.18.0.20'],
    });
    const docs = Testing.synth(az1.chart);
    expectValidManifests(docs);
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([]);
    expect(findDoc(docs, 'Subnet', 'subnet2').spec).toEqual({
      cidrBlock: '172.18.0.0/16',
      gateway: '172.18.0.1',
      excludeIps: ['172.18.0.1', '172.18.0.2..172.18.0.20'],
      protocol: 'IPv4',
      vpc: 'tenant-a',
      vlan: 'vlan2',
      disableInterConnection: true,
      logicalGateway: false,
      u2oInterconnection: true,
      u2oInterconnectionIP: '172.18.0.254',
    });
  });

  test.each([
    ['fd00:17::/64', 'IPv6', 'fd00:17::1'],
    ['172.17.0.0/16,fd00:17::/64', 'Dual', '172.17.0.1,fd00:17::1'],
  ])('derives the protocol of %s from the CIDR', (cidrBlock, protocol, gateway) => {
    const { az1, vlan1 } = seedFleet();
    vlan1.addSubnet('s', { cidrBlock });
    const docs = Testing.synth(az1.chart);
    expectValidManifests(docs);
    expect(findDoc(docs, 'Subnet', 's').spec).toMatchObject({ protocol, gateway });
  });

  test('fails when logicalGateway and u2oInterconnection are both on', () => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', logicalGateway: true, u2oInterconnection: true });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1/vlan1/subnet1] cluster "az1", Subnet "subnet1": spec.logicalGateway and spec.u2oInterconnection are both true; Kube-OVN rejects the pair, keep logicalGateway (OVN is the gateway) or u2oInterconnection (the physical gateway stays, overlay pods become reachable)',
    ]);
  });

  test.each([
    [{ u2oInterconnectionIp: '172.18.0.254' }, 'spec.u2oInterconnectionIP 172.18.0.254 is set but spec.u2oInterconnection is false; Kube-OVN clears it, set u2oInterconnection: true or remove the address'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.19.0.9' }, 'spec.u2oInterconnectionIP 172.19.0.9 is not inside spec.cidrBlock 172.18.0.0/16; Kube-OVN rejects it, use a free address of the subnet'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.1' }, 'spec.u2oInterconnectionIP 172.18.0.1 is the subnet\'s gateway; the u2o router port needs its own address, use a free one'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.0' }, 'spec.u2oInterconnectionIP 172.18.0.0 is the network address of 172.18.0.0/16; use a free host address of the subnet'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.18.255.255' }, 'spec.u2oInterconnectionIP 172.18.255.255 is the broadcast address of 172.18.0.0/16; use a free host address of the subnet'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.7', excludeIps: ['172.18.0.2..172.18.0.20'] }, 'spec.u2oInterconnectionIP 172.18.0.7 is in spec.excludeIps, so Kube-OVN cannot allocate it; use an address outside excludeIps'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.7,172.18.0.8' }, 'spec.u2oInterconnectionIP "172.18.0.7,172.18.0.8" has 2 addresses but spec.cidrBlock has 1 CIDR(s); give at most one address per family'],
    [{ u2oInterconnection: true, u2oInterconnectionIp: 'gw' }, 'spec.u2oInterconnectionIP: "gw" is not an IP address'],
  ])('fails on u2o settings %j', (options, message) => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('subnet2', { cidrBlock: '172.18.0.0/16', ...options });
    expect(fleetErrors(fleet)).toEqual([`[az1/net1/vlan1/subnet2] cluster "az1", Subnet "subnet2": ${message}`]);
  });

  test('fails on an uppercase IPv6 u2o address and on two addresses of one family in dual stack', () => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('upper', { cidrBlock: 'fd00:18::/64', u2oInterconnection: true, u2oInterconnectionIp: 'FD00:18::9' });
    vlan1.addSubnet('dual', { cidrBlock: '172.18.0.0/16,fd00:19::/64', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.9,172.18.0.10' });
    expect(fleetErrors(fleet)).toEqual([
      expect.stringContaining('Subnet "upper": spec.u2oInterconnectionIP: IPv6 address "FD00:18::9" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00:18::9"'),
      expect.stringContaining('Subnet "dual": spec.u2oInterconnectionIP "172.18.0.9,172.18.0.10" has two IPv4 addresses; give at most one per family'),
    ]);
  });

  test('accepts one u2o address per family in dual stack', () => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('dual', { cidrBlock: '172.18.0.0/16,fd00:19::/64', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.9,fd00:19::9' });
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('inherits the subnet rules of the base: gateway inside the CIDR, name, reserved ranges', () => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('gw-outside', { cidrBlock: '172.17.0.0/16', gateway: '172.16.0.1' });
    vlan1.addSubnet('1st', { cidrBlock: '172.20.0.0/16' });
    vlan1.addSubnet('loop', { cidrBlock: '127.0.0.0/16' });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1/vlan1/gw-outside] cluster "az1", Subnet "gw-outside": spec.gateway 172.16.0.1 is not inside 172.17.0.0/16; use an address of the subnet, e.g. 172.17.0.1',
      expect.stringContaining('Subnet "1st": metadata.name: subnet name "1st" must be a lowercase DNS name that starts with a letter'),
      expect.stringContaining('Subnet "loop": spec.cidrBlock 127.0.0.0/16 overlaps the IPv4 loopback range 127.0.0.0/8'),
    ]);
  });

  test('fails when two subnets of one VLAN overlap; other VLANs and overlay subnets do not count (webhook rule)', () => {
    const { fleet, az1, net1, vlan1 } = seedFleet();
    vlan1.addSubnet('a', { cidrBlock: '172.17.0.0/16' });
    vlan1.addSubnet('b', { cidrBlock: '172.17.4.0/24' });
    net1.addVlan('vlan2', { id: 2 }).addSubnet('c', { cidrBlock: '172.17.0.0/16' });
    new OverlaySubnet(az1.chart, 'd', { cidrBlock: '172.17.0.0/16' });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/net1/vlan1/b] cluster "az1", Subnet "b": spec.cidrBlock 172.17.4.0/24 overlaps subnet "a" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "vlan1"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
    ]);
  });

  test('fails when the Vlan belongs to another cluster', () => {
    const { fleet, vlan1 } = seedFleet();
    const az2 = fleet.addCluster('az2', { podCidr: '10.17.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.66.1'] });
    new UnderlaySubnet(az2.chart, 'subnet1', { vlan: vlan1, cidrBlock: '172.17.0.0/16' });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/subnet1] cluster "az2", Subnet "subnet1": spec.vlan "vlan1" is a Vlan of cluster "az1"; a subnet can only use a VLAN of its own cluster, declare one there',
    ]);
  });

  test('warns on a custom VPC without u2o interconnection', () => {
    const { fleet, vlan1 } = seedFleet();
    vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', vpc: 'tenant-a' });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([
      '[az1/net1/vlan1/subnet1] cluster "az1", Subnet "subnet1": spec.vpc is "tenant-a" without u2oInterconnection; underlay subnets have no VPC isolation (their traffic is bridged to the physical network), so the VPC only chooses the router u2oInterconnection connects to. Set u2oInterconnection: true or drop vpc',
    ]);
  });

  describe('on the install-time VLAN', () => {
    test('fails when it overlaps ovn-default, which lives on VLAN_NAME', () => {
      const { fleet, az1 } = installUnderlayFleet();
      new UnderlaySubnet(az1.chart, 'more', { vlan: Vlan.fromInstallUnderlay(az1.chart), cidrBlock: '172.17.128.0/17' });
      expect(fleetErrors(fleet)).toEqual([
        '[az1/more] cluster "az1", Subnet "more": spec.cidrBlock 172.17.128.0/17 overlaps subnet "ovn-default" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "ovn-vlan"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
      ]);
    });

    test('renders a free range on the install-time VLAN; ovn-default no longer blocks overlay subnets', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanName: 'pods' });
      new UnderlaySubnet(az1.chart, 'more', { vlan: Vlan.fromInstallUnderlay(az1.chart), cidrBlock: '172.18.0.0/16' });
      // ovn-default is on VLAN "pods" now: an overlay subnet of the same range is another VPC+VLAN key
      new OverlaySubnet(az1.chart, 'overlay', { cidrBlock: '172.17.0.0/24' });
      const docs = Testing.synth(az1.chart);
      expectValidManifests(docs);
      expect(fleetErrors(fleet)).toEqual([]);
      expect(findDoc(docs, 'Subnet', 'more').spec).toMatchObject({ vlan: 'pods', vpc: 'ovn-cluster' });
    });

    test('an overlay cluster keeps ovn-default without a VLAN, dual stack counted per family', () => {
      const { fleet, az1 } = oneClusterFleet({ podCidr: '10.16.0.0/16,fd00:10:16::/112' });
      new OverlaySubnet(az1.chart, 'v6', { cidrBlock: 'fd00:10:16::/120' });
      expect(fleetErrors(fleet)).toEqual([expect.stringContaining('Subnet "v6": spec.cidrBlock fd00:10:16::/120 overlaps subnet "ovn-default" (fd00:10:16::/112) in the same VPC "ovn-cluster"; Kube-OVN\'s webhook')]);
    });
  });
});
