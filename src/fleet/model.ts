import type { Chart } from 'cdk8s';
import type { ArgoCdDeliveryOptions, FluxDeliveryOptions } from '../gitops';
import { KubeOvnImage } from '../kube-ovn/image';
import type { InstallUnderlayProps } from '../kube-ovn/install-underlay';
import type { OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import type { ExternalIcDatabaseProps } from '../ovn-ic/external-ic-database';
import { IcDatabase } from '../ovn-ic/ic-database';
import type { IcServerProps } from '../ovn-ic/ic-server';
import type { InterconnectedClusterProps } from '../ovn-ic/interconnected-cluster';
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
  /** Default pod network: Kube-OVN `ovn-default` (POD_CIDR); for other CNIs their cluster CIDR. */
  readonly podCidr: string;
  /** Kubernetes service CIDR (`--service-cluster-ip-range`, Kube-OVN SVC_CIDR). */
  readonly serviceCidr: string;
  /**
   * Kube-OVN join subnet (JOIN_CIDR), node-to-pod traffic. Only for Kube-OVN clusters. OVN-IC
   * advertises it, so interconnected clusters need distinct join CIDRs.
   * @default '100.64.0.0/16' for Kube-OVN clusters
   */
  readonly joinCidr?: string;
  /**
   * Master node IPs (Kube-OVN MASTER_NODES), in order: ovn-central's NODE_IPS and OVN_DB_IPS.
   * @default - none (required for Kube-OVN clusters)
   */
  readonly masterNodeIps?: string[];
  /**
   * Nodes that carry cross-cluster traffic (OVN-IC gw-nodes, Submariner gateways).
   * @default - none
   */
  readonly gatewayNodes?: string[];
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
  constructor(public readonly cluster: FleetCluster, public readonly props: Omit<SubmarinerBrokerProps, 'members' | 'cluster' | 'installedFromChart'>) {}
}

/** Props of {@link FleetCluster.joinSubmariner}: the SubmarinerJoin's, with the broker of the fleet. */
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
  public addSubmarinerBroker(props: Omit<SubmarinerBrokerProps, 'members' | 'cluster' | 'installedFromChart'>): BrokerModel {
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

  /** Adds a Spiderpool SpiderMultusConfig (macvlan); add its pools on what it returns. */
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

/** The cluster's network with the fleet's defaults filled in, as constructs get it through props. */
export function clusterNetworkOf(cluster: FleetCluster): ClusterNetwork {
  const p = cluster.props;
  const cni = p.cni ?? Cni.KUBE_OVN;
  return {
    name: cluster.name,
    podCidr: p.podCidr,
    serviceCidr: p.serviceCidr,
    joinCidr: cni.isKubeOvn ? p.joinCidr ?? DEFAULT_JOIN_CIDR : p.joinCidr,
    // a non-list from JavaScript is reported by resolve; nothing is rendered from it
    masterNodeIps: Array.isArray(p.masterNodeIps) ? [...p.masterNodeIps] : [],
    gatewayNodes: Array.isArray(p.gatewayNodes) ? [...p.gatewayNodes] : [],
    cni,
    kubeOvnImage: p.kubeOvnImage ?? KubeOvnImage.DEFAULT,
    installUnderlay: p.installUnderlay,
  };
}
