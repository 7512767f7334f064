import { Chart, Testing } from 'cdk8s';
import {
  CniConfig, ClusterNetwork, Cni, CoordinatorMode, IbLinkState, LabelSelectorOperator, PodCidrType, SpiderIpPool, SpiderIpPoolProps,
  SpiderMultusConfig, SpiderMultusConfigProps, VlanMode,
} from '../../src';
import { expectValidManifests, findDoc } from '../support/manifests';
import { chartProblems } from '../submariner/fixtures';

/**
 * One describe per rule of Spiderpool v1.2.2's IPPool and MultusConfig webhooks (file and function named), each
 * with an accepted and a rejected case, built through the public API as TypeScript and as untyped JavaScript
 * input. Values are judged as the cluster sees them after the mutating webhook. Every accepted document is
 * validated against its CRD schema.
 */
const SPIDER: ClusterNetwork = {
  name: 'cluster-a', podCidr: '172.18.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, masterNodeIps: [], gatewayNodes: [],
};
const js = (v: unknown): any => v;
const POOL = '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": ';
const NET = '[cluster-a/net] cluster "cluster-a", SpiderMultusConfig "kube-system/net": ';

function poolChart(props: Partial<SpiderIpPoolProps>): Chart {
  const chart = new Chart(Testing.app(), 'cluster-a');
  new SpiderIpPool(chart, 'pool', { subnet: '172.18.40.0/24', ips: ['172.18.40.10-172.18.40.20'], cluster: SPIDER, ...props } as SpiderIpPoolProps);
  return chart;
}
/** Errors of a pool, without the `[path] cluster, SpiderIPPool:` prefix (checked once below). */
function poolErrors(props: Partial<SpiderIpPoolProps>): string[] {
  return chartProblems(poolChart(props)).errors.map((e) => (e.startsWith(POOL) ? e.slice(POOL.length) : e));
}
/** The spec of an accepted pool (no errors, the document valid). */
function poolSpec(props: Partial<SpiderIpPoolProps>): any {
  const chart = poolChart(props);
  expect(chartProblems(chart).errors).toEqual([]);
  const docs = Testing.synth(chart);
  expectValidManifests(docs);
  return findDoc(docs, 'SpiderIPPool', 'pool').spec;
}
function netChart(props: SpiderMultusConfigProps, pools: Array<Partial<SpiderIpPoolProps>> = []): Chart {
  const chart = new Chart(Testing.app(), 'cluster-a');
  const smc = new SpiderMultusConfig(chart, 'net', { cluster: SPIDER, ...props });
  pools.forEach((p, i) => smc.addIpPool(`p${i}`, { name: `p${i}`, subnet: '172.18.40.0/24', ips: [`172.18.40.${10 + i}`], ...p } as SpiderIpPoolProps));
  return chart;
}
function netErrors(props: SpiderMultusConfigProps, pools: Array<Partial<SpiderIpPoolProps>> = []): string[] {
  return chartProblems(netChart(props, pools)).errors.map((e) => (e.startsWith(NET) ? e.slice(NET.length) : e));
}
function netSpec(props: SpiderMultusConfigProps, pools: Array<Partial<SpiderIpPoolProps>> = []): any {
  const chart = netChart(props, pools);
  expect(chartProblems(chart).errors).toEqual([]);
  const docs = Testing.synth(chart);
  expectValidManifests(docs);
  return findDoc(docs, 'SpiderMultusConfig', 'net').spec;
}
const netDoc = (props: SpiderMultusConfigProps): any => {
  const docs = Testing.synth(netChart(props));
  expectValidManifests(docs);
  return findDoc(docs, 'SpiderMultusConfig', 'net');
};

// ---------------------------------------------------------------------------------------------------------
// SpiderIPPool: pkg/ippoolmanager/ippool_mutate.go and ippool_validate.go

describe('Spiderpool mutateIPPool: ipVersion from the subnet, spec.ips and spec.excludeIPs merged', () => {
  test('sets ipVersion 4 / 6 and merges IPv4 and IPv6 ips and excludeIPs (rendered as the webhook stores them)', () => {
    expect(poolSpec({ ips: ['172.18.40.15-172.18.40.30', '172.18.40.10-172.18.40.20', '172.18.40.5'], excludeIps: ['172.18.40.12', '172.18.40.11'] }))
      .toMatchObject({ ipVersion: 4, ips: ['172.18.40.5', '172.18.40.10-172.18.40.30'], excludeIPs: ['172.18.40.11-172.18.40.12'] });
    expect(poolSpec({ subnet: 'abcd:1234::/120', ips: ['abcd:1234::a-abcd:1234::f', 'abcd:1234::1', 'abcd:1234::2'] }))
      .toMatchObject({ ipVersion: 6, ips: ['abcd:1234::1-abcd:1234::2', 'abcd:1234::a-abcd:1234::f'] });
  });

  test('fails to merge spec.ips due to an invalid range (and from JavaScript, a list of non-strings)', () => {
    expect(poolErrors({ ips: ['172.18.40.10-172.18.40.20', '172.18.40.1-'] })).toEqual([
      'spec.ips[1] "172.18.40.1-" is not an address or a range "first-last" (e.g. 172.110.1.1-172.110.1.200)',
    ]);
    expect(poolErrors({ ips: js([42]) })).toHaveLength(1);
  });
});

