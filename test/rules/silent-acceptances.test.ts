import { Chart, Testing } from 'cdk8s';
import {
  ClusterNetwork, Fleet, IcDatabase, IcDbRuntime, IcServer, KubeOvnImage, OverlaySubnet, renderFleetFiles, SubmarinerBroker,
} from '../../src';
import { findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { chartProblems } from '../submariner/fixtures';

/**
 * The silent acceptances of issue 14 (found by fuzzing), each with its accept and reject side, named
 * after the upstream rule it follows: Kube-OVN v1.13.15, submariner-operator/subctl v0.18.1, the
 * Kubernetes API server's name rules and the container runtimes' image reference grammar (file and
 * function in each describe).
 */

const js = (value: unknown): any => value;
const errorsOf = (chart: Chart) => chartProblems(chart).errors;

const DUAL = { podCidr: '10.16.0.0/16,fd00:10:16::/64', joinCidr: '100.64.0.0/16,fd00:100:64::/64', serviceCidr: '10.96.0.0/12,fd00:10:96::/112' };
const V6 = { podCidr: 'fd00:10:16::/64', joinCidr: 'fd00:100:64::/64', serviceCidr: 'fd00:10:96::/112', masterNodeIps: ['fd00:192:168:65::3'] };
const REPO = { repoUrl: 'https://git.example.com/fleet.git', revision: 'main' };

/** One interconnected Kube-OVN cluster with the given props, delivered with Argo CD (so its chart values render). */
function oneCluster(props: Record<string, unknown> = {}, kubeOvn?: { iface: string }): Fleet {
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3'], gatewayNodes: ['gw1'], ...props,
  });
  az1.interconnect({ icDatabase: az1.addIcServer({ nodeIps: [...(az1.props.masterNodeIps ?? [])], tsNum: 1 }) });
  return fleet.deliverWithArgoCd({ ...REPO, kubeOvn });
}

/** The kube-ovn chart values rendered for az1 (the Argo CD Application's helm valuesObject). */
function chartValuesOf(fleet: Fleet): any {
  const app = renderFleetFiles(fleet).files.find((f) => f.file.startsWith('argocd/') && f.content.includes('chart: kube-ovn') && f.content.includes('az1'));
  expect(app).toBeDefined();
  return app!.content;
}

