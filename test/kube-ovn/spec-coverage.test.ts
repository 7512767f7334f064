import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  AclAction, AclDirection, ClusterNetwork, GatewayType, NatOutgoingPolicyAction, OverlaySubnet, ProviderNetwork, SubnetProtocol, Vpc,
  VpcPolicyRouteAction, VpcRoutePolicy,
} from '../../src';
import { chartProblems } from '../submariner/fixtures';
import { expectValidManifests } from '../support/manifests';

/**
 * Every field of the spec of each Kube-OVN CRD the package renders (Subnet, Vlan, ProviderNetwork, Vpc) is settable through typed props: objects built with every prop set render every spec property of
 * the committed CRD schema (schemas/kubeovn.io/<kind>_v1.json), nested ones included. A field the props cannot set
 * is listed by name.
 */

const SCHEMAS = path.resolve(__dirname, '../../schemas/kubeovn.io');

const AZ1: ClusterNetwork = {
  name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: [], gatewayNodes: [],
};

/** Every property path below `spec` in a schema (`acls[].priority`). */
function schemaPaths(schema: any, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) {
    const p = `${prefix}${key}`;
    out.push(p);
    if (sub.type === 'object' && sub.properties) out.push(...schemaPaths(sub, `${p}.`));
    if (sub.type === 'array' && sub.items?.properties) out.push(...schemaPaths(sub.items, `${p}[].`));
  }
  return out;
}

/** Every property path set in rendered specs (`acls[].priority`). */
function renderedPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => renderedPaths(v, prefix.replace(/\.$/, '[].')));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...renderedPaths(v, `${prefix}${k}.`)]);
}

/** The rendered objects of a chart without running its validations (some objects here are meant to be rejected). */
function rawDocs(chart: Chart): any[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}

function specSchema(kind: string): any {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS, `${kind}_v1.json`), 'utf8')).properties.spec;
}

/** The schema's spec properties no rendered object sets (must be none), and rendered ones the schema lacks. */
function coverage(kind: string, docs: any[]): { missing: string[]; unknown: string[] } {
  const schema = schemaPaths(specSchema(kind.toLowerCase()));
  const rendered = new Set(docs.filter((d) => d.kind === kind).flatMap((d) => renderedPaths(d.spec)));
  return {
    missing: schema.filter((p) => !rendered.has(p)).sort(),
    unknown: [...rendered].filter((p) => !schema.includes(p) && !schema.some((s) => p.startsWith(`${s}.`))).sort(),
  };
}

/** Subnets that together set every prop: the overlay ones of the default VPC and underlay ones on one VLAN. */
function everySubnetProp(): Chart {
  const chart = new Chart(Testing.app(), 'az1');
  new OverlaySubnet(chart, 'full', {
    cidrBlock: '10.50.0.0/24,fd00:50::/120',
    gateway: '10.50.0.1,fd00:50::1',
    excludeIps: ['10.50.0.2..10.50.0.9', 'fd00:50::2'],
    protocol: SubnetProtocol.DUAL,
    provider: 'ovn',
    default: false,
    namespaces: ['team-a'],
    namespaceSelectors: [{ matchLabels: { team: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }],
    vips: ['10.50.0.100', 'fd00:50::10'],
    gatewayType: GatewayType.centralized({ nodes: ['node1', { node: 'node2', egressIp: '192.168.0.12' }], enableEcmp: true }),
    natOutgoing: true,
    natOutgoingPolicyRules: [{ action: NatOutgoingPolicyAction.FORWARD, srcIps: ['10.50.0.0/25'], dstIps: ['10.0.0.0/8'] }],
    mtu: 1400,
    private: true,
    allowSubnets: ['10.16.0.0/16'],
    allowEwTraffic: true,
    acls: [{ direction: AclDirection.TO_LPORT, priority: 1000, match: 'ip4.src == 10.0.0.0/8', action: AclAction.ALLOW_RELATED }],
    disableGatewayCheck: true,
    disableInterConnection: true,
    enableDhcp: true,
    dhcpV4Options: { lease_time: '3600', dns_server: '8.8.8.8;8.8.4.4' },
    dhcpV6Options: { dns_server: 'fd00::53' },
    enableIpv6Ra: true,
    ipv6RaConfigs: { address_mode: 'dhcpv6_stateful', max_interval: '30' },
    enableLb: false,
    enableMulticastSnoop: true,
    routeTable: 'rtb1',
    cluster: AZ1,
  });
  new OverlaySubnet(chart, 'egress', {
    cidrBlock: '10.51.0.0/24',
    externalEgressGateway: '192.168.0.254',
    policyRoutingPriority: 1500,
    policyRoutingTableId: 1000,
    gatewayType: GatewayType.DISTRIBUTED,
    cluster: AZ1,
  });
  const vlan = new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: AZ1 }).addVlan('vlan10', { id: 10 });
  vlan.addSubnet('u2o', { cidrBlock: '172.20.0.0/24', gateway: '172.20.0.254', u2oInterconnection: true, u2oInterconnectionIp: '172.20.0.253', vpc: 'ovn-cluster' });
  vlan.addSubnet('lgw', { cidrBlock: '172.21.0.0/24', logicalGateway: true });
  return chart;
}

