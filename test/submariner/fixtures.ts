import {
  CableDriver, Cni, Fleet, FleetCluster, FleetClusterProps, SecretSource, SpiderMultusConfig, SubmarinerBroker,
  SubmarinerBrokerProps, SubmarinerJoin, SubmarinerJoinProps,
} from '../../src';

/** Inline sources that render no secret value (argocd-vault-plugin placeholders). */
export function avpSecrets(cluster: string): Pick<SubmarinerJoinProps, 'brokerToken' | 'brokerCa' | 'psk'> {
  return {
    brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${cluster}`, { key: 'token' }),
    brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'ca' }),
    psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }),
  };
}

export interface SeedFleetOptions {
  readonly a?: Partial<FleetClusterProps>;
  readonly b?: Partial<FleetClusterProps>;
  readonly broker?: Partial<SubmarinerBrokerProps>;
  readonly joinA?: Partial<SubmarinerJoinProps>;
  readonly joinB?: Partial<SubmarinerJoinProps>;
  /** Pool props of cluster-a (subnet, ips, gateway). */
  readonly poolA?: { subnet?: string; ips?: string[]; gateway?: string };
}

export interface SeedFleet {
  readonly fleet: Fleet;
  readonly a: FleetCluster;
  readonly b: FleetCluster;
  readonly broker: SubmarinerBroker;
  readonly joinA: SubmarinerJoin;
  readonly joinB: SubmarinerJoin;
  readonly macvlanA: SpiderMultusConfig;
  readonly macvlanB: SpiderMultusConfig;
}

/** Seed 004: cluster-a (broker) and cluster-b, Spiderpool macvlan, libreswan, secrets through argocd-vault-plugin. */
export function seedFleet(opts: SeedFleetOptions = {}): SeedFleet {
  const fleet = new Fleet();
  const a = fleet.addCluster('cluster-a', {
    podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['controller-node-1'], ...opts.a,
  });
  const b = fleet.addCluster('cluster-b', {
    podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['controller-node-1'], ...opts.b,
  });
  const broker = new SubmarinerBroker(a.chart, 'SubmarinerBroker', { apiServer: '10.6.168.73:6443', ...opts.broker });
  const macvlanA = new SpiderMultusConfig(a.chart, 'Macvlan', { name: 'macvlan-conf', master: ['ens224'] });
  macvlanA.addIpPool('Pool', {
    name: 'cluster-a',
    subnet: opts.poolA?.subnet ?? '172.110.0.0/16',
    ips: opts.poolA?.ips ?? ['172.110.1.1-172.110.1.200'],
    gateway: opts.poolA?.gateway ?? '172.110.0.1',
    default: true,
  });
  const macvlanB = new SpiderMultusConfig(b.chart, 'Macvlan', { name: 'macvlan-conf', master: ['ens224'] });
  macvlanB.addIpPool('Pool', { name: 'cluster-b', subnet: '172.111.0.0/16', ips: ['172.111.1.1-172.111.1.200'], gateway: '172.111.0.1', default: true });
  const joinA = new SubmarinerJoin(a.chart, 'SubmarinerJoin', { broker, cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-a'), ...opts.joinA });
  const joinB = new SubmarinerJoin(b.chart, 'SubmarinerJoin', { broker, cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-b'), ...opts.joinB });
  return { fleet, a, b, broker, joinA, joinB, macvlanA, macvlanB };
}

/** Kinds that are cluster-scoped among what this package renders. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'SpiderIPPool', 'CustomResourceDefinition']);