describe('Spiderpool validateIPPoolCIDR: IsCIDR(ipVersion, subnet) and IsFormatCIDR', () => {
  test('accepts ipVersion matching the subnet, IPv4 and IPv6', () => {
    expect(poolSpec({ ipVersion: 4 }).ipVersion).toBe(4);
    expect(poolSpec({ ipVersion: 6, subnet: 'fd00:40::/64', ips: ['fd00:40::10'] }).ipVersion).toBe(6);
  });

  test('rejects ipVersion 6 on an IPv4 subnet, an ipVersion outside 4/6 (JavaScript) and an unformatted subnet', () => {
    expect(poolErrors({ ipVersion: 6 })).toEqual([
      'spec.ipVersion 6 does not match spec.subnet 172.18.40.0/24 (IPv4); Spiderpool\'s webhook rejects it, set ipVersion 4 or leave it unset',
    ]);
    expect(poolErrors({ ipVersion: js('4') })).toEqual(['spec.ipVersion must be one of 4, 6 (4 or 6), got "4"']);
    expect(poolErrors({ ipVersion: js(NaN) })).toEqual(['spec.ipVersion must be one of 4, 6 (4 or 6), got NaN']);
    expect(poolErrors({ subnet: '172.18.40.1/24', ips: [] })).toEqual(['spec.subnet: "172.18.40.1/24" has host bits set; use the network address 172.18.40.0/24']);
    expect(poolErrors({ subnet: 'fd00:0::/64', ips: [] })).toEqual([
      // IsFormatCIDR is the package-wide canonical-text rule of every CIDR (Cidr.parse)
      'spec.subnet: "fd00:0::/64" is not written canonically (leading zeros or an uncompressed IPv6 address); write fd00::/64',
    ]);
    expect(poolErrors({ subnet: '172.18.40.0/024', ips: [] })[0]).toMatch(/write 172.18.40.0\/24$/);
    expect(poolErrors({ subnet: js(''), ips: [] })).toHaveLength(1);
    expect(poolErrors({ subnet: js(172), ips: [] })).toHaveLength(1);
  });
});

describe('Spiderpool validateIPPoolAvailableIPs: spec.ips and spec.excludeIPs inside spec.subnet, pools of a subnet disjoint', () => {
  test('accepts an empty pool and ips shared with another pool of the subnet when one of them excludes them', () => {
    expect(poolSpec({ ips: [] }).ips).toEqual([]);
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderIpPool(chart, 'a', { subnet: '172.18.40.0/24', ips: ['172.18.40.10-172.18.40.20'], excludeIps: ['172.18.40.20'] });
    new SpiderIpPool(chart, 'b', { subnet: '172.18.40.0/24', ips: ['172.18.40.20-172.18.40.30'] });
    expect(chartProblems(chart).errors).toEqual([]);
  });

  test('rejects ips and excludeIPs that do not pertain to spec.subnet, and overlapping pools', () => {
    expect(poolErrors({ ips: ['172.18.41.1-172.18.41.2'] })).toEqual([
      'spec.ips 172.18.41.1-172.18.41.2 is not inside spec.subnet 172.18.40.0/24; the Spiderpool webhook rejects it, use addresses of the subnet',
    ]);
    expect(poolErrors({ excludeIps: ['172.18.41.10'] })).toEqual([
      'spec.excludeIPs 172.18.41.10 is not inside spec.subnet 172.18.40.0/24; the Spiderpool webhook rejects it, use addresses of the subnet',
    ]);
    expect(poolErrors({ excludeIps: js('172.18.40.10') })[0]).toMatch(/^spec.excludeIPs must list addresses or ranges/);
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderIpPool(chart, 'a', { subnet: '172.18.40.0/24', ips: ['172.18.40.10-172.18.40.20'] });
    new SpiderIpPool(chart, 'b', { subnet: '172.18.40.0/24', ips: ['172.18.40.20-172.18.40.30'] });
    expect(chartProblems(chart).errors).toEqual([
      '[cluster-a/b] cluster "cluster-a", SpiderIPPool "b": spec.ips 172.18.40.20-172.18.40.30 overlaps spec.ips 172.18.40.10-172.18.40.20 of SpiderIPPool "a" in the same subnet 172.18.40.0/24; pools of one subnet must not share addresses, split the ranges',
    ]);
  });
});

describe('Spiderpool validateIPPoolGateway: inside the subnet, not in ips unless excluded', () => {
  test('accepts a gateway excluded through spec.excludeIPs, IPv4 and IPv6', () => {
    expect(poolSpec({ ips: ['172.18.40.1-172.18.40.20'], excludeIps: ['172.18.40.1'], gateway: '172.18.40.1' }).gateway).toBe('172.18.40.1');
    expect(poolSpec({ subnet: 'fd00:40::/64', ips: ['fd00:40::10-fd00:40::20'], gateway: 'fd00:40::1' }).gateway).toBe('fd00:40::1');
  });

  test('rejects an invalid gateway, one outside the subnet, one of the other family and one duplicate with spec.ips', () => {
    expect(poolErrors({ gateway: 'gw' })).toEqual(['spec.gateway: "gw" is not an IP address']);
    expect(poolErrors({ gateway: '172.18.41.1' })[0]).toMatch(/^spec.gateway 172.18.41.1 is outside spec.subnet 172.18.40.0\/24/);
    expect(poolErrors({ gateway: 'fd00::1' })[0]).toMatch(/^spec.gateway fd00::1 is IPv6 but spec.subnet 172.18.40.0\/24 is IPv4/);
    expect(poolErrors({ gateway: '172.18.40.15' })).toEqual([
      'spec.gateway 172.18.40.15 lies inside spec.ips; the webhook rejects it because a pod could get the gateway\'s address. Take it out of ips or add it to excludeIps',
    ]);
    expect(poolErrors({ gateway: js(1) })).toHaveLength(1);
  });
});

