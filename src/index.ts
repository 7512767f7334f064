/*
 * The public API: the constructs, their props and enum-like classes, the fleet model with its resolve,
 * build and render entry points, the deliveries, plan and the validator. Helpers stay internal (import
 * them from their modules inside this package only).
 */

// cluster network and problems
export { Cni, type ClusterNetwork, type FleetProblem } from './rules';

// the CIDR planner's data (the allocator runs in resolveFleet, see Fleet.planAddresses)
export {
  ADDRESS_LOCK_VERSION, type AddressLock, addressLockJson, type IpFamily, type LockedFamilies, type LockedRanges, parseAddressLock,
  type PrefixLengths, type RangeKind, type RangePlan,
} from './net';

// Kube-OVN
export { KubeOvnImage, type KubeOvnImageProps } from './kube-ovn/image';
export { type InstallUnderlayProps, kubeOvnUnderlayValues } from './kube-ovn/install-underlay';
export { DEFAULT_VPC, SubnetBase, type SubnetBaseProps } from './kube-ovn/subnet';
export { OverlaySubnet, type OverlaySubnetProps } from './kube-ovn/overlay-subnet';
export {
  AclAction, AclDirection, type CentralizedGatewayNode, type CentralizedGatewayOptions, GatewayType, NatOutgoingPolicyAction,
  type NatOutgoingPolicyRule, type NamespaceSelector, type NamespaceSelectorRequirement, type OvnOptions, type SubnetAcl,
  SubnetProtocol, type SubnetSpecProps,
} from './kube-ovn/subnet-spec';
export {
  Vpc, type VpcPeering, type VpcPolicyRoute, VpcPolicyRouteAction, type VpcProps, VpcRoutePolicy, type VpcStaticRoute,
} from './kube-ovn/vpc';
export {
  KUBE_OVN_MASTER_LABEL, kubeOvnMasterNodes, type LabelledNode, NODE_ARGOCD_SYNC_OPTIONS, NodeLabels, type NodeLabelsProps,
} from './kube-ovn/node-labels';

// underlay
export {
  type CustomInterface, type IProviderNetwork, ProviderNetwork, type ProviderNetworkNodeLabels, type ProviderNetworkProps,
  providerNetworkNodeLabels,
} from './underlay/provider-network';
export { type IVlan, Vlan, type VlanOptions, type VlanProps } from './underlay/vlan';
export { UnderlaySubnet, type UnderlaySubnetOptions, type UnderlaySubnetProps } from './underlay/underlay-subnet';

// OVN-IC
export { IcServer, type IcServerProps } from './ovn-ic/ic-server';
export { IcDatabase, type IcDatabaseHostsOptions } from './ovn-ic/ic-database';
export { IcController, type IcControllerProps } from './ovn-ic/ic-controller';
export { InterconnectedCluster, type InterconnectedClusterProps, type PeerRoute } from './ovn-ic/interconnected-cluster';
export { DefaultVpcRoutes, type DefaultVpcRoutesProps, type ManualRoute, MANUAL_ROUTE_POLICY_PRIORITY } from './ovn-ic/manual-routes';
export {
  ExternalIcDatabase, type ExternalIcDatabaseProps, type IcDbHost, IcDbProtocol, IcDbRuntime,
} from './ovn-ic/external-ic-database';
export { IC_NB_PORT, IC_SB_PORT, type TransitSwitch, transitSwitches, TS_NUM_MAX } from './ovn-ic/transit-switch';
export { OVN_IC_RUNBOOK, renderOvnIcRunbook } from './ovn-ic/runbook';

// Spiderpool
export { SpiderIpPool, type SpiderIpPoolProps, type SpiderIpPoolRoute } from './spiderpool/ip-pool';
export {
  DEFAULT_NETWORK_ANNOTATION, type MacvlanBond, MULTUS_CONFIG_ANNOTATIONS, SpiderMultusConfig, type SpiderMultusConfigProps,
  SUPPORTED_CNI_VERSIONS,
} from './spiderpool/multus-config';
export {
  type BondConfig, CniConfig, CniType, IbLinkState, type IbSriovOptions, type IpoibOptions, type IpvlanOptions, type MacvlanOptions,
  type OvsOptions, type OvsTrunk, type SpiderpoolPools, type SriovOptions, VlanMode, type VlanCniOptions,
} from './spiderpool/cni-config';
export { CoordinatorMode, type CoordinatorOptions, type CoordinatorPolicyRoute, PodCidrType } from './spiderpool/coordinator';
export { type LabelSelector, LabelSelectorOperator, type LabelSelectorRequirement } from './spiderpool/label-selector';

