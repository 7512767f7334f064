import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  AclAction, AclDirection, ClusterNetwork, GatewayType, NatOutgoingPolicyAction, OverlaySubnet, OverlaySubnetProps, ProviderNetwork,
  SubnetProtocol, UnderlaySubnetOptions,
} from '../../src';
import { checkExtraSpec } from '../../src/kube-ovn/extra-spec';
import { chartProblems } from '../submariner/fixtures';
import { expectValidManifests } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { fleetErrors } from '../support/manifests';

/**
 * Kube-OVN v1.13.15's rules for the Subnet spec fields (and Vlan's legacy fields), each with its accept and reject
 * side, named after the upstream rule: pkg/util/validator.go ValidateSubnet / ValidateCidrConflict,
 * pkg/controller/subnet.go formatSubnet and its reconcilers, pkg/ovs (DHCP, RA), pkg/daemon (policy routing),
 * pkg/webhook/subnet.go and the CRD schema (charts/kube-ovn/templates/kube-ovn-crd.yaml). Every case goes through
 * the public API; the JavaScript cases pass values no type checker would allow.
 */

/** No type checker in JavaScript: the value goes in as it is. */
const js = (value: unknown): any => value;

const AZ1: ClusterNetwork = {
  name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: [], gatewayNodes: [],
};
const LABEL = '[az1/s] cluster "az1", Subnet "s": ';

function overlay(props: Partial<OverlaySubnetProps>, more: Record<string, Partial<OverlaySubnetProps>> = {}): Chart {
  const chart = new Chart(Testing.app(), 'az1');
  new OverlaySubnet(chart, 's', { cidrBlock: '10.50.0.0/24', ...props, cluster: AZ1 } as OverlaySubnetProps);
  for (const [id, p] of Object.entries(more)) new OverlaySubnet(chart, id, { cidrBlock: '10.60.0.0/24', ...p, cluster: AZ1 } as OverlaySubnetProps);
  return chart;
}

function underlay(props: Partial<UnderlaySubnetOptions>): Chart {
  const chart = new Chart(Testing.app(), 'az1');
  new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: AZ1 }).addVlan('v', { id: 10 })
    .addSubnet('s', { cidrBlock: '172.20.0.0/24', ...props } as UnderlaySubnetOptions);
  return chart;
}

const errorsOf = (chart: Chart) => chartProblems(chart).errors;
const warningsOf = (chart: Chart) => chartProblems(chart).warnings;
/** The rendered spec of the subnet "s" (without running validations). */
const specOf = (chart: Chart): any => chart.node.findAll()
  .filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson()).find((d) => d.kind === 'Subnet' && d.metadata.name === 's').spec;

/** Accepts: no error, and the manifest passes the CRD schema. */
function expectAccepted(chart: Chart): any {
  expect(errorsOf(chart)).toEqual([]);
  expectValidManifests(chart.toJson());
  return specOf(chart);
}

describe('ValidateSubnet: gateway must be in cidrBlock (CIDRContainIP, per family)', () => {
  test.each([
    ['10.50.0.0/24', '10.50.0.254'],
    ['fd00:50::/64', 'fd00:50::fe'],
    ['10.50.0.0/24,fd00:50::/64', '10.50.0.254,fd00:50::fe'],
    ['10.50.0.0/24,fd00:50::/64', 'fd00:50::fe,10.50.0.254'],
  ])('accepts cidrBlock %s with gateway %s', (cidrBlock, gateway) => {
    expect(expectAccepted(overlay({ cidrBlock, gateway })).gateway).toBe(gateway);
  });

  test.each([
    ['10.50.0.0/24', '10.51.0.1', 'spec.gateway 10.51.0.1 is not inside 10.50.0.0/24; use an address of the subnet, e.g. 10.50.0.1'],
    ['fd00:50::/64', 'fd00:51::1', 'spec.gateway fd00:51::1 is not inside fd00:50::/64; use an address of the subnet, e.g. fd00:50::1'],
    ['10.50.0.0/24', 'fd00:50::1', 'spec.gateway fd00:50::1 is not inside 10.50.0.0/24; use an address of the subnet, e.g. 10.50.0.1'],
    ['10.50.0.0/24,fd00:50::/64', '10.50.0.1,10.50.0.2', 'spec.gateway "10.50.0.1,10.50.0.2" has two IPv4 addresses; give one gateway per CIDR'],
  ])('rejects cidrBlock %s with gateway %s', (cidrBlock, gateway, message) => {
    expect(errorsOf(overlay({ cidrBlock, gateway }))).toEqual([`${LABEL}${message}`]);
  });
});

describe('ValidateNetworkBroadcast: the gateway is neither the network number nor SubnetBroadcast (the last address, IPv6 too)', () => {
  test.each([['10.50.0.0/24', '10.50.0.254'], ['fd00:50::/120', 'fd00:50::fe']])('accepts %s with gateway %s', (cidrBlock, gateway) => {
    expectAccepted(overlay({ cidrBlock, gateway }));
  });

  test.each([
    ['10.50.0.0/24', '10.50.0.255', 'spec.gateway 10.50.0.255 is the broadcast address of 10.50.0.0/24; use a host address, e.g. 10.50.0.1'],
    ['fd00:50::/120', 'fd00:50::ff', 'spec.gateway fd00:50::ff is the last address (Kube-OVN rejects it like an IPv4 broadcast address) of fd00:50::/120; use a host address, e.g. fd00:50::1'],
    ['fd00:50::/120', 'fd00:50::', 'spec.gateway fd00:50:: is the network address of fd00:50::/120; use a host address, e.g. fd00:50::1'],
  ])('rejects %s with gateway %s', (cidrBlock, gateway, message) => {
    expect(errorsOf(overlay({ cidrBlock, gateway }))).toEqual([`${LABEL}${message}`]);
  });
});