// Kube-OVN v1.13.15 pkg/controller/config.go ParseFlags -> pkg/util/net.go CheckSystemCIDR([join, pod, service]):
// kube-ovn-controller does not start when one is not global unicast (CIDRGlobalUnicast) or two overlap; the chart
// takes one CIDR per family (CheckProtocol, networking.NET_STACK).
describe('Kube-OVN CheckSystemCIDR: the cluster\'s pod, join and service CIDRs', () => {
  test.each([
    ['IPv4', {}, 'ipv4:', 'POD_CIDR: 10.16.0.0/16'],
    ['IPv6', V6, 'ipv6:', 'POD_CIDR: fd00:10:16::/64'],
    ['dual stack', DUAL, 'dual_stack:', 'POD_CIDR: 10.16.0.0/16,fd00:10:16::/64'],
  ])('accepts an %s cluster and renders its CIDRs into the chart values', (_what, props, block, podCidr) => {
    const fleet = oneCluster(props);
    expect(fleetErrors(fleet)).toEqual([]);
    const values = chartValuesOf(fleet);
    expect(values).toContain(block);
    expect(values).toContain(podCidr);
  });

  test('rejects two CIDRs of one family in podCidr (the chart would drop both and install 10.16.0.0/16)', () => {
    expect(fleetErrors(oneCluster({ podCidr: '10.16.0.0/16,10.17.0.0/16' }))).toEqual([
      '[az1] cluster "az1": podCidr "10.16.0.0/16,10.17.0.0/16" lists two IPv4 CIDRs; dual stack takes one IPv4 and one IPv6 CIDR, keep one IPv4 CIDR (use a shorter prefix to cover both)',
    ]);
  });

  test.each([
    ['podCidr', '224.1.0.0/16', 'IPv4 multicast range 224.0.0.0/4; Kube-OVN rejects it', '10.16.0.0/16'],
    ['podCidr', '127.16.0.0/16', 'IPv4 loopback range 127.0.0.0/8; Kube-OVN rejects it', '10.16.0.0/16'],
    ['joinCidr', '169.254.0.0/16', 'IPv4 link-local (also used by OVN-IC transit switches) range 169.254.0.0/16; Kube-OVN rejects it', '100.64.0.0/16'],
    ['joinCidr', '169.254.100.0/24', 'IPv4 link-local (also used by OVN-IC transit switches) range 169.254.0.0/16; Kube-OVN rejects it', '100.64.0.0/16'],
    ['serviceCidr', '0.0.0.0/12', 'IPv4 "this network" range 0.0.0.0/32; Kube-OVN rejects it', '10.96.0.0/12'],
  ])('rejects %s %s (CIDRGlobalUnicast)', (field, value, what, example) => {
    expect(fleetErrors(oneCluster({ [field]: value }))).toEqual([
      `[az1] cluster "az1": ${field} ${value} overlaps the ${what}, choose a unicast range such as ${example}`,
    ]);
  });

  test.each([
    ['fe80::/64', 'IPv6 link-local (also used by OVN-IC transit switches) range fe80::/10'],
    ['ff05::/64', 'IPv6 multicast range ff00::/8'],
    ['::1/128', 'IPv6 loopback range ::1/128'],
  ])('rejects the IPv6 pod CIDR %s (CIDRGlobalUnicast)', (podCidr, what) => {
    expect(fleetErrors(oneCluster({ ...V6, podCidr }))).toContain(
      `[az1] cluster "az1": podCidr ${podCidr} overlaps the ${what}; Kube-OVN rejects it, choose a unicast range such as 10.16.0.0/16`,
    );
  });

  // Kube-OVN accepts 0.1.0.0/16 (it rejects only CIDRs holding 0.0.0.0); RFC 1122 3.2.1.3 makes all of 0.0.0.0/8
  // "this network", never a destination, so cross-cluster traffic to it breaks at run time.
  test('rejects a pod CIDR in 0.0.0.0/8, which breaks only at run time', () => {
    expect(fleetErrors(oneCluster({ podCidr: '0.16.0.0/16' }))).toEqual([
      '[az1] cluster "az1": podCidr 0.16.0.0/16 overlaps the IPv4 "this network" block (RFC 1122: never a destination) range 0.0.0.0/8; Kube-OVN accepts it, but routers and peer clusters drop traffic to it, choose a unicast range such as 10.16.0.0/16',
    ]);
  });

  // ValidateSubnet -> InvalidNetworkMask for ovn-default and join, which Kube-OVN creates from POD_CIDR and JOIN_CIDR
  test.each([['10.16.0.1/32'], ['fd00:10:16::1/128']])('rejects the single-address pod CIDR %s (InvalidNetworkMask)', (podCidr) => {
    const props = podCidr.includes(':') ? { ...V6, podCidr } : { podCidr };
    expect(fleetErrors(oneCluster(props))).toContain(
      `[az1] cluster "az1": podCidr ${podCidr} is a single address, which leaves none to hand out; use a shorter prefix (Kube-OVN rejects /32 and /128 subnets)`,
    );
  });

  test('accepts a /31 pod CIDR (two addresses) as far as the cluster rule goes', () => {
    expect(fleetErrors(oneCluster({ podCidr: '10.16.0.0/31' }))).toEqual([]);
  });
});

