import { ArgoCdDeliveryOptions, Cni, Fleet, FleetClusterProps, FluxDeliveryOptions, GatewayHa, KubeOvnChart, KubeOvnImage, OverlaySubnet, TunnelType, validateFleet } from '../../src';
import { clusterNetworkOf } from '../../src/fleet/model';
import { deepMerge, kubeOvnChartValues, resolveKubeOvnInstall } from '../../src/gitops/kube-ovn-chart';
import { twoClusterFleet } from '../support/fleets';
import { chart as chartFacts, jsonType } from '../support/bundle';
import { at, chartValueTypes, doc, leaves, render } from './helpers';

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };
const DEFAULTS = chartValueTypes('kube-ovn');

/** One Kube-OVN cluster with the given props, and its network as the deliveries see it. */
function oneCluster(props: Partial<FleetClusterProps> = {}) {
  const fleet = new Fleet();
  const cluster = fleet.addCluster('c1', {
    podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.1.1', '192.168.1.2', '192.168.1.3'], ...props,
  });
  return { fleet, cluster, network: clusterNetworkOf(cluster) };
}

describe('kube-ovn chart values', () => {
  test('the pinned chart is the shared Chart.yaml', () => {
    const chart = chartFacts('kube-ovn');
    expect(KubeOvnChart.DEFAULT.version).toBe(chart.version);
    expect(KubeOvnChart.DEFAULT.appVersion).toBe(chart.appVersion);
    expect(KubeOvnChart.DEFAULT.chart).toBe(chart.name);
    expect(KubeOvnChart.DEFAULT.repoUrl).toBe('https://kubeovn.github.io/kube-ovn/');
  });

  const variants: Array<[string, Partial<FleetClusterProps>, Parameters<typeof resolveKubeOvnInstall>[1]]> = [
    ['ipv4, defaults', {}, {}],
    ['ECMP gateways, vxlan, IFACE', {}, { gatewayHa: GatewayHa.ECMP, tunnelType: TunnelType.VXLAN, iface: 'enp6s0f0,eth.*' }],
    ['dual stack', { podCidr: '10.16.0.0/16,fd00:10:16::/112', serviceCidr: '10.96.0.0/12,fd00:10:96::/112', joinCidr: '100.64.0.0/16,fd00:100:64::/112' }, { tunnelType: TunnelType.STT }],
    ['ipv6', { podCidr: 'fd00:10:16::/112', serviceCidr: 'fd00:10:96::/112', joinCidr: 'fd00:100:64::/112' }, {}],
    ['mirrored image', { kubeOvnImage: KubeOvnImage.of({ registry: 'registry.example.com/kubeovn', tag: 'v1.13.15' }) }, {}],
    ['install-time underlay', { podCidr: '192.168.1.0/24', installUnderlay: { interfaceName: 'eth1', vlanId: 10, podGateway: '192.168.1.254', excludeIps: ['192.168.1.1..192.168.1.100'] } }, {}],
  ];

  test.each(variants)('every rendered key exists in the chart\'s values.yaml with the same type (%s)', (_name, props, install) => {
    const { network } = oneCluster(props);
    const values = kubeOvnChartValues(network, resolveKubeOvnInstall(network, install), true);
    const rendered = leaves(values);
    expect(rendered.length).toBeGreaterThan(10);
    for (const [key, value] of rendered) {
      const upstream = DEFAULTS[key];
      expect([key, upstream ?? 'missing in values.yaml']).toEqual([key, jsonType(value)]);
    }
  });

  test('the check catches a misspelt key', () => {
    expect(DEFAULTS['networking.ENABLE_ECMP']).toBe('boolean');
    expect(DEFAULTS.replicaCount).toBeUndefined(); // seed 003's --set replicaCount does nothing
    expect(DEFAULTS['networking.ENABLE_ECMPS']).toBeUndefined();
  });

  test('dual stack selects the dual_stack block and puts one CIDR per family in it', () => {
    const { network } = oneCluster(variants[2][1]);
    const values = kubeOvnChartValues(network, resolveKubeOvnInstall(network, {}), false);
    expect(values.networking).toMatchObject({ NET_STACK: 'dual_stack' });
    expect(values.dual_stack).toEqual({
      POD_CIDR: '10.16.0.0/16,fd00:10:16::/112', POD_GATEWAY: '10.16.0.1,fd00:10:16::1',
      SVC_CIDR: '10.96.0.0/12,fd00:10:96::/112', JOIN_CIDR: '100.64.0.0/16,fd00:100:64::/112',
    });
    expect(values.ipv4).toBeUndefined();
  });

  test('gateway HA, tunnel type and IFACE come from the install options, per cluster where given', () => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithArgoCd({
      ...REPO,
      kubeOvn: { gatewayHa: GatewayHa.ECMP, tunnelType: TunnelType.VXLAN, clusters: { az2: { gatewayHa: GatewayHa.ACTIVE_BACKUP, iface: 'eth1' } } },
    });
    const { dirs } = render(fleet);
    const values = (c: string) => doc(dirs.argocd, 'Application', `${c}-kube-ovn`).spec.source.helm.valuesObject;
    expect(values('az1').networking).toEqual({ ENABLE_ECMP: true, TUNNEL_TYPE: 'vxlan', NET_STACK: 'ipv4' });
    expect(values('az2').networking).toEqual({ ENABLE_ECMP: false, TUNNEL_TYPE: 'vxlan', IFACE: 'eth1', NET_STACK: 'ipv4' });
    expect(values('az1').MASTER_NODES).toBe('192.168.65.3,192.168.65.2,192.168.65.1');
    expect(values('az2').MASTER_NODES).toBe('192.168.66.1');
  });

  test('ENABLE_IC is true only for clusters with an InterconnectedCluster; other CNIs get no install', () => {
    const fleet = new Fleet();
    fleet.addCluster('plain', { podCidr: '10.30.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.3.1'] });
    fleet.addCluster('spider', { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN });
    fleet.deliverWithArgoCd(REPO);
    const argocd = render(fleet).dirs.argocd;
    expect(doc(argocd, 'Application', 'plain-kube-ovn').spec.source.helm.valuesObject.func).toEqual({ ENABLE_IC: false });
    expect(argocd.filter((d) => d.metadata.name === 'spider-kube-ovn')).toEqual([]);
    expect(doc(argocd, 'AppProject', 'ovn-ic-fleet-kube-ovn').spec.destinations).toEqual([{ name: 'plain', namespace: 'kube-system' }]);
  });

  test('an install-time underlay cluster gets NETWORK_TYPE=vlan and its physical POD_GATEWAY', () => {
    const { network } = oneCluster({ podCidr: '192.168.1.0/24', installUnderlay: { interfaceName: 'eth1', vlanId: 10, podGateway: '192.168.1.254' } });
    const values = kubeOvnChartValues(network, resolveKubeOvnInstall(network, {}), false);
    expect(at(values, 'networking.NETWORK_TYPE')).toBe('vlan');
    expect(at(values, 'networking.vlan.VLAN_INTERFACE_NAME')).toBe('eth1');
    expect(at(values, 'networking.vlan.VLAN_ID')).toBe('10');
    expect(at(values, 'ipv4.POD_GATEWAY')).toBe('192.168.1.254');
    expect(at(values, 'ipv4.SVC_CIDR')).toBe('10.96.0.0/12'); // the overlay-derived keys stay
    expect(at(values, 'networking.TUNNEL_TYPE')).toBe('geneve');
  });

  test('underlay values merge deeply into the derived ones', () => {
    expect(deepMerge({ networking: { TUNNEL_TYPE: 'geneve', ENABLE_ECMP: false }, MASTER_NODES: 'a' }, { networking: { NETWORK_TYPE: 'vlan', vlan: { VLAN_ID: '10' } } })).toEqual({
      networking: { TUNNEL_TYPE: 'geneve', ENABLE_ECMP: false, NETWORK_TYPE: 'vlan', vlan: { VLAN_ID: '10' } }, MASTER_NODES: 'a',
    });
  });
});

