import * as path from 'path';
import type { Chart } from 'cdk8s';
import type { ArgoCdDeliveryOptions, FluxDeliveryOptions } from '../gitops';
import { KubeOvnImage } from '../kube-ovn/image';
import type { InstallUnderlayProps } from '../kube-ovn/install-underlay';
import type { OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import type { ExternalIcDatabaseProps } from '../ovn-ic/external-ic-database';
import { IcDatabase } from '../ovn-ic/ic-database';
import type { IcServerProps } from '../ovn-ic/ic-server';
import type { InterconnectedClusterProps } from '../ovn-ic/interconnected-cluster';
import type { IpFamily, RangeKind, RangePlan } from '../net';
import { ClusterNetwork, Cni, compareCodeUnits } from '../rules';
import type { SpiderIpPoolProps } from '../spiderpool/ip-pool';
import type { SpiderMultusConfigProps } from '../spiderpool/multus-config';
import type { SubmarinerBrokerProps } from '../submariner/broker';
import type { ConnectivityCheckOptions } from '../submariner/connectivity-check';
import type { SubmarinerJoinProps } from '../submariner/join';
import type { ProviderNetworkProps } from '../underlay/provider-network';
import type { UnderlaySubnetOptions } from '../underlay/underlay-subnet';
import type { VlanOptions } from '../underlay/vlan';
import type { ResolvedCluster } from './resolve';

/**
 * The fleet model: plain data that says what each cluster runs and how the clusters are connected.
 * Nothing here builds a construct: {@link resolveFleet} computes every cross-cluster fact from it
 * once, and the renderer builds each cluster's chart from its resolved slice, one at a time.
 */

/** Kube-OVN's default join CIDR (JOIN_CIDR in install.sh and the chart). */
export const DEFAULT_JOIN_CIDR = '100.64.0.0/16';

/** Props of a cluster in the fleet. */
export interface FleetClusterProps {
  /**
   * Default pod network: Kube-OVN `ovn-default` (POD_CIDR); for other CNIs their cluster CIDR.
   * Dual-stack: one CIDR per family, `'10.16.0.0/16,fd00:10:16::/112'`.
   * @default - allocated by the fleet's address plan ({@link Fleet.planAddresses}); required without one
   */
  readonly podCidr?: string;
  /**
   * Kubernetes service CIDR (`--service-cluster-ip-range`, Kube-OVN SVC_CIDR); dual-stack as podCidr.
   * @default - allocated by the fleet's address plan ({@link Fleet.planAddresses}); required without one
   */
  readonly serviceCidr?: string;
  /**
   * Kube-OVN join subnet (JOIN_CIDR), node-to-pod traffic. Only for Kube-OVN clusters. OVN-IC
   * advertises it, so interconnected clusters need distinct join CIDRs.
   * @default - allocated by the address plan when it has join supernets, else '100.64.0.0/16' for Kube-OVN clusters
   */
  readonly joinCidr?: string;
  /**
   * The IP families of the ranges the address plan allocates for this cluster, primary first
   * (`['IPv4', 'IPv6']` is dual-stack, IPv4 primary). Used by the address plan only: ranges set by
   * hand are used as given.
   * @default - the families of the cluster's podCidr when it is set by hand, else the address plan's ipFamilies
   */
  readonly ipFamilies?: IpFamily[];
  /**
   * Master node IPs (Kube-OVN MASTER_NODES), in order: ovn-central's NODE_IPS and OVN_DB_IPS.
   * @default - none (required for Kube-OVN clusters)
   */
  readonly masterNodeIps?: string[];
  /**
   * Nodes that carry cross-cluster traffic (OVN-IC gw-nodes, Submariner gateways): one list for both.
   * On a cluster that joins Submariner they are labelled `submariner.io/gateway=true` (see `labelNodes`).
   * @default - none
   */
  readonly gatewayNodes?: string[];
  /**
   * Names of the Kube-OVN master nodes (the nodes whose IPs `masterNodeIps` lists, one name per IP, any
   * order): they are labelled `kube-ovn/role=master`, which the kube-ovn chart's ovn-central,
   * kube-ovn-monitor and ovn-ic-controller (and the package's ovn-ic-server) select on (see `labelNodes`).
   * Node names are RFC 1123 subdomains, as `kubectl get nodes` lists them.
   * @default - none: label the masters by other means
   */
  readonly masterNodes?: string[];
  /**
   * Label the nodes declaratively: partial `Node` manifests (labels only) in `dist/nodes/<cluster>/`,
   * delivered before Kube-OVN and the cluster folder, never pruned or deleted: `kube-ovn/role=master` on
   * `masterNodes`, `submariner.io/gateway=true` on `gatewayNodes` of a Submariner member. Set it to
   * `false` when nodes are labelled at provisioning time (then nothing is rendered for them).
   * @default true
   */
  readonly labelNodes?: boolean;
  /**
   * The cluster's CNI.
   * @default Cni.KUBE_OVN
   */
  readonly cni?: Cni;
  /**
   * Kube-OVN image for the components this package renders.
   * @default KubeOvnImage.DEFAULT
   */
  readonly kubeOvnImage?: KubeOvnImage;
  /**
   * Install Kube-OVN with its default subnet `ovn-default` in underlay mode (NETWORK_TYPE=vlan):
   * `podCidr` is then a range of the physical network. See `kubeOvnUnderlayValues`.
   * @default - ovn-default is an overlay (Geneve) subnet
   */
  readonly installUnderlay?: InstallUnderlayProps;
}

/** Props of {@link FleetCluster.interconnect}: the InterconnectedCluster's, less what the fleet supplies. */
export type InterconnectionProps = Omit<InterconnectedClusterProps, 'cluster' | 'peerRoutes' | 'installedWithEnableIc'>;

/** Options of {@link Interconnection.routeToPeer}. */
export interface PeerRouteOptions {
  /** The interconnected cluster the CIDRs belong to; it must use the same IC database. */
  readonly peer: FleetCluster;
  /** CIDRs of the peer to reach through its transit-switch port (see `PeerRoute.cidrs`). */
  readonly cidrs: string[];
  /** The peer's port address on a transit switch as this cluster sees it (see `PeerRoute.nextHop`). */
  readonly nextHop: string;
}

/** A construct id and the props of an object of the model. */
export interface ModelEntry<P> {
  readonly id: string;
  readonly props: P;
}

/** An OVN-IC database on hosts outside Kubernetes, as declared. */
export interface ExternalIcDatabaseEntry extends ModelEntry<ExternalIcDatabaseProps> {
  /** What the clusters connect to. */
  readonly database: IcDatabase;
}

/** A cluster's OVN-IC connection in the fleet model (rendered as an `InterconnectedCluster`). */
export class Interconnection {
  /** Construct id of the InterconnectedCluster in the cluster's chart. */
  public static readonly ID = 'Interconnection';
  /** @internal */
  public readonly _subnets: Array<ModelEntry<OverlaySubnetProps>> = [];
  /** @internal */
  public readonly _routes: PeerRouteOptions[] = [];

  /** @internal */
  constructor(public readonly cluster: FleetCluster, public readonly props: InterconnectionProps) {}

  /** Adds an overlay subnet to the cluster's default VPC (see `InterconnectedCluster.addSubnet`). */
  public addSubnet(id: string, props: OverlaySubnetProps): Interconnection {
    this._subnets.push({ id, props });
    return this;
  }

  /** Manual route mode (`autoRoute: false`): this cluster reaches `cidrs` of `peer` through the peer's transit-switch port. */
  public routeToPeer(options: PeerRouteOptions): Interconnection {
    this._routes.push({ peer: options?.peer, cidrs: [...(options?.cidrs ?? [])], nextHop: options?.nextHop });
    return this;
  }
}

/** A Vlan and its underlay subnets in the fleet model. */
export class VlanModel {
  /** @internal */
  public readonly _subnets: Array<ModelEntry<UnderlaySubnetOptions>> = [];

  /**
   * @internal
   * @param installed the Vlan Kube-OVN creates at install (installUnderlay): rendered by nobody, its subnets bind to it
   */
  constructor(public readonly id: string, public readonly props: VlanOptions, public readonly installed = false) {}

  /** Adds an underlay subnet on this VLAN. */
  public addSubnet(id: string, props: UnderlaySubnetOptions): VlanModel {
    this._subnets.push({ id, props });
    return this;
  }
}

/** A ProviderNetwork and its Vlans in the fleet model. */
export class ProviderNetworkModel {
  /** @internal */
  public readonly _vlans: VlanModel[] = [];

  /**
   * @internal
   * @param installed the provider network Kube-OVN creates at install (installUnderlay): rendered by nobody, its Vlans bind to it
   */
  constructor(public readonly id: string, public readonly props: Omit<ProviderNetworkProps, 'cluster'>, public readonly installed = false) {}

  /** Adds a VLAN on this provider network. */
  public addVlan(id: string, props: VlanOptions): VlanModel {
    const vlan = new VlanModel(id, props);
    this._vlans.push(vlan);
    return vlan;
  }
}

/** A Submariner broker in the fleet model; members join it with {@link FleetCluster.joinSubmariner}. */
export class BrokerModel {
  /** Construct id of the SubmarinerBroker in its cluster's chart. */
  public static readonly ID = 'SubmarinerBroker';

  /** @internal */
  constructor(public readonly cluster: FleetCluster, public readonly props: SubmarinerBrokerModelProps) {}
}

/** Props of {@link FleetCluster.joinSubmariner}: the SubmarinerJoin's, with the broker of the fleet. */
/** The props of `FleetCluster.addSubmarinerBroker`: the construct's, without what the fleet supplies. */
export type SubmarinerBrokerModelProps = Omit<SubmarinerBrokerProps, 'members' | 'cluster' | 'installedFromChart'>;

export interface SubmarinerMembershipProps extends Omit<SubmarinerJoinProps, 'broker' | 'cluster' | 'installedFromChart'> {
  /** The broker this cluster joins. */
  readonly broker: BrokerModel;
}

/** A cluster's Submariner membership in the fleet model (rendered as a `SubmarinerJoin`). */
export class SubmarinerMembership {
  /** Construct id of the SubmarinerJoin in the cluster's chart. */
  public static readonly ID = 'SubmarinerJoin';
  /** @internal */
  public _connectivityCheck?: Omit<ConnectivityCheckOptions, 'peers' | 'multusConfig'> & { readonly multusConfig?: MultusConfigModel };
  /** @internal */
  public _connectivityCheckCalls = 0;

  /** @internal */
  constructor(public readonly cluster: FleetCluster, public readonly props: SubmarinerMembershipProps) {}

  /**
   * Adds the connectivity check (see `SubmarinerJoin.addConnectivityCheck`); its peers are the other
   * members of the broker that have one. `multusConfig` names one of this cluster's configs.
   */
  public addConnectivityCheck(options: Omit<ConnectivityCheckOptions, 'peers' | 'multusConfig'> & { readonly multusConfig?: MultusConfigModel }): SubmarinerMembership {
    this._connectivityCheckCalls++;
    this._connectivityCheck ??= options ?? ({} as NonNullable<SubmarinerMembership['_connectivityCheck']>);
    return this;
  }
}

/** A SpiderMultusConfig and its pools in the fleet model. */
export class MultusConfigModel {
  /** @internal */
  public readonly _pools: Array<ModelEntry<SpiderIpPoolProps>> = [];

  /** @internal */
  constructor(public readonly id: string, public readonly props: Omit<SpiderMultusConfigProps, 'peerCidrs' | 'cluster' | 'ippools'>) {}

  /** Adds a pool for this network. */
  public addIpPool(id: string, props: SpiderIpPoolProps): MultusConfigModel {
    this._pools.push({ id, props });
    return this;
  }
}

/**
 * Adds a user's own constructs to a cluster's chart, given the cluster's resolved slice. Called once
 * per render, when the cluster is built; it must create constructs in `chart` only.
 */
export type ClusterExtension = (chart: Chart, cluster: ResolvedCluster) => void;

/** One Kubernetes cluster of the fleet model, rendered to `dist/clusters/<name>/`. */
export class FleetCluster {
  /** Construct id of the IcServer in the cluster's chart. */
  public static readonly IC_SERVER_ID = 'IcServer';

  /** @internal */ public _icServer?: Omit<IcServerProps, 'cluster'>;
  /** @internal */ public _icServerCalls = 0;
  /** @internal */ public _interconnection?: Interconnection;
  /** @internal */ public _interconnectCalls = 0;
  /** @internal */ public readonly _providerNetworks: ProviderNetworkModel[] = [];
  /** @internal */ public _broker?: BrokerModel;
  /** @internal */ public _brokerCalls = 0;
  /** @internal */ public _membership?: SubmarinerMembership;
  /** @internal */ public _joinCalls = 0;
  /** @internal */ public readonly _multusConfigs: MultusConfigModel[] = [];
  /** @internal */ public readonly _extensions: ClusterExtension[] = [];

  /** @internal */
  constructor(public readonly fleet: Fleet, public readonly name: string, public readonly props: FleetClusterProps) {}

  /**
   * Runs the OVN-IC database (`ovn-ic-server`) on this cluster's masters; returns the database the
   * clusters connect to.
   */
  public addIcServer(props: Omit<IcServerProps, 'cluster'>): IcDatabase {
    this._icServerCalls++;
    this._icServer ??= props ?? ({} as Omit<IcServerProps, 'cluster'>);
    return IcDatabase.inCluster(this.name, this._icServer.nodeIps ?? [], this._icServer.tsNum);
  }

  /** Connects the cluster to an OVN-IC database (ovn-ic-config and, where the install does not run it, ovn-ic-controller). */
  public interconnect(props: InterconnectionProps): Interconnection {
    this._interconnectCalls++;
    this._interconnection ??= new Interconnection(this, props ?? ({} as InterconnectionProps));
    return this._interconnection;
  }

  /** Adds a Kube-OVN ProviderNetwork (underlay); add Vlans and subnets on what it returns. */
  public addProviderNetwork(id: string, props: Omit<ProviderNetworkProps, 'cluster'>): ProviderNetworkModel {
    const pn = new ProviderNetworkModel(id, props);
    this._providerNetworks.push(pn);
    return pn;
  }

  /**
   * The provider network Kube-OVN creates at install time (installUnderlay, PROVIDER_NAME), to bind
   * more Vlans to it; it renders no ProviderNetwork object.
   */
  public installUnderlayProviderNetwork(): ProviderNetworkModel {
    let pn = this._providerNetworks.find((p) => p.installed);
    if (!pn) this._providerNetworks.push((pn = new ProviderNetworkModel('InstallUnderlay', { defaultInterface: '' }, true)));
    return pn;
  }

  /**
   * The Vlan Kube-OVN creates at install time for ovn-default (installUnderlay, VLAN_NAME), to put
   * more subnets on it; it renders no Vlan object.
   */
  public installUnderlayVlan(): VlanModel {
    const pn = this.installUnderlayProviderNetwork();
    let vlan = pn._vlans.find((v) => v.installed);
    if (!vlan) pn._vlans.push((vlan = new VlanModel('InstallUnderlayVlan', { id: 0 }, true)));
    return vlan;
  }

  /** Runs the Submariner broker in this cluster. */
  public addSubmarinerBroker(props: SubmarinerBrokerModelProps): BrokerModel {
    this._brokerCalls++;
    this._broker ??= new BrokerModel(this, props);
    return this._broker;
  }

  /** Joins the cluster to a Submariner broker of the fleet. */
  public joinSubmariner(props: SubmarinerMembershipProps): SubmarinerMembership {
    this._joinCalls++;
    this._membership ??= new SubmarinerMembership(this, props ?? ({} as SubmarinerMembershipProps));
    return this._membership;
  }

  /**
   * Adds a Spiderpool SpiderMultusConfig of any cniType (`cni: CniConfig.sriov({...})`, or the macvlan shorthand
   * `master`); add its pools on what it returns. With a coordinator (every cniType but custom) its hijackCIDR
   * gets the pod and service CIDRs of this cluster's Submariner peers.
   */
  public addSpiderMultusConfig(id: string, props: Omit<SpiderMultusConfigProps, 'peerCidrs' | 'cluster' | 'ippools'>): MultusConfigModel {
    const config = new MultusConfigModel(id, props);
    this._multusConfigs.push(config);
    return config;
  }

  /** Adds the user's own constructs to this cluster's chart when it is built (see {@link ClusterExtension}). */
  public addConstructs(extension: ClusterExtension): FleetCluster {
    this._extensions.push(extension);
    return this;
  }
}

/**
 * The fleet's CIDR planner ({@link Fleet.planAddresses}): supernets per kind, and the lock file that
 * records every allocation so that no cluster is ever renumbered.
 */
export interface AddressPlanOptions {
  /**
   * The address lock file (JSON), committed next to the fleet definition. A relative path is resolved
   * against the current directory when `planAddresses` is called (as the output folder is); pass
   * `path.join(__dirname, 'fleet.lock.json')` to keep it beside the fleet module. A missing file is an
   * empty lock; the render writes it (atomically, only when the whole render succeeded). It must not be
   * inside the output folder (every render replaces that folder).
   */
  readonly lockFile: string;
  /**
   * Pod ranges (Kube-OVN POD_CIDR, Submariner clusterCIDR) for clusters that do not set podCidr.
   * @default - none: every cluster sets podCidr
   */
  readonly pod?: RangePlan;
  /**
   * Join ranges (Kube-OVN JOIN_CIDR) for Kube-OVN clusters that do not set joinCidr.
   * @default - none: Kube-OVN clusters without joinCidr use '100.64.0.0/16'
   */
  readonly join?: RangePlan;
  /**
   * Service ranges (`--service-cluster-ip-range`) for clusters that do not set serviceCidr. Unique per
   * cluster unless `shared`: Submariner without Globalnet needs distinct service CIDRs in a clusterset.
   * @default - none: every cluster sets serviceCidr
   */
  readonly service?: RangePlan;
  /**
   * The families planned for clusters that set neither `ipFamilies` nor podCidr, primary first.
   * @default ['IPv4']
   */
  readonly ipFamilies?: IpFamily[];
  /**
   * Ranges no allocation may use (physical networks, node and VIP ranges, other fleets, the hand-set
   * ranges of removed clusters: only allocated ranges stay reserved by themselves), IPv4 or IPv6.
   * @default - none
   */
  readonly reserved?: string[];
  /**
   * Removed clusters whose reserved ranges are released for reuse. A removed cluster's ranges stay in
   * the lock until it is listed here (its routes, firewall rules and NAT may still point at them).
   * @default - none: the ranges of removed clusters stay reserved
   */
  readonly release?: string[];
}

/** The delivery of the fleet's output by GitOps tools. */
export interface FleetDelivery {
  readonly argoCd?: ArgoCdDeliveryOptions;
  readonly flux?: FluxDeliveryOptions;
}

/**
 * The fleet: the clusters whose pod networks are connected, how, and how the output is delivered.
 * A model only; `renderFleet` (or `cdk8s synth` through `runRender`) renders it.
 */
export class Fleet {
  /** @internal */ public readonly _clusters: FleetCluster[] = [];
  /** @internal */ public readonly _externalIcDatabases: ExternalIcDatabaseEntry[] = [];
  /** @internal */ public _argoCd?: ArgoCdDeliveryOptions;
  /** @internal */ public _flux?: FluxDeliveryOptions;
  /** @internal */ public readonly _deliveryCalls = { argoCd: 0, flux: 0 };
  /** @internal */ public _addressPlan?: AddressPlanOptions;
  /** @internal */ public _addressPlanCalls = 0;

  /** Adds a cluster. */
  public addCluster(name: string, props: FleetClusterProps): FleetCluster {
    const cluster = new FleetCluster(this, name, props ?? ({} as FleetClusterProps));
    this._clusters.push(cluster);
    return cluster;
  }

  /** The clusters sorted by name: output never depends on declaration order. */
  public get clusters(): FleetCluster[] {
    return [...this._clusters].sort((a, b) => compareCodeUnits(a.name, b.name));
  }

  /** Looks a cluster up by name. */
  public cluster(name: string): FleetCluster | undefined {
    return this._clusters.find((c) => c.name === name);
  }

  /**
   * An OVN-IC database on hosts outside Kubernetes (see `ExternalIcDatabase`): its host files go to
   * `hosts/`; returns the database clusters connect to.
   */
  public addExternalIcDatabase(id: string, props: ExternalIcDatabaseProps): IcDatabase {
    // a non-list from JavaScript is reported by the ExternalIcDatabase
    const hosts = Array.isArray(props?.hosts) ? props.hosts.map((h) => h?.ip) : [];
    const database = IcDatabase.fromHosts(hosts, { tsNum: 1 });
    this._externalIcDatabases.push({ id, props, database });
    return database;
  }

  /**
   * Plans the pod, join and service ranges of the clusters that do not set their own, from supernets,
   * stably: the allocations are recorded in `lockFile` and never moved (see the README, "CIDR planner").
   * The lock file's path is resolved now.
   */
  public planAddresses(options: AddressPlanOptions): Fleet {
    this._addressPlanCalls++;
    if (this._addressPlan === undefined) {
      const lockFile = typeof options?.lockFile === 'string' && options.lockFile !== '' ? path.resolve(options.lockFile) : options?.lockFile;
      this._addressPlan = { ...options, lockFile };
    }
    return this;
  }

  /** Delivers the cluster folders with Argo CD (`dist/argocd/`). */
  public deliverWithArgoCd(props: ArgoCdDeliveryOptions): Fleet {
    this._deliveryCalls.argoCd++;
    this._argoCd ??= props;
    return this;
  }

  /** Delivers the cluster folders with Flux (`dist/flux/`). */
  public deliverWithFlux(props: FluxDeliveryOptions): Fleet {
    this._deliveryCalls.flux++;
    this._flux ??= props;
    return this;
  }
}

/**
 * The cluster's network with the fleet's defaults filled in, as constructs get it through props;
 * `planned` holds the ranges the address plan allocated for the fields the cluster does not set;
 * `joinPlanned`: the plan has join supernets, so Kube-OVN's default join CIDR does not apply.
 */
export function clusterNetworkOf(
  cluster: FleetCluster,
  planned: Readonly<Partial<Record<RangeKind, string>>> = {},
  joinPlanned = false,
): ClusterNetwork {
  const p = cluster.props;
  const cni = p.cni ?? Cni.KUBE_OVN;
  return {
    name: cluster.name,
    // a missing range (no plan, or the plan failed) is reported by resolve
    podCidr: p.podCidr ?? planned.pod!,
    serviceCidr: p.serviceCidr ?? planned.service!,
    joinCidr: p.joinCidr ?? planned.join ?? (cni.isKubeOvn && !joinPlanned ? DEFAULT_JOIN_CIDR : undefined),
    // a non-list from JavaScript is reported by resolve; nothing is rendered from it
    masterNodeIps: Array.isArray(p.masterNodeIps) ? [...p.masterNodeIps] : [],
    gatewayNodes: Array.isArray(p.gatewayNodes) ? [...p.gatewayNodes] : [],
    cni,
    kubeOvnImage: p.kubeOvnImage ?? KubeOvnImage.DEFAULT,
    installUnderlay: p.installUnderlay,
  };
}
