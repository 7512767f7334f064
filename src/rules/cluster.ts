import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { KubeOvnImage } from '../kube-ovn/image';
import type { InstallUnderlayProps } from '../kube-ovn/install-underlay';

/**
 * The CNI a cluster runs. OVN-IC and the Kube-OVN objects need Kube-OVN; any CNI can join
 * through Submariner.
 */
export class Cni {
  /** Kube-OVN: ovn-default, join subnet, OVN-IC capable. */
  public static readonly KUBE_OVN = new Cni('kube-ovn', true);
  /** ovn-kubernetes (cluster-ip-subnet as the pod CIDR). */
  public static readonly OVN_KUBERNETES = new Cni('ovn-kubernetes', false);
  /** Spiderpool with macvlan underlay pods. */
  public static readonly SPIDERPOOL_MACVLAN = new Cni('spiderpool-macvlan', false);

  /** Any other CNI, by name. */
  public static of(name: string): Cni {
    return new Cni(name, false);
  }

  private constructor(public readonly name: string, public readonly isKubeOvn: boolean) {}
}

/**
 * What constructs need to know about the cluster they render into: plain data, passed through
 * props. The fleet passes each cluster's resolved network; a stack without the fleet passes an
 * object literal.
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
   * The cluster's CNI.
   * @default Cni.KUBE_OVN when joinCidr is set, else unknown
   */
  readonly cni?: Cni;
  /**
   * Kube-OVN image of the components this package renders.
   * @default KubeOvnImage.DEFAULT
   */
  readonly kubeOvnImage?: KubeOvnImage;
  /**
   * Kube-OVN was installed with `ovn-default` in underlay mode (NETWORK_TYPE=vlan).
   * @default - ovn-default is an overlay subnet
   */
  readonly installUnderlay?: InstallUnderlayProps;
}

/**
 * `cluster "az1"` for messages: the cluster's name when the construct was given its cluster, else
 * the id of its chart (in a fleet, each cluster's chart is named after the cluster).
 */
export function clusterLabel(scope: IConstruct, cluster?: Pick<ClusterNetwork, 'name'>): string {
  return `cluster "${cluster?.name ?? Chart.of(scope).node.id}"`;
}
