import { ArgoCdApplicationMode, CableDriver, Cni, Fleet, GatewayHa, KubeOvnChart, KubeOvnImage, SecretSource, SubmarinerCrds, TunnelType } from '../../src';
import { renderFleetFiles, validateFleet } from '../../src/fleet';
import { checkFleetFile, formatFileProblem, loadFleetFileText } from '../../src/fleet-file';

// What the two examples do not use, side by side in TypeScript and in a fleet file: the install-time underlay pair,
// images, another CNI, a connectivity check on a macvlan network, broker options, both deliveries with every
// class-valued option.

// acknowledged plain text: Flux cannot fill argocd-vault-plugin placeholders
const PLAIN = (value: string) => SecretSource.plainText(value, { iUnderstandThisIsWrittenToGit: true });

function typescriptFleet(): Fleet {
  const fleet = new Fleet();
  const mirror = KubeOvnImage.of({ registry: 'registry.example.com/kubeovn', tag: 'v1.13.15' });
  const az1 = fleet.addCluster('az1', {
    podCidr: '172.17.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3'],
    gatewayNodes: ['gw1', 'gw2'], kubeOvnImage: mirror, installUnderlay: { interfaceName: 'eth1', vlanId: 0, logicalGateway: true },
  });
  az1.interconnect({ icDatabase: az1.addIcServer({ nodeIps: ['192.168.65.3'], tsNum: 2, image: mirror }), azName: 'zone-1' });
  az1.installUnderlayVlan().addSubnet('more', { cidrBlock: '172.18.0.0/24', logicalGateway: true });
  az1.installUnderlayProviderNetwork().addVlan('v7', { id: 7 }).addSubnet('tagged', { cidrBlock: '172.19.0.0/24', excludeIps: ['172.19.0.2..172.19.0.9'] });

  const a = fleet.addCluster('cluster-a', { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'] });
  const broker = a.addSubmarinerBroker({ apiServer: '10.6.168.73:6443', namespace: 'broker', operator: { version: '0.18.1', crds: SubmarinerCrds.preinstalled() } });
  const macvlan = a.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', master: ['ens224'], vlanId: 20 });
  macvlan.addIpPool('Pool', { name: 'cluster-a', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1', default: true });
  a.joinSubmariner({ broker, cableDriver: CableDriver.VXLAN, brokerToken: PLAIN('token-a'), brokerCa: PLAIN('ca') })
    .addConnectivityCheck({ serviceIp: '10.233.63.200', podIp: '172.110.1.250', multusConfig: macvlan });
  const c = fleet.addCluster('cluster-c', { podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16', cni: Cni.of('calico'), gatewayNodes: ['gw'] });
  c.joinSubmariner({ broker, cableDriver: CableDriver.VXLAN, brokerToken: PLAIN('token-c'), brokerCa: PLAIN('ca'), clusterId: 'calico-c' })
    .addConnectivityCheck({ serviceIp: '10.43.255.200' });

  const kubeOvn = { gatewayHa: GatewayHa.ECMP, tunnelType: TunnelType.VXLAN, chart: KubeOvnChart.of({ version: 'v1.13.15' }), clusters: { az1: { iface: 'eth0' } } };
  fleet.deliverWithArgoCd({ repoUrl: 'https://git.example.com/f.git', revision: 'main', applicationMode: ArgoCdApplicationMode.APPLICATION_SET_LIST, argoCdVersion: '2.13', kubeOvn });
  fleet.deliverWithFlux({ repoUrl: 'https://git.example.com/f.git', revision: 'main', interval: '5m', kubeOvn });
  return fleet;
}

const FILE = `
clusters:
  az1:
    podCidr: 172.17.0.0/16
    joinCidr: 100.64.0.0/16
    serviceCidr: 10.96.0.0/12
    masterNodeIps: [192.168.65.3]
    gatewayNodes: [gw1, gw2]
    kubeOvnImage: &mirror { registry: registry.example.com/kubeovn, tag: v1.13.15 }
    installUnderlay: { interfaceName: eth1, vlanId: 0, logicalGateway: true }
    icServer: { nodeIps: [192.168.65.3], tsNum: 2, image: *mirror }
    interconnection: { icDatabase: az1, azName: zone-1 }
    installUnderlaySubnets:
      more: { cidrBlock: 172.18.0.0/24, logicalGateway: true }
    installUnderlayVlans:
      v7: { id: 7, subnets: { tagged: { cidrBlock: 172.19.0.0/24, excludeIps: [172.19.0.2..172.19.0.9] } } }
  cluster-a:
    podCidr: 172.110.0.0/16
    serviceCidr: 10.233.0.0/18
    cni: spiderpool-macvlan
    gatewayNodes: [gw]
    submarinerBroker: { apiServer: 10.6.168.73:6443, namespace: broker, operator: { version: 0.18.1, crds: { preinstalled: true } } }
    multusConfigs:
      Macvlan:
        name: macvlan-conf
        master: [ens224]
        vlanId: 20
        ipPools: { Pool: { name: cluster-a, subnet: 172.110.0.0/16, ips: [172.110.1.1-172.110.1.200], gateway: 172.110.0.1, default: true } }
    submariner:
      broker: cluster-a
      cableDriver: vxlan
      brokerToken: { plainText: { value: token-a, iUnderstandThisIsWrittenToGit: true } }
      brokerCa: &ca { plainText: { value: ca, iUnderstandThisIsWrittenToGit: true } }
      connectivityCheck: { serviceIp: 10.233.63.200, podIp: 172.110.1.250, multusConfig: Macvlan }
  cluster-c:
    podCidr: 10.42.0.0/16
    serviceCidr: 10.43.0.0/16
    cni: { of: calico }
    gatewayNodes: [gw]
    submariner:
      broker: cluster-a
      cableDriver: vxlan
      clusterId: calico-c
      brokerToken: { plainText: { value: token-c, iUnderstandThisIsWrittenToGit: true } }
      brokerCa: *ca
      connectivityCheck: { serviceIp: 10.43.255.200 }
delivery:
  argoCd:
    repoUrl: https://git.example.com/f.git
    revision: main
    applicationMode: application-set-list
    argoCdVersion: "2.13"
    kubeOvn: &kubeOvn { gatewayHa: ecmp, tunnelType: vxlan, chart: { version: v1.13.15 }, clusters: { az1: { iface: eth0 } } }
  flux: { repoUrl: https://git.example.com/f.git, revision: main, interval: 5m, kubeOvn: *kubeOvn }
`;

test('the options the examples leave out render the same from TypeScript and from a fleet file', () => {
  const ts = typescriptFleet();
  expect(validateFleet(ts).errors).toEqual([]);
  const loaded = loadFleetFileText(FILE, 'fleet.yaml');
  expect(checkFleetFile(loaded).errors.map(formatFileProblem)).toEqual([]);
  const expected = new Map(renderFleetFiles(ts).files.map((f) => [f.file, f.content]));
  const actual = new Map(renderFleetFiles(loaded.fleet!).files.map((f) => [f.file, f.content]));
  expect([...new Set([...expected.keys(), ...actual.keys()])].filter((f) => expected.get(f) !== actual.get(f))).toEqual([]);
  expect([...expected.keys()].some((f) => f.startsWith('flux/')) && [...expected.keys()].some((f) => f.startsWith('argocd/'))).toBe(true);
});

test('unknown names everywhere a file refers to another object, and an id that is both kinds of IC database', () => {
  const bad = FILE
    .replace('connectivityCheck: { serviceIp: 10.233.63.200, podIp: 172.110.1.250, multusConfig: Macvlan }', 'connectivityCheck: { serviceIp: 10.233.63.200, multusConfig: Macvlna }')
    .replace('clusters: { az1: { iface: eth0 } }', 'clusters: { az9: { iface: eth0 } }')
    .replace('interconnection: { icDatabase: az1, azName: zone-1 }', 'interconnection: { icDatabase: az1, peerRoutes: [{ peer: az7, cidrs: [10.0.0.0/8], nextHop: 169.254.100.2 }] }')
    .replace('delivery:', 'externalIcDatabases:\n  az1: { hosts: [{ ip: 192.168.70.1 }] }\ndelivery:');
  const problems = checkFleetFile(loadFleetFileText(bad, 'fleet.yaml')).errors.map(formatFileProblem);
  expect(problems).toEqual(expect.arrayContaining([
    expect.stringMatching(/^fleet\.yaml:\d+:\d+: clusters\.az1\.interconnection\.peerRoutes\[0\]\.peer: unknown cluster "az7"; name an interconnected cluster of this file \(known: cluster-a, cluster-c\)$/),
    expect.stringMatching(/^fleet\.yaml:\d+:\d+: clusters\.cluster-a\.submariner\.connectivityCheck\.multusConfig: unknown multus config "Macvlna"; name one of this cluster's multusConfigs \(known: Macvlan\)$/),
    expect.stringMatching(/^fleet\.yaml:\d+:3: externalIcDatabases\.az1: "az1" is both an external IC database and a cluster with icServer/),
    expect.stringMatching(/^fleet\.yaml:\d+:\d+: delivery\.argoCd\.kubeOvn\.clusters\.az9: unknown cluster "az9"; name a cluster of this file \(known: az1, cluster-a, cluster-c\)$/),
  ]));
});

test('crds.fromFiles are relative to the fleet file\'s folder', () => {
  const text = 'clusters:\n  a:\n    podCidr: 10.42.0.0/16\n    serviceCidr: 10.43.0.0/16\n    cni: { of: calico }\n'
    + '    submarinerBroker: { apiServer: "10.0.0.1:6443", operator: { crds: { fromFiles: [crds/submariner.yaml, /abs/x.yaml] } } }\n';
  const loaded = loadFleetFileText(text, '/work/fleet/fleet.yaml');
  expect(loaded.problems).toEqual([]);
  expect(loaded.fleet!.cluster('a')!._broker!.props.operator!.crds!.files).toEqual(['/work/fleet/crds/submariner.yaml', '/abs/x.yaml']);
});