// Kube-OVN keeps the text as typed (the chart's POD_CIDR, spec.cidrBlock) and compares CIDRs as text in places;
// Go's net.ParseCIDR reads "/016" as 16. The text Git holds is the one the cluster sees, so only the canonical form
// (RFC 5952 for IPv6) is accepted, and the message gives it.
describe('canonical CIDR text (what the cluster sees)', () => {
  test.each([
    ['10.17.0.0/016', '10.17.0.0/16'],
    ['fd00:0:0::/64', 'fd00::/64'],
    ['fd00:0010::/64', 'fd00:10::/64'],
  ])('rejects %s and names the canonical form %s', (podCidr, canonical) => {
    const props = podCidr.includes(':') ? { ...V6, podCidr } : { podCidr };
    expect(fleetErrors(oneCluster(props))).toEqual([
      `[az1] cluster "az1": podCidr: "${podCidr}" is not written canonically (leading zeros or an uncompressed IPv6 address); write ${canonical}`,
    ]);
  });

  test('accepts canonical IPv6 and renders it verbatim', () => {
    const fleet = oneCluster({ ...V6, podCidr: 'fd00:10::/64' });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(chartValuesOf(fleet)).toContain('POD_CIDR: fd00:10::/64');
  });
});

// Kube-OVN v1.13.15 pkg/util/validator.go ValidateSubnet: CIDRContainIP(cidrBlock, KUBERNETES_SERVICE_HOST) per
// family (CIDRContainIP splits both by ','), for the default VPC; dual-stack clusters used to skip the check.
describe('Kube-OVN ValidateSubnet: no subnet over the apiserver service IP, dual stack too', () => {
  const cluster: ClusterNetwork = { name: 'az1', ...DUAL, masterNodeIps: [], gatewayNodes: [] };
  const subnet = (cidrBlock: string) => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 's', { cidrBlock, cluster });
    return chart;
  };

  test('accepts a dual-stack subnet outside both service CIDRs', () => {
    const chart = subnet('10.50.0.0/24,fd00:10:50::/120');
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'Subnet', 's').spec.protocol).toBe('Dual');
  });

  test('rejects the IPv6 half over the IPv6 service CIDR and the IPv4 half over the IPv4 one', () => {
    expect(errorsOf(subnet('10.50.0.0/24,fd00:10:96::/120'))).toEqual([
      '[az1/s] cluster "az1", Subnet "s": spec.cidrBlock fd00:10:96::/120 overlaps the service CIDR fd00:10:96::/112 and contains the apiserver service IP fd00:10:96::1; pods could not reach services, choose a range outside fd00:10:96::/112',
    ]);
    expect(errorsOf(subnet('10.96.0.0/24,fd00:10:50::/120'))).toEqual([
      '[az1/s] cluster "az1", Subnet "s": spec.cidrBlock 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12 and contains the apiserver service IP 10.96.0.1; pods could not reach services, choose a range outside 10.96.0.0/12',
    ]);
  });
});

// Kube-OVN v1.13.15 pkg/util/validator.go ValidateNetworkBroadcast with pkg/util/net.go SubnetBroadcast, which returns
// the last address for IPv6 as well (IPv6 has no broadcast, but Kube-OVN treats the last address like one).
describe('Kube-OVN ValidateNetworkBroadcast: the last address of an IPv6 subnet', () => {
  const cluster: ClusterNetwork = { name: 'az1', ...V6, gatewayNodes: [] };
  const subnet = (gateway: string) => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 's', { cidrBlock: 'fd00:50::/120', gateway, cluster });
    return chart;
  };

  test('accepts the address before the last', () => {
    const chart = subnet('fd00:50::fe');
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'Subnet', 's').spec.gateway).toBe('fd00:50::fe');
  });

  test('rejects the last address as a gateway', () => {
    expect(errorsOf(subnet('fd00:50::ff'))).toEqual([
      '[az1/s] cluster "az1", Subnet "s": spec.gateway fd00:50::ff is the last address (Kube-OVN rejects it like an IPv4 broadcast address) of fd00:50::/120; use a host address, e.g. fd00:50::1',
    ]);
  });
});