describe('formatSubnet checkAndUpdateGateway -> AppendGwByCidr: a dual-stack subnet with one family\'s gateway', () => {
  test.each([
    ['10.50.0.254', '10.50.0.254,fd00:50::1'],
    ['fd00:50::fe', '10.50.0.1,fd00:50::fe'],
  ])('accepts gateway %s and renders it completed as Kube-OVN writes it: %s', (gateway, rendered) => {
    const spec = expectAccepted(overlay({ cidrBlock: '10.50.0.0/24,fd00:50::/64', gateway }));
    expect(spec.gateway).toBe(rendered);
    expect(spec.excludeIps).toEqual(rendered.split(','));
  });
});

describe('ValidateSubnet: ContainsUppercase (IPv6 must be lowercase)', () => {
  test('accepts lowercase IPv6 everywhere', () => {
    expectAccepted(overlay({ cidrBlock: 'fd00:ab::/64', gateway: 'fd00:ab::1', vips: ['fd00:ab::10'], excludeIps: ['fd00:ab::20'] }));
  });

  test('rejects uppercase IPv6 in gateway, vips and excludeIps', () => {
    expect(errorsOf(overlay({ cidrBlock: 'fd00:ab::/64', gateway: 'FD00:AB::1', vips: ['FD00:AB::10'], excludeIps: ['FD00:AB::20'] }))).toEqual([
      `${LABEL}spec.gateway: IPv6 address "FD00:AB::1" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00:ab::1"`,
      `${LABEL}spec.excludeIps[0]: IPv6 address "FD00:AB::20" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00:ab::20"`,
      `${LABEL}spec.vips[0]: IPv6 address "FD00:AB::10" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00:ab::10"`,
    ]);
  });
});

describe('ValidateSubnet: excludeIps are addresses or ranges "a..b" with a <= b', () => {
  test('accepts IPv4 and IPv6 entries of a dual-stack subnet', () => {
    const spec = expectAccepted(overlay({ cidrBlock: '10.50.0.0/24,fd00:50::/64', excludeIps: ['10.50.0.10..10.50.0.20', 'fd00:50::10..fd00:50::20', 'fd00:50::30'] }));
    expect(spec.excludeIps).toEqual(['10.50.0.1', 'fd00:50::1', '10.50.0.10..10.50.0.20', 'fd00:50::10..fd00:50::20', 'fd00:50::30']);
  });

  test('rejects a range that ends before it starts (IPv6)', () => {
    expect(errorsOf(overlay({ cidrBlock: 'fd00:50::/64', excludeIps: ['fd00:50::20..fd00:50::10'] }))).toEqual([
      `${LABEL}spec.excludeIps[0] "fd00:50::20..fd00:50::10" starts after it ends; write the lower address first ("fd00:50::10..fd00:50::20")`,
    ]);
  });
});

describe('ValidateSubnet: vips must be in cidrBlock', () => {
  test.each([
    ['10.50.0.0/24', ['10.50.0.100']],
    ['fd00:50::/64', ['fd00:50::100']],
    ['10.50.0.0/24,fd00:50::/64', ['10.50.0.100', 'fd00:50::100']],
  ])('accepts %s with vips %j', (cidrBlock, vips) => {
    expect(expectAccepted(overlay({ cidrBlock, vips })).vips).toEqual(vips);
  });

  test.each([
    ['10.50.0.0/24', '10.51.0.100'],
    ['10.50.0.0/24', 'fd00:50::100'],
    ['10.50.0.0/24,fd00:50::/64', 'fd00:51::100'],
  ])('rejects %s with vip %s', (cidrBlock, vip) => {
    expect(errorsOf(overlay({ cidrBlock, vips: [vip] }))).toEqual([
      `${LABEL}spec.vips[0] ${vip} is not inside spec.cidrBlock ${cidrBlock}; Kube-OVN rejects it (ValidateSubnet), use an address of the subnet`,
    ]);
  });

  test('rejects a vip that is no address, and one listed twice', () => {
    expect(errorsOf(overlay({ vips: ['10.50.0.x', '10.50.0.5', '10.50.0.5'] }))).toEqual([
      `${LABEL}spec.vips[0]: "10.50.0.x" is not an IP address`,
      `${LABEL}spec.vips lists 10.50.0.5 more than once; list each address once`,
    ]);
  });
});

describe('ValidateSubnet: allowSubnets must be CIDRs (net.ParseCIDR); used only with private (handleAddOrUpdateSubnet)', () => {
  test('accepts IPv4 and IPv6 CIDRs, host bits included as net.ParseCIDR does, with private', () => {
    const chart = overlay({ private: true, allowSubnets: ['10.16.0.0/16', 'fd00:16::/64', '10.17.0.1/24'] });
    expect(expectAccepted(chart).allowSubnets).toEqual(['10.16.0.0/16', 'fd00:16::/64', '10.17.0.1/24']);
    expect(warningsOf(chart)).toEqual([]);
  });

  test('rejects an entry that is no CIDR', () => {
    expect(errorsOf(overlay({ private: true, allowSubnets: ['10.16.0.0', '10.16.0.0/33'] }))).toEqual([
      `${LABEL}spec.allowSubnets[0]: "10.16.0.0" is not a CIDR (expected address/prefix, e.g. 10.200.0.0/16)`,
      `${LABEL}spec.allowSubnets[1]: "10.16.0.0/33" is not a CIDR: prefix length must be 0-32`,
    ]);
  });

  test('warns when allowSubnets is given without private', () => {
    expect(warningsOf(overlay({ allowSubnets: ['10.16.0.0/16'] }))).toEqual([
      `${LABEL}spec.allowSubnets is set but spec.private is not true, so it changes nothing; set private: true or drop allowSubnets`,
    ]);
  });
});

