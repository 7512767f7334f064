import { App, Chart } from 'cdk8s';
import { ExternalIcDatabase } from '../ovn-ic/external-ic-database';
import { IcDatabase } from '../ovn-ic/ic-database';
import { DEFAULT_TS_NUM } from '../ovn-ic/transit-switch';
import { SecretSource } from '../submariner/secret-source';
import { compareCodeUnits } from '../rules';
import type { ResolvedCluster, ResolvedClusterset, ResolvedFleet } from './resolve';

/**
 * The resolved fleet as plain data: what `plan` compares between two outputs. Written as
 * {@link FLEET_MODEL_FILE} at the top of the output folder, so the committed output of any Git
 * revision carries the model it was rendered from.
 *
 * Format: JSON, two-space indent, one trailing newline. Collections are sorted by name (clusters,
 * subnets, routes, pools, broker members, external databases); lists whose order is rendered keep
 * it (IC database hosts and NODE_IPS, gateway nodes, master node IPs). Defaults are filled in as
 * the constructs apply them. No secret value: a secret input is named by its source kind only.
 */
export interface FleetSnapshot {
  /** {@link FLEET_SNAPSHOT_VERSION}; a reader that does not know the version must not guess. */
  readonly version: number;
  readonly clusters: readonly ClusterSnapshot[];
  readonly externalIcDatabases: readonly ExternalIcDatabaseSnapshot[];
}

/** The file the render writes the snapshot to, relative to the output folder. */
export const FLEET_MODEL_FILE = 'fleet-model.json';

/** Version of the {@link FleetSnapshot} format. */
export const FLEET_SNAPSHOT_VERSION = 1;

/** One cluster's resolved facts. */
export interface ClusterSnapshot {
  readonly name: string;
  readonly network: NetworkSnapshot;
  /** The IC database this cluster runs (`ovn-ic-server`). */
  readonly icServer?: IcServerSnapshot;
  /** The cluster's OVN-IC connection (`ovn-ic-config`). */
  readonly interconnection?: InterconnectionSnapshot;
  /** Kube-OVN underlay subnets (on provider networks and VLANs), sorted by name. */
  readonly underlaySubnets: readonly UnderlaySubnetSnapshot[];
  /** The cluster's Submariner join. */
  readonly submariner?: SubmarinerSnapshot;
  /** The Submariner broker this cluster runs, with its members. */
  readonly submarinerBroker?: BrokerSnapshot;
  /** Spiderpool IP pools (SpiderIPPool), sorted by name. */
  readonly ipPools: readonly IpPoolSnapshot[];
}

export interface NetworkSnapshot {
  /** CNI name (`kube-ovn`, `spiderpool-macvlan`, ...). */
  readonly cni: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  /** Kube-OVN clusters only. */
  readonly joinCidr?: string;
  readonly masterNodeIps: readonly string[];
  readonly gatewayNodes: readonly string[];
}

/** Where a cluster finds its IC database (`IcDatabase`). */
export interface IcDatabaseSnapshot {
  /** `ic-db-host`, in order. */
  readonly hosts: readonly string[];
  readonly nbPort: number;
  readonly sbPort: number;
  /** Transit switches the database holds. */
  readonly tsNum: number;
  /** The fleet cluster running `ovn-ic-server` for it; absent for databases outside the clusters. */
  readonly serverCluster?: string;
  /** `IcDatabase.domainKey`: clusters with the same key share one interconnection. */
  readonly domain: string;
}

export interface IcServerSnapshot {
  /** NODE_IPS, in order. */
  readonly nodeIps: readonly string[];
  /** TS_NUM. */
  readonly tsNum: number;
  /** The IC domain (`IcDatabase.domainKey`) this server's database defines. */
  readonly domain: string;
}

export interface InterconnectionSnapshot {
  readonly azName: string;
  readonly enabled: boolean;
  readonly autoRoute: boolean;
  /** `gw-nodes`, in order. */
  readonly gatewayNodes: readonly string[];
  readonly icDatabase: IcDatabaseSnapshot;
  /** Manual routes (routeToPeer), as declared; sorted by peer cluster, then next hop. */
  readonly routes: readonly ManualRouteSnapshot[];
  /** Overlay subnets of the default VPC, sorted by name. */
  readonly subnets: readonly SubnetSnapshot[];
}

export interface ManualRouteSnapshot {
  readonly peerCluster: string;
  readonly peerAzName: string;
  readonly cidrs: readonly string[];
  readonly nextHop: string;
}

export interface SubnetSnapshot {
  /** The Subnet's name (cluster-scoped). */
  readonly name: string;
  /** `spec.cidrBlock`. */
  readonly cidrBlock: string;
}

