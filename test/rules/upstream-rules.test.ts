import { Chart, Testing } from 'cdk8s';
import {
  ArgoCdDelivery, ClusterNetwork, Cni, CoordinatorMode, KubeOvnChart, OverlaySubnet, ProviderNetwork, SpiderIpPool,
  SpiderMultusConfig, Vlan,
} from '../../src';
import { findDoc, fleetErrors, fleetWarnings } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { chartProblems } from '../submariner/fixtures';

/**
 * Upstream rules of issue 14, each with its accept and reject side, named after the upstream rule:
 * Kube-OVN v1.13.15 and Spiderpool v1.2.2 (file and function in each describe). Then inputs a
 * JavaScript caller can give that used to crash with a TypeError.
 */

/** No type checker in JavaScript: the value goes in as it is. */
const js = (value: unknown): any => value;

const KUBE_OVN: ClusterNetwork = {
  name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: [], gatewayNodes: [],
};
const SPIDER: ClusterNetwork = {
  name: 'cluster-a', podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, masterNodeIps: [], gatewayNodes: [],
};

const errorsOf = (chart: Chart) => chartProblems(chart).errors;

function subnetChart(props: { cidrBlock: string; gateway?: string }): Chart {
  const chart = new Chart(Testing.app(), 'az1');
  new OverlaySubnet(chart, 'ptp', { ...props, cluster: KUBE_OVN });
  return chart;
}

function poolChart(props: Partial<ConstructorParameters<typeof SpiderIpPool>[2]>): Chart {
  const chart = new Chart(Testing.app(), 'cluster-a');
  new SpiderIpPool(chart, 'pool', { subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'], cluster: SPIDER, ...props } as any);
  return chart;
}

// Kube-OVN v1.13.15 pkg/util/validator.go ValidateSubnet -> ValidateNetworkBroadcast, with pkg/util/net.go
// SubnetNumber/SubnetBroadcast (both "" for a /31 or /127) and GetGwByCidr -> FirstIP (the network address for them).
describe('Kube-OVN ValidateNetworkBroadcast: point-to-point subnets', () => {
  test.each([
    ['10.0.0.0/31', '10.0.0.0'],
    ['10.0.0.0/31', '10.0.0.1'],
    ['fd00:10::/127', 'fd00:10::'],
    ['fd00:10::/127', 'fd00:10::1'],
  ])('accepts %s with gateway %s (either address of a point-to-point subnet)', (cidrBlock, gateway) => {
    const chart = subnetChart({ cidrBlock, gateway });
    expect(errorsOf(chart)).toEqual([]);
    const spec = findDoc(chart.toJson(), 'Subnet', 'ptp').spec;
    expect(spec.gateway).toBe(gateway);
    expect(spec.excludeIps).toEqual([gateway]);
  });

  test.each([
    ['10.0.0.0/31', '10.0.0.0'],
    ['fd00:10::/127', 'fd00:10::'],
  ])('renders %s without a gateway with the gateway Kube-OVN picks (FirstIP: %s)', (cidrBlock, gateway) => {
    const chart = subnetChart({ cidrBlock });
    expect(errorsOf(chart)).toEqual([]);
    const spec = findDoc(chart.toJson(), 'Subnet', 'ptp').spec;
    expect(spec.gateway).toBe(gateway);
    expect(spec.excludeIps).toEqual([gateway]);
  });

  test('rejects the network and broadcast addresses of a /30 (not point-to-point)', () => {
    expect(errorsOf(subnetChart({ cidrBlock: '10.0.0.0/30', gateway: '10.0.0.0' }))).toEqual([
      '[az1/ptp] cluster "az1", Subnet "ptp": spec.gateway 10.0.0.0 is the network address of 10.0.0.0/30; use a host address, e.g. 10.0.0.1',
    ]);
    expect(errorsOf(subnetChart({ cidrBlock: '10.0.0.0/30', gateway: '10.0.0.3' }))).toEqual([
      '[az1/ptp] cluster "az1", Subnet "ptp": spec.gateway 10.0.0.3 is the broadcast address of 10.0.0.0/30; use a host address, e.g. 10.0.0.1',
    ]);
  });

  test('rejects a gateway outside a /31 without calling anything a broadcast address', () => {
    const errors = errorsOf(subnetChart({ cidrBlock: '10.0.0.0/31', gateway: '10.0.0.2' }));
    expect(errors).toEqual(['[az1/ptp] cluster "az1", Subnet "ptp": spec.gateway 10.0.0.2 is not inside 10.0.0.0/31; use an address of the subnet, e.g. 10.0.0.0']);
    expect(errors.join()).not.toContain('broadcast');
  });
});

// Spiderpool v1.2.2 pkg/ippoolmanager/ippool_validate.go validateIPPoolRoutes.
describe('Spiderpool validateIPPoolRoutes: no default route in spec.routes', () => {
  test('accepts a route to another network and the default route through spec.gateway', () => {
    const chart = poolChart({ gateway: '172.110.0.1', routes: [{ dst: '10.0.0.0/8', gw: '172.110.0.254' }] });
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'SpiderIPPool', 'pool').spec.routes).toEqual([{ dst: '10.0.0.0/8', gw: '172.110.0.254' }]);
  });

  test('rejects 0.0.0.0/0 in an IPv4 pool and ::/0 in an IPv6 pool', () => {
    expect(errorsOf(poolChart({ routes: [{ dst: '0.0.0.0/0', gw: '172.110.0.1' }] }))).toEqual([
      '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": spec.routes[0].dst 0.0.0.0/0 is the default route; the Spiderpool webhook rejects it there, set spec.gateway (gateway: \'172.110.0.1\') instead',
    ]);
    expect(errorsOf(poolChart({ subnet: 'fd00:110::/64', ips: ['fd00:110::10-fd00:110::20'], routes: [{ dst: '::/0', gw: 'fd00:110::1' }] }))).toEqual([
      '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": spec.routes[0].dst ::/0 is the default route; the Spiderpool webhook rejects it there, set spec.gateway (gateway: \'fd00:110::1\') instead',
    ]);
  });

  test('rejects a dst of the other family (IsCIDR(version, dst))', () => {
    expect(errorsOf(poolChart({ routes: [{ dst: 'fd00::/8', gw: '172.110.0.1' }] }))).toEqual([
      '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": spec.routes[0].dst fd00::/8 is IPv6 but spec.subnet 172.110.0.0/16 is IPv4; a pool\'s routes are of its own family, put it in a pool of that family',
    ]);
  });
});