describe('ValidateSubnet: gatewayType is distributed or centralized; reconcileOvnDefaultVpcRoute needs gatewayNode for centralized', () => {
  test('accepts distributed and centralized (with egress IPs of either family and ECMP)', () => {
    expect(expectAccepted(overlay({ gatewayType: GatewayType.DISTRIBUTED }))).toMatchObject({ gatewayType: 'distributed' });
    const spec = expectAccepted(overlay({ gatewayType: GatewayType.centralized({ nodes: ['node1', { node: 'node2', egressIp: 'fd00::12' }], enableEcmp: true }) }));
    expect(spec).toMatchObject({ gatewayType: 'centralized', gatewayNode: 'node1,node2:fd00::12', enableEcmp: true });
  });

  test('rejects centralized without nodes, a bad node name or egress IP, a node twice', () => {
    expect(errorsOf(overlay({ gatewayType: GatewayType.centralized({ nodes: [] }) }))).toEqual([
      `${LABEL}spec.gatewayNode: a centralized gateway needs at least one node, e.g. GatewayType.centralized({ nodes: ['node1', 'node2'] }), got list []`,
    ]);
    expect(errorsOf(overlay({ gatewayType: GatewayType.centralized({ nodes: ['Node_1', { node: 'n2', egressIp: '10.0.0' }, 'n2'] }) }))).toEqual([
      `${LABEL}spec.gatewayNode[0]: node name "Node_1" must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit`,
      `${LABEL}spec.gatewayNode[1].egressIp: "10.0.0" is not an IP address`,
      `${LABEL}spec.gatewayNode lists node "n2" more than once; list each node once`,
    ]);
  });

  test('rejects a gateway type outside the default VPC or on an underlay subnet that keeps the physical gateway', () => {
    expect(errorsOf(overlay({ vpc: 'tenant', gatewayType: GatewayType.DISTRIBUTED }))).toEqual([
      `${LABEL}spec.gatewayType is set but spec.vpc is "tenant"; Kube-OVN applies gateway types in the default VPC ovn-cluster only, drop gatewayType`,
    ]);
    expect(errorsOf(underlay({ gatewayType: GatewayType.DISTRIBUTED }))).toEqual([
      '[az1/pn/v/s] cluster "az1", Subnet "s": spec.gatewayType is set on an underlay subnet without logicalGateway; its gateway is the physical one (reconcileOvnDefaultVpcRoute), drop gatewayType',
    ]);
  });

  test('rejects a gateway type given as a string (from JavaScript)', () => {
    expect(errorsOf(overlay({ gatewayType: js('centralized') }))).toEqual([
      `${LABEL}spec.gatewayType must be GatewayType.DISTRIBUTED or GatewayType.centralized({ nodes: [...] }), got string "centralized"`,
    ]);
  });
});

describe('ValidateSubnet: natOutgoing and externalEgressGateway conflict', () => {
  test('accepts natOutgoing alone', () => {
    expect(expectAccepted(overlay({ natOutgoing: true })).natOutgoing).toBe(true);
  });

  test('rejects both', () => {
    expect(errorsOf(overlay({ natOutgoing: true, externalEgressGateway: '192.168.0.254', policyRoutingPriority: 1500, policyRoutingTableId: 1000 }))).toEqual([
      `${LABEL}spec.externalEgressGateway and spec.natOutgoing are both set; Kube-OVN rejects the pair (ValidateSubnet), keep one`,
    ]);
  });
});

describe('ValidateSubnet: externalEgressGateway is one address per family, of the subnet\'s family unless dual stack', () => {
  const routing = { policyRoutingPriority: 1500, policyRoutingTableId: 1000 };
  test.each([
    ['10.50.0.0/24', '192.168.0.254'],
    ['fd00:50::/64', 'fd00:ff::1'],
    ['10.50.0.0/24,fd00:50::/64', '192.168.0.254,fd00:ff::1'],
    ['10.50.0.0/24,fd00:50::/64', '192.168.0.254'],
  ])('accepts %s with %s', (cidrBlock, egw) => {
    expect(expectAccepted(overlay({ cidrBlock, externalEgressGateway: egw, ...routing }))).toMatchObject({ externalEgressGateway: egw, policyRoutingPriority: 1500, policyRoutingTableID: 1000 });
  });

  test.each([
    ['10.50.0.0/24', 'fd00:ff::1', 'spec.externalEgressGateway "fd00:ff::1" does not match the family of spec.cidrBlock 10.50.0.0/24; Kube-OVN rejects it (ValidateSubnet), give an IPv4 address'],
    ['10.50.0.0/24', '1.1.1.1,2.2.2.2,3.3.3.3', 'spec.externalEgressGateway "1.1.1.1,2.2.2.2,3.3.3.3" has 3 addresses; give one per family ("v4", "v6" or "v4,v6")'],
    ['10.50.0.0/24,fd00:50::/64', '1.1.1.1,2.2.2.2', 'spec.externalEgressGateway "1.1.1.1,2.2.2.2" has two IPv4 addresses; give one per family'],
    ['10.50.0.0/24', '192.168.0.x', 'spec.externalEgressGateway: "192.168.0.x" is not an IP address'],
  ])('rejects %s with %s', (cidrBlock, egw, message) => {
    expect(errorsOf(overlay({ cidrBlock, externalEgressGateway: egw, ...routing }))).toEqual([`${LABEL}${message}`]);
  });
});

describe('pkg/daemon getPolicyRouting: externalEgressGateway needs policyRoutingPriority/TableID, default VPC only', () => {
  test('rejects an external egress gateway without the ip rule\'s priority and table, or in another VPC', () => {
    expect(errorsOf(overlay({ externalEgressGateway: '192.168.0.254' }))).toEqual([
      `${LABEL}spec.externalEgressGateway needs spec.policyRoutingPriority and spec.policyRoutingTableID (the ip rule the nodes add); set both, e.g. policyRoutingPriority: 1500, policyRoutingTableId: 1000`,
    ]);
    expect(errorsOf(overlay({ vpc: 'tenant', externalEgressGateway: '192.168.0.254', policyRoutingPriority: 1500, policyRoutingTableId: 1000 }))).toEqual([
      `${LABEL}spec.externalEgressGateway is set but spec.vpc is "tenant"; Kube-OVN routes to an external egress gateway in the default VPC ovn-cluster only, drop it`,
    ]);
  });

  test('warns about a priority or table without an external egress gateway', () => {
    const chart = overlay({ policyRoutingTableId: 1000 });
    expect(errorsOf(chart)).toEqual([]);
    expect(warningsOf(chart)).toEqual([
      `${LABEL}spec.policyRoutingPriority/policyRoutingTableID are set without spec.externalEgressGateway, so they change nothing; set externalEgressGateway or drop them`,
    ]);
  });
});