describe('Spiderpool validateIPPoolRoutes: dst a CIDR of the pool\'s family, not the default route, not twice; gw in the subnet', () => {
  test('accepts routes to other networks, IPv4 and IPv6', () => {
    expect(poolSpec({ routes: [{ dst: '192.168.40.0/24', gw: '172.18.40.1' }] }).routes).toEqual([{ dst: '192.168.40.0/24', gw: '172.18.40.1' }]);
    expect(poolSpec({ subnet: 'fd00:40::/64', ips: ['fd00:40::10'], routes: [{ dst: 'fd00:99::/64', gw: 'fd00:40::1' }] }).routes).toHaveLength(1);
  });

  test('accepts a dst with host bits as IsCIDR (Go net.ParseCIDR) does, with a warning (Spiderpool\'s e2e D00002 uses such a dst)', () => {
    const chart = poolChart({ subnet: 'fd00:40::/120', ips: ['fd00:40::10'], routes: [{ dst: 'fd00:40::/16', gw: 'fd00:40::fe' }] });
    expect(chartProblems(chart).errors).toEqual([]);
    expect(chartProblems(chart).warnings).toEqual([`${POOL}spec.routes[0].dst fd00:40::/16 has host bits set; the route goes to fd00::/16 (write fd00::/16)`]);
  });

  test('rejects the default route, a duplicate dst, an invalid dst, an invalid gw and a gw outside the subnet', () => {
    expect(poolErrors({ routes: [{ dst: '0.0.0.0/0', gw: '172.18.40.1' }] })[0]).toMatch(/^spec.routes\[0\].dst 0.0.0.0\/0 is the default route/);
    expect(poolErrors({ routes: [{ dst: '192.168.40.0/24', gw: '172.18.40.1' }, { dst: '192.168.40.0/24', gw: '172.18.40.2' }] })[0])
      .toMatch(/^spec.routes\[1\].dst 192.168.40.0\/24 repeats spec.routes\[0\].dst/);
    expect(poolErrors({ routes: [{ dst: 'nonsense', gw: '172.18.40.1' }] })).toEqual([
      'spec.routes[0].dst: "nonsense" is not a CIDR (address/prefix, e.g. 10.233.0.0/18); a route needs a prefix, write it as /32 or /128',
    ]);
    expect(poolErrors({ routes: [{ dst: '192.168.40.0/24', gw: 'gw' }] })).toEqual(['spec.routes[0].gw: "gw" is not an IP address']);
    expect(poolErrors({ routes: [{ dst: '192.168.40.0/24', gw: '172.18.41.1' }] })).toEqual([
      'spec.routes[0].gw 172.18.41.1 is outside spec.subnet 172.18.40.0/24; a route\'s next hop must be in the subnet',
    ]);
    expect(poolErrors({ routes: js('192.168.40.0/24') })).toEqual(['spec.routes must be a list of { dst, gw }, got "192.168.40.0/24"']);
    expect(poolErrors({ routes: js([null]) })).toEqual(['spec.routes[0] must be { dst, gw }, got null']);
  });
});

describe('Spiderpool validateIPPoolPodAffinity: ValidateLabelSelector, and not empty', () => {
  test('accepts a valid podAffinity and namespace/node affinities and names', () => {
    const spec = poolSpec({
      podAffinity: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['a'] }] },
      namespaceAffinity: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } },
      nodeAffinity: { matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: LabelSelectorOperator.EXISTS }] },
      namespaceNames: ['team-a'], nodeNames: ['worker-1'], multusNames: ['kube-system/macvlan-conf'], disable: true,
    });
    expect(spec.podAffinity).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
    expect(spec.nodeAffinity).toEqual({ matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] });
    expect(spec).toMatchObject({ namespaceName: ['team-a'], nodeName: ['worker-1'], multusName: ['kube-system/macvlan-conf'], disable: true });
  });

  test('rejects an invalid label value, an empty podAffinity, a bad operator and values on Exists', () => {
    expect(poolErrors({ podAffinity: { matchLabels: { app: 'a b' } } })).toEqual([
      'spec.podAffinity.matchLabels["app"]: label value "a b" must be empty or at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending alphanumeric',
    ]);
    expect(poolErrors({ podAffinity: {} })[0]).toMatch(/^spec.podAffinity is empty; Spiderpool's webhook rejects an empty podAffinity/);
    expect(poolErrors({ nodeAffinity: { matchExpressions: [{ key: 'k', operator: js('Equals') }] } })).toEqual([
      'spec.nodeAffinity.matchExpressions[0].operator must be one of In, NotIn, Exists, DoesNotExist (LabelSelectorOperator), got "Equals"',
    ]);
    expect(poolErrors({ namespaceAffinity: { matchExpressions: [{ key: 'k', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] } })).toEqual([
      'spec.namespaceAffinity.matchExpressions[0].values must be empty when the operator is Exists; drop the values',
    ]);
    expect(poolErrors({ podAffinity: { matchExpressions: [{ key: 'k', operator: LabelSelectorOperator.IN }] } })).toEqual([
      'spec.podAffinity.matchExpressions[0].values must list at least one value when the operator is In',
    ]);
    expect(poolErrors({ podAffinity: js('app=web') })).toEqual(['spec.podAffinity must be a label selector { matchLabels?, matchExpressions? }, got "app=web"']);
  });
});

describe('SpiderIPPool CRD types: default, disable, namespaceName, nodeName (JavaScript input)', () => {
  test('wrong types are messages, names that match nothing are warnings', () => {
    expect(poolErrors({ default: js('yes'), disable: js(1), namespaceNames: js('a'), nodeNames: js([1]) })).toEqual([
      'spec.default must be true or false, got "yes"',
      'spec.disable must be true or false, got 1',
      'spec.namespaceName must be a list of strings, e.g. [\'default\'], got "a"',
      'spec.nodeName[0] must be a string, got 1',
    ]);
    expect(chartProblems(poolChart({ namespaceNames: ['Team_A'] })).warnings).toEqual([
      `${POOL}spec.namespaceName[0] "Team_A" must consist of lowercase letters, digits and '-', and start and end with a letter or digit; no namespace has that name, so the entry matches nothing`,
    ]);
  });

  test('IPv4 and IPv6 pools with all fields valid render and validate', () => {
    const all = (subnet: string, ips: string, gw: string, dst: string) => poolSpec({
      subnet, ips: [ips], excludeIps: [gw], gateway: gw, default: true, disable: false, routes: [{ dst, gw }], multusNames: ['kube-system/net'],
      podAffinity: { matchLabels: { app: 'x' } }, namespaceAffinity: { matchLabels: { a: 'b' } }, nodeAffinity: { matchLabels: { c: 'd' } },
      namespaceNames: ['default'], nodeNames: ['node-1'],
    });
    expect(Object.keys(all('172.18.40.0/24', '172.18.40.1-172.18.40.9', '172.18.40.1', '10.0.0.0/8')).sort()).toEqual([
      'default', 'disable', 'excludeIPs', 'gateway', 'ipVersion', 'ips', 'multusName', 'namespaceAffinity', 'namespaceName', 'nodeAffinity',
      'nodeName', 'podAffinity', 'routes', 'subnet',
    ]);
    expect(all('fd00:40::/64', 'fd00:40::1-fd00:40::9', 'fd00:40::1', 'fd00:99::/64').ipVersion).toBe(6);
  });
});