describe('Spiderpool validateIPPoolRoutes: no two routes with the same dst', () => {
  test('accepts two routes to different destinations', () => {
    const routes = [{ dst: '192.168.40.0/24', gw: '172.110.0.1' }, { dst: '192.168.41.0/24', gw: '172.110.0.2' }];
    const chart = poolChart({ routes });
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'SpiderIPPool', 'pool').spec.routes).toEqual(routes);
  });

  test('rejects a second route to the same dst', () => {
    const routes = [{ dst: '192.168.40.0/24', gw: '172.110.0.1' }, { dst: '192.168.40.0/24', gw: '172.110.0.2' }];
    expect(errorsOf(poolChart({ routes }))).toEqual([
      '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": spec.routes[1].dst 192.168.40.0/24 repeats spec.routes[0].dst; the Spiderpool webhook rejects two routes to the same dst, keep one',
    ]);
  });
});

// Spiderpool v1.2.2: `ips` is optional in the CRD (spiderpool.spidernet.io_spiderippools.yaml requires only subnet) and
// ippool_validate.go validateIPPoolAvailableIPs (pkg/ip/subnet.go NewCIDR) accepts no ranges; ippool_webhook_test.go
// "is a empty IPPool" expects no error. The issue counted this as a false reject; upstream wins.
describe('Spiderpool validateIPPoolAvailableIPs: a pool without ips', () => {
  test.each([
    ['no ips', undefined, undefined],
    ['empty ips', [], []],
  ])('accepts %s', (_what, ips, rendered) => {
    const chart = poolChart({ ips: js(ips) });
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'SpiderIPPool', 'pool').spec).toEqual({ subnet: '172.110.0.0/16', ipVersion: 4, ips: rendered, default: false });
  });

  test('rejects ips that is no list (from JavaScript)', () => {
    expect(errorsOf(poolChart({ ips: js('172.110.1.1') }))).toEqual([
      '[cluster-a/pool] cluster "cluster-a", SpiderIPPool "pool": spec.ips must list the addresses pods get, e.g. [\'172.110.0.10-172.110.0.200\'], got "172.110.1.1"',
    ]);
  });
});