describe('CRD subnets.kubeovn.io: policyRoutingPriority 1-32765, policyRoutingTableID 1-2147483647 but not 252-255', () => {
  const egress = { externalEgressGateway: '192.168.0.254' };
  test.each([[1, 1], [32765, 2147483647], [100, 251], [100, 256]])('accepts priority %d and table %d', (priority, table) => {
    expectAccepted(overlay({ ...egress, policyRoutingPriority: priority, policyRoutingTableId: table }));
  });

  test('accepts 0 as unset (Go uint32 omitempty, pkg/apis/kubeovn/v1/types.go): not rendered', () => {
    const spec = expectAccepted(overlay({ policyRoutingPriority: 0, policyRoutingTableId: 0, mtu: 0 }));
    expect(spec).not.toHaveProperty('policyRoutingPriority');
    expect(spec).not.toHaveProperty('policyRoutingTableID');
    expect(spec).not.toHaveProperty('mtu');
  });

  test.each([32766, -1, 1.5, NaN, 1e21, js('100')])('rejects priority %p', (priority) => {
    expect(errorsOf(overlay({ ...egress, policyRoutingPriority: priority, policyRoutingTableId: 1000 }))).toEqual([
      expect.stringContaining(`${LABEL}spec.policyRoutingPriority must be an integer from 1 to 32765`),
    ]);
  });

  test.each([2147483648, -1, js(null)])('rejects table %p', (table) => {
    expect(errorsOf(overlay({ ...egress, policyRoutingPriority: 1500, policyRoutingTableId: table }))).toEqual([
      expect.stringContaining(`${LABEL}spec.policyRoutingTableID must be an integer from 1 to 2147483647`),
    ]);
  });

  test.each([252, 253, 254, 255])('rejects the reserved table %d', (table) => {
    expect(errorsOf(overlay({ ...egress, policyRoutingPriority: 1500, policyRoutingTableId: table }))).toEqual([
      `${LABEL}spec.policyRoutingTableID ${table} is a table the kernel reserves (252 default, 253 main, 254 local, 255; the Subnet CRD rejects 252-255); choose another, e.g. 1000`,
    ]);
  });
});

describe('ValidateCidrConflict: subnets with an external egress gateway in one VPC need their own policy routing table', () => {
  const egress = (table: number): Partial<OverlaySubnetProps> => ({ externalEgressGateway: '192.168.0.254', policyRoutingPriority: 1500, policyRoutingTableId: table });
  test('accepts two tables', () => {
    expect(errorsOf(overlay(egress(1000), { other: egress(1001) }))).toEqual([]);
  });

  test('rejects the same table twice', () => {
    expect(errorsOf(overlay(egress(1000), { other: egress(1000) }))).toEqual([
      '[az1/other] cluster "az1", Subnet "other": spec.policyRoutingTableID 1000 is also the table of subnet "s", which has an external egress gateway in the same VPC; Kube-OVN rejects the pair (ValidateCidrConflict), give each its own table',
    ]);
  });
});

describe('CRD subnets.kubeovn.io: mtu 68-65535 (warning below 1280 with IPv6, RFC 8200)', () => {
  test.each([['10.50.0.0/24', 68], ['fd00:50::/64', 1280], ['10.50.0.0/24,fd00:50::/64', 65535]])('accepts %s with mtu %d', (cidrBlock, mtu) => {
    expect(expectAccepted(overlay({ cidrBlock, mtu })).mtu).toBe(mtu);
  });

  test.each([67, 65536, -1, 1400.5, NaN, Infinity, 1e21, js('1400'), js('')])('rejects mtu %p', (mtu) => {
    expect(errorsOf(overlay({ mtu }))).toEqual([expect.stringContaining(`${LABEL}spec.mtu must be an integer from 68 to 65535 (the Subnet CRD; IPv4 needs at least 68; 0 leaves it unset), got`)]);
  });

  test('accepts but warns about an mtu below 1280 on a subnet with IPv6 (Kube-OVN accepts it, Linux turns IPv6 off)', () => {
    const chart = overlay({ cidrBlock: '10.50.0.0/24,fd00:50::/64', mtu: 1000 });
    expect(errorsOf(chart)).toEqual([]);
    expect(warningsOf(chart)).toEqual([
      `${LABEL}spec.mtu 1000 is below 1280, the IPv6 minimum (RFC 8200), and spec.cidrBlock 10.50.0.0/24,fd00:50::/64 has an IPv6 CIDR; pods would get no IPv6, use at least 1280`,
    ]);
  });
});

