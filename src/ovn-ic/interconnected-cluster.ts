import { Chart } from 'cdk8s';
// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { KubeOvnImage } from '../kube-ovn/image';
import { OverlaySubnet, OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import { DEFAULT_VPC, SubnetBase } from '../kube-ovn/subnet';
import { Cidr, findOverlaps, IpAddress, parseCidrList } from '../net';
import {
  addWarnings, checkDnsLabel, checkInteger, checkIpList, checkNodeNames, ClusterNetwork, clusterLabel, tryCidr, tryIp,
} from '../rules';
import { IcController } from './ic-controller';
import { IcDatabase } from './ic-database';
import { DefaultVpcRoutes, ManualRoute } from './manual-routes';
import { transitSwitches, TS_NUM_MAX } from './transit-switch';

/**
 * A manual route (auto-route off): this cluster reaches `cidrs` of a peer cluster through the peer's
 * port on a transit switch. The peer declares the reverse route.
 */
export interface PeerRoute {
  /** The peer cluster's name; it must be interconnected through the same IC database. */
  readonly peerCluster: string;
  /** The peer's az-name (its transit-switch port is `ts-<az-name>`). */
  readonly peerAzName: string;
  /**
   * CIDRs of the peer (its ovn-default, a subnet, or a part of one) that this cluster reaches through
   * the peer's transit-switch port. They must not overlap each other or this cluster's own ranges.
   */
  readonly cidrs: string[];
  /**
   * The peer's port address on a transit switch as this cluster sees it: `kubectl ko nbctl show` in
   * this cluster lists port `ts-<peer az-name>` (type remote) with `addresses: ["<mac> <ip>/24"]`.
   * It lies in 169.254.(100+i).0/24 of transit switch i (IPv6: fe80:a9fe:<hex 100+i>::/112). The
   * address is drawn at random whenever the peer (re)builds its interconnection.
   */
  readonly nextHop: string;
}

/** Props of {@link InterconnectedCluster}. */
export interface InterconnectedClusterProps {
  /** Where the OVN-IC database runs. */
  readonly icDatabase: IcDatabase;
  /** The cluster being connected. */
  readonly cluster: ClusterNetwork;
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
   * Keep the cluster interconnected (`enable-ic`). `false` renders `enable-ic: "false"`: the
   * controller, still running, tears the interconnection down (gateway labels, the AZ's ports and
   * IC-SB records, learned routes). Use it as the first step of removing a cluster (see docs/day2.md).
   * @default true
   */
  readonly enabled?: boolean;
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
  /**
   * Manual routes to peer clusters (auto-route off); more with {@link InterconnectedCluster.addPeerRoute}.
   * @default - none
   */
  readonly peerRoutes?: PeerRoute[];
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
  /** `enable-ic`: false while the cluster is being disconnected. */
  public readonly enabled: boolean;
  /** The ConfigMap. */
  public readonly resource: k8s.KubeConfigMap;
  /** The ovn-ic-controller, unless Kube-OVN's installer runs it. */
  public readonly controller?: IcController;
  /** The default VPC's manual routes; rendered whenever auto-route is off. */
  public readonly manualRoutes?: DefaultVpcRoutes;
  private readonly peerRoutes: PeerRoute[] = [];
  /** `props.gatewayNodes` as given (JavaScript may pass a string), for the validation. */
  private readonly givenGatewayNodes?: unknown;

  constructor(scope: Construct, id: string, props: InterconnectedClusterProps) {
    super(scope, id);
    const cluster = props?.cluster;
    if (typeof cluster !== 'object' || cluster === null) {
      // nothing can be rendered without it (az-name, gw-nodes, OVN_DB_IPS all come from it)
      throw new Error(`InterconnectedCluster at ${this.node.path} needs a cluster: pass props.cluster, the ClusterNetwork it connects (name, podCidr, serviceCidr, joinCidr, masterNodeIps, gatewayNodes), got ${String(cluster)}`);
    }
    this.cluster = cluster;
    const icDatabase: unknown = props.icDatabase;
    // a missing database is reported by the validation; the placeholder keeps the tree buildable
    this.icDatabase = icDatabase instanceof IcDatabase ? icDatabase : IcDatabase.fromHosts([]);
    this.azName = props.azName ?? cluster.name;
    this.givenGatewayNodes = props.gatewayNodes;
    // a non-list from JavaScript is reported by the validation; nothing is rendered from it
    const gatewayNodes: unknown = props.gatewayNodes ?? cluster.gatewayNodes ?? [];
    this.gatewayNodes = Array.isArray(gatewayNodes) ? [...gatewayNodes] : [];
    this.autoRoute = props.autoRoute ?? true;
    this.enabled = props.enabled ?? true;

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
        'enable-ic': String(this.enabled),
        'az-name': this.azName,
        'ic-db-host': this.icDatabase.hostList,
        'ic-nb-port': String(this.icDatabase.nbPort),
        'ic-sb-port': String(this.icDatabase.sbPort),
        'gw-nodes': this.gatewayNodes.join(','),
        'auto-route': String(this.autoRoute),
      },
    });

    if (!props.installedWithEnableIc) {
      this.controller = new IcController(this, 'Controller', { ovnDbIps: cluster.masterNodeIps ?? [], image: props.image ?? cluster.kubeOvnImage });
    }
    if (!this.autoRoute) {
      // rendered even without routes, so that removing the last route withdraws it declaratively
      this.manualRoutes = new DefaultVpcRoutes(this, 'ManualRoutes', { routes: () => (this.enabled ? this.parsedRoutes() : []) });
    }
    for (const route of props.peerRoutes ?? []) this.addPeerRoute(route);

    this.node.addValidation({ validate: () => [...this.validateInterconnection(icDatabase), ...this.validateManualRoutes()] });
    addWarnings(this, () => this.ecmpWarnings());
  }

  /**
   * Manual route mode (`autoRoute: false`): this cluster reaches `route.cidrs` of the peer through the
   * peer's port on a transit switch. Declare the reverse direction on the peer too. Rendered as
   * `spec.staticRoutes` and `spec.policyRoutes` of the default VPC `ovn-cluster` (see
   * {@link DefaultVpcRoutes} for why not `ovn-nbctl lr-route-add`).
   */
  public addPeerRoute(route: PeerRoute): InterconnectedCluster {
    this.peerRoutes.push({ peerCluster: route?.peerCluster, peerAzName: route?.peerAzName, cidrs: [...(route?.cidrs ?? [])], nextHop: route?.nextHop });
    return this;
  }

  /** The declared manual routes, as given. */
  public get declaredPeerRoutes(): readonly PeerRoute[] {
    return this.peerRoutes;
  }

  /** Manual routes whose CIDR and next hop parse; the validation reports the others. */
  private parsedRoutes(): ManualRoute[] {
    const result: ManualRoute[] = [];
    for (const r of this.peerRoutes) {
      for (const text of r.cidrs) {
        // a bad CIDR is reported by validateManualRoutes
        const cidr = parseCidrList(text)?.[0];
        if (cidr) result.push({ cidr, nextHop: r.nextHop, peerAzName: r.peerAzName });
      }
    }
    return result;
  }

  /**
   * Adds an overlay subnet to the cluster's default VPC. Unless `disableInterConnection` is set,
   * OVN-IC advertises it to the other clusters.
   */
  public addSubnet(id: string, props: OverlaySubnetProps): OverlaySubnet {
    return new OverlaySubnet(this, id, { cluster: this.cluster, ...props });
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, InterconnectedCluster`;
  }

  private validateInterconnection(given: unknown): string[] {
    const errors: string[] = [];
    if (!(given instanceof IcDatabase)) {
      const got = typeof given === 'object' && given !== null ? given.constructor?.name ?? 'an object' : String(given);
      errors.push(`icDatabase is missing or not an IcDatabase (got ${got}); pass IcDatabase.fromServer(server) or IcDatabase.fromHosts([...]), in a fleet what addIcServer or addExternalIcDatabase returned`);
    }
    const azError = checkDnsLabel(this.azName);
    if (azError) errors.push(`azName (az-name) ${azError}; it names the availability zone and the transit switch ports`);
    if (this.cluster.joinCidr === undefined) {
      errors.push('OVN-IC needs Kube-OVN, but this cluster has no join subnet (its CNI is not Kube-OVN); connect it with SubmarinerJoin instead');
    }
    if (this.gatewayNodes.length === 0 && (this.givenGatewayNodes === undefined || Array.isArray(this.givenGatewayNodes))) {
      errors.push('gatewayNodes (gw-nodes) is empty; name at least one node that can reach the other clusters\' gateways');
    }
    // gw-nodes is a comma-joined list of Node names (Kube-OVN v1.13.15 pkg/controller/ovn_ic.go splits it by ','):
    // each an RFC 1123 subdomain as the API server requires of Node names, none twice
    checkNodeNames(this.givenGatewayNodes ?? this.gatewayNodes, 'gatewayNodes (gw-nodes)', errors);
    if (given instanceof IcDatabase && this.icDatabase.hosts.length === 0) errors.push('icDatabase has no hosts; give the IC database node IPs');
    if (!this.icDatabase.runsAsServer) {
      checkIpList(this.icDatabase.hosts, 'icDatabase hosts (ic-db-host)', errors);
      // IcDatabase.fromHosts from JavaScript: a server's own TS_NUM is checked by the IcServer
      const ts = checkInteger(this.icDatabase.tsNum, 'icDatabase tsNum (TS_NUM)', 1, TS_NUM_MAX, ' (the number of transit switches)');
      if (ts) errors.push(ts);
    }
    for (const [field, port] of [['ic-nb-port', this.icDatabase.nbPort], ['ic-sb-port', this.icDatabase.sbPort]] as const) {
      const e = checkInteger(port, `icDatabase ${field}`, 1, 65535, ' (a TCP port)');
      if (e) errors.push(e);
    }
    if (this.icDatabase.nbPort === this.icDatabase.sbPort) {
      errors.push(`ic-nb-port and ic-sb-port are both ${this.icDatabase.nbPort}; the northbound and southbound databases need different ports (6645 and 6646)`);
    }
    return errors.map((e) => `${this.label}: ${e}`);
  }

  private validateManualRoutes(): string[] {
    if (this.peerRoutes.length === 0) return [];
    const errors: string[] = [];
    if (this.autoRoute) {
      errors.push('routeToPeer is used but autoRoute is true; manual routes need autoRoute: false (with auto-route Kube-OVN advertises and learns the subnets itself), set autoRoute: false or remove the routes');
    }
    if (!this.enabled) {
      errors.push('routeToPeer is used but enabled is false; a disconnected cluster has no transit-switch ports, remove the routes');
    }
    const switches = transitSwitches(this.icDatabase.tsNum);
    const items: Array<{ cidr: Cidr; owner: { peer: string; index: number } }> = [];
    const hopPeers = new Map<string, string>();
    this.peerRoutes.forEach((r, index) => {
      const peer = r.peerCluster;
      const where = `routeToPeer(${peer})`;
      if (typeof peer !== 'string' || peer === '') errors.push(`${where}: peerCluster is missing; give the name of the peer cluster`);
      if (typeof r.peerAzName !== 'string' || r.peerAzName === '') errors.push(`${where}: peerAzName is missing; give the peer's az-name (its cluster name unless it sets azName)`);
      if (peer === this.cluster.name) errors.push(`${where}: the peer is this cluster itself; name another interconnected cluster`);
      if (r.cidrs.length === 0) errors.push(`${where}: cidrs is empty; list the CIDRs of cluster "${peer}" to reach`);
      const hop = tryIp(r.nextHop, `${where}: nextHop`, errors);
      if (hop) {
        errors.push(...this.checkNextHop(where, hop, switches));
        const other = hopPeers.get(hop.text);
        if (other !== undefined && other !== peer) {
          errors.push(`${where}: nextHop ${hop.text} is also the next hop to cluster "${other}"; each peer has its own port on a transit switch, look the address up again (kubectl ko nbctl show, port ts-${r.peerAzName})`);
        }
        hopPeers.set(hop.text, peer);
      }
      r.cidrs.forEach((text, j) => {
        const cidr = tryCidr(text, `${where}: cidrs[${j}]`, errors);
        if (!cidr) return;
        if (hop && hop.family !== cidr.family) {
          errors.push(`${where}: cidrs[${j}] ${cidr} is ${cidr.family} but nextHop ${hop.text} is ${hop.family}; give the peer's ${cidr.family} transit-switch address or an ${hop.family} CIDR`);
        }
        items.push({ cidr, owner: { peer, index } });
      });
    });
    for (const { first, second } of findOverlaps(items)) {
      errors.push(`routeToPeer(${second.owner.peer}): cidr ${second.cidr} overlaps cidr ${first.cidr} routed to cluster "${first.owner.peer}"; shared CIDRs must not overlap each other (Kube-OVN keeps one next hop per prefix and replaces the others), share disjoint ranges`);
    }
    const own = ownRanges(this);
    for (const { first, second } of findOverlaps([...items.map((i) => ({ cidr: i.cidr, owner: i.owner as unknown })), ...own], (a, b) => isRange(a) !== isRange(b))) {
      const [route, range] = isRange(first.owner) ? [second, first] : [first, second];
      const r = range.owner as { name: string };
      errors.push(`routeToPeer(${(route.owner as { peer: string }).peer}): cidr ${route.cidr} overlaps this cluster's ${r.name} ${range.cidr}; traffic to it would stay in this cluster, share only ranges this cluster does not use`);
    }
    return errors.map((e) => `${this.label}: ${e}`);
  }

  private checkNextHop(where: string, hop: IpAddress, switches: ReturnType<typeof transitSwitches>): string[] {
    const ranges = switches.map((t) => ({ name: t.name, cidr: hop.family === 'IPv4' ? t.ipv4 : t.ipv6 }));
    const ts = ranges.find((r) => r.cidr.contains(hop));
    if (!ts) {
      const list = ranges.map((r) => `${r.cidr} (${r.name})`).join(', ');
      return [`${where}: nextHop ${hop.text} is not on a transit switch of this IC database (TS_NUM ${this.icDatabase.tsNum}: ${list || 'none'}); use the address of port ts-<peer az-name> in kubectl ko nbctl show`];
    }
    if (hop.family === 'IPv4' && (hop.value === ts.cidr.network || hop.value === ts.cidr.last)) {
      return [`${where}: nextHop ${hop.text} is the network or broadcast address of ${ts.cidr} (${ts.name}); no port has it, use the address of port ts-<peer az-name> in kubectl ko nbctl show`];
    }
    return [];
  }

  private ecmpWarnings(): string[] {
    if (!this.enabled) return [];
    const tsNum = this.icDatabase.tsNum;
    const gws = this.gatewayNodes.length;
    if (gws === 0 || gws >= tsNum) return [];
    return [`${this.label}: ${gws} gateway node(s) for ${tsNum} transit switches; switches share a primary gateway, so there are only ${gws} distinct ECMP path(s). Add gateway nodes or lower TS_NUM`];
  }
}