describe('kube-ovn install checks', () => {
  function problems(props: Partial<FleetClusterProps> = {}, setup?: (f: ReturnType<typeof oneCluster>) => void) {
    const f = oneCluster(props);
    setup?.(f);
    f.fleet.deliverWithArgoCd(REPO);
    return validateFleet(f.fleet);
  }

  test('the default fleet-like cluster passes', () => {
    expect(problems()).toEqual({ errors: [], warnings: [] });
  });

  test.each([[2], [4]])('%i masters: warning, an even Raft size tolerates no more failures than one fewer', (n) => {
    const { errors, warnings } = problems({ masterNodeIps: Array.from({ length: n }, (_, i) => `192.168.1.${i + 1}`) });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([`[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): MASTER_NODES lists ${n} masters; ${n} Raft members tolerate no more failures than ${n - 1}, use an odd number (1, 3 or 5)`]);
  });

  test.each([[1], [3], [5]])('%i masters: fine', (n) => {
    expect(problems({ masterNodeIps: Array.from({ length: n }, (_, i) => `192.168.1.${i + 1}`) })).toEqual({ errors: [], warnings: [] });
  });

  test.each([[6], [7]])('fails with %i masters', (n) => {
    expect(problems({ masterNodeIps: Array.from({ length: n }, (_, i) => `192.168.1.${i + 1}`) }).errors).toEqual([
      `[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): MASTER_NODES lists ${n} masters; ovn-central's Raft databases take 1, 3 or 5 members (every write waits for a majority), label at most 5 nodes kube-ovn/role=master and list their IPs`,
    ]);
  });

  test('fails when the service or join CIDR lacks a family of the pod CIDR', () => {
    const { errors } = problems({ podCidr: '10.16.0.0/16,fd00:10:16::/112', joinCidr: '100.64.0.0/16,fd00:100:64::/112' });
    expect(errors).toEqual([
      '[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): serviceCidr "10.96.0.0/12" is IPv4 but podCidr "10.16.0.0/16,fd00:10:16::/112" makes networking.NET_STACK dual_stack; give serviceCidr one CIDR per family of podCidr (IPv4+IPv6)',
    ]);
  });

  test('overlapping pod, service and join CIDRs are reported once, by the cluster itself', () => {
    const { errors } = problems({ joinCidr: '10.16.0.0/16' });
    expect(errors).toEqual([expect.stringMatching(/^\[c1\] cluster "c1": joinCidr 10\.16\.0\.0\/16 overlaps podCidr 10\.16\.0\.0\/16/)]);
  });

  test('fails when a Subnet in Git restates the default subnet differently from POD_CIDR', () => {
    const { errors } = problems({}, ({ cluster }) => cluster.addConstructs((chart, c) => new OverlaySubnet(chart, 'Default', { cluster: c.network, name: 'ovn-default', cidrBlock: '10.16.0.0/17' })));
    expect(errors).toContainEqual(
      '[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): Subnet "ovn-default" has cidrBlock 10.16.0.0/17 but the kube-ovn chart creates it from ipv4.POD_CIDR 10.16.0.0/16 (the cluster\'s podCidr); make them equal or drop the Subnet from the fleet',
    );
  });

  test('fails when the default subnet\'s gateway differs from POD_GATEWAY, and when join differs from JOIN_CIDR', () => {
    const { errors } = problems({}, ({ cluster }) => cluster.addConstructs((chart, c) => {
      new OverlaySubnet(chart, 'Default', { cluster: c.network, name: 'ovn-default', cidrBlock: '10.16.0.0/16', gateway: '10.16.0.254' });
      new OverlaySubnet(chart, 'Join', { cluster: c.network, name: 'join', cidrBlock: '100.64.0.0/17' });
    }));
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('Subnet "ovn-default" has gateway 10.16.0.254 but the kube-ovn chart sets ipv4.POD_GATEWAY 10.16.0.1; use 10.16.0.1'),
      expect.stringContaining('Subnet "join" has cidrBlock 100.64.0.0/17 but the kube-ovn chart creates it from ipv4.JOIN_CIDR 100.64.0.0/16 (the cluster\'s joinCidr)'),
    ]));
  });

  test('a Subnet of the fleet model is checked like the user\'s own constructs\' (the check reads the rendered folder)', () => {
    const { errors } = problems({}, ({ cluster }) => {
      cluster.addProviderNetwork('net1', { defaultInterface: 'eth1' }).addVlan('vlan10', { id: 10 }).addSubnet('Join', { name: 'join', cidrBlock: '100.64.0.0/17' });
    });
    expect(errors).toEqual([
      '[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): Subnet "join" has cidrBlock 100.64.0.0/17 but the kube-ovn chart creates it from ipv4.JOIN_CIDR 100.64.0.0/16 (the cluster\'s joinCidr); make them equal or drop the Subnet from the fleet',
    ]);
  });

  test('a Subnet that restates the default subnet exactly draws no chart error', () => {
    const { errors } = problems({}, ({ cluster }) => cluster.addConstructs((chart, c) => new OverlaySubnet(chart, 'Default', { cluster: c.network, name: 'ovn-default', cidrBlock: '10.16.0.0/16' })));
    expect(errors.filter((e) => e.includes('kube-ovn chart'))).toEqual([]);
  });

  // installedWithEnableIc is derived by the fleet, so the chart (func.ENABLE_IC) and the cluster folder never both run it
  test.each<[string, { argoCd?: Partial<ArgoCdDeliveryOptions>; flux?: Partial<FluxDeliveryOptions> }, Record<string, string[]>]>([
    ['no delivery', {}, { az1: ['fleet'], az2: ['fleet'] }],
    ['Argo CD installs Kube-OVN everywhere', { argoCd: {} }, { az1: ['chart'], az2: ['chart'] }],
    ['Flux installs Kube-OVN everywhere', { flux: {} }, { az1: ['chart'], az2: ['chart'] }],
    ['Argo CD installs it on az1 only', { argoCd: { kubeOvn: { clusters: { az2: { enabled: false } } } } }, { az1: ['chart'], az2: ['fleet'] }],
    ['no delivery installs Kube-OVN', { argoCd: { kubeOvn: { enabled: false } }, flux: { kubeOvn: { enabled: false } } }, { az1: ['fleet'], az2: ['fleet'] }],
    ['Flux installs it on az2 only, Argo CD nowhere', { argoCd: { kubeOvn: { enabled: false } }, flux: { kubeOvn: { enabled: false, clusters: { az2: { enabled: true } } } } }, { az1: ['fleet'], az2: ['chart'] }],
  ])('one source of ovn-ic-controller per interconnected cluster (%s)', (_name, deliveries, expected) => {
    const { fleet } = twoClusterFleet();
    if (deliveries.argoCd) fleet.deliverWithArgoCd({ ...REPO, ...deliveries.argoCd });
    if (deliveries.flux) fleet.deliverWithFlux({ ...REPO, ...deliveries.flux });
    expect(validateFleet(fleet).errors).toEqual([]);
    const { dirs } = render(fleet);
    const chartValues = [
      ...(dirs.argocd ?? []).filter((d) => d.kind === 'Application' && d.spec.source.helm).map((d) => ({ cluster: d.spec.destination.name, values: d.spec.source.helm.valuesObject })),
      ...Object.entries(dirs).filter(([dir]) => dir.startsWith('flux-kube-ovn/')).flatMap(([, docs]) => docs.map((d) => ({ cluster: d.spec.kubeConfig.secretRef.name.replace(/-kubeconfig$/, ''), values: d.spec.values }))),
    ];
    const sources = (c: string) => [
      ...dirs[`clusters/${c}`].filter((d) => d.kind === 'Deployment' && d.metadata.name === 'ovn-ic-controller').map(() => 'fleet'),
      ...new Set(chartValues.filter((v) => v.cluster === c && v.values.func.ENABLE_IC).map(() => 'chart')),
    ];
    expect({ az1: sources('az1'), az2: sources('az2') }).toEqual(expected);
    // a cluster the delivery installs Kube-OVN on without OVN-IC gets ENABLE_IC false
    expect(chartValues.filter((v) => !v.values.func.ENABLE_IC)).toEqual([]);
  });

  test('the fleet returns the deliveries\' warnings and prints none of them while it validates', () => {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      expect(problems({ masterNodeIps: ['192.168.1.1', '192.168.1.2'] }).warnings).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual([]);
  });

  test('warns when the chart and the cluster\'s Kube-OVN image are different releases', () => {
    const { warnings } = problems({ kubeOvnImage: KubeOvnImage.of({ tag: 'v1.14.2' }) });
    expect(warnings).toEqual([
      '[argocd/ArgoCd/c1/KubeOvn] cluster "c1", kube-ovn chart (Argo CD): the kube-ovn chart v1.13.15 installs Kube-OVN 1.13.15, but the cluster\'s Kube-OVN image is docker.io/kubeovn/kube-ovn:v1.14.2; the chart\'s templates may not fit that image, use the chart of the same release',
    ]);
  });
});