describe('ValidateSubnet -> validateNatOutgoingPolicyRules: IPs or CIDRs of one family per rule; CRD action enum', () => {
  test('accepts IPv4 and IPv6 rules, rendered as comma-separated match fields', () => {
    const rules = [
      { action: NatOutgoingPolicyAction.FORWARD, srcIps: ['10.50.0.0/25', '10.50.0.200'], dstIps: ['10.0.0.0/8'] },
      { action: NatOutgoingPolicyAction.NAT, dstIps: ['fd00:ff::/64'] },
    ];
    const chart = overlay({ cidrBlock: '10.50.0.0/24,fd00:50::/64', natOutgoing: true, natOutgoingPolicyRules: rules });
    expect(expectAccepted(chart).natOutgoingPolicyRules).toEqual([
      { action: 'forward', match: { srcIPs: '10.50.0.0/25,10.50.0.200', dstIPs: '10.0.0.0/8' } },
      { action: 'nat', match: { dstIPs: 'fd00:ff::/64' } },
    ]);
    expect(warningsOf(chart)).toEqual([]);
  });

  test('rejects mixed families within a field and between src and dst, items that are no IP, an action outside the enum', () => {
    const rules = [
      { action: NatOutgoingPolicyAction.NAT, srcIps: ['10.0.0.1', 'fd00::/64'] },
      { action: NatOutgoingPolicyAction.NAT, srcIps: ['10.0.0.0/8'], dstIps: ['fd00::/64'] },
      { action: js('snat'), dstIps: ['10.0.0.x'] },
    ];
    expect(errorsOf(overlay({ natOutgoing: true, natOutgoingPolicyRules: rules }))).toEqual([
      `${LABEL}spec.natOutgoingPolicyRules[0].match.srcIPs mixes IPv4 and IPv6; Kube-OVN rejects it (validateNatOutGoingPolicyRuleIPs: "protocol is not consistent"), one family per rule`,
      `${LABEL}spec.natOutgoingPolicyRules[1]: match.srcIPs is IPv4 but match.dstIPs is IPv6; Kube-OVN rejects rules that mix families (validateNatOutgoingPolicyRules), split it into one rule per family`,
      `${LABEL}spec.natOutgoingPolicyRules[2].action must be one of nat, forward (NatOutgoingPolicyAction), got string "snat"`,
      `${LABEL}spec.natOutgoingPolicyRules[2].match.dstIPs[0]: "10.0.0.x" is not an IP address; give an IP or a CIDR`,
    ]);
  });

  test('warns about rules without natOutgoing (updateNatOutgoingPolicyRulesStatus uses them only with it)', () => {
    expect(warningsOf(overlay({ natOutgoingPolicyRules: [{ action: NatOutgoingPolicyAction.NAT }] }))).toEqual([
      `${LABEL}spec.natOutgoingPolicyRules is set but spec.natOutgoing is not true, so it changes nothing; set natOutgoing: true or drop the rules`,
    ]);
  });
});

describe('CRD subnets.kubeovn.io acls: direction and action enums, priority 0-32767; OVN needs a match', () => {
  test('accepts every direction and action at the priority bounds', () => {
    const acls = Object.values(AclAction).map((action, i) => ({
      direction: i % 2 ? AclDirection.FROM_LPORT : AclDirection.TO_LPORT, priority: i === 0 ? 0 : 32767, match: 'ip4.src == 10.0.0.0/8', action,
    }));
    expect(expectAccepted(overlay({ acls })).acls).toEqual(acls);
  });

  test('rejects values outside the enums and range, an empty match, an entry that is no object (from JavaScript)', () => {
    expect(errorsOf(overlay({ acls: [js({ direction: 'ingress', priority: 32768, match: '', action: 'deny' }), js('drop')] }))).toEqual([
      `${LABEL}spec.acls[1] must be an object, e.g. { direction: AclDirection.TO_LPORT, priority: 1000, match: 'ip4.src == 10.0.0.0/8', action: AclAction.DROP }, got string "drop"`,
    ]);
    expect(errorsOf(overlay({ acls: [js({ direction: 'ingress', priority: 32768, match: '', action: 'deny' })] }))).toEqual([
      `${LABEL}spec.acls[0].direction must be one of from-lport, to-lport (AclDirection), got string "ingress"`,
      `${LABEL}spec.acls[0].action must be one of allow-related, allow-stateless, allow, drop, reject (AclAction), got string "deny"`,
      `${LABEL}spec.acls[0].priority must be an integer from 0 to 32767 (the Subnet CRD), got number 32768`,
      `${LABEL}spec.acls[0].match must be an OVN match expression, e.g. 'ip4.src == 10.0.0.0/8', got string ""`,
    ]);
  });
});

describe('CRD protocol enum; formatSubnet -> checkSubnetChanged sets protocol from cidrBlock', () => {
  test.each([
    ['10.50.0.0/24', SubnetProtocol.IPV4],
    ['fd00:50::/64', SubnetProtocol.IPV6],
    ['10.50.0.0/24,fd00:50::/64', SubnetProtocol.DUAL],
  ])('accepts %s with protocol %s', (cidrBlock, protocol) => {
    expect(expectAccepted(overlay({ cidrBlock, protocol })).protocol).toBe(protocol);
  });

  test('rejects a protocol that is not the cidrBlock\'s, and one outside the enum (from JavaScript)', () => {
    expect(errorsOf(overlay({ protocol: SubnetProtocol.DUAL }))).toEqual([
      `${LABEL}spec.protocol is Dual but spec.cidrBlock 10.50.0.0/24 is IPv4; Kube-OVN replaces the protocol with the one of cidrBlock (formatSubnet), drop protocol or fix cidrBlock`,
    ]);
    expect(errorsOf(overlay({ protocol: js('ipv4') }))).toEqual([`${LABEL}spec.protocol must be one of IPv4, IPv6, Dual (SubnetProtocol), got string "ipv4"`]);
  });
});

describe('formatSubnet: spec.default is reset to false in the default VPC (only ovn-default is the default subnet)', () => {
  test('accepts default: false', () => {
    expect(expectAccepted(overlay({ default: false })).default).toBe(false);
  });

  test('rejects default: true', () => {
    expect(errorsOf(overlay({ default: true }))).toEqual([
      `${LABEL}spec.default is true in the default VPC ovn-cluster; Kube-OVN resets it to false (only its own ovn-default is the default subnet there), drop default or list the namespaces`,
    ]);
  });
});

