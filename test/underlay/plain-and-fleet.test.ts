import { Chart, Testing } from 'cdk8s';
import {
  ClusterNetwork, Cni, FleetCluster, InstallUnderlayProps, OverlaySubnet, OverlaySubnetProps, ProviderNetwork, ProviderNetworkProps,
  UnderlaySubnet, UnderlaySubnetOptions, validateFleet, Vlan, VlanOptions,
} from '../../src';
import { expectValidManifests, synthFleet } from '../support/manifests';
import { az1Network, installUnderlayNetwork, synthProblems } from './charts';
import { installUnderlayFleet, oneClusterFleet } from './fleets';

/**
 * ProviderNetwork, Vlan, UnderlaySubnet and OverlaySubnet take everything through props: declared
 * with the same props in a user's plain cdk8s Chart (no fleet) and in a fleet cluster, they render
 * the same manifests and report the same problems (cdk8s validation errors and printed warnings in
 * the chart, `validateFleet` in the fleet), at the same construct paths.
 */

interface SubnetDecl { readonly id: string; readonly props: UnderlaySubnetOptions }
interface VlanDecl { readonly id: string; readonly props: VlanOptions; readonly subnets: readonly SubnetDecl[] }

/** One cluster's underlay and overlay subnets, as data both sides are built from. */
interface Declaration {
  readonly providerNetworks: ReadonlyArray<{ readonly id: string; readonly props: Omit<ProviderNetworkProps, 'cluster'>; readonly vlans: readonly VlanDecl[] }>;
  /** Vlans on the provider network Kube-OVN creates at install. */
  readonly installVlans?: readonly VlanDecl[];
  /** Subnets on the Vlan Kube-OVN creates at install. */
  readonly installSubnets?: readonly SubnetDecl[];
  readonly overlaySubnets?: ReadonlyArray<{ readonly id: string; readonly props: OverlaySubnetProps }>;
}

/** The declaration in a plain chart named after the cluster, each construct given the cluster as a literal. */
function inPlainChart(cluster: ClusterNetwork, d: Declaration): Chart {
  const chart = new Chart(Testing.app(), cluster.name);
  for (const pn of d.providerNetworks) {
    const network = new ProviderNetwork(chart, pn.id, { ...pn.props, cluster });
    for (const v of pn.vlans) {
      const vlan = network.addVlan(v.id, v.props);
      for (const s of v.subnets) vlan.addSubnet(s.id, s.props);
    }
  }
  for (const v of d.installVlans ?? []) {
    // no props.cluster: the Vlan takes it from the install-time provider network
    const vlan = new Vlan(chart, v.id, { ...v.props, providerNetwork: ProviderNetwork.fromInstallUnderlay(cluster) });
    for (const s of v.subnets) vlan.addSubnet(s.id, s.props);
  }
  for (const s of d.installSubnets ?? []) new UnderlaySubnet(chart, s.id, { ...s.props, vlan: Vlan.fromInstallUnderlay(cluster) });
  for (const s of d.overlaySubnets ?? []) new OverlaySubnet(chart, s.id, { ...s.props, cluster });
  return chart;
}

/** The same declaration on a fleet cluster's model; the user's own OverlaySubnets through addConstructs. */
function inFleet(az1: FleetCluster, d: Declaration): void {
  for (const pn of d.providerNetworks) {
    const network = az1.addProviderNetwork(pn.id, pn.props);
    for (const v of pn.vlans) {
      const vlan = network.addVlan(v.id, v.props);
      for (const s of v.subnets) vlan.addSubnet(s.id, s.props);
    }
  }
  for (const v of d.installVlans ?? []) {
    const vlan = az1.installUnderlayProviderNetwork().addVlan(v.id, v.props);
    for (const s of v.subnets) vlan.addSubnet(s.id, s.props);
  }
  for (const s of d.installSubnets ?? []) az1.installUnderlayVlan().addSubnet(s.id, s.props);
  az1.addConstructs((chart, cluster) => {
    for (const s of d.overlaySubnets ?? []) new OverlaySubnet(chart, s.id, { ...s.props, cluster: cluster.network });
  });
}

/** Both sides for an overlay cluster az1 (ovn-default 10.16.0.0/16, join 100.64.0.0/16, services 10.96.0.0/12). */
function overlayCluster(d: Declaration) {
  const { fleet, az1 } = oneClusterFleet();
  inFleet(az1, d);
  return { fleet, chart: inPlainChart(az1Network(), d) };
}

/** Both sides for az1 running another CNI than Kube-OVN (Spiderpool), which has no join subnet. */
function spiderpoolCluster(d: Declaration) {
  const { fleet, az1 } = oneClusterFleet({ cni: Cni.SPIDERPOOL_MACVLAN, joinCidr: undefined });
  inFleet(az1, d);
  return { fleet, chart: inPlainChart(az1Network({ cni: Cni.SPIDERPOOL_MACVLAN, joinCidr: undefined }), d) };
}