// ovn-ic-config gw-nodes: Node names, comma-joined (Kube-OVN v1.13.15 pkg/controller/ovn_ic.go splits it by ','); the
// API server requires Node names to be RFC 1123 subdomains (k8s.io/apimachinery ValidateNodeName = IsDNS1123Subdomain).
describe('gw-nodes: RFC 1123 node names (ValidateNodeName), each once', () => {
  test('accepts lowercase names with dots and dashes and renders them comma-joined', () => {
    const { fleet } = twoClusterFleet({ ic1: { gatewayNodes: ['gw1', 'gw-2.example.com'] } });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(findDoc(synthFleet(fleet).az1, 'ConfigMap', 'ovn-ic-config').data['gw-nodes']).toBe('gw1,gw-2.example.com');
  });

  test('rejects the override gw1,gw1,GW_1,gw1;reboot: duplicates and names no Node can have', () => {
    const { fleet } = twoClusterFleet({ ic1: { gatewayNodes: ['gw1', 'gw1', 'GW_1', 'gw1;reboot'] } });
    const label = '[az1/Interconnection] cluster "az1", InterconnectedCluster:';
    const rule = 'must consist of lowercase letters, digits, \'-\' and \'.\', and start and end with a letter or digit';
    expect(fleetErrors(fleet)).toEqual([
      `${label} gatewayNodes (gw-nodes)[2]: node name "GW_1" ${rule}`,
      `${label} gatewayNodes (gw-nodes)[3]: node name "gw1;reboot" ${rule}`,
      `${label} gatewayNodes (gw-nodes) lists "gw1" more than once; list each node once`,
    ]);
  });
});

// The API server checks the names of custom objects as RFC 1123 subdomains (apimachinery IsDNS1123Subdomain), and
// Namespace names as RFC 1123 labels (ValidateNamespaceName); Kube-OVN's Subnet CRD adds `^[^0-9]`.
describe('Subnet metadata.name (IsDNS1123Subdomain) and spec.namespaces (ValidateNamespaceName)', () => {
  test('accepts a dotted name and namespace names', () => {
    const { fleet, ic1 } = twoClusterFleet();
    ic1.addSubnet('s', { name: 'apps.team-a', cidrBlock: '10.50.0.0/24', namespaces: ['app1', 'app-2'] });
    expect(fleetErrors(fleet)).toEqual([]);
    const spec = findDoc(synthFleet(fleet).az1, 'Subnet', 'apps.team-a').spec;
    expect(spec.namespaces).toEqual(['app1', 'app-2']);
  });

  test('rejects a..b, a namespace no Namespace can have, a duplicate and a non-list', () => {
    const { fleet, ic1 } = twoClusterFleet();
    ic1.addSubnet('s', { name: 'a..b', cidrBlock: '10.50.0.0/24', namespaces: ['app1', 'Team A', 'app1'] });
    ic1.addSubnet('t', { cidrBlock: '10.51.0.0/24', namespaces: js('app1') });
    expect(fleetErrors(fleet)).toEqual([
      '[az1/Interconnection/s] cluster "az1", Subnet "a..b": metadata.name: subnet name "a..b" must consist of lowercase letters, digits, \'-\' and \'.\', and start and end with a letter or digit (an RFC 1123 subdomain: dot-separated labels)',
      '[az1/Interconnection/s] cluster "az1", Subnet "a..b": spec.namespaces[1] "Team A" must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit',
      '[az1/Interconnection/s] cluster "az1", Subnet "a..b": spec.namespaces lists "app1" more than once; list each namespace once',
      '[az1/Interconnection/t] cluster "az1", Subnet "t": spec.namespaces must be a list of namespace names, e.g. [\'team-a\'], got string "app1"',
    ]);
  });
});

