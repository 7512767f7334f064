import { Testing } from 'cdk8s';
import { ProviderNetwork, providerNetworkNodeLabels, Vlan } from '../../src';
import { expectValidManifests, findDoc, fleetErrors } from '../support/manifests';
import { az1Network, chartErrors, chartWarnings, installUnderlayNetwork } from './charts';
import { builtCluster, installUnderlayFleet, oneClusterFleet } from './fleets';

// A provider network's own rules, in a plain cdk8s chart given its cluster: what cdk8s validation reports there

describe('ProviderNetwork', () => {
  test('renders the seed\'s net1 as a cluster-scoped object, lists sorted', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new ProviderNetwork(chart, 'net1', {
      cluster: az1Network(),
      defaultInterface: 'eth1',
      customInterfaces: [{ interface: 'eth3', nodes: ['node4', 'node3'] }, { interface: 'eth2', nodes: ['node1'] }],
      excludeNodes: ['node5', 'node2'],
    });
    // THEN
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(chartErrors(chart)).toEqual([]);
    expect(findDoc(docs, 'ProviderNetwork', 'net1')).toEqual({
      apiVersion: 'kubeovn.io/v1',
      kind: 'ProviderNetwork',
      metadata: { name: 'net1' },
      spec: {
        defaultInterface: 'eth1',
        customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }, { interface: 'eth3', nodes: ['node3', 'node4'] }],
        excludeNodes: ['node2', 'node5'],
        exchangeLinkName: false,
      },
    });
  });

  test('renders only the required field when nothing else is given, exchangeLinkName explicit', () => {
    const chart = Testing.chart();
    new ProviderNetwork(chart, 'Phys', { name: 'phys', defaultInterface: 'bond0', exchangeLinkName: true });
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(findDoc(docs, 'ProviderNetwork', 'phys').spec).toEqual({ defaultInterface: 'bond0', exchangeLinkName: true });
  });

  test('names the node labels the daemon sets (provider-network.kubernetes.io, without ovn.)', () => {
    const pn = new ProviderNetwork(Testing.chart(), 'net1', { defaultInterface: 'eth1' });
    expect(pn.nodeLabels).toEqual({
      ready: 'net1.provider-network.kubernetes.io/ready',
      interface: 'net1.provider-network.kubernetes.io/interface',
      mtu: 'net1.provider-network.kubernetes.io/mtu',
      exclude: 'net1.provider-network.kubernetes.io/exclude',
    });
    expect(providerNetworkNodeLabels('x').ready).toBe('x.provider-network.kubernetes.io/ready');
  });

  test('fails on a name longer than 12 characters, naming the bridge limit', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'averyveryverylong', { cluster, defaultInterface: 'eth1' });
    expect(chartErrors(chart)).toEqual([
      '[test/averyveryverylong] cluster "az1", ProviderNetwork "averyveryverylong": metadata.name is 17 characters; at most 12 are allowed because the OVS bridge br-<name> must fit Linux\'s 15-character interface names',
    ]);
  });

  test('accepts a name of exactly 12 characters', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'twelve-chars', { cluster, defaultInterface: 'eth1' });
    expect(chartErrors(chart)).toEqual([]);
  });

  test.each([
    ['int', 'metadata.name "int" is reserved: its bridge would be br-int, the OVN integration bridge; choose another name'],
    ['Net1', 'metadata.name "Net1" must consist of lowercase letters, digits, \'-\' and \'.\''],
  ])('fails on the name %s', (name, message) => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'Pn', { cluster, name, defaultInterface: 'eth1' });
    expect(chartErrors(chart)).toEqual([expect.stringContaining(`cluster "az1", ProviderNetwork "${name}": ${message}`)]);
  });

  test.each([
    ['enp94s0f0np0-abc', 'spec.defaultInterface "enp94s0f0np0-abc" is 16 characters; Linux interface names have at most 15'],
    ['eth/1', 'spec.defaultInterface "eth/1" contains \'/\' or whitespace, which no Linux interface name has'],
    ['eth 1', 'spec.defaultInterface "eth 1" contains \'/\' or whitespace'],
    ['', 'spec.defaultInterface must not be empty; give the node NIC, e.g. eth1'],
  ])('fails on the default interface %j', (defaultInterface, message) => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface });
    expect(chartErrors(chart)).toEqual([expect.stringContaining(`ProviderNetwork "net1": ${message}`)]);
  });

  test('fails on a custom interface name that Linux cannot have', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'a-very-long-nic0', nodes: ['node1'] }] });
    expect(chartErrors(chart)).toEqual([expect.stringContaining('spec.customInterfaces[0].interface "a-very-long-nic0" is 16 characters; Linux interface names have at most 15')]);
  });

  test('fails when a node is both excluded and under a custom interface', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node1'] });
    expect(chartErrors(chart)).toEqual([
      '[test/net1] cluster "az1", ProviderNetwork "net1": spec.customInterfaces[0] lists node "node1", which spec.excludeNodes also lists; an excluded node bridges no NIC, remove it from one of the two lists',
    ]);
  });

  test('fails when a node is under two custom interfaces', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', {
      cluster,
      defaultInterface: 'eth1',
      customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }, { interface: 'eth3', nodes: ['node2', 'node1'] }],
    });
    expect(chartErrors(chart)).toEqual([
      '[test/net1] cluster "az1", ProviderNetwork "net1": spec.customInterfaces[1] lists node "node1", which spec.customInterfaces[0] (eth2) already lists; a node bridges one NIC per provider network, keep it under one interface',
    ]);
  });

  test('fails on node names listed twice or not valid', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', {
      cluster,
      defaultInterface: 'eth1',
      customInterfaces: [{ interface: 'eth2', nodes: ['node1', 'node1'] }],
      excludeNodes: ['node2', 'node2', 'Node_3'],
    });
    expect(chartErrors(chart)).toEqual([
      expect.stringContaining('spec.excludeNodes[2]: node name "Node_3" must consist of lowercase letters'),
      expect.stringContaining('spec.excludeNodes lists node "node2" more than once; list each node once'),
      expect.stringContaining('spec.customInterfaces[0].nodes lists node "node1" more than once; list each node once'),
    ]);
  });

  test('fails on two provider networks with one name', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1' });
    new ProviderNetwork(chart, 'Other', { cluster, name: 'net1', defaultInterface: 'eth2' });
    expect(chartErrors(chart)).toEqual([
      '[test/Other] cluster "az1", ProviderNetwork "net1": metadata.name "net1" is used by another ProviderNetwork in this cluster; give each ProviderNetwork its own name',
    ]);
  });

  test('fails when two provider networks bridge the same NIC on the same nodes', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }] });
    new ProviderNetwork(chart, 'net2', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }] });
    expect(chartErrors(chart)).toEqual([
      '[test/net2] cluster "az1", ProviderNetwork "net2": bridges eth1 on every node neither of them lists, eth2 on node "node1", which ProviderNetwork "net1" already bridges; a NIC can join only one OVS bridge, so this provider network would not become ready there. Use another interface (customInterfaces) or exclude those nodes (excludeNodes) from one of them',
    ]);
  });

  test('fails when a custom interface of one network is another\'s default on that node', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1' });
    new ProviderNetwork(chart, 'net2', { cluster, defaultInterface: 'eth2', customInterfaces: [{ interface: 'eth1', nodes: ['node7'] }] });
    expect(chartErrors(chart)).toEqual([expect.stringContaining('ProviderNetwork "net2": bridges eth1 on node "node7", which ProviderNetwork "net1" already bridges')]);
  });

  test('accepts one NIC in two networks when each node uses it in only one', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', excludeNodes: ['node7', 'node8'] });
    new ProviderNetwork(chart, 'net2', { cluster, defaultInterface: 'eth2', customInterfaces: [{ interface: 'eth1', nodes: ['node7'] }] });
    new ProviderNetwork(chart, 'net3', { cluster, defaultInterface: 'eth3', customInterfaces: [{ interface: 'eth1', nodes: ['node8'] }] });
    expect(chartErrors(chart)).toEqual([]);
  });

  test('warns on a custom interface without nodes', () => {
    const chart = Testing.chart();
    const cluster = az1Network();
    new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: [] }] });
    expect(chartErrors(chart)).toEqual([]);
    expect(chartWarnings(chart)).toEqual([
      '[test/net1] cluster "az1", ProviderNetwork "net1": spec.customInterfaces[0] (eth2) lists no nodes, so it changes nothing; add the nodes that use eth2 or remove the entry',
    ]);
  });

  describe('fails when it takes the name or the NIC of the install-time provider network', () => {
    const messages = (prefix: string) => [
      `[${prefix}/provider] cluster "az1", ProviderNetwork "provider": metadata.name "provider" is the ProviderNetwork Kube-OVN creates at install (installUnderlay); kube-ovn-controller owns it, choose another name or use ProviderNetwork.fromInstallUnderlay() to refer to it`,
      `[${prefix}/net1] cluster "az1", ProviderNetwork "net1": bridges eth1 on every node neither of them lists, which ProviderNetwork "provider", the one Kube-OVN creates at install (installUnderlay), already bridges; a NIC can join only one OVS bridge, so this provider network would not become ready there. Use another interface (customInterfaces) or exclude those nodes (excludeNodes) from one of them`,
    ];

    test('in a plain chart given the cluster', () => {
      const chart = Testing.chart();
      const cluster = installUnderlayNetwork();
      new ProviderNetwork(chart, 'provider', { cluster, defaultInterface: 'eth2' });
      new ProviderNetwork(chart, 'net1', { cluster, defaultInterface: 'eth1' });
      expect(chartErrors(chart)).toEqual(messages('test'));
    });

    test('in a fleet cluster with installUnderlay', () => {
      const { fleet, az1 } = installUnderlayFleet();
      az1.addProviderNetwork('provider', { defaultInterface: 'eth2' });
      az1.addProviderNetwork('net1', { defaultInterface: 'eth1' });
      expect(fleetErrors(fleet)).toEqual(messages('az1'));
    });

    test('not without the cluster: the chart knows no install-time underlay', () => {
      const chart = Testing.chart();
      new ProviderNetwork(chart, 'provider', { defaultInterface: 'eth2' });
      new ProviderNetwork(chart, 'net1', { defaultInterface: 'eth1' });
      expect(chartErrors(chart)).toEqual([]);
    });
  });

  test('names the chart as the cluster when it is not given one', () => {
    const chart = Testing.chart();
    new ProviderNetwork(chart, 'int', { defaultInterface: 'eth1' });
    expect(chartErrors(chart)).toEqual([expect.stringMatching(/^\[test\/int\] cluster "test", ProviderNetwork "int": metadata.name "int" is reserved/)]);
  });

  test('fails in a cluster without a join subnet: given no cni, the cluster does not run Kube-OVN', () => {
    const chart = Testing.chart();
    new ProviderNetwork(chart, 'net1', { cluster: az1Network({ joinCidr: undefined }), defaultInterface: 'eth1' });
    expect(chartErrors(chart)).toEqual([
      '[test/net1] cluster "az1", ProviderNetwork "net1": a ProviderNetwork needs Kube-OVN, but the cluster has no join subnet (joinCidr), so its CNI is not Kube-OVN; give the cluster its joinCidr if it runs Kube-OVN, else remove the ProviderNetwork',
    ]);
  });

  test('in a fleet, fails on two provider networks with one id: the second is left out instead of a cdk8s crash', () => {
    const { fleet, az1 } = oneClusterFleet();
    az1.addProviderNetwork('net1', { defaultInterface: 'eth1' });
    az1.addProviderNetwork('net1', { defaultInterface: 'eth2' }).addVlan('vlan9', { id: 9 });
    expect(fleetErrors(fleet)).toEqual([
      '[az1] cluster "az1": ProviderNetwork "net1" is not built, because the construct id "net1" is already taken by ProviderNetwork az1/net1; give each object its own id (it is the construct id)',
    ]);
    const built = builtCluster(fleet, 'az1').node.findAll().filter((c) => c instanceof ProviderNetwork || c instanceof Vlan);
    expect(built.map((c) => `${c.node.path} ${(c as ProviderNetwork).defaultInterface ?? ''}`)).toEqual(['az1/net1 eth1']);
  });
});
