import { App, Chart } from 'cdk8s';
import { KubeOvnImage } from '../kube-ovn/image';
import { Cidr, findOverlaps } from '../net';
import { checkDnsLabel, checkDnsSubdomain, checkIpList, duplicates, tryCidr } from '../rules';
import { checkInstallUnderlay, InstallUnderlayProps } from '../underlay/install-underlay';
import { bindClusterNetwork, ClusterNetwork } from './cluster-network';
import { Cni } from './cni';
import type { Fleet } from './fleet';

/** Kube-OVN's default join CIDR (JOIN_CIDR in install.sh and the chart). */
export const DEFAULT_JOIN_CIDR = '100.64.0.0/16';

/** Props of a cluster in the fleet. */
export interface FleetClusterProps {
  /** Default pod network: Kube-OVN `ovn-default` (POD_CIDR); for other CNIs their cluster CIDR. */
  readonly podCidr: string;
  /** Kubernetes service CIDR (`--service-cluster-ip-range`, Kube-OVN SVC_CIDR). */
  readonly serviceCidr: string;
  /**
   * Kube-OVN join subnet (JOIN_CIDR), node-to-pod traffic. Only for Kube-OVN clusters.
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

/** The chart every object of one cluster goes into. */
export class ClusterChart extends Chart {
  constructor(app: App, public readonly cluster: FleetCluster) {
    super(app, cluster.name);
  }
}

/**
 * One Kubernetes cluster of the fleet: its network model and its own cdk8s App, whose output is
 * `dist/clusters/<name>/`. One App per cluster keeps synthesis linear in the fleet size.
 */
export class FleetCluster implements ClusterNetwork {
  public readonly name: string;
  public readonly podCidr: string;
  public readonly serviceCidr: string;
  public readonly joinCidr?: string;
  public readonly masterNodeIps: readonly string[];
  public readonly gatewayNodes: readonly string[];
  public readonly cni: Cni;
  public readonly kubeOvnImage: KubeOvnImage;
  /** The install-time underlay of ovn-default, when Kube-OVN runs with NETWORK_TYPE=vlan. */
  public readonly installUnderlay?: InstallUnderlayProps;
  /** The cluster's own App. */
  public readonly app: App;
  /** Put the cluster's constructs here. */
  public readonly chart: ClusterChart;

  constructor(public readonly fleet: Fleet, name: string, props: FleetClusterProps) {
    this.name = name;
    this.cni = props.cni ?? Cni.KUBE_OVN;
    this.podCidr = props.podCidr;
    this.serviceCidr = props.serviceCidr;
    this.joinCidr = this.cni.isKubeOvn ? props.joinCidr ?? DEFAULT_JOIN_CIDR : props.joinCidr;
    this.masterNodeIps = [...(props.masterNodeIps ?? [])];
    this.gatewayNodes = [...(props.gatewayNodes ?? [])];
    this.kubeOvnImage = props.kubeOvnImage ?? KubeOvnImage.DEFAULT;
    this.installUnderlay = props.installUnderlay;
    this.app = new App({ outdir: `clusters/${name}` });
    this.chart = new ClusterChart(this.app, this);
    bindClusterNetwork(this.chart, this);
    this.chart.node.addValidation({ validate: () => this.validateCluster().map((e) => `cluster "${this.name}": ${e}`) });
  }

  private validateCluster(): string[] {
    const errors: string[] = [];
    const nameError = checkDnsLabel(this.name);
    if (nameError) errors.push(`name ${nameError} (it names the dist/clusters/<name> folder and the Argo CD destination)`);
    if (this.joinCidr !== undefined && !this.cni.isKubeOvn) {
      errors.push(`joinCidr is set but the CNI is ${this.cni.name}; only Kube-OVN has a join subnet, remove joinCidr`);
    }
    const ranges: Array<{ cidr: Cidr; owner: string }> = [];
    for (const [field, value] of [['podCidr', this.podCidr], ['serviceCidr', this.serviceCidr], ['joinCidr', this.joinCidr]] as const) {
      if (value === undefined) continue;
      // dual-stack clusters list one CIDR per family
      for (const part of value.split(',')) {
        const cidr = tryCidr(part, field, errors);
        if (cidr) ranges.push({ cidr, owner: field });
      }
    }
    for (const { first, second } of findOverlaps(ranges, (a, b) => a !== b)) {
      errors.push(`${second.owner} ${second.cidr} overlaps ${first.owner} ${first.cidr}; pod, service and join ranges must be disjoint (Kube-OVN routes them differently), choose separate ranges`);
    }
    if (this.cni.isKubeOvn && this.masterNodeIps.length === 0) {
      errors.push('masterNodeIps is empty; list the IPs of the nodes labelled kube-ovn/role=master (ovn-central runs there)');
    }
    checkIpList(this.masterNodeIps, 'masterNodeIps', errors);
    this.gatewayNodes.forEach((n, i) => {
      const e = checkDnsSubdomain(n);
      if (e) errors.push(`gatewayNodes[${i}]: node name ${e}`);
    });
    for (const d of duplicates(this.gatewayNodes)) errors.push(`gatewayNodes lists "${d}" more than once; list each node once`);
    if (this.installUnderlay && !this.cni.isKubeOvn) {
      errors.push(`installUnderlay is set but the CNI is ${this.cni.name}; it configures Kube-OVN's default subnet, remove it`);
    } else {
      errors.push(...checkInstallUnderlay(this));
    }
    return errors;
  }
}