// distribution/reference regexp.go (the image reference grammar of the kubelet, containerd's ctr and Docker): the
// reference lands in pod specs, a compose file and a systemd unit (ExecStartPre=... images pull <ref>), where a
// space adds an argument and a newline a directive.
describe('image references (distribution/reference grammar)', () => {
  function hostsFleet(image: KubeOvnImage) {
    const fleet = new Fleet();
    const icDatabase = fleet.addExternalIcDatabase('ext', { hosts: [{ ip: '192.168.1.1' }], runtime: IcDbRuntime.CONTAINERD_SYSTEMD, image });
    fleet.addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3'], gatewayNodes: ['gw1'] })
      .interconnect({ icDatabase });
    return fleet;
  }

  test('accepts a mirror with a port and renders it into the systemd unit', () => {
    const fleet = hostsFleet(KubeOvnImage.of({ registry: 'registry.example.com:5000/mirror', tag: 'v1.13.15' }));
    const unit = renderFleetFiles(fleet).files.find((f) => f.file === 'hosts/192.168.1.1/ovn-ic-db.service')!.content;
    expect(unit).toContain('ExecStartPre=/usr/bin/ctr -n k8s.io images pull registry.example.com:5000/mirror/kube-ovn:v1.13.15\n');
  });

  test('rejects a tag with a newline (a new systemd directive) and with a space', () => {
    expect(fleetErrors(hostsFleet(KubeOvnImage.of({ tag: 'v1.13.15\nExecStartPost=/bin/sh -c reboot' })))).toEqual([
      '[hosts/ext] IC database hosts "ext": image tag must be an image reference part like \'v1.13.15\' (letters, digits, \'.\', \'_\', \'-\'; no spaces, newlines or shell characters), got string "v1.13.15\\nExecStartPost=/bin/sh -c reboot"; fix it in KubeOvnImage.of',
    ]);
    const chart = new Chart(Testing.app(), 'az1');
    new IcServer(chart, 'IcServer', { nodeIps: ['10.0.0.1'], image: KubeOvnImage.of({ tag: 'v1 latest' }), cluster: { name: 'az1' } });
    expect(errorsOf(chart)).toEqual([
      '[az1/IcServer] cluster "az1", IcServer: image tag must be an image reference part like \'v1.13.15\' (letters, digits, \'.\', \'_\', \'-\'; no spaces, newlines or shell characters), got string "v1 latest"; fix it in KubeOvnImage.of',
    ]);
  });

  test('rejects a plain object where a KubeOvnImage goes (JavaScript)', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new IcServer(chart, 'IcServer', { nodeIps: ['10.0.0.1'], image: js({ tag: 'v1.13.15' }), cluster: { name: 'az1' } });
    expect(errorsOf(chart)).toEqual([
      '[az1/IcServer] cluster "az1", IcServer: image must be a KubeOvnImage, e.g. KubeOvnImage.of({ tag: \'v1.13.15\' }), got object {"tag":"v1.13.15"}',
    ]);
  });
});

// Kube-OVN v1.13.15 pkg/daemon/config.go findInterface: --iface is a NIC name or comma-separated Go regexps; the chart
// writes it unquoted into kube-ovn-cni's args (`- --iface={{ .Values.networking.IFACE }}`).
describe('networking.IFACE (kube-ovn-cni findInterface)', () => {
  test('accepts names and regular expressions, comma-separated', () => {
    const fleet = oneCluster({}, { iface: 'enp6s0f0,eth.*' });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(chartValuesOf(fleet)).toContain('IFACE: enp6s0f0,eth.*');
  });

  test('rejects a space and an entry that is no regular expression', () => {
    expect(fleetErrors(oneCluster({}, { iface: 'eth0 eth1' })).join('\n')).toContain('iface (networking.IFACE) "eth0 eth1" contains whitespace or a control character (U+0020), which no NIC name has and which would split the kube-ovn-cni argument');
    expect(fleetErrors(oneCluster({}, { iface: 'eth(0' })).join('\n')).toContain('iface (networking.IFACE) "eth(0": entry "eth(0" is no valid regular expression; kube-ovn-cni compiles each entry as one');
  });
});

