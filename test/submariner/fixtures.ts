import { Chart } from 'cdk8s';
import { BrokerModel, CableDriver, Cni, Fleet, FleetCluster, FleetClusterProps, MultusConfigModel, SecretSource, SubmarinerBrokerProps, SubmarinerJoinProps, SubmarinerMembership } from '../../src';
import { collectProblems } from '../../src/rules/problems';

/** Inline sources that render no secret value (argocd-vault-plugin placeholders). */
export function avpSecrets(cluster: string): Pick<SubmarinerJoinProps, 'brokerToken' | 'brokerCa' | 'psk'> {
  return {
    brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${cluster}`, { key: 'token' }),
    brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'ca' }),
    psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }),
  };
}

/** What a fleet's broker takes (the fleet supplies `members` and `cluster`). */
export type FleetBrokerProps = Omit<SubmarinerBrokerProps, 'members' | 'cluster'>;
/** What a fleet's join takes besides the broker (the fleet supplies `broker` and `cluster`). */
export type FleetJoinProps = Omit<SubmarinerJoinProps, 'broker' | 'cluster'>;

/** Seed 004's clusters, brokers and pools, as plain props (shared by the fleet and the plain-chart variants). */
export const SEED = {
  a: { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['controller-node-1'] },
  b: { podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['controller-node-1'] },
  broker: { apiServer: '10.6.168.73:6443' },
  macvlan: { name: 'macvlan-conf', master: ['ens224'] },
  poolA: { name: 'cluster-a', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1', default: true },
  poolB: { name: 'cluster-b', subnet: '172.111.0.0/16', ips: ['172.111.1.1-172.111.1.200'], gateway: '172.111.0.1', default: true },
} as const;

export interface SeedFleetOptions {
  readonly a?: Partial<FleetClusterProps>;
  readonly b?: Partial<FleetClusterProps>;
  readonly broker?: Partial<FleetBrokerProps>;
  readonly joinA?: Partial<FleetJoinProps>;
  readonly joinB?: Partial<FleetJoinProps>;
  /** Pool props of cluster-a (subnet, ips, gateway). */
  readonly poolA?: { subnet?: string; ips?: string[]; gateway?: string };
  /** Called on the empty fleet, before the seed's clusters are added (to declare clusters first). */
  readonly before?: (fleet: Fleet) => void;
}

export interface SeedFleet {
  readonly fleet: Fleet;
  readonly a: FleetCluster;
  readonly b: FleetCluster;
  readonly broker: BrokerModel;
  readonly joinA: SubmarinerMembership;
  readonly joinB: SubmarinerMembership;
  readonly macvlanA: MultusConfigModel;
  readonly macvlanB: MultusConfigModel;
}

/** Seed 004: cluster-a (broker) and cluster-b, Spiderpool macvlan, libreswan, secrets through argocd-vault-plugin. */
export function seedFleet(opts: SeedFleetOptions = {}): SeedFleet {
  const fleet = new Fleet();
  opts.before?.(fleet);
  const a = fleet.addCluster('cluster-a', { ...SEED.a, gatewayNodes: [...SEED.a.gatewayNodes], ...opts.a });
  const b = fleet.addCluster('cluster-b', { ...SEED.b, gatewayNodes: [...SEED.b.gatewayNodes], ...opts.b });
  const broker = a.addSubmarinerBroker({ ...SEED.broker, ...opts.broker });
  const macvlanA = a.addSpiderMultusConfig('Macvlan', { ...SEED.macvlan, master: [...SEED.macvlan.master] }).addIpPool('Pool', {
    ...SEED.poolA,
    subnet: opts.poolA?.subnet ?? SEED.poolA.subnet,
    ips: opts.poolA?.ips ?? [...SEED.poolA.ips],
    gateway: opts.poolA?.gateway ?? SEED.poolA.gateway,
  });
  const macvlanB = b.addSpiderMultusConfig('Macvlan', { ...SEED.macvlan, master: [...SEED.macvlan.master] })
    .addIpPool('Pool', { ...SEED.poolB, ips: [...SEED.poolB.ips] });
  const joinA = a.joinSubmariner({ broker, cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-a'), ...opts.joinA });
  const joinB = b.joinSubmariner({ broker, cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-b'), ...opts.joinB });
  return { fleet, a, b, broker, joinA, joinB, macvlanA, macvlanB };
}

/**
 * Errors and warnings of a plain cdk8s chart's constructs, `[path] message` as the fleet reports them
 * (name the chart after the cluster to get the fleet's paths). Warnings a plain chart prints to
 * stderr while it validates are silenced here and returned in `printed`.
 */
export function chartProblems(chart: Chart): { errors: string[]; warnings: string[]; printed: string[] } {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    printed.push(...String(chunk).split('\n').filter((l) => l !== ''));
    return true;
  });
  try {
    return { ...collectProblems(chart), printed };
  } finally {
    spy.mockRestore();
  }
}

/** Kinds that are cluster-scoped among what this package renders. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'SpiderIPPool', 'CustomResourceDefinition']);