describe('IsOvnProvider: provider is "ovn", "<attachment>.<namespace>.ovn" or another CNI\'s "<attachment>.<namespace>"', () => {
  test.each(['ovn', 'attach.default.ovn', 'macvlan.kube-system'])('accepts %s', (provider) => {
    expect(expectAccepted(overlay({ provider })).provider).toBe(provider);
  });

  test('a subnet of another CNI\'s attachment has no logical switch, so OVN-IC does not advertise it', () => {
    const chart = new Chart(Testing.app(), 'az1');
    const ovn = new OverlaySubnet(chart, 'a', { cidrBlock: '10.50.0.0/24', provider: 'attach.default.ovn', cluster: AZ1 });
    const other = new OverlaySubnet(chart, 'b', { cidrBlock: '10.51.0.0/24', provider: 'macvlan.default', cluster: AZ1 });
    expect([ovn.advertisedThroughInterconnection, other.advertisedThroughInterconnection]).toEqual([true, false]);
    expect(OverlaySubnet.advertised({ provider: 'macvlan.default' })).toBe(false);
  });

  test.each([['ovn.x.y.z', '"ovn.x.y.z" is neither'], ['', 'must be a non-empty string'], ['a b', 'must be a non-empty string'], [js(7), 'got number 7']])(
    'rejects %p', (provider, message) => {
      expect(errorsOf(overlay({ provider }))).toEqual([expect.stringContaining(message)]);
    });
});

describe('UpdateDHCPOptions / parseDHCPOptions: DHCP options', () => {
  test('accepts IPv4 and IPv6 options with the IPv4 CIDR first, rendered key=value sorted', () => {
    const spec = expectAccepted(overlay({
      cidrBlock: '10.50.0.0/24,fd00:50::/64', enableDhcp: true,
      dhcpV4Options: { router: '10.50.0.1', lease_time: '3600', dns_server: '8.8.8.8;8.8.4.4' }, dhcpV6Options: { dns_server: 'fd00::53' },
    }));
    expect(spec).toMatchObject({ enableDHCP: true, dhcpV4Options: 'dns_server=8.8.8.8;8.8.4.4,lease_time=3600,router=10.50.0.1', dhcpV6Options: 'dns_server=fd00::53' });
  });

  test('rejects DHCP on a dual-stack subnet whose first CIDR is IPv6 (its first CIDR is taken as the IPv4 one)', () => {
    expect(errorsOf(overlay({ cidrBlock: 'fd00:50::/64,10.50.0.0/24', enableDhcp: true }))).toEqual([
      `${LABEL}spec.enableDHCP on dual-stack spec.cidrBlock fd00:50::/64,10.50.0.0/24 with the IPv6 CIDR first; Kube-OVN's DHCP takes the first CIDR as the IPv4 one, list IPv4 first ("10.50.0.0/24,fd00:50::/64")`,
    ]);
  });

  test('rejects options Kube-OVN would split, drop or mangle (",", "=", spaces, empty values)', () => {
    expect(errorsOf(overlay({ enableDhcp: true, dhcpV4Options: { dns_server: '8.8.8.8,8.8.4.4', lease_time: '' } }))).toEqual([
      `${LABEL}spec.dhcpV4Options.dns_server must be a non-empty string without spaces, ',' or '=' (Kube-OVN would drop or split it), got string "8.8.8.8,8.8.4.4"; separate several DNS servers with ';' ('8.8.8.8;8.8.4.4')`,
      `${LABEL}spec.dhcpV4Options.lease_time must be a non-empty string without spaces, ',' or '=' (Kube-OVN would drop or split it), got string ""`,
    ]);
  });

  test('warns about options without enableDhcp or without a CIDR of their family', () => {
    expect(warningsOf(overlay({ dhcpV6Options: { dns_server: 'fd00::53' } }))).toEqual([
      `${LABEL}spec.dhcpV4Options/dhcpV6Options are set but spec.enableDHCP is not true, so Kube-OVN ignores them; set enableDhcp: true or drop them`,
      `${LABEL}spec.dhcpV6Options is set but spec.cidrBlock 10.50.0.0/24 has no IPv6 CIDR, so it changes nothing; drop it`,
    ]);
  });
});

describe('UpdateLogicalRouterPortRA: enableIPv6RA needs an IPv6 CIDR; ipv6RAConfigs only with it', () => {
  test('accepts RA on an IPv6 and a dual-stack subnet', () => {
    expect(expectAccepted(overlay({ cidrBlock: 'fd00:50::/64', enableIpv6Ra: true, ipv6RaConfigs: { max_interval: '30', address_mode: 'slaac' } })))
      .toMatchObject({ enableIPv6RA: true, ipv6RAConfigs: 'address_mode=slaac,max_interval=30' });
    expectAccepted(overlay({ cidrBlock: '10.50.0.0/24,fd00:50::/64', enableIpv6Ra: true }));
  });

  test('rejects RA on an IPv4 subnet; warns about configs without RA', () => {
    expect(errorsOf(overlay({ enableIpv6Ra: true }))).toEqual([
      `${LABEL}spec.enableIPv6RA needs an IPv6 CIDR but spec.cidrBlock 10.50.0.0/24 has none; Kube-OVN has no prefix to advertise, add an IPv6 CIDR or drop enableIpv6Ra`,
    ]);
    expect(warningsOf(overlay({ cidrBlock: 'fd00:50::/64', ipv6RaConfigs: { address_mode: 'slaac' } }))).toEqual([
      `${LABEL}spec.ipv6RAConfigs is set but spec.enableIPv6RA is not true, so Kube-OVN ignores it; set enableIpv6Ra: true or drop it`,
    ]);
  });
});