describe('SpiderIPPool escape hatch extraSpec: checked against the CRD schema', () => {
  test('an empty extraSpec changes nothing; a field of the schema the props set is refused', () => {
    expect(poolSpec({ extraSpec: {} })).toEqual(poolSpec({}));
    expect(poolErrors({ extraSpec: { gateway: '172.18.40.1' } })).toEqual(['extraSpec: spec.gateway is a field of the typed props; set the typed prop instead of extraSpec (it is checked there)']);
  });

  test('an unknown or mistyped field fails at synth (the removed vlan field too)', () => {
    expect(poolErrors({ extraSpec: { vlan: 5 } })).toEqual(['extraSpec: unknown field "spec.vlan"; the CRD schema refuses it, fix the value or drop the field']);
    expect(poolErrors({ extraSpec: { namespaceName: 'default' } })).toEqual([
      'extraSpec: spec.namespaceName is a field of the typed props; set the typed prop instead of extraSpec (it is checked there)',
    ]);
    expect(poolErrors({ extraSpec: js('x') })).toEqual(['extraSpec must be an object of spec fields, got "x"']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// SpiderMultusConfig: pkg/multuscniconfig/multusconfig_mutate.go and multusconfig_validate.go validateCNIConfig

describe('Spiderpool validateCNIConfig macvlan: master required, bond with several masters, vlanID, MTU, matchMasterSubnet', () => {
  test('accepts the shorthand and CniConfig.macvlan alike (same document), a bond over two masters and MTU 0', () => {
    const shorthand = netSpec({ master: ['ens224'] }, [{}]);
    expect(netSpec({ cni: CniConfig.macvlan({ master: ['ens224'] }) }, [{}])).toEqual(shorthand);
    expect(shorthand.macvlan).toEqual({ master: ['ens224'], vlanID: 0, ippools: { ipv4: ['p0'] } });
    expect(netSpec({ cni: CniConfig.macvlan({ master: ['ens224', 'ens256'], bond: { name: 'bond0', mode: 4, options: 'miimon=100' }, mtu: 0, vlanId: 4094, rdmaResourceName: 'rdma/shared' }) }).macvlan)
      .toEqual({ master: ['ens224', 'ens256'], bond: { name: 'bond0', mode: 4, options: 'miimon=100' }, mtu: 0, vlanID: 4094, rdmaResourceName: 'rdma/shared' });
  });

  test('rejects no master, an empty master, several masters without a bond, a bond without a name, vlanID 4095, a negative MTU, matchMasterSubnet', () => {
    expect(netErrors(js({}))).toEqual(['spec.macvlan.master must list the host interfaces macvlan attaches to, e.g. [\'ens224\'], got undefined']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: [] }) })).toEqual(['spec.macvlan.master is empty; name the host interface macvlan attaches to, e.g. ens224']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224', 'ens256'] }) })[0]).toMatch(/lists 2 interfaces \(ens224, ens256\) but no bond/);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224', 'ens256'], bond: { name: '', mode: 1 } }) })).toEqual([
      'spec.macvlan.bond.name "" is not a network interface name (1-15 characters, no \'/\', \':\' or spaces)',
    ]);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224'], vlanId: 4095 }) })).toEqual(['spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got 4095']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224'], vlanId: js(NaN) }) })).toEqual(['spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got NaN']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224'], mtu: -1 }) })).toEqual(['spec.macvlan.mtu must be an integer 68-65535 (0 = the master\'s MTU), got -1']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224'], mtu: js(1e21) }) })).toEqual(['spec.macvlan.mtu must be an integer 68-65535 (0 = the master\'s MTU), got 1e+21']);
    expect(netErrors({ cni: CniConfig.macvlan({ master: ['ens224'], ippools: { ipv4: ['p'], matchMasterSubnet: true } }) })[0])
      .toMatch(/^spec.macvlan.ippools.matchMasterSubnet is true; Spiderpool's webhook rejects it for macvlan/);
    expect(netErrors({ master: ['ens224'], cni: CniConfig.macvlan({ master: ['ens256'] }) })).toEqual([
      'master is the macvlan shorthand but cni is given; move it into CniConfig.macvlan({...})',
    ]);
    expect(netErrors({ cni: js({ cniType: 'macvlan' }) })[0]).toMatch(/^cni must be made by a CniConfig factory/);
  });
});

describe('Spiderpool validateCNIConfig ipvlan: the macvlan rules under spec.ipvlan', () => {
  test('accepts an ipvlan config with IPv4 and IPv6 pools (dual stack)', () => {
    const spec = netSpec({ cni: CniConfig.ipvlan({ master: ['ens224'], vlanId: 10 }) }, [{}, { subnet: 'fd00:40::/64', ips: ['fd00:40::10'] }]);
    expect(spec).toMatchObject({ cniType: 'ipvlan', enableCoordinator: true, ipvlan: { master: ['ens224'], vlanID: 10, ippools: { ipv4: ['p0'], ipv6: ['p1'] } } });
    expect(spec.macvlan).toBeUndefined();
  });

  test('rejects an empty master and matchMasterSubnet', () => {
    expect(netErrors({ cni: CniConfig.ipvlan({ master: [], ippools: { matchMasterSubnet: true } }) })).toEqual([
      'spec.ipvlan.master is empty; name the host interface ipvlan attaches to, e.g. ens224',
      'spec.ipvlan.ippools.matchMasterSubnet is true; Spiderpool\'s webhook rejects it for ipvlan ("MatchMasterSubnet feature is not supported"), drop it and name the pools',
    ]);
  });
});