/** Both sides for az1 installed in underlay mode (ovn-default 172.17.0.0/16 on the install-time VLAN). */
function installUnderlayCluster(install: Partial<InstallUnderlayProps>, d: Declaration) {
  const { fleet, az1 } = installUnderlayFleet(install);
  inFleet(az1, d);
  return { fleet, chart: inPlainChart(installUnderlayNetwork(install), d) };
}

/** The seed's underlay (net1, vlan1, vlan2, subnet1, subnet2) and an overlay subnet. */
const SEED: Declaration = {
  providerNetworks: [{
    id: 'net1',
    props: { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node2'] },
    vlans: [
      { id: 'vlan1', props: { id: 0 }, subnets: [{ id: 'subnet1', props: { cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', logicalGateway: true } }] },
      { id: 'vlan2', props: { id: 100 }, subnets: [{ id: 'subnet2', props: { cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.254' } }] },
    ],
  }],
  overlaySubnets: [{ id: 'apps', props: { cidrBlock: '10.40.0.0/24', excludeIps: ['10.40.0.2..10.40.0.9'], namespaces: ['apps'] } }],
};

describe('underlay and overlay subnets: a plain cdk8s chart and a fleet cluster are the same', () => {
  test('the seed\'s underlay: equal manifests, no problems on either side', () => {
    const { fleet, chart } = overlayCluster(SEED);
    const plain = Testing.synth(chart);
    expectValidManifests(plain);
    expect(plain.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ProviderNetwork/net1', 'Vlan/vlan1', 'Subnet/subnet1', 'Vlan/vlan2', 'Subnet/subnet2', 'Subnet/apps',
    ]);
    expect(synthFleet(fleet).az1).toEqual(plain);
    expect(synthProblems(chart)).toEqual({ errors: [], warnings: [] });
    expect(validateFleet(fleet)).toEqual({ errors: [], warnings: [] });
  });

  test('with warnings only: equal manifests and the same warnings (printed by cdk8s in the chart)', () => {
    const { fleet, chart } = overlayCluster({
      providerNetworks: [{
        id: 'net1',
        props: { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: [] }] },
        vlans: [{ id: 'vlan1', props: { id: 0 }, subnets: [{ id: 'tenant', props: { cidrBlock: '172.17.0.0/16', vpc: 'tenant-a' } }] }],
      }],
    });
    const warnings = [
      '[az1/net1] cluster "az1", ProviderNetwork "net1": spec.customInterfaces[0] (eth2) lists no nodes, so it changes nothing; add the nodes that use eth2 or remove the entry',
      '[az1/net1/vlan1/tenant] cluster "az1", Subnet "tenant": spec.vpc is "tenant-a" without u2oInterconnection; underlay subnets have no VPC isolation (their traffic is bridged to the physical network), so the VPC only chooses the router u2oInterconnection connects to. Set u2oInterconnection: true or drop vpc',
    ];
    expect(synthProblems(chart)).toEqual({ errors: [], warnings });
    expect(validateFleet(fleet)).toEqual({ errors: [], warnings });
    expect(synthFleet(fleet).az1).toEqual(Testing.synth(chart));
  });

  test('with errors in every construct: the same errors at the same paths, all at once', () => {
    const { fleet, chart } = overlayCluster({
      providerNetworks: [
        { id: 'net1', props: { defaultInterface: 'eth1' }, vlans: [
          { id: 'a', props: { id: 100 }, subnets: [
            { id: 'both', props: { cidrBlock: '172.17.0.0/16', logicalGateway: true, u2oInterconnection: true } },
            { id: 'inside', props: { cidrBlock: '172.17.4.0/24' } },
          ] },
          { id: 'b', props: { id: 100 }, subnets: [{ id: 'u2o', props: { cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.19.0.9' } }] },
          { id: 'c', props: { id: 5000 }, subnets: [] },
        ] },
        { id: 'averyveryverylong', props: { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth3', nodes: [] }] }, vlans: [] },
      ],
      overlaySubnets: [
        { id: 'in-default', props: { cidrBlock: '10.16.8.0/24' } },
        { id: 'svc', props: { cidrBlock: '10.96.0.0/24' } },
      ],
    });
    const errors = [
      '[az1/net1/a/both] cluster "az1", Subnet "both": spec.logicalGateway and spec.u2oInterconnection are both true; Kube-OVN rejects the pair, keep logicalGateway (OVN is the gateway) or u2oInterconnection (the physical gateway stays, overlay pods become reachable)',
      '[az1/net1/a/inside] cluster "az1", Subnet "inside": spec.cidrBlock 172.17.4.0/24 overlaps subnet "both" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "a"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
      '[az1/net1/b] cluster "az1", Vlan "b": spec.id 100 is already used by Vlan "a" on ProviderNetwork "net1"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)',
      '[az1/net1/b/u2o] cluster "az1", Subnet "u2o": spec.u2oInterconnectionIP 172.19.0.9 is not inside spec.cidrBlock 172.18.0.0/16; Kube-OVN rejects it, use a free address of the subnet',
      '[az1/net1/c] cluster "az1", Vlan "c": spec.id is 5000; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)',
      '[az1/averyveryverylong] cluster "az1", ProviderNetwork "averyveryverylong": metadata.name is 17 characters; at most 12 are allowed because the OVS bridge br-<name> must fit Linux\'s 15-character interface names',
      '[az1/averyveryverylong] cluster "az1", ProviderNetwork "averyveryverylong": bridges eth1 on every node neither of them lists, which ProviderNetwork "net1" already bridges; a NIC can join only one OVS bridge, so this provider network would not become ready there. Use another interface (customInterfaces) or exclude those nodes (excludeNodes) from one of them',
      '[az1/in-default] cluster "az1", Subnet "in-default": spec.cidrBlock 10.16.8.0/24 overlaps subnet "ovn-default" (10.16.0.0/16) in the same VPC "ovn-cluster"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
      '[az1/svc] cluster "az1", Subnet "svc": spec.cidrBlock 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12 and contains the apiserver service IP 10.96.0.1; pods could not reach services, choose a range outside 10.96.0.0/12',
    ];
    const warnings = [
      '[az1/averyveryverylong] cluster "az1", ProviderNetwork "averyveryverylong": spec.customInterfaces[0] (eth3) lists no nodes, so it changes nothing; add the nodes that use eth3 or remove the entry',
    ];
    expect(synthProblems(chart)).toEqual({ errors, warnings });
    expect(validateFleet(fleet)).toEqual({ errors, warnings });
  });

  test('on the install-time pair: equal manifests, the pair itself rendered by neither', () => {
    const { fleet, chart } = installUnderlayCluster({ vlanId: 10 }, {
      providerNetworks: [],
      installVlans: [{ id: 'vlan20', props: { id: 20 }, subnets: [{ id: 'tagged', props: { cidrBlock: '172.20.0.0/16' } }] }],
      installSubnets: [{ id: 'more', props: { cidrBlock: '172.18.0.0/16', u2oInterconnection: true } }],
    });
    const plain = Testing.synth(chart);
    expectValidManifests(plain);
    expect(plain.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Vlan/vlan20', 'Subnet/tagged', 'Subnet/more']);
    expect(plain[2].spec).toMatchObject({ vlan: 'ovn-vlan', cidrBlock: '172.18.0.0/16' });
    expect(synthFleet(fleet).az1).toEqual(plain);
    expect(synthProblems(chart)).toEqual({ errors: [], warnings: [] });
    expect(validateFleet(fleet)).toEqual({ errors: [], warnings: [] });
  });

  test('on the install-time pair, with errors: the same errors at the same paths', () => {
    const { fleet, chart } = installUnderlayCluster({ vlanId: 10 }, {
      providerNetworks: [{ id: 'provider', props: { defaultInterface: 'eth2' }, vlans: [] }],
      installVlans: [{ id: 'clash', props: { id: 10 }, subnets: [] }],
      installSubnets: [{ id: 'more', props: { cidrBlock: '172.17.128.0/17' } }],
    });
    const errors = [
      '[az1/provider] cluster "az1", ProviderNetwork "provider": metadata.name "provider" is the ProviderNetwork Kube-OVN creates at install (installUnderlay); kube-ovn-controller owns it, choose another name or use ProviderNetwork.fromInstallUnderlay() to refer to it',
      '[az1/clash] cluster "az1", Vlan "clash": spec.id 10 is already used by Vlan "ovn-vlan", the one Kube-OVN creates at install (installUnderlay), on ProviderNetwork "provider"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)',
      '[az1/more] cluster "az1", Subnet "more": spec.cidrBlock 172.17.128.0/17 overlaps subnet "ovn-default" (172.17.0.0/16) in the same VPC "ovn-cluster" and VLAN "ovn-vlan"; Kube-OVN\'s webhook rejects overlapping subnets there, choose a free range',
    ];
    expect(synthProblems(chart)).toEqual({ errors, warnings: [] });
    expect(validateFleet(fleet)).toEqual({ errors, warnings: [] });
  });

  test('in a cluster that does not run Kube-OVN: every Kube-OVN object fails, the same on both sides', () => {
    const { fleet, chart } = spiderpoolCluster({
      providerNetworks: [{ id: 'net1', props: { defaultInterface: 'eth1' }, vlans: [{ id: 'vlan1', props: { id: 0 }, subnets: [{ id: 's', props: { cidrBlock: '172.17.0.0/16' } }] }] }],
      overlaySubnets: [{ id: 'o', props: { cidrBlock: '10.40.0.0/24' } }],
    });
    const fails = (path: string, label: string, kind: string) => `[${path}] cluster "az1", ${label}: a ${kind} needs Kube-OVN, but the cluster's CNI is spiderpool-macvlan, which serves no kubeovn.io objects; declare it in a Kube-OVN cluster or remove it`;
    const errors = [
      fails('az1/net1', 'ProviderNetwork "net1"', 'ProviderNetwork'),
      fails('az1/net1/vlan1', 'Vlan "vlan1"', 'Vlan'),
      fails('az1/net1/vlan1/s', 'Subnet "s"', 'Subnet'),
      fails('az1/o', 'Subnet "o"', 'Subnet'),
    ];
    expect(synthProblems(chart)).toEqual({ errors, warnings: [] });
    expect(validateFleet(fleet)).toEqual({ errors, warnings: [] });
  });
});
