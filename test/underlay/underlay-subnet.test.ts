import { Testing } from 'cdk8s';
import { OverlaySubnet, ProviderNetwork, UnderlaySubnet, Vlan } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { az1Network, chartErrors, chartWarnings, installUnderlayNetwork, twoCharts } from './charts';
import { builtCluster, installUnderlayFleet } from './fleets';

/** A plain chart with cluster az1's net1 and vlan1 (untagged), as in the seed: a subnet's own rules are checked there. */
function seedChart() {
  const cluster = az1Network();
  const chart = Testing.chart();
  const net1 = new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node2'] });
  const vlan1 = net1.addVlan('vlan1', { id: 0 });
  return { chart, cluster, net1, vlan1 };
}

describe('UnderlaySubnet', () => {
  test('renders the seed\'s subnet1 with a logical gateway, every choice explicit', () => {
    // GIVEN
    const { chart, vlan1 } = seedChart();
    // WHEN
    const subnet = vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', logicalGateway: true });
    // THEN
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(chartErrors(chart)).toEqual([]);
    expect(chartWarnings(chart)).toEqual([]);
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
    expect(subnet.node.path).toBe('test/net1/vlan1/subnet1');
    expect([subnet.isUnderlay, subnet.advertisedThroughInterconnection, subnet.vlan.vlanName]).toEqual([true, false, 'vlan1']);
  });

  test('renders u2o interconnection with a fixed address and a custom VPC', () => {
    const { chart, net1 } = seedChart();
    net1.addVlan('vlan2', { id: 100 }).addSubnet('subnet2', {
      cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.254', vpc: 'tenant-a', excludeIps: ['172.18.0.2..172.18.0.20'],
    });
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(chartErrors(chart)).toEqual([]);
    expect(chartWarnings(chart)).toEqual([]);
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
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('s', { cidrBlock });
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(findDoc(docs, 'Subnet', 's').spec).toMatchObject({ protocol, gateway });
  });

  test('fails when logicalGateway and u2oInterconnection are both on', () => {
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', logicalGateway: true, u2oInterconnection: true });
    expect(chartErrors(chart)).toEqual([
      '[test/net1/vlan1/subnet1] cluster "az1", Subnet "subnet1": spec.logicalGateway and spec.u2oInterconnection are both true; Kube-OVN rejects the pair, keep logicalGateway (OVN is the gateway) or u2oInterconnection (the physical gateway stays, overlay pods become reachable)',
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
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('subnet2', { cidrBlock: '172.18.0.0/16', ...options });
    expect(chartErrors(chart)).toEqual([`[test/net1/vlan1/subnet2] cluster "az1", Subnet "subnet2": ${message}`]);
  });

  test('fails on an uppercase IPv6 u2o address and on two addresses of one family in dual stack', () => {
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('upper', { cidrBlock: 'fd00:18::/64', u2oInterconnection: true, u2oInterconnectionIp: 'FD00:18::9' });
    vlan1.addSubnet('dual', { cidrBlock: '172.18.0.0/16,fd00:19::/64', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.9,172.18.0.10' });
    expect(chartErrors(chart)).toEqual([
      expect.stringContaining('Subnet "upper": spec.u2oInterconnectionIP: IPv6 address "FD00:18::9" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00:18::9"'),
      expect.stringContaining('Subnet "dual": spec.u2oInterconnectionIP "172.18.0.9,172.18.0.10" has two IPv4 addresses; give at most one per family'),
    ]);
  });

  test('accepts one u2o address per family in dual stack', () => {
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('dual', { cidrBlock: '172.18.0.0/16,fd00:19::/64', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.9,fd00:19::9' });
    expect(chartErrors(chart)).toEqual([]);
  });

  test('inherits the subnet rules of the base: gateway inside the CIDR, name, reserved ranges', () => {
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('gw-outside', { cidrBlock: '172.17.0.0/16', gateway: '172.16.0.1' });
    vlan1.addSubnet('1st', { cidrBlock: '172.20.0.0/16' });
    vlan1.addSubnet('loop', { cidrBlock: '127.0.0.0/16' });
    expect(chartErrors(chart)).toEqual([
      '[test/net1/vlan1/gw-outside] cluster "az1", Subnet "gw-outside": spec.gateway 172.16.0.1 is not inside 172.17.0.0/16; use an address of the subnet, e.g. 172.17.0.1',
      expect.stringContaining('Subnet "1st": metadata.name: subnet name "1st" must be a lowercase DNS name that starts with a letter'),
      expect.stringContaining('Subnet "loop": spec.cidrBlock 127.0.0.0/16 overlaps the IPv4 loopback range 127.0.0.0/8'),
    ]);
  });

  test('fails when two subnets of one VLAN overlap; other VLANs and overlay subnets do not count (webhook rule)', () => {
    const { chart, cluster, net1, vlan1 } = seedChart();
    vlan1.addSubnet('a', { cidrBlock: '172.17.0.0/16' });
    vlan1.addSubnet('b', { cidrBlock: '172.17.4.0/24' });
    net1.addVlan('vlan2', { id: 2 }).addSubnet('c', { cidrBlock: '172.17.0.0/16' });
    new OverlaySubnet(chart, 'd', { cluster, cidrBlock: '172.17.0.0/16' });
    expect(chartErrors(chart)).toEqual([
      '[test/net1/vlan1/b] cluster "az1", Subnet "b": spec.cidrBlock 172.17.4.0/24 overlaps subnet "a" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "vlan1"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
    ]);
  });

  test('fails when the Vlan belongs to another cluster (two plain charts of one app)', () => {
    // the fleet model cannot express this: a subnet is added on its cluster's Vlan
    const { az1, az2 } = twoCharts();
    const vlan1 = new ProviderNetwork(az1, 'net1', { cluster: az1Network(), defaultInterface: 'eth1' }).addVlan('vlan1', { id: 0 });
    new UnderlaySubnet(az2, 'subnet1', { vlan: vlan1, cidrBlock: '172.17.0.0/16', cluster: az1Network({ name: 'az2', podCidr: '10.17.0.0/16' }) });
    expect(chartErrors(az2)).toEqual([
      '[az2/subnet1] cluster "az2", Subnet "subnet1": spec.vlan "vlan1" is a Vlan of cluster "az1"; a subnet can only use a VLAN of its own cluster, declare one there',
    ]);
  });

  test('warns on a custom VPC without u2o interconnection', () => {
    const { chart, vlan1 } = seedChart();
    vlan1.addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', vpc: 'tenant-a' });
    expect(chartErrors(chart)).toEqual([]);
    expect(chartWarnings(chart)).toEqual([
      '[test/net1/vlan1/subnet1] cluster "az1", Subnet "subnet1": spec.vpc is "tenant-a" without u2oInterconnection; underlay subnets have no VPC isolation (their traffic is bridged to the physical network), so the VPC only chooses the router u2oInterconnection connects to. Set u2oInterconnection: true or drop vpc',
    ]);
  });

  test('takes its cluster from the Vlan: checked against the cluster\'s ovn-default and service CIDR', () => {
    const { chart, vlan1 } = seedChart();
    const subnet = vlan1.addSubnet('svc', { cidrBlock: '10.96.0.0/24' });
    expect(subnet.cluster?.name).toBe('az1');
    expect(chartErrors(chart)).toEqual([
      '[test/net1/vlan1/svc] cluster "az1", Subnet "svc": spec.cidrBlock 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12 and contains the apiserver service IP 10.96.0.1; pods could not reach services, choose a range outside 10.96.0.0/12',
    ]);
  });

  test('in a fleet, fails on two subnets with one id on a Vlan: the second is left out', () => {
    const { fleet, az1 } = installUnderlayFleet();
    az1.addProviderNetwork('net1', { defaultInterface: 'eth2' }).addVlan('vlan1', { id: 1 })
      .addSubnet('a', { cidrBlock: '172.20.0.0/24' })
      .addSubnet('a', { cidrBlock: '172.21.0.0/24' });
    // subnets of the install-time VLAN go to the cluster's root, beside the provider networks
    az1.installUnderlayVlan().addSubnet('net1', { cidrBlock: '172.18.0.0/24' });
    expect(fleetErrors(fleet)).toEqual([
      '[az1] cluster "az1": Subnet "net1" is not built, because the construct id "net1" is already taken by ProviderNetwork az1/net1; give each object its own id (it is the construct id)',
      '[az1/net1/vlan1] cluster "az1": Subnet "a" is not built, because the construct id "a" is already taken by UnderlaySubnet az1/net1/vlan1/a; give each object its own id (it is the construct id)',
    ]);
    const built = builtCluster(fleet, 'az1').node.findAll().filter((c): c is UnderlaySubnet => c instanceof UnderlaySubnet);
    expect(built.map((c) => `${c.node.path} ${c.cidrBlock}`)).toEqual(['az1/net1/vlan1/a 172.20.0.0/24']);
  });

  describe('on the install-time VLAN', () => {
    const OVERLAP = (path: string) => `[${path}] cluster "az1", Subnet "more": spec.cidrBlock 172.17.128.0/17 overlaps subnet "ovn-default" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "ovn-vlan"; Kube-OVN's webhook rejects overlapping subnets there, choose a free range`;

    test('fails when it overlaps ovn-default, which lives on VLAN_NAME', () => {
      const chart = Testing.chart();
      // the subnet takes the cluster from the Vlan fromInstallUnderlay returns
      new UnderlaySubnet(chart, 'more', { vlan: Vlan.fromInstallUnderlay(installUnderlayNetwork()), cidrBlock: '172.17.128.0/17' });
      expect(chartErrors(chart)).toEqual([OVERLAP('test/more')]);
    });

    test('in a fleet, installUnderlayVlan() subnets are checked the same, at the cluster\'s root', () => {
      const { fleet, az1 } = installUnderlayFleet();
      az1.installUnderlayVlan().addSubnet('more', { cidrBlock: '172.17.128.0/17' });
      expect(fleetErrors(fleet)).toEqual([OVERLAP('az1/more')]);
    });

    test('renders a free range on the install-time VLAN; ovn-default no longer blocks overlay subnets', () => {
      const cluster = installUnderlayNetwork({ vlanName: 'pods' });
      const chart = Testing.chart();
      new UnderlaySubnet(chart, 'more', { vlan: Vlan.fromInstallUnderlay(cluster), cidrBlock: '172.18.0.0/16', cluster });
      // ovn-default is on VLAN "pods" now: an overlay subnet of the same range is another VPC+VLAN key
      new OverlaySubnet(chart, 'overlay', { cidrBlock: '172.17.0.0/24', cluster });
      const docs = Testing.synth(chart);
      expectValidManifests(docs);
      expect(chartErrors(chart)).toEqual([]);
      expect(findDoc(docs, 'Subnet', 'more').spec).toMatchObject({ vlan: 'pods', vpc: 'ovn-cluster' });
    });

    test('in a fleet, renders a free range on the install-time VLAN and nothing for the pair itself', () => {
      const { fleet, az1 } = installUnderlayFleet({ vlanName: 'pods' });
      az1.installUnderlayVlan().addSubnet('more', { cidrBlock: '172.18.0.0/16' });
      const docs = synthFleet(fleet).az1;
      expectValidManifests(docs);
      expect(fleetErrors(fleet)).toEqual([]);
      expect(findDoc(docs, 'Subnet', 'more').spec).toMatchObject({ vlan: 'pods', vpc: 'ovn-cluster' });
      expect(docs.filter((d) => ['ProviderNetwork', 'Vlan'].includes(d.kind))).toEqual([]);
    });

    test('an overlay cluster keeps ovn-default without a VLAN, dual stack counted per family', () => {
      const chart = Testing.chart();
      new OverlaySubnet(chart, 'v6', { cidrBlock: 'fd00:10:16::/120', cluster: az1Network({ podCidr: '10.16.0.0/16,fd00:10:16::/112' }) });
      expect(chartErrors(chart)).toEqual([expect.stringContaining('Subnet "v6": spec.cidrBlock fd00:10:16::/120 overlaps subnet "ovn-default" (fd00:10:16::/112) in the same VPC "ovn-cluster"; Kube-OVN\'s webhook')]);
    });
  });
});