describe('Spiderpool validateVlanMode (vlan cniType, after setVlanDefaultConfig)', () => {
  test('accepts manual (default, vlanID 0 rendered) and auto without vlanID', () => {
    expect(netSpec({ cni: CniConfig.vlan({ master: ['ens224'] }) }).vlan).toEqual({ master: ['ens224'], vlanID: 0, vlanMode: 'manual' });
    expect(netSpec({ cni: CniConfig.vlan({ master: ['ens224'], vlanMode: VlanMode.AUTO }) }).vlan).toEqual({ master: ['ens224'], vlanMode: 'auto' });
  });

  test('rejects vlanID with vlanMode auto, and a vlanMode outside the enum', () => {
    expect(netErrors({ cni: CniConfig.vlan({ master: ['ens224'], vlanMode: VlanMode.AUTO, vlanId: 5 }) })[0])
      .toMatch(/^spec.vlan.vlanID is set but vlanMode is auto; Spiderpool's webhook rejects it \("vlanId must not be specified when vlanMode is auto"\)/);
    expect(netErrors({ cni: CniConfig.vlan({ master: ['ens224'], vlanMode: js('trunk') }) })).toEqual([
      'spec.vlan.vlanMode must be one of manual, auto (VlanMode), got "trunk"',
    ]);
  });
});

describe('Spiderpool validateCNIConfig sriov: resourceName required, minTxRateMbps <= maxTxRateMbps, vlanID', () => {
  test('accepts a full SR-IOV config with matchMasterSubnet', () => {
    const spec = netSpec({ cni: CniConfig.sriov({ resourceName: 'spidernet.io/sriov_netdevice', vlanId: 100, mtu: 9000, minTxRateMbps: 100, maxTxRateMbps: 1000, rdmaIsolation: true, ippools: { matchMasterSubnet: true } }) });
    expect(spec.sriov).toEqual({ resourceName: 'spidernet.io/sriov_netdevice', vlanID: 100, mtu: 9000, minTxRateMbps: 100, maxTxRateMbps: 1000, rdmaIsolation: true, ippools: { matchMasterSubnet: true } });
    expect(spec.coordinator).toEqual({ mode: 'auto', tunePodRoutes: true, hijackCIDR: [] });
  });

  test('rejects an empty resourceName (the mutating webhook defaults it to ""), min above max, vlanID -1', () => {
    expect(netErrors({ cni: CniConfig.sriov({ resourceName: '' }) })).toEqual(['spec.sriov.resourceName is empty; set it, e.g. spidernet.io/sriov_netdevice']);
    expect(netErrors({ cni: CniConfig.sriov(js({})) })).toEqual(['spec.sriov.resourceName must be a string, e.g. spidernet.io/sriov_netdevice, got undefined']);
    expect(netErrors({ cni: CniConfig.sriov({ resourceName: 'r', minTxRateMbps: 200, maxTxRateMbps: 100 }) })[0]).toMatch(/^spec.sriov.minTxRateMbps 200 is above maxTxRateMbps 100/);
    expect(netErrors({ cni: CniConfig.sriov({ resourceName: 'r', vlanId: -1 }) })).toEqual(['spec.sriov.vlanID must be an integer 0-4094 (0 = untagged), got -1']);
  });
});

describe('Spiderpool validateCNIConfig ib-sriov: resourceName required; CRD enum linkState', () => {
  test('accepts an InfiniBand SR-IOV config', () => {
    expect(netSpec({ cni: CniConfig.ibSriov({ resourceName: 'spidernet.io/mellanox_ib', pkey: '0x7fff', linkState: IbLinkState.AUTO, rdmaIsolation: true, enableIbKubernetes: false }) }))
      .toMatchObject({ cniType: 'ib-sriov', ibsriov: { resourceName: 'spidernet.io/mellanox_ib', pkey: '0x7fff', linkState: 'auto', rdmaIsolation: true, enableIbKubernetes: false } });
  });

  test('rejects no resourceName and a linkState outside the enum', () => {
    expect(netErrors({ cni: CniConfig.ibSriov({ resourceName: '', linkState: js('up') }) })).toEqual([
      'spec.ibsriov.resourceName is empty; set it, e.g. spidernet.io/mellanox_ib',
      'spec.ibsriov.linkState must be one of auto, enable, disable (IbLinkState), got "up"',
    ]);
  });
});

describe('Spiderpool validateCNIConfig ipoib: master required', () => {
  test('accepts an IPoIB config', () => {
    expect(netSpec({ cni: CniConfig.ipoib({ master: 'ibs5f1' }) }, [{}]).ipoib).toEqual({ master: 'ibs5f1', ippools: { ipv4: ['p0'] } });
  });

  test('rejects an empty master and a master list (the CRD has one interface)', () => {
    expect(netErrors({ cni: CniConfig.ipoib({ master: '' }) })).toEqual(['spec.ipoib.master is empty; set it, e.g. ibs5f1']);
    expect(netErrors({ cni: CniConfig.ipoib({ master: js(['ib0']) }) })).toEqual(['spec.ipoib.master must be a string, e.g. ibs5f1, got ["ib0"]']);
  });
});

describe('Spiderpool validateCNIConfig ovs: vlan 0-4094 (validateVlanID), trunk bounds and order', () => {
  test('accepts a bridge with an access VLAN and trunks', () => {
    expect(netSpec({ cni: CniConfig.ovs({ bridge: 'br1', vlan: 100, trunk: [{ id: 10 }, { minId: 20, maxId: 30 }], deviceId: '0000:81:00.1' }) }).ovs)
      .toEqual({ bridge: 'br1', vlan: 100, trunk: [{ id: 10 }, { minID: 20, maxID: 30 }], deviceID: '0000:81:00.1' });
  });

  test('rejects vlan 4095, maxID below minID, maxID without minID, an id above 4094, no bridge', () => {
    expect(netErrors({ cni: CniConfig.ovs({ bridge: 'br1', vlan: 4095, trunk: [{ minId: 30, maxId: 20 }, { maxId: 5 }, { id: 4096 }] }) })).toEqual([
      'spec.ovs.vlan must be an integer 0-4094 (0 = untagged), got 4095',
      'spec.ovs.trunk[0]: minID 30 is greater than maxID 20; Spiderpool\'s webhook rejects it, swap them',
      'spec.ovs.trunk[1].maxID needs minID; Spiderpool\'s webhook cannot judge a trunk range without its start, set minId',
      'spec.ovs.trunk[2].id must be an integer 0-4094, got 4096',
    ]);
    expect(netErrors({ cni: CniConfig.ovs(js({ bridge: undefined })) })).toEqual(['spec.ovs.bridge must be a string, e.g. br1, got undefined']);
  });
});

describe('Spiderpool validateCNIConfig custom and mutateSpiderMultusConfig: customCNI valid JSON, no coordinator', () => {
  test('accepts a custom config (enableCoordinator false rendered, no coordinator block) and an empty one', () => {
    const spec = netSpec({ cni: CniConfig.custom({ cniVersion: '0.3.1', type: 'bridge', bridge: 'br0' }) });
    expect(spec).toEqual({ cniType: 'custom', enableCoordinator: false, customCNI: '{"cniVersion":"0.3.1","type":"bridge","bridge":"br0"}' });
    expect(netSpec({ cni: CniConfig.custom() })).toEqual({ cniType: 'custom', enableCoordinator: false });
  });

  test('rejects invalid JSON, coordinator settings (the mutating webhook drops them) and pools', () => {
    expect(netErrors({ cni: CniConfig.custom('{"type":') })[0]).toMatch(/^spec.customCNI is not valid JSON .*"customCniConfig isn't a valid JSON encoding"/);
    expect(netErrors({ cni: CniConfig.custom(), coordinatorMode: CoordinatorMode.UNDERLAY })[0]).toMatch(/^the cniType is custom, for which Spiderpool's mutating webhook drops the coordinator/);
    expect(netErrors({ cni: CniConfig.custom() }, [{}])).toEqual([
      'ippools are set but the cniType is custom, which has no pool field; name the pools in the custom CNI\'s own ipam section',
    ]);
    expect(netErrors({ cni: CniConfig.custom(js(5)) })).toEqual(['spec.customCNI must be the CNI configuration as JSON text or an object, got 5']);
  });
});

describe('Spiderpool ValidateCoordinatorSpec (pkg/coordinatormanager/coordinator_validate.go) in a SpiderMultusConfig', () => {
  test('accepts every coordinator field, IPv4 and IPv6 hijack CIDRs and policy routes, podRPFilter -1', () => {
    const spec = netSpec({
      master: ['ens224'], peerCidrs: ['10.243.0.0/18'],
      coordinator: {
        mode: CoordinatorMode.UNDERLAY, podCidrType: PodCidrType.CALICO, hijackCidrs: ['fd00:99::/64', '192.168.0.0/16'],
        policyRoutes: [{ dst: '10.10.0.0/16', gw: '172.18.40.1' }, { dst: 'fd00:10::/64', gw: 'fd00:40::1' }], podMacPrefix: '0a:1b',
        tunePodRoutes: false, podDefaultRouteNic: 'net1', hostRuleTable: 600, podRpFilter: -1, txQueueLen: 1000, vethLinkAddress: '169.254.100.1', vethMtu: 1500,
      },
    });
    expect(spec.coordinator).toEqual({
      mode: 'underlay', podCIDRType: 'calico', hijackCIDR: ['10.243.0.0/18', '192.168.0.0/16', 'fd00:99::/64'],
      policyRoutes: [{ dst: '10.10.0.0/16', gw: '172.18.40.1' }, { dst: 'fd00:10::/64', gw: 'fd00:40::1' }], podMACPrefix: '0a:1b', tunePodRoutes: false,
      podDefaultRouteNIC: 'net1', hostRuleTable: 600, podRPFilter: -1, txQueueLen: 1000, vethLinkAddress: '169.254.100.1', vethMTU: 1500,
    });
  });

  test('rejects podCIDRType, hijackCIDR, policyRoutes, podMACPrefix, txQueueLen, podRPFilter, vethLinkAddress, vethMTU and mode mistakes', () => {
    expect(netErrors({
      master: ['ens224'],
      coordinator: {
        mode: js('l2'), podCidrType: js('flannel'), hijackCidrs: ['10.0.0.0/33', '10.1.0.1'],
        policyRoutes: [{ dst: 'x', gw: '1.1.1.1' }, { dst: '10.0.0.0/8', gw: 'y' }, { dst: '10.0.0.0/8', gw: 'fd00::1' }],
        podMacPrefix: '0b:1c', txQueueLen: -1, podRpFilter: 3, vethLinkAddress: 'link', vethMtu: 0,
      },
    })).toEqual([
      'spec.coordinator.mode must be one of auto, underlay, overlay, disabled (CoordinatorMode), got "l2"',
      'spec.coordinator.podCIDRType must be one of auto, cluster, calico, cilium, none (PodCidrType), got "flannel"',
      'spec.coordinator.policyRoutes[0].dst "x" is not an IP address or CIDR, e.g. 10.0.0.0/8',
      'spec.coordinator.policyRoutes[1].gw "y" is not an IP address; Spiderpool\'s webhook rejects it ("gw is an invalid IP address")',
      'spec.coordinator.policyRoutes[2]: dst 10.0.0.0/8 is IPv4 but gw fd00::1 is IPv6; Spiderpool\'s webhook rejects it ("dst and gw must use the same IP family")',
      'spec.coordinator.podMACPrefix 0b:1c is not a unicast MAC prefix: the lowest bit of the first byte must be 0 (e.g. 0a:1c)',
      'spec.coordinator.txQueueLen must be an integer 0-2147483647 (0 = kernel default), got -1',
      'spec.coordinator.podRPFilter must be 0, 1 or 2 (or negative to leave rp_filter unchanged), got 3',
      'spec.coordinator.vethLinkAddress "link" is not an IP address; Spiderpool\'s webhook rejects it, e.g. 169.254.100.1',
      'spec.coordinator.vethMTU must be an integer 1-2147483647, got 0',
      'coordinator.hijackCidrs[0]: "10.0.0.0/33" is not a CIDR: prefix length must be 0-32',
      'coordinator.hijackCidrs[1]: "10.1.0.1" is not a CIDR (address/prefix, e.g. 10.233.0.0/18); the coordinator plugin fails pods on a bare address, write it as /32 or /128',
    ]);
    expect(netErrors({ master: ['ens224'], coordinator: { podMacPrefix: 'zz' } })).toEqual(['spec.coordinator.podMACPrefix "zz" is not a MAC prefix of two hex bytes, e.g. 0a:1b']);
    expect(netErrors({ master: ['ens224'], coordinatorMode: CoordinatorMode.OVERLAY, coordinator: { mode: CoordinatorMode.UNDERLAY } })).toEqual([
      'coordinatorMode and coordinator.mode are both set; keep one (coordinatorMode is the shorthand)',
    ]);
  });

  test('a hijack CIDR with host bits is accepted as the webhook and plugin take it (Go ParseCIDR), rendered as the network, with a warning', () => {
    const chart = netChart({ master: ['ens224'], additionalHijackCidrs: ['10.0.0.1/8'] });
    expect(chartProblems(chart).errors).toEqual([]);
    expect(chartProblems(chart).warnings).toEqual([`${NET}additionalHijackCidrs[0] "10.0.0.1/8" has host bits set; the coordinator routes 10.0.0.0/8, rendered so (write 10.0.0.0/8)`]);
    expect(findDoc(Testing.synth(chart), 'SpiderMultusConfig', 'net').spec.coordinator.hijackCIDR).toEqual(['10.0.0.0/8']);
  });
});

describe('Spiderpool validateCNIConfig chainCNIJsonData: libcni.ConfFromBytes', () => {
  test('accepts JSON text and objects with a type', () => {
    expect(netSpec({ master: ['ens224'], chainCniJsonData: ['{"type":"tuning","sysctl":{"net.core.somaxconn":"500"}}', { type: 'bandwidth', ingressRate: 100 }] }).chainCNIJsonData)
      .toEqual(['{"type":"tuning","sysctl":{"net.core.somaxconn":"500"}}', '{"type":"bandwidth","ingressRate":100}']);
  });

  test('rejects invalid JSON, a configuration without type, and no list', () => {
    const errors = netErrors({ master: ['ens224'], chainCniJsonData: ['{', '{"name":"x"}', js(7)] });
    expect(errors[0]).toMatch(/^spec.chainCNIJsonData\[0\] is not valid JSON/);
    expect(errors.slice(1)).toEqual([
      'spec.chainCNIJsonData[1] has no "type"; Spiderpool\'s webhook rejects it ("missing \'type\'"), name the plugin, e.g. {"type":"tuning",...}',
      'spec.chainCNIJsonData[2] must be a CNI plugin configuration object, e.g. {"type":"tuning"}, got 7',
    ]);
    expect(netErrors({ master: ['ens224'], chainCniJsonData: js('{}') })).toEqual(['spec.chainCNIJsonData must be a list of CNI plugin configurations, got "{}"']);
  });
});

describe('Spiderpool validateAnnotation: multus.spidernet.io/cr-name and cni-version', () => {
  test('accepts a custom net-attach-def name (pods then reference it) and a supported CNI version', () => {
    const doc = netDoc({ master: ['ens224'], netAttachDefName: 'macvlan-nad', cniVersion: '1.0.0', cniConfigName: 'macvlan', annotations: { team: 'net' } });
    expect(doc.metadata.annotations).toEqual({
      'multus.spidernet.io/cr-name': 'macvlan-nad', 'multus.spidernet.io/cni-version': '1.0.0', 'cni.spidernet.io/cniconfig-name': 'macvlan', 'team': 'net',
    });
    const smc = new SpiderMultusConfig(Testing.chart(), 'net', { master: ['ens224'], netAttachDefName: 'macvlan-nad' });
    expect(smc.podAnnotations()).toEqual({ 'v1.multus-cni.io/default-network': 'kube-system/macvlan-nad' });
  });

  test('rejects an invalid net-attach-def name, an unsupported CNI version and the same annotation twice', () => {
    expect(netErrors({ master: ['ens224'], netAttachDefName: 'Macvlan_NAD', cniVersion: '0.2.0' })).toEqual([
      'netAttachDefName (annotation multus.spidernet.io/cr-name) "Macvlan_NAD" must consist of lowercase letters, digits, \'-\' and \'.\', and start and end with a letter or digit; Spiderpool\'s webhook rejects an invalid net-attach-def name',
      'cniVersion (annotation multus.spidernet.io/cni-version) "0.2.0" is not supported by Spiderpool ("unsupported CNI version"); use one of 0.3.0, 0.3.1, 0.4.0, 1.0.0',
    ]);
    expect(netErrors({ master: ['ens224'], cniVersion: '0.3.1', annotations: { 'multus.spidernet.io/cni-version': '0.3.1' } })).toEqual([
      'annotations["multus.spidernet.io/cni-version"] is also set by cniVersion; keep cniVersion',
    ]);
    expect(netErrors({ master: ['ens224'], netAttachDefName: js(5) })[0]).toMatch(/^netAttachDefName \(annotation multus.spidernet.io\/cr-name\) must be a string, got 5/);
  });
});

describe('Spiderpool validateAnnotation checkNetAttachDef: a net-attach-def managed by one SpiderMultusConfig is not taken over', () => {
  test('accepts two configs with different names, and the same name in two namespaces', () => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderMultusConfig(chart, 'a', { master: ['ens224'] });
    new SpiderMultusConfig(chart, 'b', { master: ['ens224'], netAttachDefName: 'b-nad' });
    new SpiderMultusConfig(chart, 'c', { master: ['ens224'], name: 'a', namespace: 'default' });
    expect(chartProblems(chart).errors).toEqual([]);
  });

  test('rejects a second config whose netAttachDefName is another config\'s NetworkAttachmentDefinition', () => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderMultusConfig(chart, 'a', { master: ['ens224'] });
    new SpiderMultusConfig(chart, 'b', { master: ['ens224'], netAttachDefName: 'a' });
    expect(chartProblems(chart).errors).toEqual([
      '[cluster-a/b] cluster "cluster-a", SpiderMultusConfig "kube-system/b": generates NetworkAttachmentDefinition kube-system/a, which SpiderMultusConfig "kube-system/a" already manages; Spiderpool\'s webhook rejects the second ("already exists and is managed by SpiderMultusConfig"), give one another netAttachDefName',
    ]);
  });
});