// Spiderpool v1.2.2 charts/spiderpool/crds/spiderpool.spidernet.io_spidermultusconfigs.yaml spec.coordinator.mode enum.
describe('SpiderMultusConfig CRD enum spec.coordinator.mode', () => {
  test.each(Object.values(CoordinatorMode))('accepts %s', (mode) => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderMultusConfig(chart, 'net', { master: ['ens224'], coordinatorMode: mode, cluster: SPIDER });
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'SpiderMultusConfig', 'net').spec.coordinator.mode).toBe(mode);
  });

  test('rejects a mode outside the enum (from JavaScript)', () => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderMultusConfig(chart, 'net', { master: ['ens224'], coordinatorMode: js('l2'), cluster: SPIDER });
    expect(errorsOf(chart)).toEqual([
      '[cluster-a/net] cluster "cluster-a", SpiderMultusConfig "kube-system/net": spec.coordinator.mode must be one of auto, underlay, overlay, disabled (CoordinatorMode), got "l2"',
    ]);
  });
});

// Kube-OVN v1.13.15 charts/kube-ovn/templates/kube-ovn-crd.yaml vlans.kubeovn.io: `id` 0-4095, not required
// (only `provider` is); pkg/apis/kubeovn/v1/types.go VlanSpec.ID is a Go int, so a missing id is 0 (untagged).
describe('Kube-OVN Vlan CRD spec.id', () => {
  test('accepts a Vlan without id (from JavaScript) and renders id 0', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: KUBE_OVN }).addVlan('v', js({}));
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'Vlan', 'v').spec).toEqual({ id: 0, provider: 'pn' });
  });

  test('accepts a Vlan without id in a fleet', () => {
    const { fleet, az1 } = twoClusterFleet();
    az1.addProviderNetwork('pn', { defaultInterface: 'eth1' }).addVlan('v', js({}));
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('rejects an id above the CRD maximum 4095', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', cluster: KUBE_OVN }).addVlan('v', { id: 4096 });
    expect(errorsOf(chart)).toEqual([
      '[az1/pn/v] cluster "az1", Vlan "v": spec.id is 4096; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)',
    ]);
  });
});