export interface UnderlaySubnetSnapshot extends SubnetSnapshot {
  /** Construct id of the provider network (absent: the install-time one). */
  readonly providerNetwork?: string;
  /** Construct id of the VLAN (absent: the install-time one). */
  readonly vlan?: string;
}

export interface SubmarinerSnapshot {
  /** The cluster running the broker this cluster joins. */
  readonly brokerCluster: string;
  readonly clusterId: string;
  readonly cableDriver: string;
  /** `clusterCIDR`, `serviceCIDR`, `globalCIDR` as rendered. */
  readonly clusterCidr: string;
  readonly serviceCidr: string;
  readonly globalCidr?: string;
  /** The kind of each secret input (`argocdVaultPlugin`, `externalSecret`, ...), never its value or reference. */
  readonly secrets: { readonly brokerToken?: string; readonly brokerCa?: string; readonly psk?: string };
}

export interface BrokerSnapshot {
  readonly apiServer: string;
  readonly namespace: string;
  readonly globalnetEnabled: boolean;
  /** Member clusters and their cluster IDs, sorted by cluster. */
  readonly members: ReadonlyArray<{ readonly cluster: string; readonly clusterId: string }>;
}

export interface IpPoolSnapshot {
  readonly name: string;
  /** `spec.subnet`. */
  readonly subnet: string;
}

export interface ExternalIcDatabaseSnapshot {
  readonly id: string;
  /** The hosts in Raft order (NODE_IPS); `name` is the folder `hosts/<name>/`. */
  readonly hosts: ReadonlyArray<{ readonly name: string; readonly ip: string }>;
  /** `docker-compose` or `containerd-systemd`. */
  readonly runtime: string;
  /** The run specification in each host's folder (`compose.yaml`, `ovn-ic-db.service`). */
  readonly runFile: string;
  readonly domain: string;
}

const byName = <T extends { readonly name: string }>(items: T[]): T[] => items.sort((a, b) => compareCodeUnits(a.name, b.name));
const strings = (v: readonly unknown[] | undefined): string[] => (v ?? []).map(String);

function icDatabaseOf(db: IcDatabase): IcDatabaseSnapshot {
  return { hosts: strings(db.hosts), nbPort: db.nbPort, sbPort: db.sbPort, tsNum: db.tsNum, serverCluster: db.serverCluster, domain: db.domainKey };
}

/** The source kind only: never the value, nor a reference (for input that is not a SecretSource: `invalid`). */
function secretKind(source: SecretSource | undefined): string | undefined {
  if (source === undefined) return undefined;
  return source instanceof SecretSource ? source.mode : 'invalid';
}

/** The clustersets by broker cluster (the first with that broker, as `Array.find` would give it). */
function clustersetsByBroker(resolved: ResolvedFleet): ReadonlyMap<string, ResolvedClusterset> {
  const sets = new Map<string, ResolvedClusterset>();
  for (const s of resolved.clustersets) if (!sets.has(s.brokerCluster)) sets.set(s.brokerCluster, s);
  return sets;
}

function clusterSnapshot(c: ResolvedCluster, sets: ReadonlyMap<string, ResolvedClusterset>): ClusterSnapshot {
  const n = c.network;
  const ic = c.interconnection?.props;
  const server = c.icServer;
  const serverNodeIps = strings(server?.nodeIps);
  const serverTsNum = server?.tsNum ?? DEFAULT_TS_NUM;
  const join = c.join;
  const member = join && sets.get(join.brokerCluster)?.members.find((m) => m.cluster === c.name);
  const set = sets.get(c.name);
  const fromStore = join?.props.broker.credentialStore ? 'credentialStore' : undefined;
  return {
    name: c.name,
    network: { cni: n.cni?.name ?? 'kube-ovn', podCidr: n.podCidr, serviceCidr: n.serviceCidr, joinCidr: n.joinCidr, masterNodeIps: strings(n.masterNodeIps), gatewayNodes: strings(n.gatewayNodes) },
    icServer: server && { nodeIps: serverNodeIps, tsNum: serverTsNum, domain: IcDatabase.inCluster(c.name, serverNodeIps, serverTsNum).domainKey },
    interconnection: ic && {
      azName: ic.azName ?? c.name,
      enabled: ic.enabled ?? true,
      autoRoute: ic.autoRoute ?? true,
      gatewayNodes: strings(ic.gatewayNodes ?? n.gatewayNodes),
      icDatabase: icDatabaseOf(ic.icDatabase),
      routes: (ic.peerRoutes ?? [])
        .map((r) => ({ peerCluster: r.peerCluster, peerAzName: r.peerAzName, cidrs: strings(r.cidrs), nextHop: String(r.nextHop) }))
        .sort((a, b) => compareCodeUnits(a.peerCluster, b.peerCluster) || compareCodeUnits(a.nextHop, b.nextHop)),
      subnets: byName((c.interconnection?.subnets ?? []).map((s) => ({ name: s.props?.name ?? s.id, cidrBlock: s.props?.cidrBlock }))),
    },
    underlaySubnets: byName(c.providerNetworks.flatMap((pn) => pn._vlans.flatMap((v) => v._subnets.map((s) => ({
      name: s.props?.name ?? s.id,
      cidrBlock: s.props?.cidrBlock,
      providerNetwork: pn.installed ? undefined : pn.id,
      vlan: v.installed ? undefined : v.id,
    }))))),
    submariner: join && {
      brokerCluster: join.brokerCluster,
      clusterId: member?.clusterId ?? c.name,
      cableDriver: member?.cableDriver.name ?? '',
      clusterCidr: join.props.clusterCidr ?? n.podCidr,
      serviceCidr: join.props.serviceCidr ?? n.serviceCidr,
      globalCidr: join.props.globalCidr,
      // a value the join does not give comes from its broker's credential store
      secrets: {
        brokerToken: secretKind(join.props.brokerToken) ?? fromStore, brokerCa: secretKind(join.props.brokerCa) ?? fromStore,
        psk: secretKind(join.props.psk) ?? (member?.cableDriver.usesPsk === false ? undefined : fromStore),
      },
    },
    submarinerBroker: set && {
      apiServer: set.apiServer,
      namespace: set.namespace,
      globalnetEnabled: set.globalnetEnabled,
      members: set.members.map((m) => ({ cluster: m.cluster, clusterId: m.clusterId })).sort((a, b) => compareCodeUnits(a.cluster, b.cluster)),
    },
    ipPools: byName(c.multusConfigs.flatMap((m) => m.pools.map((p) => ({ name: p.props?.name ?? p.id, subnet: p.props?.subnet })))),
  };
}