describe('Spiderpool ValidateRdmaResouce / ValidateNetworkResouce: the inject annotations need a resource and pools', () => {
  test('accepts RDMA injection with rdmaResourceName and a pool, network injection on SR-IOV with a pool', () => {
    expect(netDoc({ cni: CniConfig.macvlan({ master: ['ens224'], rdmaResourceName: 'spidernet.io/rdma_shared', ippools: { ipv4: ['pool-a'] } }), rdmaResourceInject: 'rdma-group' })
      .metadata.annotations).toEqual({ 'cni.spidernet.io/rdma-resource-inject': 'rdma-group' });
    expect(netErrors({ cni: CniConfig.sriov({ resourceName: 'r' }), networkResourceInject: 'g' }, [{}])).toEqual([]);
  });

  test('rejects RDMA injection without rdmaResourceName, injection without pools, injection on ovs and custom, a label-invalid group', () => {
    expect(netErrors({ master: ['ens224'], rdmaResourceInject: 'g' })[0]).toMatch(/^rdmaResourceInject \(annotation cni.spidernet.io\/rdma-resource-inject\) needs spec.macvlan.rdmaResourceName/);
    expect(netErrors({ cni: CniConfig.ipoib({ master: 'ib0' }), networkResourceInject: 'g' })[0]).toMatch(/needs IP pools on this network; Spiderpool's webhook rejects it \("no any ippools configured"\)/);
    expect(netErrors({ cni: CniConfig.ovs({ bridge: 'br1' }), rdmaResourceInject: 'g' })[0]).toMatch(/the cniType ovs supports no resource injection/);
    expect(netErrors({ cni: CniConfig.custom(), networkResourceInject: 'g' })[0]).toMatch(/the cniType custom supports no resource injection/);
    expect(netErrors({ cni: CniConfig.sriov({ resourceName: 'r' }), networkResourceInject: 'a b' }, [{}])[0]).toMatch(/copies it into a label$/);
  });
});

describe('SpiderMultusConfig escape hatch extraSpec: checked against the CRD schema and checkExistedConfig', () => {
  test('an empty extraSpec changes nothing', () => {
    expect(netSpec({ master: ['ens224'], extraSpec: {} })).toEqual(netSpec({ master: ['ens224'] }));
  });

  test('unknown fields, typed fields and another cniType\'s block are refused', () => {
    expect(netErrors({ master: ['ens224'], extraSpec: { coordinator: { newField: 1 }, podNetwork: 'x' } })).toEqual([
      'extraSpec: unknown field "spec.podNetwork"; the CRD schema refuses it, fix the value or drop the field',
      'extraSpec: unknown field "spec.coordinator.newField"; the CRD schema refuses it, fix the value or drop the field',
    ]);
    expect(netErrors({ master: ['ens224'], extraSpec: { coordinator: { podMACPrefix: '0a:1b' } } })).toEqual([
      'extraSpec: spec.coordinator.podMACPrefix is a field of the typed props; set the typed prop instead of extraSpec (it is checked there)',
    ]);
    expect(netErrors({ master: ['ens224'], extraSpec: { sriov: { resourceName: 'r' } } })).toEqual([
      'extraSpec.sriov is the config of another cniType; Spiderpool\'s webhook rejects it ("the cniType macvlan only supports ..."), drop it',
    ]);
  });
});

describe('SpiderMultusConfig JavaScript input: wrong types, empty strings, NaN, huge numbers are messages, never a crash', () => {
  const cases: Array<[string, any]> = [
    ['no props', undefined],
    ['props a string', 'macvlan'],
    ['cni a string', { cni: 'macvlan' }],
    ['master a string', { master: 'ens224' }],
    ['master with a number', { master: [5] }],
    ['bond a string', { master: ['a', 'b'], bond: 'bond0' }],
    ['coordinator a string', { master: ['ens224'], coordinator: 'auto' }],
    ['policyRoutes no list', { master: ['ens224'], coordinator: { policyRoutes: {} } }],
    ['hijackCidrs no list', { master: ['ens224'], additionalHijackCidrs: '10.0.0.0/8' }],
    ['peerCidrs with a number', { master: ['ens224'], peerCidrs: [10] }],
    ['enableCoordinator a string', { master: ['ens224'], enableCoordinator: 'yes' }],
    ['disableIpam NaN', { master: ['ens224'], disableIpam: NaN }],
    ['annotations a list', { master: ['ens224'], annotations: ['a'] }],
    ['ippools a string', { master: ['ens224'], ippools: 'pool' }],
    ['ippools with a string', { master: ['ens224'], ippools: ['pool'] }],
    ['sriov options a number', { cni: CniConfig.sriov(js(5)) }],
    ['ovs trunk a number', { cni: CniConfig.ovs(js({ bridge: 'br1', trunk: 5 })) }],
    ['unknown macvlan option', { cni: CniConfig.macvlan(js({ master: ['ens224'], vlan: 5 })) }],
    ['sriov options missing', { cni: CniConfig.sriov(js(undefined)) }],
    ['macvlan options null', { cni: CniConfig.macvlan(js(null)), rdmaResourceInject: 'g' }],
    ['ipoib ippools a string', { cni: CniConfig.ipoib(js({ master: 'ib0', ippools: 'p' })), networkResourceInject: 'g' }],
    ['vlan bond null', { cni: CniConfig.vlan(js({ master: ['a', 'b'], bond: null })) }],
    ['chain entry null', { master: ['ens224'], chainCniJsonData: [null] }],
    ['custom config a list', { cni: CniConfig.custom(js([])) }],
    ['huge hostRuleTable', { master: ['ens224'], coordinator: { hostRuleTable: 1e300 } }],
  ];
  test.each(cases)('%s', (_name, props) => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    expect(() => new SpiderMultusConfig(chart, 'net', props)).not.toThrow();
    const errors = chartProblems(chart).errors;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/^\[cluster-a\/net\] cluster "cluster-a", SpiderMultusConfig "kube-system\/net": \S/);
  });
});

