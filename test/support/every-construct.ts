import { ArgoCdApplicationMode, BrokerModel, CableDriver, Cni, Fleet, KubeOvnChart, SecretSource } from '../../src';

/** The inline secrets of the Submariner joins, and the PSK (libreswan). */
export interface EveryConstructSecrets {
  readonly brokerToken: SecretSource;
  readonly brokerCa: SecretSource;
  readonly psk: SecretSource;
}

export interface EveryConstructOptions {
  readonly delivery: 'argocd' | 'flux';
  /** @default argocd-vault-plugin placeholders with Argo CD; acknowledged plain text (no secret) with Flux */
  readonly secrets?: (cluster: string) => EveryConstructSecrets;
  /** @default the default fleet's repository */
  readonly repoUrl?: string;
  /** @default - the upstream kube-ovn chart repository */
  readonly chartRepoUrl?: string;
}

const ACK = { iUnderstandThisIsWrittenToGit: true } as const;

/**
 * A fleet that uses every construct of the package at least once: OVN-IC on an in-cluster IC database
 * (IcServer) and on hosts outside Kubernetes (ExternalIcDatabase, hosts/), the chart's and the package's
 * ovn-ic-controller (IcController), auto and manual routes (DefaultVpcRoutes), overlay subnets, the underlay
 * (ProviderNetwork, Vlan, UnderlaySubnet), Spiderpool (SpiderMultusConfig, SpiderIpPool), Submariner
 * (operator, SubmarinerBroker, SubmarinerJoin, an ExternalSecret PSK, ConnectivityCheck) and the delivery
 * (Argo CD with an ApplicationSet, or Flux with HelmReleases). Policy tests run over it, so a rule holds for
 * everything the package can render, not only for the default fleet.
 */
export function everyConstructFleet(opts: EveryConstructOptions): Fleet {
  const fleet = new Fleet();
  const masters = ['192.168.65.3', '192.168.65.2', '192.168.65.1'];

  const az1 = fleet.addCluster('az1', { podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: masters, gatewayNodes: ['az1-gw'] });
  const icDatabase = az1.addIcServer({ nodeIps: masters, tsNum: 3 });
  az1.interconnect({ icDatabase });
  const net1 = az1.addProviderNetwork('net1', { defaultInterface: 'eth1', customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }], excludeNodes: ['node2'] });
  net1.addVlan('vlan1', { id: 0 }).addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', logicalGateway: true });
  net1.addVlan('vlan2', { id: 100 }).addSubnet('subnet2', { cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.254' });

  const az2 = fleet.addCluster('az2', { podCidr: '10.17.0.0/16', joinCidr: '100.65.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.66.1'], gatewayNodes: ['az2-gw'] });
  az2.interconnect({ icDatabase }).addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });

  // a second interconnection on hosts outside Kubernetes, with manual routes and the package's ovn-ic-controller (az3:
  // Kube-OVN not installed by the delivery)
  const hosts = fleet.addExternalIcDatabase('ic-db', { hosts: [{ ip: '192.168.70.1', name: 'ic-db-1' }] });
  const az3 = fleet.addCluster('az3', { podCidr: '10.18.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'], gatewayNodes: ['az3-gw'] });
  const az4 = fleet.addCluster('az4', { podCidr: '10.19.0.0/16', joinCidr: '100.67.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.68.1'], gatewayNodes: ['az4-gw'] });
  az3.interconnect({ icDatabase: hosts, autoRoute: false }).routeToPeer({ peer: az4, cidrs: ['10.19.0.0/24'], nextHop: '169.254.100.31' });
  az4.interconnect({ icDatabase: hosts, autoRoute: false }).routeToPeer({ peer: az3, cidrs: ['10.18.0.0/24'], nextHop: '169.254.100.79' });

  const secrets = opts.secrets ?? ((cluster: string): EveryConstructSecrets => (opts.delivery === 'argocd'
    ? {
      brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${cluster}`, { key: 'token' }),
      brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'ca' }),
      // Argo CD cannot feed a Secret into the submariner-operator chart's values (ipsec.psk): a placeholder
      psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }),
    }
    : {
      brokerToken: SecretSource.plainText(`token-of-${cluster}`, ACK),
      brokerCa: SecretSource.plainText('ca-of-the-broker', ACK),
      psk: SecretSource.externalSecret({ store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteKey: 'submariner/ipsec' }),
    }));
  const seed = [
    { name: 'cluster-a', podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', serviceIp: '10.233.63.200' },
    { name: 'cluster-b', podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', serviceIp: '10.243.63.200' },
  ];
  let broker: BrokerModel | undefined;
  for (const [i, c] of seed.entries()) {
    const cluster = fleet.addCluster(c.name, { podCidr: c.podCidr, serviceCidr: c.serviceCidr, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['controller-node-1'] });
    broker ??= cluster.addSubmarinerBroker({ apiServer: '10.6.168.73:6443' });
    const prefix = c.podCidr.split('.').slice(0, 2).join('.');
    cluster.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', master: ['ens224'] })
      .addIpPool('Pool', { name: c.name, subnet: c.podCidr, ips: [`${prefix}.1.1-${prefix}.1.200`], gateway: `${prefix}.0.1`, default: true });
    const join = cluster.joinSubmariner({ broker, cableDriver: CableDriver.LIBRESWAN, ...secrets(c.name) });
    // "aa-check": Danish collation sorts "aa" after "z", so a locale-dependent order would show (test/locale.test.ts)
    join.addConnectivityCheck({ serviceIp: c.serviceIp, namespace: i === 0 ? undefined : 'aa-check' });
  }

  const chart = opts.chartRepoUrl === undefined ? undefined : KubeOvnChart.of({ version: 'v1.13.15', repoUrl: opts.chartRepoUrl });
  const kubeOvn = { chart, clusters: { az3: { enabled: false } } };
  const repoUrl = opts.repoUrl ?? 'https://git.example.com/platform/ovn-ic-fleet.git';
  if (opts.delivery === 'argocd') {
    fleet.deliverWithArgoCd({ repoUrl, revision: 'main', namespace: 'argocd', applicationMode: ArgoCdApplicationMode.APPLICATION_SET_GIT, kubeOvn });
  } else {
    fleet.deliverWithFlux({ repoUrl, revision: 'main', kubeOvn });
  }
  return fleet;
}
