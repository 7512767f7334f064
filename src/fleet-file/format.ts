/*
 * The fleet file format (`fleet.yaml` / `fleet.json`): the fleet model of src/fleet/model.ts written down.
 * Every object of the model is the builder's props type with the values that are classes in TypeScript
 * (Cni, KubeOvnImage, CableDriver, SecretSource, IcDatabase, ...) replaced by plain data, and references
 * between objects by name. The props are taken over with `Omit<BuilderProps, replaced keys>`, so a prop
 * added to the builder appears in the file format (and its JSON Schema, `npm run schema:fleet-file`) by
 * itself; test/fleet-file/format.test.ts fails when a builder prop has no counterpart here.
 */
import type { ArgoCdDeliveryOptions } from '../gitops/argocd';
import type { FluxDeliveryOptions } from '../gitops/flux';
import type { KubeOvnChartProps, KubeOvnInstallOptions, KubeOvnInstallProps } from '../gitops/kube-ovn-chart';
import type { KubeOvnImageProps } from '../kube-ovn/image';
import type { OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import type { ExternalIcDatabaseProps } from '../ovn-ic/external-ic-database';
import type { IcServerProps } from '../ovn-ic/ic-server';
import type { SpiderIpPoolProps } from '../spiderpool/ip-pool';
import type { SpiderMultusConfigProps } from '../spiderpool/multus-config';
import type { ConnectivityCheckOptions } from '../submariner/connectivity-check';
import type { SubmarinerOperatorOptions } from '../submariner/operator';
import type { ArgocdVaultPluginOptions, ExternalSecretSourceOptions } from '../submariner/secret-source';
import type { AddressPlanOptions, FleetClusterProps, InterconnectionProps, PeerRouteOptions, SubmarinerBrokerModelProps, SubmarinerMembershipProps } from '../fleet/model';
import type { ProviderNetworkProps } from '../underlay/provider-network';
import type { UnderlaySubnetOptions } from '../underlay/underlay-subnet';
import type { VlanOptions } from '../underlay/vlan';

/**
 * A fleet of Kubernetes clusters whose pod networks are connected (Kube-OVN OVN-IC, Submariner), and how
 * the rendered output is delivered. `cdk8s-ovn-ic render fleet.yaml` renders it into `dist/`.
 */
export interface FleetFile {
  /** The JSON Schema of this file, for editors (JSON files; YAML files use the `# yaml-language-server: $schema=` header). */
  readonly $schema?: string;
  /**
   * The clusters, by name: each is rendered to `dist/clusters/<name>/`. A cluster name is a DNS label.
   * @minProperties 1
   */
  readonly clusters: { readonly [name: string]: ClusterSpec };
  /**
   * OVN-IC databases on hosts outside Kubernetes, by id (the `hosts/<host>/` files). Interconnections name
   * them in `icDatabase`.
   * @default - none
   */
  readonly externalIcDatabases?: { readonly [id: string]: ExternalIcDatabaseSpec };
  /**
   * How the cluster folders are delivered: Argo CD (`dist/argocd/`), Flux (`dist/flux/`) or both.
   * @default - no delivery objects are rendered
   */
  readonly delivery?: DeliverySpec;
  /**
   * The CIDR planner (`fleet.planAddresses`): supernets per kind for the clusters that leave `podCidr`,
   * `joinCidr` or `serviceCidr` out, and the lock file that keeps every allocation (`lockFile` is relative
   * to this file's folder).
   * @default - no planner: every cluster sets its ranges
   */
  readonly addressPlan?: AddressPlanOptions;
}

/** The known CNIs: `Cni.KUBE_OVN`, `Cni.OVN_KUBERNETES`, `Cni.SPIDERPOOL_MACVLAN`. */
export type KnownCniName = 'kube-ovn' | 'ovn-kubernetes' | 'spiderpool-macvlan';

/** Any other CNI, by name (`Cni.of(name)`): it can join through Submariner, not through OVN-IC. */
export interface OtherCni {
  /** The CNI's name, e.g. `calico`. */
  readonly of: string;
}

/** One cluster: its props (`fleet.addCluster(name, props)`) and what runs in it. */
export interface ClusterSpec extends Omit<FleetClusterProps, 'cni' | 'kubeOvnImage'> {
  /**
   * The cluster's CNI: `kube-ovn`, `ovn-kubernetes`, `spiderpool-macvlan`, or `{ of: <name> }` for another.
   * @default kube-ovn
   */
  readonly cni?: KnownCniName | OtherCni;
  /**
   * Kube-OVN image for the components this package renders (`KubeOvnImage.of`).
   * @default - docker.io/kubeovn/kube-ovn:v1.13.15
   */
  readonly kubeOvnImage?: KubeOvnImageProps;
  /**
   * Runs the OVN-IC database (`ovn-ic-server`) on this cluster's masters (`addIcServer`). Interconnections
   * name it by this cluster's name in `icDatabase`.
   * @default - none
   */
  readonly icServer?: IcServerSpec;
  /**
   * Connects the cluster to an OVN-IC database (`interconnect`).
   * @default - not interconnected
   */
  readonly interconnection?: InterconnectionSpec;
  /**
   * Kube-OVN ProviderNetworks (underlay), by construct id (`addProviderNetwork`).
   * @default - none
   */
  readonly providerNetworks?: { readonly [id: string]: ProviderNetworkSpec };
  /**
   * More Vlans on the provider network Kube-OVN creates at install time (`installUnderlayProviderNetwork()`
   * .addVlan), by construct id. Needs `installUnderlay`.
   * @default - none
   */
  readonly installUnderlayVlans?: { readonly [id: string]: VlanSpec };
  /**
   * More underlay subnets on the Vlan Kube-OVN creates at install time for ovn-default (`installUnderlayVlan()`
   * .addSubnet), by construct id. Needs `installUnderlay`.
   * @default - none
   */
  readonly installUnderlaySubnets?: { readonly [id: string]: UnderlaySubnetSpec };
  /**
   * Runs the Submariner broker in this cluster (`addSubmarinerBroker`). Members name it by this cluster's
   * name in `submariner.broker`.
   * @default - none
   */
  readonly submarinerBroker?: BrokerSpec;
  /**
   * Joins the cluster to a Submariner broker of the fleet (`joinSubmariner`).
   * @default - not joined
   */
  readonly submariner?: MembershipSpec;
  /**
   * Spiderpool SpiderMultusConfigs (macvlan), by construct id (`addSpiderMultusConfig`).
   * @default - none
   */
  readonly multusConfigs?: { readonly [id: string]: MultusConfigSpec };
}

/** The OVN-IC database in a cluster (`addIcServer`). */
export interface IcServerSpec extends Omit<IcServerProps, 'cluster' | 'image'> {
  /**
   * Kube-OVN image (`KubeOvnImage.of`).
   * @default - docker.io/kubeovn/kube-ovn:v1.13.15
   */
  readonly image?: KubeOvnImageProps;
}

/** The cluster's OVN-IC connection (`interconnect`). */
export interface InterconnectionSpec extends Omit<InterconnectionProps, 'icDatabase' | 'image'> {
  /**
   * The OVN-IC database: the name of the cluster whose `icServer` runs it, or the id of one of
   * `externalIcDatabases`.
   */
  readonly icDatabase: string;
  /**
   * Kube-OVN image of ovn-ic-controller (`KubeOvnImage.of`).
   * @default - the cluster's Kube-OVN image
   */
  readonly image?: KubeOvnImageProps;
  /**
   * Overlay subnets in the cluster's default VPC, by construct id (`Interconnection.addSubnet`).
   * @default - none
   */
  readonly subnets?: { readonly [id: string]: OverlaySubnetSpec };
  /**
   * Manual routes to peer clusters, with `autoRoute: false` (`Interconnection.routeToPeer`).
   * @default - none
   */
  readonly peerRoutes?: PeerRouteSpec[];
}

/** An overlay subnet of the default VPC (`Interconnection.addSubnet`). */
export interface OverlaySubnetSpec extends Omit<OverlaySubnetProps, 'cluster'> {}

/** A manual route to a peer cluster (`Interconnection.routeToPeer`). */
export interface PeerRouteSpec extends Omit<PeerRouteOptions, 'peer'> {
  /** Name of the interconnected peer cluster the CIDRs belong to; it must use the same IC database. */
  readonly peer: string;
}

/** A Kube-OVN ProviderNetwork (`addProviderNetwork`). */
export interface ProviderNetworkSpec extends Omit<ProviderNetworkProps, 'cluster'> {
  /**
   * VLANs on this provider network, by construct id (`addVlan`).
   * @default - none
   */
  readonly vlans?: { readonly [id: string]: VlanSpec };
}

/** A Kube-OVN Vlan (`addVlan`). */
export interface VlanSpec extends VlanOptions {
  /**
   * Underlay subnets on this VLAN, by construct id (`addSubnet`).
   * @default - none
   */
  readonly subnets?: { readonly [id: string]: UnderlaySubnetSpec };
}

/** A Kube-OVN underlay subnet (`VlanModel.addSubnet`). */
export interface UnderlaySubnetSpec extends Omit<UnderlaySubnetOptions, 'cluster'> {}

/** A Submariner broker component (`BrokerComponent`). */
export type BrokerComponentName = 'service-discovery' | 'connectivity';

/**
 * Where the Submariner operator's own CRDs come from (`SubmarinerCrds`); give one key.
 * @minProperties 1
 * @maxProperties 1
 */
export interface SubmarinerCrdsSpec {
  /** The cluster already has them (`SubmarinerCrds.preinstalled()`). */
  readonly preinstalled?: true;
  /** Render them from these files (`SubmarinerCrds.fromFiles`); relative paths are relative to the fleet file. */
  readonly fromFiles?: string[];
}

/** Submariner operator settings. */
export interface OperatorSpec extends Omit<SubmarinerOperatorOptions, 'crds'> {
  /**
   * Where the operator's own CRDs come from: `{ preinstalled: true }` or `{ fromFiles: [...] }`.
   * @default - preinstalled
   */
  readonly crds?: SubmarinerCrdsSpec;
}

/** The Submariner broker in a cluster (`addSubmarinerBroker`). */
export interface BrokerSpec extends Omit<SubmarinerBrokerModelProps, 'components' | 'operator'> {
  /**
   * Broker components (`--components`).
   * @default ['service-discovery', 'connectivity']
   */
  readonly components?: BrokerComponentName[];
  /**
   * Operator settings.
   * @default - operator 0.18.1 from quay.io/submariner, CRDs preinstalled
   */
  readonly operator?: OperatorSpec;
}

/** A Submariner cable driver (`CableDriver`). */
export type CableDriverName = 'libreswan' | 'wireguard' | 'vxlan';

/** An argocd-vault-plugin placeholder (`SecretSource.argocdVaultPlugin(path, options)`). */
export interface ArgocdVaultPluginSpec extends ArgocdVaultPluginOptions {
  /** The Vault API path (KV v2: `secret/data/...`). */
  readonly path: string;
}

/** The value itself, written into `dist/` and Git (`SecretSource.plainText(value, acknowledgement)`). */
export interface PlainTextSpec {
  /** The secret value. */
  readonly value: string;
  /** Must be `true`: the value ends up in `dist/` and so in Git history. */
  readonly iUnderstandThisIsWrittenToGit: true;
}

/** A Kubernetes Secret something else materialises (`SecretSource.existingSecret(name)`). */
export interface ExistingSecretSpec {
  /** The Secret's name. */
  readonly name: string;
}

/**
 * Where a secret value comes from (`SecretSource`); give exactly one key: `argocdVaultPlugin`,
 * `externalSecret`, `existingSecret` or `plainText`.
 * @minProperties 1
 * @maxProperties 1
 */
export interface SecretSourceSpec {
  /** An argocd-vault-plugin placeholder, replaced when Argo CD renders the manifest. */
  readonly argocdVaultPlugin?: ArgocdVaultPluginSpec;
  /** An External Secrets Operator `ExternalSecret` materialises a Kubernetes Secret. */
  readonly externalSecret?: ExternalSecretSourceOptions;
  /** A Kubernetes Secret materialised by anything else (Sealed Secrets, SOPS, by hand). */
  readonly existingSecret?: ExistingSecretSpec;
  /** The value itself, written into the manifest (explicit opt-in only). */
  readonly plainText?: PlainTextSpec;
}

/** The Submariner connectivity check (`SubmarinerMembership.addConnectivityCheck`). */
export interface ConnectivityCheckSpec extends Omit<ConnectivityCheckOptions, 'peers' | 'multusConfig'> {
  /**
   * The id of one of this cluster's `multusConfigs` that the test pods use as their primary interface.
   * @default - the CNI's default network
   */
  readonly multusConfig?: string;
}

/** The cluster's Submariner membership (`joinSubmariner`). */
export interface MembershipSpec extends Omit<SubmarinerMembershipProps, 'broker' | 'brokerToken' | 'brokerCa' | 'psk' | 'cableDriver' | 'operator'> {
  /** Name of the cluster whose `submarinerBroker` this cluster joins. */
  readonly broker: string;
  /**
   * Token of this cluster's broker ServiceAccount.
   * @default - from the broker's `credentialStore` (required when the broker has none)
   */
  readonly brokerToken?: SecretSourceSpec;
  /**
   * The broker API server's CA (base64 PEM), like the token.
   * @default - from the broker's `credentialStore` (required when the broker has none)
   */
  readonly brokerCa?: SecretSourceSpec;
  /**
   * IPsec PSK, the same in every cluster.
   * @default - none (required for libreswan and wireguard)
   */
  readonly psk?: SecretSourceSpec;
  /**
   * Cable driver.
   * @default libreswan
   */
  readonly cableDriver?: CableDriverName;
  /**
   * Operator settings.
   * @default - operator 0.18.1 from quay.io/submariner, CRDs preinstalled
   */
  readonly operator?: OperatorSpec;
  /**
   * The connectivity check: a test app and Service here, and a Job that reaches every other member's.
   * @default - none
   */
  readonly connectivityCheck?: ConnectivityCheckSpec;
}

/** A Spiderpool SpiderMultusConfig (`addSpiderMultusConfig`). */
export interface MultusConfigSpec extends Omit<SpiderMultusConfigProps, 'peerCidrs' | 'cluster' | 'ippools'> {
  /**
   * Pools of this network, by construct id (`addIpPool`).
   * @default - none
   */
  readonly ipPools?: { readonly [id: string]: IpPoolSpec };
}

/** A Spiderpool SpiderIPPool (`MultusConfigModel.addIpPool`). */
export interface IpPoolSpec extends Omit<SpiderIpPoolProps, 'cluster'> {}

/** How the IC database container runs on a host (`IcDbRuntime`). */
export type IcDbRuntimeName = 'docker-compose' | 'containerd-systemd';
/** Address family of the transit switch (`IcDbProtocol`). */
export type IcDbProtocolName = 'ipv4' | 'ipv6' | 'dual';

/** An OVN-IC database on hosts outside Kubernetes (`fleet.addExternalIcDatabase`). */
export interface ExternalIcDatabaseSpec extends Omit<ExternalIcDatabaseProps, 'runtime' | 'image' | 'protocol'> {
  /**
   * How the container runs on the hosts.
   * @default docker-compose
   */
  readonly runtime?: IcDbRuntimeName;
  /**
   * Kube-OVN image (`KubeOvnImage.of`).
   * @default - docker.io/kubeovn/kube-ovn:v1.13.15
   */
  readonly image?: KubeOvnImageProps;
  /**
   * Address family of the transit switch `ts`; match the clusters' pod networks.
   * @default ipv4
   */
  readonly protocol?: IcDbProtocolName;
}

/** Gateway high availability (`GatewayHa`). */
export type GatewayHaName = 'active-backup' | 'ecmp';
/** Tunnel protocol between nodes (`TunnelType`). */
export type TunnelTypeName = 'geneve' | 'vxlan' | 'stt';

/** How Kube-OVN is installed on a cluster. */
export interface KubeOvnInstallSpecOptions extends Omit<KubeOvnInstallOptions, 'gatewayHa' | 'tunnelType' | 'chart'> {
  /**
   * Gateway high availability.
   * @default active-backup
   */
  readonly gatewayHa?: GatewayHaName;
  /**
   * Tunnel protocol between nodes.
   * @default geneve
   */
  readonly tunnelType?: TunnelTypeName;
  /**
   * The kube-ovn chart (`KubeOvnChart.of`).
   * @default - kube-ovn v1.13.15 from https://kubeovn.github.io/kube-ovn/
   */
  readonly chart?: KubeOvnChartProps;
}

/** Installation of Kube-OVN itself on the fleet's Kube-OVN clusters, with per-cluster overrides. */
export interface KubeOvnInstallSpec extends KubeOvnInstallSpecOptions, Omit<KubeOvnInstallProps, keyof KubeOvnInstallOptions | 'clusters'> {
  /**
   * Options of single clusters, by cluster name; they override the fleet-wide ones.
   * @default - none
   */
  readonly clusters?: { readonly [cluster: string]: KubeOvnInstallSpecOptions };
}

/** How the cluster folders become Argo CD Applications (`ArgoCdApplicationMode`). */
export type ArgoCdApplicationModeName = 'applications' | 'application-set-list' | 'application-set-git';

/** The Argo CD delivery (`fleet.deliverWithArgoCd`). */
export interface ArgoCdDeliverySpec extends Omit<ArgoCdDeliveryOptions, 'kubeOvn' | 'applicationMode'> {
  /**
   * Installation of Kube-OVN itself (the kube-ovn Helm chart) on the fleet's Kube-OVN clusters.
   * @default - installed on every Kube-OVN cluster with the default options
   */
  readonly kubeOvn?: KubeOvnInstallSpec;
  /**
   * Applications or an ApplicationSet for the cluster folders.
   * @default applications
   */
  readonly applicationMode?: ArgoCdApplicationModeName;
}

/** The Flux delivery (`fleet.deliverWithFlux`). */
export interface FluxDeliverySpec extends Omit<FluxDeliveryOptions, 'kubeOvn'> {
  /**
   * Installation of Kube-OVN itself (the kube-ovn Helm chart) on the fleet's Kube-OVN clusters.
   * @default - installed on every Kube-OVN cluster with the default options
   */
  readonly kubeOvn?: KubeOvnInstallSpec;
}

/** The deliveries of the fleet's output. */
export interface DeliverySpec {
  /**
   * Deliver with Argo CD (`dist/argocd/`).
   * @default - not delivered by Argo CD
   */
  readonly argoCd?: ArgoCdDeliverySpec;
  /**
   * Deliver with Flux (`dist/flux/`).
   * @default - not delivered by Flux
   */
  readonly flux?: FluxDeliverySpec;
}
