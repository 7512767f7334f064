import { Chart, Testing } from 'cdk8s';
import { ClusterNetwork, Cni, OverlaySubnet, Vpc, VpcPolicyRouteAction, VpcProps, VpcRoutePolicy } from '../../src';
import { chartProblems } from '../submariner/fixtures';
import { expectValidManifests, findDoc } from '../support/manifests';

/**
 * Kube-OVN v1.13.15 pkg/util/validator.go ValidateVpc and the Vpc CRD, each with its accept and reject side, through
 * the public Vpc construct; the JavaScript cases pass values no type checker would allow.
 */

const js = (value: unknown): any => value;
const AZ1: ClusterNetwork = {
  name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: [], gatewayNodes: [],
};
const LABEL = '[az1/tenant] cluster "az1", Vpc "tenant": ';

function vpc(props: VpcProps): Chart {
  const chart = new Chart(Testing.app(), 'az1');
  new Vpc(chart, 'tenant', { ...props, cluster: AZ1 });
  return chart;
}
const errorsOf = (chart: Chart) => chartProblems(chart).errors;

describe('ValidateVpc: static routes have a known policy, a CIDR or IP, and a next hop IP', () => {
  test('accepts IPv4 and IPv6 routes, by destination and by source, CIDRs and single addresses', () => {
    const staticRoutes = [
      { cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254' },
      { cidr: '10.0.1.0/24', nextHopIp: '10.0.1.253', policy: VpcRoutePolicy.SOURCE },
      { cidr: 'fd00:ff::/64', nextHopIp: 'fd00:1::fe', policy: VpcRoutePolicy.DESTINATION },
      { cidr: '192.168.0.10', nextHopIp: '10.0.1.252' },
    ];
    const chart = vpc({ staticRoutes });
    expect(errorsOf(chart)).toEqual([]);
    const docs = chart.toJson();
    expectValidManifests(docs);
    // ecmpMode, bfdId and routeTable rendered '' as the controller writes them (no omitempty upstream)
    expect(findDoc(docs, 'Vpc', 'tenant').spec.staticRoutes).toEqual(
      staticRoutes.map(({ nextHopIp, ...r }) => ({ ...r, nextHopIP: nextHopIp, ecmpMode: '', bfdId: '', routeTable: '' })));
  });

  test('rejects an unknown policy, a bad CIDR or IP, a bad next hop', () => {
    expect(errorsOf(vpc({ staticRoutes: [
      { cidr: '10.0.0.0/33', nextHopIp: '10.0.1.254', policy: js('dst') },
      { cidr: '10.0.0.x', nextHopIp: 'FD00::1' },
      js({ cidr: 10 }),
    ] }))).toEqual([
      `${LABEL}spec.staticRoutes[0].policy must be one of policyDst, policySrc (VpcRoutePolicy), got string "dst"`,
      `${LABEL}spec.staticRoutes[0].cidr: "10.0.0.0/33" is not a CIDR: prefix length must be 0-32; Kube-OVN rejects it (ValidateVpc)`,
      `${LABEL}spec.staticRoutes[1].cidr: "10.0.0.x" is not an IP address; Kube-OVN rejects it (ValidateVpc)`,
      `${LABEL}spec.staticRoutes[1].nextHopIP: IPv6 address "FD00::1" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00::1"`,
      `${LABEL}spec.staticRoutes[2].cidr must be a CIDR or an address, e.g. '10.0.0.0/8', got number 10`,
      `${LABEL}spec.staticRoutes[2].nextHopIP must be an IP address, e.g. '10.0.1.254', got undefined`,
    ]);
  });
});

describe('ValidateVpc: policy routes allow, drop or reroute; reroute needs valid next hops', () => {
  test('accepts every action, ECMP reroute over IPv4 and IPv6 next hops', () => {
    const chart = vpc({ policyRoutes: [
      { priority: 31000, match: 'ip4.src == 10.0.1.0/24', action: VpcPolicyRouteAction.REROUTE, nextHopIps: ['10.0.1.252', '10.0.1.253'] },
      { priority: 30000, match: 'ip6.dst == fd00:ff::/64', action: VpcPolicyRouteAction.REROUTE, nextHopIps: ['fd00:1::fe'] },
      { priority: 0, match: 'ip4.dst == 10.0.2.0/24', action: VpcPolicyRouteAction.ALLOW },
      { priority: 32767, match: 'ip4.dst == 10.0.3.0/24', action: VpcPolicyRouteAction.DROP },
    ] });
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'Vpc', 'tenant').spec.policyRoutes[0]).toEqual({ priority: 31000, action: 'reroute', match: 'ip4.src == 10.0.1.0/24', nextHopIP: '10.0.1.252,10.0.1.253' });
  });

  test('rejects an unknown action, reroute without or with a bad next hop, next hops on allow, a priority out of range, no match', () => {
    expect(errorsOf(vpc({ policyRoutes: [
      { priority: 1, match: 'ip4', action: js('accept') },
      { priority: 1, match: 'ip4', action: VpcPolicyRouteAction.REROUTE },
      { priority: 1, match: 'ip4', action: VpcPolicyRouteAction.REROUTE, nextHopIps: ['10.0.1.x'] },
      { priority: 32768, match: '', action: VpcPolicyRouteAction.ALLOW, nextHopIps: ['10.0.1.1'] },
    ] }))).toEqual([
      `${LABEL}spec.policyRoutes[0].action must be one of allow, drop, reroute (VpcPolicyRouteAction), got string "accept"`,
      `${LABEL}spec.policyRoutes[1]: action reroute needs nextHopIps; Kube-OVN rejects a reroute without a valid next hop (ValidateVpc)`,
      `${LABEL}spec.policyRoutes[2].nextHopIps[0]: "10.0.1.x" is not an IP address`,
      `${LABEL}spec.policyRoutes[3].priority must be an integer from 0 to 32767 (OVN Logical_Router_Policy), got number 32768`,
      `${LABEL}spec.policyRoutes[3].match must be an OVN match expression, e.g. 'ip4.dst == 10.0.0.0/8', got string ""`,
      `${LABEL}spec.policyRoutes[3].nextHopIps is set but action is allow; next hops are for reroute only, drop them`,
    ]);
  });
});