// Kube-OVN v1.13.15 pkg/ovn_leader_checker/ovn.go: TS_NUM transit switches ts, ts1, ... get 169.254.(100+i).0/24, so
// 1-156 fit; IcDatabase.fromHosts takes it from JavaScript unchecked.
describe('TS_NUM of an IC database on hosts (IcDatabase.fromHosts)', () => {
  test('accepts 1', () => {
    expect(fleetErrors(twoClusterFleet({ ic1: { icDatabase: IcDatabase.fromHosts(['192.168.1.1'], { tsNum: 1 }) } }).fleet)).not.toContainEqual(expect.stringContaining('tsNum'));
  });

  test.each([[0], [NaN], [1.5], [157]])('rejects %s', (tsNum) => {
    const { fleet } = twoClusterFleet({ ic1: { icDatabase: IcDatabase.fromHosts(['192.168.1.1'], { tsNum }) } });
    expect(fleetErrors(fleet)).toContain(`[az1/Interconnection] cluster "az1", InterconnectedCluster: icDatabase tsNum (TS_NUM) must be an integer from 1 to 156 (the number of transit switches), got number ${tsNum}`);
  });
});

// Kube-OVN v1.13.15 pkg/ovn_leader_checker/ovn.go: pflag.Int("probeInterval") and time.Duration(ProbeInterval) * time.Second.
describe('leaderProbeInterval (kube-ovn-leader-checker --probeInterval, a Go int of seconds)', () => {
  const server = (leaderProbeInterval: number) => {
    const chart = new Chart(Testing.app(), 'az1');
    new IcServer(chart, 'IcServer', { nodeIps: ['10.0.0.1'], leaderProbeInterval, cluster: { name: 'az1' } });
    return chart;
  };

  test('accepts 30 and renders "30"', () => {
    const chart = server(30);
    expect(errorsOf(chart)).toEqual([]);
    const env = findDoc(chart.toJson(), 'Deployment', 'ovn-ic-server').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'OVN_LEADER_PROBE_INTERVAL', value: '30' });
  });

  test.each([[1e21, '1e+21'], [2.5, '2.5'], [0, '0']])('rejects %s (it would render as "%s")', (interval, shown) => {
    expect(errorsOf(server(interval))).toEqual([
      `[az1/IcServer] cluster "az1", IcServer: leaderProbeInterval (OVN_LEADER_PROBE_INTERVAL) must be an integer from 1 to 9223372036 seconds (upstream default 5), got number ${shown}`,
    ]);
  });
});

// submariner-operator v0.18.1 pkg/discovery/globalnet/globalnet.go GetValidClusterSize (subctl deploy-broker): the size
// is rounded up to a power of two and may be at most half the globalnet range; BigInt maths (2^32 is not 0).
describe('globalnet cluster size (GetValidClusterSize)', () => {
  const broker = (defaultGlobalnetClusterSize: number, globalnetCidrRange = '242.0.0.0/8') => {
    const chart = new Chart(Testing.app(), 'broker');
    new SubmarinerBroker(chart, 'SubmarinerBroker', { apiServer: '10.6.168.73:6443', globalnetEnabled: true, globalnetCidrRange, defaultGlobalnetClusterSize, cluster: { name: 'broker' } });
    return chart;
  };
  const label = '[broker/SubmarinerBroker] cluster "broker", SubmarinerBroker:';

  test('accepts half of a /8 (2^23)', () => {
    expect(errorsOf(broker(2 ** 23))).toEqual([]);
  });

  test('rejects 2^32 (a 32-bit check took it for a power of two that fits) and 2^24 in a /8', () => {
    expect(errorsOf(broker(2 ** 32))).toEqual([
      `${label} defaultGlobalnetClusterSize (--globalnet-cluster-size) 4294967296 is more than half the globalnet range 242.0.0.0/8 (16777216 addresses); subctl's GetValidClusterSize allows at most 8388608, use a smaller size or a larger range`,
    ]);
    expect(errorsOf(broker(2 ** 24))[0]).toContain('16777216 is more than half the globalnet range 242.0.0.0/8');
  });

  test('rejects a size that is no power of two with the one subctl would use', () => {
    expect(errorsOf(broker(1000))).toEqual([
      `${label} defaultGlobalnetClusterSize (--globalnet-cluster-size) must be a power of two (subctl rounds it up to 1024), got 1000; use 1024`,
    ]);
  });
});
