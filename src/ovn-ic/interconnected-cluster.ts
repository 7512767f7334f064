import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterNetwork, clusterLabel, clusterNetworkOf } from '../fleet/cluster-network';
import { FleetCluster } from '../fleet/cluster';
import { KubeOvnImage } from '../kube-ovn/image';
import { OverlaySubnet, OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import { addWarnings, checkDnsLabel, checkIpList } from '../rules';
import { IcController } from './ic-controller';
import { IcDatabase } from './ic-database';
import { checkInterconnections } from './fleet-checks';

/** Props of {@link InterconnectedCluster}. */
export interface InterconnectedClusterProps {
  /** Where the OVN-IC database runs. */
  readonly icDatabase: IcDatabase;
  /**
   * The cluster being connected.
   * @default - the cluster of the chart this construct is in (fleet clusters)
   */
  readonly cluster?: ClusterNetwork;
  /**
   * Availability-zone name (`az-name`), unique across the interconnected clusters. Changing it
   * tears the interconnection down and rebuilds it (see the README's day-2 notes).
   * @default - the cluster name
   */
  readonly azName?: string;
  /**
   * Gateway nodes (`gw-nodes`). With several gateways and TS_NUM transit switches the controller
   * rotates the primary gateway per switch, which gives ECMP paths.
   * @default - the cluster's gateway nodes
   */
  readonly gatewayNodes?: string[];
  /**
   * Advertise and learn subnet routes automatically (`auto-route`). Then no advertised CIDR may
   * overlap another cluster's.
   * @default true
   */
  readonly autoRoute?: boolean;
  /**
   * Kube-OVN was installed with ENABLE_IC=true (install.sh) or `func.ENABLE_IC: true` (chart),
   * which already runs `ovn-ic-controller`: then it is not rendered a second time.
   * @default false
   */
  readonly installedWithEnableIc?: boolean;
  /**
   * Kube-OVN image of ovn-ic-controller.
   * @default - the cluster's Kube-OVN image, else KubeOvnImage.DEFAULT
   */
  readonly image?: KubeOvnImage;
}

/**
 * Connects one Kube-OVN cluster to the OVN-IC database: the `ovn-ic-config` ConfigMap with all
 * seven keys set explicitly, and the `ovn-ic-controller` that acts on it.
 *
 * The controller tears the interconnection down and rebuilds it on any change of the ConfigMap,
 * and upstream forbids editing it in place. So the ConfigMap is immutable: a changed value can
 * only reach the cluster by delete-and-recreate, which the GitOps annotations request (Argo CD
 * `Force=true` with client-side apply, Flux `force: enabled`), and nobody can half-edit it.
 */
export class InterconnectedCluster extends Construct {
  public static readonly CONFIG_MAP_NAME = 'ovn-ic-config';
  public static readonly NAMESPACE = 'kube-system';

  public readonly cluster: ClusterNetwork;
  public readonly icDatabase: IcDatabase;
  public readonly azName: string;
  public readonly gatewayNodes: readonly string[];
  public readonly autoRoute: boolean;
  /** The ConfigMap. */
  public readonly resource: k8s.KubeConfigMap;
  /** The ovn-ic-controller, unless Kube-OVN's installer runs it. */
  public readonly controller?: IcController;

  constructor(scope: Construct, id: string, props: InterconnectedClusterProps) {
    super(scope, id);
    const cluster = props.cluster ?? clusterNetworkOf(this);
    if (!cluster) {
      throw new Error(`InterconnectedCluster at ${this.node.path} needs a cluster: create it in a fleet cluster's chart or pass props.cluster`);
    }
    this.cluster = cluster;
    this.icDatabase = props.icDatabase;
    this.azName = props.azName ?? cluster.name;
    this.gatewayNodes = [...(props.gatewayNodes ?? cluster.gatewayNodes)];
    this.autoRoute = props.autoRoute ?? true;

    this.resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name: InterconnectedCluster.CONFIG_MAP_NAME,
        namespace: InterconnectedCluster.NAMESPACE,
        annotations: {
          // recreate (never patch) on change; client-side apply so Force means delete+create
          'argocd.argoproj.io/sync-options': 'Force=true,ServerSideApply=false',
          'kustomize.toolkit.fluxcd.io/force': 'enabled',
        },
      },
      immutable: true,
      data: {
        'enable-ic': 'true',
        'az-name': this.azName,
        'ic-db-host': this.icDatabase.hostList,
        'ic-nb-port': String(this.icDatabase.nbPort),
        'ic-sb-port': String(this.icDatabase.sbPort),
        'gw-nodes': this.gatewayNodes.join(','),
        'auto-route': String(this.autoRoute),
      },
    });

    if (!props.installedWithEnableIc) {
      const image = props.image ?? (cluster instanceof FleetCluster ? cluster.kubeOvnImage : undefined);
      this.controller = new IcController(this, 'Controller', { ovnDbIps: cluster.masterNodeIps, image });
    }
    if (cluster instanceof FleetCluster) cluster.fleet.addCheck('ovn-ic', checkInterconnections);

    this.node.addValidation({ validate: () => this.validateInterconnection() });
    addWarnings(this, () => this.ecmpWarnings());
  }

  /**
   * Adds an overlay subnet to the cluster's default VPC. Unless `disableInterConnection` is set,
   * OVN-IC advertises it to the other clusters.
   */
  public addSubnet(id: string, props: OverlaySubnetProps): OverlaySubnet {
    return new OverlaySubnet(this, id, props);
  }

  private get label(): string {
    return `${clusterLabel(this)}, InterconnectedCluster`;
  }

  private validateInterconnection(): string[] {
    const errors: string[] = [];
    const azError = checkDnsLabel(this.azName);
    if (azError) errors.push(`azName (az-name) ${azError}; it names the availability zone and the transit switch ports`);
    if (this.cluster.joinCidr === undefined) {
      errors.push('OVN-IC needs Kube-OVN, but this cluster has no join subnet (its CNI is not Kube-OVN); connect it with SubmarinerJoin instead');
    }
    if (this.gatewayNodes.length === 0) {
      errors.push('gatewayNodes (gw-nodes) is empty; name at least one node that can reach the other clusters\' gateways');
    }
    this.gatewayNodes.forEach((n, i) => {
      if (/[\s,]/.test(n) || n === '') errors.push(`gatewayNodes[${i}] "${n}" is not a node name; give node names without spaces or commas`);
    });
    if (this.icDatabase.hosts.length === 0) errors.push('icDatabase has no hosts; give the IC database node IPs');
    if (!this.icDatabase.server) checkIpList(this.icDatabase.hosts, 'icDatabase hosts (ic-db-host)', errors);
    for (const [field, port] of [['ic-nb-port', this.icDatabase.nbPort], ['ic-sb-port', this.icDatabase.sbPort]] as const) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) errors.push(`${field} must be a port number 1-65535, got ${port}`);
    }
    if (this.icDatabase.nbPort === this.icDatabase.sbPort) {
      errors.push(`ic-nb-port and ic-sb-port are both ${this.icDatabase.nbPort}; the northbound and southbound databases need different ports (6645 and 6646)`);
    }
    return errors.map((e) => `${this.label}: ${e}`);
  }

  private ecmpWarnings(): string[] {
    const tsNum = this.icDatabase.tsNum;
    const gws = this.gatewayNodes.length;
    if (gws === 0 || gws >= tsNum) return [];
    return [`${this.label}: ${gws} gateway node(s) for ${tsNum} transit switches; switches share a primary gateway, so there are only ${gws} distinct ECMP path(s). Add gateway nodes or lower TS_NUM`];
  }
}