describe('every spec field of the Kube-OVN CRDs the package renders is settable through typed props', () => {
  test('Subnet (schemas/kubeovn.io/subnet_v1.json): OverlaySubnet and UnderlaySubnet props set every spec property', () => {
    const chart = everySubnetProp();
    const docs = chart.toJson();
    expect(coverage('Subnet', docs)).toEqual({ missing: [], unknown: [] });
    // the objects with every prop set are valid: no rule and no schema problem
    expect(chartProblems(chart).errors).toEqual([]);
    expectValidManifests(docs);
  });

  test('Subnet: `default` is the one field of a subnet Kube-OVN itself creates (ovn-default): settable, and rejected in the default VPC', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 'other', { cidrBlock: '10.52.0.0/24', default: true, cluster: AZ1 });
    expect(rawDocs(chart)[0].spec.default).toBe(true);
    expect(chartProblems(chart).errors).toEqual([
      '[az1/other] cluster "az1", Subnet "other": spec.default is true in the default VPC ovn-cluster; Kube-OVN resets it to false (only its own ovn-default is the default subnet there), drop default or list the namespaces',
    ]);
  });

  test('Vlan (schemas/kubeovn.io/vlan_v1.json): VlanOptions set every spec property, the deprecated ones included', () => {
    const chart = new Chart(Testing.app(), 'az1');
    const pn = new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: AZ1 });
    pn.addVlan('v', { id: 10 });
    pn.addVlan('legacy', { id: 11, vlanId: 11, providerInterfaceName: 'eth1' });
    expect(coverage('Vlan', rawDocs(chart))).toEqual({ missing: [], unknown: [] });
  });

  test('ProviderNetwork (schemas/kubeovn.io/providernetwork_v1.json): ProviderNetworkProps set every spec property', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', {
      defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node3'], exchangeLinkName: true, cluster: AZ1,
    });
    const docs = chart.toJson();
    expect(coverage('ProviderNetwork', docs)).toEqual({ missing: [], unknown: [] });
    expect(chartProblems(chart).errors).toEqual([]);
    expectValidManifests(docs);
  });

  test('Vpc (schemas/kubeovn.io/vpc_v1.json): VpcProps set every spec property', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vpc(chart, 'tenant', {
      namespaces: ['team-a'],
      defaultSubnet: 'tenant-net',
      enableExternal: true,
      extraExternalSubnets: ['external204'],
      enableBfd: true,
      staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254', policy: VpcRoutePolicy.DESTINATION, ecmpMode: 'ecmp_symmetric_reply', bfdId: 'bfd1', routeTable: 'rtb1' }],
      policyRoutes: [{ priority: 31000, match: 'ip4.src == 10.0.1.0/24', action: VpcPolicyRouteAction.REROUTE, nextHopIps: ['10.0.1.252', '10.0.1.253'] }],
      vpcPeerings: [{ remoteVpc: 'tenant-b', localConnectIp: '169.254.0.1/30' }],
      cluster: AZ1,
    });
    const docs = chart.toJson();
    expect(coverage('Vpc', docs)).toEqual({ missing: [], unknown: [] });
    expect(chartProblems(chart).errors).toEqual([]);
    expectValidManifests(docs);
  });

  test('extraSpec cannot bypass a typed prop: every spec property of each schema is reported as covered by a prop', () => {
    const chart = new Chart(Testing.app(), 'az1');
    const every = (kind: string) => Object.fromEntries(Object.keys(specSchema(kind).properties).map((k) => [k, 'x']));
    new OverlaySubnet(chart, 's', { cidrBlock: '10.50.0.0/24', extraSpec: every('subnet'), cluster: AZ1 });
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', extraSpec: every('providernetwork'), cluster: AZ1 }).addVlan('v', { extraSpec: every('vlan') });
    new Vpc(chart, 'tenant', { extraSpec: every('vpc'), cluster: AZ1 });
    const errors = chartProblems(chart).errors;
    for (const [kind, path] of [['subnet', 'az1/s'], ['providernetwork', 'az1/pn'], ['vlan', 'az1/pn/v'], ['vpc', 'az1/tenant']]) {
      const mine = errors.filter((e) => e.startsWith(`[${path}] `));
      expect(mine.map((e) => /extraSpec\.(\w+) is a field the props cover/.exec(e)?.[1]).sort()).toEqual(Object.keys(specSchema(kind).properties).sort());
    }
  });

  test('the coverage check can fail: a spec without a field lists that field', () => {
    const docs = [{ kind: 'ProviderNetwork', spec: { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2' }] } }];
    expect(coverage('ProviderNetwork', docs).missing).toEqual(['customInterfaces[].nodes', 'exchangeLinkName', 'excludeNodes']);
  });
});