/** A range a cluster uses in its default VPC (or its service CIDR), for the manual-route checks. */
interface OwnRange {
  readonly cidr: Cidr;
  readonly owner: { readonly name: string; readonly range: true };
}

function isRange(owner: unknown): boolean {
  return typeof owner === 'object' && owner !== null && (owner as { range?: boolean }).range === true;
}

/** ovn-default, join, the service CIDR and every subnet of the default VPC in the cluster's chart. */
function ownRanges(ic: InterconnectedCluster): OwnRange[] {
  const result: OwnRange[] = [];
  const add = (name: string, text: string | undefined) => {
    for (const cidr of parseCidrList(text) ?? []) result.push({ cidr, owner: { name, range: true } });
  };
  add('subnet "ovn-default"', ic.cluster.podCidr);
  add('subnet "join"', ic.cluster.joinCidr);
  add('service CIDR', ic.cluster.serviceCidr);
  // the cluster's own chart: every subnet of its default VPC, wherever in the chart it was declared
  const subnets = Chart.of(ic).node.findAll().filter((c): c is SubnetBase => c instanceof SubnetBase && c.vpc === DEFAULT_VPC);
  for (const s of subnets) for (const cidr of s.cidrs) result.push({ cidr, owner: { name: `subnet "${s.subnetName}"`, range: true } });
  return result;
}
