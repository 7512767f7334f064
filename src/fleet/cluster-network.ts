import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { InstallUnderlayProps } from '../underlay/install-underlay';

/**
 * What constructs need to know about the cluster they render into. `FleetCluster` provides it;
 * a stack that does not use the fleet can pass a plain object.
 */
export interface ClusterNetwork {
  /** Cluster name (the `dist/clusters/<name>` folder, the Argo CD destination name). */
  readonly name: string;
  /** The CNI's default pod network: Kube-OVN `ovn-default` (POD_CIDR), Submariner `clusterCIDR`. */
  readonly podCidr: string;
  /** Kubernetes service CIDR (`--service-cluster-ip-range`). */
  readonly serviceCidr: string;
  /** Kube-OVN `join` subnet (JOIN_CIDR); undefined for clusters whose CNI is not Kube-OVN. */
  readonly joinCidr?: string;
  /** Master node IPs, in order (the first bootstraps Raft). */
  readonly masterNodeIps: readonly string[];
  /** Names of the nodes that carry cross-cluster traffic. */
  readonly gatewayNodes: readonly string[];
  /**
   * Kube-OVN was installed with `ovn-default` in underlay mode (NETWORK_TYPE=vlan).
   * @default - ovn-default is an overlay subnet
   */
  readonly installUnderlay?: InstallUnderlayProps;
}

const CLUSTER = Symbol.for('cdk8s-ovn-ic.cluster-network');

/** Marks a chart as rendering into `cluster`, so constructs inside can find it. */
export function bindClusterNetwork(chart: Chart, cluster: ClusterNetwork): void {
  (chart as unknown as Record<symbol, ClusterNetwork>)[CLUSTER] = cluster;
}

/** The cluster a construct renders into, when its chart is bound to one. */
export function clusterNetworkOf(scope: IConstruct): ClusterNetwork | undefined {
  const chart = Chart.of(scope);
  return (chart as unknown as Record<symbol, ClusterNetwork | undefined>)[CLUSTER];
}

/** `cluster "az1"` for messages, or the chart id when the construct is not in a fleet. */
export function clusterLabel(scope: IConstruct): string {
  return `cluster "${clusterNetworkOf(scope)?.name ?? Chart.of(scope).node.id}"`;
}

/**
 * The cluster a construct is for: the one it was given, else its chart's. Throws when there is none,
 * since the construct cannot be built without it.
 */
export function requireClusterNetwork(scope: IConstruct, given: ClusterNetwork | undefined, what: string): ClusterNetwork {
  const cluster = given ?? clusterNetworkOf(scope);
  if (!cluster) throw new Error(`${what} at ${scope.node.path} needs a cluster: create it in a fleet cluster's chart or pass props.cluster`);
  return cluster;
}