describe('pkg/webhook/subnet.go SubnetCreateHook: a subnet is not named like a VPC', () => {
  test('accepts a subnet in a custom VPC (not advertised through OVN-IC)', () => {
    const chart = new Chart(Testing.app(), 'az1');
    const s = new OverlaySubnet(chart, 'tenant-net', { cidrBlock: '10.50.0.0/24', vpc: 'tenant', cluster: AZ1 });
    expect(errorsOf(chart)).toEqual([]);
    expect(s.advertisedThroughInterconnection).toBe(false);
    expect(OverlaySubnet.advertised({ vpc: 'tenant' })).toBe(false);
  });

  test('rejects a subnet named ovn-cluster or like its own VPC', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 'ovn-cluster', { cidrBlock: '10.50.0.0/24', cluster: AZ1 });
    new OverlaySubnet(chart, 'tenant', { cidrBlock: '10.51.0.0/24', vpc: 'tenant', cluster: AZ1 });
    expect(errorsOf(chart)).toEqual([
      '[az1/ovn-cluster] cluster "az1", Subnet "ovn-cluster": metadata.name "ovn-cluster" is the name of a VPC; Kube-OVN\'s webhook rejects a subnet named like a VPC, choose another name',
      '[az1/tenant] cluster "az1", Subnet "tenant": metadata.name "tenant" is the name of a VPC; Kube-OVN\'s webhook rejects a subnet named like a VPC, choose another name',
    ]);
  });
});

describe('metav1.LabelSelectorAsSelector: namespaceSelectors; namespaces are namespace names', () => {
  test('accepts label selectors and namespace names', () => {
    const namespaceSelectors = [{ matchLabels: { team: 'a' } }, { matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] }];
    expect(expectAccepted(overlay({ namespaces: ['team-a'], namespaceSelectors }))).toMatchObject({ namespaces: ['team-a'], namespaceSelectors });
  });

  test('rejects In without values, Exists with values, an unknown operator, bad namespace names', () => {
    const namespaceSelectors = [{ matchExpressions: [{ key: 't', operator: 'In' as const }, { key: 't', operator: 'Exists' as const, values: ['x'] }, js({ key: 't', operator: 'Has' })] }];
    expect(errorsOf(overlay({ namespaces: ['Team_A', 'a', 'a'], namespaceSelectors }))).toEqual([
      `${LABEL}spec.namespaces[0] "Team_A" must consist of lowercase letters, digits and '-', and start and end with a letter or digit`,
      `${LABEL}spec.namespaces lists "a" more than once; list each namespace once`,
      `${LABEL}spec.namespaceSelectors[0].matchExpressions[0]: operator In needs at least one value (LabelSelectorAsSelector); add values`,
      `${LABEL}spec.namespaceSelectors[0].matchExpressions[1]: operator Exists takes no values (LabelSelectorAsSelector); drop values`,
      `${LABEL}spec.namespaceSelectors[0].matchExpressions[2].operator must be one of In, NotIn, Exists, DoesNotExist (a label selector operator), got string "Has"`,
    ]);
  });
});

describe('pkg/controller/init.go initSyncCrdVlans: Vlan vlanId and providerInterfaceName are legacy', () => {
  test('accepts a Vlan with id and provider only', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: AZ1 }).addVlan('v', { id: 10 });
    expect(errorsOf(chart)).toEqual([]);
  });

  test('rejects the legacy fields with the fix', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: AZ1 }).addVlan('v', { vlanId: 10, providerInterfaceName: 'eth1' });
    expect(errorsOf(chart)).toEqual([
      '[az1/pn/v] cluster "az1", Vlan "v": spec.vlanId is deprecated and Kube-OVN ignores it while spec.id is set (which this package always renders); use id: 10 instead',
      '[az1/pn/v] cluster "az1", Vlan "v": spec.providerInterfaceName is deprecated and Kube-OVN ignores it while spec.provider is set; bind the Vlan to a ProviderNetwork with providerNetwork.addVlan(id, { id }) instead',
    ]);
  });
});

describe('extraSpec: fields the props do not cover pass the CRD schema of the bundle', () => {
  test('the schema check accepts fields the schema has and rejects the ones it has not (on Vpc, whose spec no prop covers)', () => {
    const vpc = (spec: Record<string, unknown>) => ({ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', name: 'tenant', spec });
    const good = { enableExternal: true, namespaces: ['a'] };
    expect(checkExtraSpec(good, {}, vpc(good))).toEqual([]);
    const bad = { enableExternal: 'yes', extra: 1 };
    expect(checkExtraSpec(bad, {}, vpc(bad))).toEqual([
      'extraSpec: unknown field "spec.extra" (the Vpc CRD schema, schemas/kubeovn.io); fix or remove the field',
      'extraSpec: spec.enableExternal: must be boolean (the Vpc CRD schema, schemas/kubeovn.io); fix or remove the field',
    ]);
  });

  test('a Subnet, a Vlan and a ProviderNetwork report a field of a newer Kube-OVN and a field a prop covers', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 's', { cidrBlock: '10.50.0.0/24', extraSpec: { enableExternalLBAddress: true, natOutgoing: true }, cluster: AZ1 });
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', extraSpec: { autoCreateVlanSubinterfaces: true }, cluster: AZ1 })
      .addVlan('v', { id: 10, extraSpec: { id: 11 } });
    expect(errorsOf(chart)).toEqual([
      `${LABEL}extraSpec.natOutgoing is a field the props cover; set it with the prop natOutgoing so its rules apply`,
      `${LABEL}extraSpec: unknown field "spec.enableExternalLBAddress" (the Subnet CRD schema, schemas/kubeovn.io); fix or remove the field`,
      '[az1/pn] cluster "az1", ProviderNetwork "pn": extraSpec: unknown field "spec.autoCreateVlanSubinterfaces" (the ProviderNetwork CRD schema, schemas/kubeovn.io); fix or remove the field',
      '[az1/pn/v] cluster "az1", Vlan "v": extraSpec.id is a field the props cover; set it with the prop id so its rules apply',
    ]);
    // rendered as given after the typed fields (the chart does not synth while it has errors); a covered field is not
    const spec = specOf(chart);
    expect(spec.natOutgoing).toBeUndefined();
    expect(Object.keys(spec).slice(-1)).toEqual(['enableExternalLBAddress']);
  });

  test('rejects an extraSpec that is no object (from JavaScript)', () => {
    expect(errorsOf(overlay({ extraSpec: js('natOutgoing: true') }))).toEqual([
      `${LABEL}extraSpec must be an object of spec fields, e.g. { someField: true }, got string "natOutgoing: true"`,
    ]);
  });
});