describe('JavaScript input that used to crash is reported', () => {
  const CIDR_NUMBER = 'spec.cidrBlock must be a string of one IPv4 and/or one IPv6 CIDR, e.g. "10.100.0.0/24" or "10.100.0.0/24,fd00:10:100::/64", got number 10';
  const EXCLUDE_STRING = 'spec.excludeIps must be a list of addresses or ranges "a..b", e.g. ["10.100.0.5", "10.100.0.10..10.100.0.20"], got string "10.50.0.5"';

  test('cidrBlock given as a number: plain chart', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 's', { cidrBlock: js(10), cluster: KUBE_OVN });
    expect(errorsOf(chart)).toEqual([`[az1/s] cluster "az1", Subnet "s": ${CIDR_NUMBER}`]);
  });

  test('cidrBlock given as a number: fleet', () => {
    const { fleet, ic1 } = twoClusterFleet();
    ic1.addSubnet('s', { cidrBlock: js(10) });
    expect(fleetErrors(fleet)).toEqual([`[az1/Interconnection/s] cluster "az1", Subnet "s": ${CIDR_NUMBER}`]);
  });

  test('excludeIps given as a string: plain chart and fleet', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new OverlaySubnet(chart, 's', { cidrBlock: '10.50.0.0/24', excludeIps: js('10.50.0.5'), cluster: KUBE_OVN });
    expect(errorsOf(chart)).toEqual([`[az1/s] cluster "az1", Subnet "s": ${EXCLUDE_STRING}`]);
    const { fleet, ic1 } = twoClusterFleet();
    ic1.addSubnet('s', { cidrBlock: '10.50.0.0/24', excludeIps: js('10.50.0.5') });
    expect(fleetErrors(fleet)).toEqual([`[az1/Interconnection/s] cluster "az1", Subnet "s": ${EXCLUDE_STRING}`]);
  });

  // Already reported before this change (src/fleet/resolve.ts checks the cluster); no TypeError in a plain chart either.
  test('podCidr given as a number: fleet', () => {
    const { fleet, ic1 } = twoClusterFleet({ az1: { podCidr: js(10) } });
    ic1.addSubnet('s', { cidrBlock: '10.50.0.0/24' });
    expect(fleetErrors(fleet)).toEqual(['[az1] cluster "az1": podCidr must be a CIDR string, got 10; give the default pod network, e.g. 10.16.0.0/16']);
  });

  // The CRD (kube-ovn-crd.yaml provider-networks.kubeovn.io) does not require customInterfaces[].nodes: such an
  // entry is valid but changes nothing, so it is the existing warning, not an error.
  const NO_NODES = 'spec.customInterfaces[0] (eth2) lists no nodes, so it changes nothing; add the nodes that use eth2 or remove the entry';

  test('customInterfaces without nodes: plain chart', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'pn', { defaultInterface: 'eth1', customInterfaces: [js({ interface: 'eth2' })], cluster: KUBE_OVN });
    const problems = chartProblems(chart);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([`[az1/pn] cluster "az1", ProviderNetwork "pn": ${NO_NODES}`]);
    expect(findDoc(chart.toJson(), 'ProviderNetwork', 'pn').spec.customInterfaces).toEqual([{ interface: 'eth2', nodes: [] }]);
  });

  test('customInterfaces without nodes: fleet', () => {
    const { fleet, az1 } = twoClusterFleet();
    az1.addProviderNetwork('pn', { defaultInterface: 'eth1', customInterfaces: [js({ interface: 'eth2' })] });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toContain(`[az1/pn] cluster "az1", ProviderNetwork "pn": ${NO_NODES}`);
  });

  test('customInterfaces or nodes that are no list are errors', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new ProviderNetwork(chart, 'a', { defaultInterface: 'eth1', customInterfaces: js('eth2'), cluster: KUBE_OVN });
    new ProviderNetwork(chart, 'b', { defaultInterface: 'eth3', customInterfaces: [js({ interface: 'eth2', nodes: 'node1' })], cluster: KUBE_OVN });
    expect(errorsOf(chart)).toEqual([
      '[az1/a] cluster "az1", ProviderNetwork "a": spec.customInterfaces must be a list of { interface, nodes }, e.g. [{ interface: \'eth2\', nodes: [\'node1\'] }], got "eth2"',
      '[az1/b] cluster "az1", ProviderNetwork "b": spec.customInterfaces[0].nodes must be a list of node names, e.g. [\'node1\'], got "node1"',
    ]);
  });

  const NO_VERSION = 'kubeOvn.chart.version must be a non-empty string without spaces, e.g. \'v1.13.15\', got undefined; pass it to KubeOvnChart.of';

  test('KubeOvnChart.of({}): plain chart', () => {
    const chart = Testing.chart();
    new ArgoCdDelivery(chart, 'ArgoCd', { repoUrl: 'https://git.example.com/fleet.git', revision: 'main', kubeOvn: { chart: KubeOvnChart.of(js({})) }, clusters: [] });
    expect(errorsOf(chart)).toEqual([`[test/ArgoCd] ArgoCdDelivery: ${NO_VERSION}`]);
  });

  test('KubeOvnChart.of({}): fleet, fleet-wide and per cluster', () => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithArgoCd({
      repoUrl: 'https://git.example.com/fleet.git', revision: 'main',
      kubeOvn: { chart: KubeOvnChart.of(js({})), clusters: { az2: { chart: KubeOvnChart.of(js(undefined)) } } },
    });
    expect(fleetErrors(fleet)).toEqual([
      `[argocd/ArgoCd] ArgoCdDelivery: ${NO_VERSION}`,
      `[argocd/ArgoCd] ArgoCdDelivery: ${NO_VERSION.replace('kubeOvn.chart', 'kubeOvn.clusters.az2.chart')}`,
    ]);
  });

  // In a fleet a Vlan is always added on a provider network (ProviderNetworkModel.addVlan), so only a plain chart can omit it.
  test('a Vlan without a providerNetwork: plain chart', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vlan(chart, 'v', js({ id: 10, cluster: KUBE_OVN }));
    expect(errorsOf(chart)).toEqual([
      '[az1/v] cluster "az1", Vlan "v": spec.provider is missing: providerNetwork must be the ProviderNetwork the VLAN runs on; create the Vlan with providerNetwork.addVlan(id, { id }) or pass providerNetwork',
    ]);
  });

  test('a Vlan without props: plain chart', () => {
    const chart = new Chart(Testing.app(), 'az1');
    new Vlan(chart, 'v', js(undefined));
    expect(errorsOf(chart)).toEqual([
      '[az1/v] cluster "az1", Vlan "v": spec.provider is missing: providerNetwork must be the ProviderNetwork the VLAN runs on; create the Vlan with providerNetwork.addVlan(id, { id }) or pass providerNetwork',
    ]);
  });
});