describe('SpiderIPPool JavaScript input: messages, never a crash', () => {
  const cases: Array<[string, any]> = [
    ['no props', undefined],
    ['subnet a number', { subnet: 10 }],
    ['subnet empty', { subnet: '' }],
    ['ips a string', { subnet: '10.0.0.0/24', ips: '10.0.0.1' }],
    ['ips with null', { subnet: '10.0.0.0/24', ips: [null] }],
    ['gateway NaN', { subnet: '10.0.0.0/24', gateway: NaN }],
    ['routes with a string', { subnet: '10.0.0.0/24', routes: ['10.1.0.0/16'] }],
    ['route gw missing', { subnet: '10.0.0.0/24', routes: [{ dst: '10.1.0.0/16' }] }],
    ['podAffinity a list', { subnet: '10.0.0.0/24', podAffinity: [] }],
    ['matchLabels a string', { subnet: '10.0.0.0/24', nodeAffinity: { matchLabels: 'a=b' } }],
    ['multusNames a string', { subnet: '10.0.0.0/24', multusNames: 'kube-system/x' }],
    ['ipVersion huge', { subnet: '10.0.0.0/24', ipVersion: 1e21 }],
  ];
  test.each(cases)('%s', (_name, props) => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    expect(() => new SpiderIpPool(chart, 'pool', props)).not.toThrow();
    const errors = chartProblems(chart).errors;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/^\[cluster-a\/pool\] cluster "cluster-a", SpiderIPPool "pool": \S/);
  });
});