// Submariner
export { BrokerComponent, CableDriver } from './submariner/cable-driver';
export {
  type ArgocdVaultPluginOptions, type ExternalSecretSourceOptions, type PlainTextAcknowledgement, SecretSource,
} from './submariner/secret-source';
export {
  type BrokerConnection, brokerConnection, BrokerMember, SubmarinerBroker, type SubmarinerBrokerProps,
} from './submariner/broker';
export { SubmarinerJoin, type SubmarinerJoinProps } from './submariner/join';
export { SUBMARINER_GATEWAY_LABEL, submarinerGatewayNodes } from './submariner/gateway-nodes';
export {
  ConnectivityCheck, type ConnectivityCheckOptions, type ConnectivityCheckProps, type ConnectivityPeer,
} from './submariner/connectivity-check';
export { SubmarinerCrds, SubmarinerOperator, type SubmarinerOperatorOptions, type SubmarinerOperatorProps } from './submariner/operator';

// GitOps delivery
export {
  ArgoCdApplicationMode, ArgoCdClusterDelivery, type ArgoCdClusterDeliveryProps, ArgoCdDelivery, type ArgoCdDeliveryOptions, type ArgoCdDeliveryProps,
  ArgoCdSettings,
} from './gitops/argocd';
export { DEFAULT_ARGOCD_VERSION, parseArgoCdVersion, type ArgoCdVersion } from './gitops/argocd-version';
export {
  FluxClusterDelivery, type FluxClusterDeliveryProps, FluxDelivery, type FluxDeliveryOptions, type FluxDeliveryProps, FluxSettings,
} from './gitops/flux';
export { type DeliveredCluster, type GitOpsDeliveryOptions } from './gitops/delivery';
export {
  GatewayHa, KubeOvnChart, type KubeOvnChartProps, type KubeOvnInstallOptions, type KubeOvnInstallProps, TunnelType,
} from './gitops/kube-ovn-chart';
export { type FolderSummary, prepareFolder } from './gitops/folder';
export { SyncWave } from './gitops/sync-waves';

// the fleet: model -> resolve -> build -> render
export {
  type AddressPlanOptions, BrokerModel, type ClusterExtension, DEFAULT_JOIN_CIDR, Fleet, FleetCluster, type FleetClusterProps, type FleetDelivery,
  Interconnection, type InterconnectionProps, MultusConfigModel, type PeerRouteOptions, ProviderNetworkModel,
  SubmarinerMembership, type SubmarinerMembershipProps, type SubmarinerBrokerModelProps, VlanModel,
} from './fleet/model';
export {
  type ResolvedCluster, type ResolvedClusterset, type ResolvedFleet, type ResolvedJoin, type ResolvedMultusConfig, resolveFleet,
} from './fleet/resolve';
export { type ResolvedAddressPlan } from './fleet/address-plan';
export { buildCluster, buildNodes, ClusterChart, NODES_DIR } from './fleet/build';
export {
  FleetValidationError, type FleetProblems, type RenderedFile, type RenderFleetOptions, type RenderResult, renderFleet, renderFleetFiles,
  validateFleet,
} from './fleet/render';
export { CLUSTERS_PER_THREAD, type FleetSource, type ParallelRenderOptions, renderFleetInParallel } from './fleet/parallel';
export {
  CONNECTIVITY_DIR, CONNECTIVITY_FLOWS_MD, connectivityFiles, connectivityMatrix, type Flow, flowsCsv, flowsJson, flowsMarkdown, PAIRWISE_GENEVE_LIMIT,
} from './fleet/connectivity';
export { OUTPUT_MARKER, OutputFolderError } from './fleet/output-folder';
export { FLEET_MODEL_FILE, type FleetSnapshot, snapshotOf } from './fleet/snapshot';
export { runApp, runRender } from './fleet/cli';

// the fleet file (fleet.yaml / fleet.json): the model written down
export {
  checkFleetFile, FLEET_FILE_SCHEMA, type FleetFile, type FleetFileCheck, type FleetFileProblem, fleetFileBuild, fleetFileSchemaPath,
  formatFileProblem, isFleetFile, type LoadedFleetFile, loadFleetFileText, readFleetFile, renderFleetFile,
} from './fleet-file';

// day 2 and validation
export * from './plan';
export { ManifestValidator, type ManifestValidatorOptions, type ValidationProblem, validateDirectory } from './validate';
export {
  ASSUMPTIONS_FILE, BUILT_IN_NAMESPACES, checkConvergence, type ConvergenceAssumptions, type ConvergenceOptions, DEFAULT_PREINSTALLED_CRDS,
} from './validate';