/** The external IC databases' snapshots, sorted by id. */
function externalSnapshots(resolved: ResolvedFleet): ExternalIcDatabaseSnapshot[] {
  return resolved.externalIcDatabases.map((db): ExternalIcDatabaseSnapshot => {
    // the construct fills in host names and the runtime exactly as it renders them (never synthesized)
    const built = new ExternalIcDatabase(new Chart(new App(), ExternalIcDatabase.OUTPUT_DIR), db.id, db.props);
    return {
      id: db.id,
      hosts: built.hosts.map((h) => ({ name: h.name, ip: String(h.ip) })),
      runtime: built.runtime.name,
      runFile: built.runtime.fileName,
      domain: built.icDatabase.domainKey,
    };
  }).sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** The clusters sorted by name (as the snapshot lists them). */
function clustersByName(resolved: ResolvedFleet): ResolvedCluster[] {
  return [...resolved.clusters].sort((a, b) => compareCodeUnits(a.name, b.name));
}

/** The resolved facts `plan` compares, as plain, sorted, deterministic data (see {@link FleetSnapshot}). */
export function snapshotOf(resolved: ResolvedFleet): FleetSnapshot {
  const sets = clustersetsByBroker(resolved);
  return {
    version: FLEET_SNAPSHOT_VERSION,
    clusters: clustersByName(resolved).map((c) => clusterSnapshot(c, sets)),
    externalIcDatabases: externalSnapshots(resolved),
  };
}

/**
 * The text of {@link FLEET_MODEL_FILE} (`JSON.stringify(snapshotOf(resolved), null, 2)` and a newline)
 * in chunks, one cluster at a time, so the snapshot of a large fleet is never all in memory.
 */
export function* snapshotChunks(resolved: ResolvedFleet): Generator<string> {
  const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
  const clusters = clustersByName(resolved);
  const sets = clustersetsByBroker(resolved);
  yield `{\n  "version": ${JSON.stringify(FLEET_SNAPSHOT_VERSION)},\n  "clusters": ${clusters.length === 0 ? '[]' : '['}`;
  let chunk = '';
  for (let i = 0; i < clusters.length; i++) {
    // a cluster inside two arrays is indented as the snapshot's "clusters" list indents it (four spaces):
    // the text between `[\n  [\n` and `\n  ]\n]` is the cluster's lines, each indented, without indent()'s replace
    const nested = JSON.stringify([[clusterSnapshot(clusters[i], sets)]], null, 2);
    chunk += `${i === 0 ? '' : ','}\n${nested.slice(6, -6)}`;
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${clusters.length === 0 ? '' : '\n  ]'},\n  "externalIcDatabases": ${indent(JSON.stringify(externalSnapshots(resolved), null, 2), '  ')}\n}\n`;
}

/** The snapshot as the text of {@link FLEET_MODEL_FILE}. */
export function snapshotJson(resolved: ResolvedFleet): string {
  return [...snapshotChunks(resolved)].join('');
}