describe('untyped JavaScript input for every new field is a message, never a crash', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['natOutgoing', { natOutgoing: 'yes' }, 'spec.natOutgoing must be true or false, got string "yes"'],
    ['private', { private: 1 }, 'spec.private must be true or false, got number 1'],
    ['enableLb', { enableLb: null }, 'spec.enableLb must be true or false, got null'],
    ['enableDhcp', { enableDhcp: 'true' }, 'spec.enableDHCP must be true or false, got string "true"'],
    ['enableMulticastSnoop', { enableMulticastSnoop: [] }, 'spec.enableMulticastSnoop must be true or false, got list []'],
    ['vips', { vips: '10.50.0.5' }, 'spec.vips must be a list of strings, e.g. ["10.100.0.10"], got string "10.50.0.5"'],
    ['vips entry', { vips: [5] }, 'spec.vips[0] must be a non-empty string, e.g. "10.100.0.10", got number 5'],
    ['allowSubnets', { allowSubnets: [''], private: true }, 'spec.allowSubnets[0] must be a non-empty string, e.g. "10.200.0.0/16", got string ""'],
    ['acls', { acls: {} }, 'spec.acls must be a list, e.g. ['],
    ['externalEgressGateway', { externalEgressGateway: 12 }, 'spec.externalEgressGateway must be one address per family, e.g. "192.168.0.1" or "192.168.0.1,fd00::1", got number 12'],
    ['routeTable', { routeTable: '' }, 'spec.routeTable must be a non-empty string without spaces, e.g. "rtb1", got string ""'],
    ['dhcpV4Options', { enableDhcp: true, dhcpV4Options: 'lease_time=3600' }, 'spec.dhcpV4Options must be an object of option names to values, e.g. { lease_time: \'3600\' }, got string "lease_time=3600"'],
    ['namespaceSelectors', { namespaceSelectors: [{ matchLabels: 'team=a' }] }, 'spec.namespaceSelectors[0].matchLabels must be an object of label keys to values, got string "team=a"'],
    ['namespaces', { namespaces: 'team-a' }, 'spec.namespaces must be a list of namespace names, e.g. [\'team-a\'], got string "team-a"'],
    ['vpc', { vpc: '' }, 'spec.vpc must not be empty'],
    ['gatewayType nodes', { gatewayType: GatewayType.centralized(js({ nodes: 'node1' })) }, 'spec.gatewayNode: a centralized gateway needs at least one node'],
    ['gatewayType ecmp', { gatewayType: GatewayType.centralized(js({ nodes: ['n1'], enableEcmp: 'on' })) }, 'spec.enableEcmp must be true or false, got string "on"'],
    ['gatewayType options', { gatewayType: GatewayType.centralized(js(undefined)) }, 'spec.gatewayNode: a centralized gateway needs at least one node'],
  ])('%s', (_field, props, message) => {
    let errors: string[] = [];
    expect(() => {
      errors = errorsOf(overlay(js(props)));
    }).not.toThrow();
    expect(errors).toEqual([expect.stringContaining(`${LABEL}${message}`)]);
  });

  test('ProviderNetwork and Vlan fields of the wrong type', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', exchangeLinkName: js('no'), excludeNodes: js('node1'), cluster: AZ1 })
      .addVlan('v', { id: js(NaN) });
    new ProviderNetwork(chart, 'pn2', { defaultInterface: 'eth2', excludeNodes: js([7]), cluster: AZ1 }).addVlan('w', { id: 1e21 });
    let errors: string[] = [];
    expect(() => {
      errors = errorsOf(chart);
    }).not.toThrow();
    expect(errors).toEqual([
      '[az1/pn] cluster "az1", ProviderNetwork "pn": spec.exchangeLinkName must be true or false, got string "no"',
      '[az1/pn] cluster "az1", ProviderNetwork "pn": spec.excludeNodes must be a list of strings, e.g. ["node1"], got string "node1"',
      '[az1/pn/v] cluster "az1", Vlan "v": spec.id is NaN; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)',
      '[az1/pn2] cluster "az1", ProviderNetwork "pn2": spec.excludeNodes[0] must be a non-empty string, e.g. "node1", got number 7',
      '[az1/pn2/w] cluster "az1", Vlan "w": spec.id is 1e+21; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)',
    ]);
  });

  test('the same through the fleet model (Interconnection.addSubnet and addVlan(...).addSubnet)', () => {
    const { fleet, az1, ic1 } = twoClusterFleet();
    ic1.addSubnet('s', { cidrBlock: '10.50.0.0/24', mtu: js('1400'), natOutgoing: true, externalEgressGateway: '192.168.0.254' });
    az1.addProviderNetwork('pn', { defaultInterface: 'eth1' }).addVlan('v', { id: 10 }).addSubnet('u', { cidrBlock: '172.20.0.0/24', vips: ['172.21.0.1'] });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/Interconnection/s] cluster "az1", Subnet "s": spec.externalEgressGateway and spec.natOutgoing are both set; Kube-OVN rejects the pair (ValidateSubnet), keep one',
      '[az1/Interconnection/s] cluster "az1", Subnet "s": spec.externalEgressGateway needs spec.policyRoutingPriority and spec.policyRoutingTableID (the ip rule the nodes add); set both, e.g. policyRoutingPriority: 1500, policyRoutingTableId: 1000',
      '[az1/Interconnection/s] cluster "az1", Subnet "s": spec.mtu must be an integer from 68 to 65535 (the Subnet CRD; IPv4 needs at least 68; 0 leaves it unset), got string "1400"',
      '[az1/pn/v/u] cluster "az1", Subnet "u": spec.vips[0] 172.21.0.1 is not inside spec.cidrBlock 172.20.0.0/24; Kube-OVN rejects it (ValidateSubnet), use an address of the subnet',
    ]);
  });
});