describe('ValidateVpc: vpcPeerings localConnectIP is a CIDR list (CheckCidrs)', () => {
  test.each(['169.254.0.1/30', 'fd00:a9fe::1/126', '169.254.0.1/30,fd00:a9fe::1/126'])('accepts %s', (localConnectIp) => {
    expect(errorsOf(vpc({ vpcPeerings: [{ remoteVpc: 'tenant-b', localConnectIp }] }))).toEqual([]);
  });

  test('rejects an address without prefix, a peering with itself, a missing remote VPC (from JavaScript)', () => {
    expect(errorsOf(vpc({ vpcPeerings: [{ remoteVpc: 'tenant', localConnectIp: '169.254.0.1' }, js({ localConnectIp: '169.254.0.5/30' })] }))).toEqual([
      `${LABEL}spec.vpcPeerings[0].remoteVpc is this VPC itself; peer with another VPC`,
      `${LABEL}spec.vpcPeerings[0].localConnectIP: "169.254.0.1" is not a CIDR (expected address/prefix, e.g. 10.200.0.0/16); Kube-OVN rejects it (ValidateVpc CheckCidrs)`,
      `${LABEL}spec.vpcPeerings[1].remoteVpc must be a VPC name, got undefined`,
    ]);
  });
});

describe('Vpc: names, namespaces, external subnets, the cluster', () => {
  test('a custom VPC with its subnet renders and validates', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vpc(chart, 'tenant', { namespaces: ['team-a'], defaultSubnet: 'tenant-net', cluster: AZ1 });
    new OverlaySubnet(chart, 'tenant-net', { cidrBlock: '10.0.1.0/24', vpc: 'tenant', namespaces: ['team-a'], cluster: AZ1 });
    expect(errorsOf(chart)).toEqual([]);
    expectValidManifests(chart.toJson());
  });

  test('pkg/webhook/subnet.go SubnetCreateHook: a subnet of a custom VPC uses only the VPC\'s namespaces; no subnet is named like a VPC', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vpc(chart, 'tenant', { namespaces: ['team-a'], cluster: AZ1 });
    new Vpc(chart, 'other', { cluster: AZ1 });
    new OverlaySubnet(chart, 'ok', { cidrBlock: '10.0.1.0/24', vpc: 'tenant', namespaces: ['team-a'], cluster: AZ1 });
    new OverlaySubnet(chart, 'bad', { cidrBlock: '10.0.2.0/24', vpc: 'tenant', namespaces: ['team-a', 'team-b'], cluster: AZ1 });
    new OverlaySubnet(chart, 'other-net', { name: 'other', cidrBlock: '10.0.3.0/24', cluster: AZ1 });
    expect(errorsOf(chart)).toEqual([
      '[az1/bad] cluster "az1", Subnet "bad": spec.namespaces "team-b" is not a namespace of Vpc "tenant" (its spec.namespaces: team-a); Kube-OVN\'s webhook rejects the subnet, add "team-b" to the Vpc\'s namespaces or remove it here',
      '[az1/other-net] cluster "az1", Subnet "other": metadata.name "other" is the name of a VPC; Kube-OVN\'s webhook rejects a subnet named like a VPC, choose another name',
    ]);
  });

  test('rejects the default VPC name, bad namespaces, booleans of the wrong type, a non-Kube-OVN cluster', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vpc(chart, 'ovn-cluster', { namespaces: ['A', 'a', 'a'], enableExternal: js('yes'), cluster: { ...AZ1, cni: Cni.OVN_KUBERNETES } });
    expect(errorsOf(chart)).toEqual([
      '[az1/ovn-cluster] cluster "az1", Vpc "ovn-cluster": a Vpc needs Kube-OVN, but the cluster\'s CNI is ovn-kubernetes, which serves no kubeovn.io objects; declare it in a Kube-OVN cluster or remove it',
      '[az1/ovn-cluster] cluster "az1", Vpc "ovn-cluster": metadata.name "ovn-cluster" is the default VPC, which kube-ovn-controller creates and owns; choose another name (routes of the default VPC come from the manual-route mode)',
      '[az1/ovn-cluster] cluster "az1", Vpc "ovn-cluster": spec.enableExternal must be true or false, got string "yes"',
      '[az1/ovn-cluster] cluster "az1", Vpc "ovn-cluster": spec.namespaces[0] "A" must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit',
      '[az1/ovn-cluster] cluster "az1", Vpc "ovn-cluster": spec.namespaces lists "a" more than once; list each namespace once',
    ]);
  });

  test('warns about extra external subnets without enableExternal', () => {
    expect(chartProblems(vpc({ extraExternalSubnets: ['external204'] })).warnings).toEqual([
      `${LABEL}spec.extraExternalSubnets is set but spec.enableExternal is not true, so Kube-OVN connects none of them; set enableExternal: true or drop them`,
    ]);
  });

  test('props missing entirely (from JavaScript) is a Vpc with defaults, not a crash', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vpc(chart, 'tenant', js(undefined));
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'Vpc', 'tenant').spec).toEqual({});
  });
});
