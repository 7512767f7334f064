import { resolveInstallUnderlay } from '../kube-ovn/install-underlay';
import { Cidr, findOverlaps, parseCidrList } from '../net';
import { ClusterNetwork, FleetProblem } from '../rules';
import { IcDatabase } from './ic-database';
import { PeerRoute } from './interconnected-cluster';

/** A range of a cluster's default VPC as the cross-cluster rules see it. */
export interface IcRange {
  /** Subnet name: `ovn-default`, `join` or a declared Subnet's. */
  readonly name: string;
  /** Where it was declared (construct path), for messages. */
  readonly path: string;
  readonly cidrs: readonly Cidr[];
  /** OVN-IC advertises it (auto-route). */
  readonly advertised: boolean;
  /** Bound to a VLAN: its range belongs to the physical network. */
  readonly underlay: boolean;
}

/** One cluster's interconnection, as plain data from the fleet model. */
export interface IcMember {
  readonly cluster: string;
  /** Construct path of the InterconnectedCluster, for messages. */
  readonly path: string;
  readonly icDatabase: IcDatabase;
  readonly azName: string;
  readonly gatewayNodes: readonly string[];
  readonly autoRoute: boolean;
  readonly enabled: boolean;
  /** ovn-default, join and every declared subnet of the default VPC. */
  readonly ranges: readonly IcRange[];
  readonly peerRoutes: readonly PeerRoute[];
}

/**
 * The ranges Kube-OVN itself creates in a cluster's default VPC: ovn-default (POD_CIDR) and join.
 * In install-time underlay mode ovn-default is advertised only through a router port
 * (LOGICAL_GATEWAY or U2O_INTERCONNECTION).
 */
export function implicitRanges(cluster: ClusterNetwork, path: string): IcRange[] {
  const install = cluster.installUnderlay ? resolveInstallUnderlay(cluster.installUnderlay) : undefined;
  const defaultAdvertised = !install || install.logicalGateway || install.u2oInterconnection;
  return [
    { name: 'ovn-default', path, cidrs: parseCidrList(cluster.podCidr) ?? [], advertised: defaultAdvertised, underlay: !!install },
    { name: 'join', path, cidrs: parseCidrList(cluster.joinCidr) ?? [], advertised: true, underlay: false },
  ];
}

type Problems = { errors: FleetProblem[]; warnings: FleetProblem[] };

/** Members grouped by their IC domain ({@link IcDatabase.domainKey}), in first-seen order. */
export function icDomains<T extends { readonly icDatabase: IcDatabase }>(members: readonly T[]): Map<string, T[]> {
  const domains = new Map<string, T[]>();
  for (const m of members) {
    const list = domains.get(m.icDatabase.domainKey);
    if (list) list.push(m);
    else domains.set(m.icDatabase.domainKey, [m]);
  }
  return domains;
}

/**
 * Rules across interconnected clusters. Clusters that point at different IC databases form
 * separate interconnections and are checked separately.
 *
 * Underlay subnets: OVN-IC connects overlay networks; an underlay range belongs to the physical
 * network, which routes it between sites. So an underlay subnet (and ovn-default of a cluster
 * installed in underlay mode) is advertised only when it has a port on the ovn-cluster router and,
 * for declared subnets, opts in with `disableInterConnection: false`; then it must not overlap
 * any other cluster's advertised range, like an overlay subnet. A non-advertised underlay range that
 * overlaps another cluster's advertised range is a warning: both clusters use the range, and the
 * pods of one cannot reliably reach those of the other.
 */
export function checkInterconnections(members: readonly IcMember[]): Problems {
  const out: Problems = { errors: [], warnings: [] };
  // a disconnected cluster (enable-ic false) takes no part: its controller is tearing it down
  for (const ics of icDomains(members.filter((m) => m.enabled)).values()) {
    const byAz = new Map<string, IcMember>();
    for (const ic of ics) {
      const first = byAz.get(ic.azName);
      if (first) {
        out.errors.push({ path: ic.path, message: `cluster "${ic.cluster}", InterconnectedCluster: azName (az-name) "${ic.azName}" is already used by cluster "${first.cluster}"; every interconnected cluster needs its own availability-zone name` });
      } else {
        byAz.set(ic.azName, ic);
      }
    }
    checkAdvertisedOverlaps(ics.filter((x) => x.autoRoute), out);
  }
  checkManualRoutes(members, out);
  return out;
}

interface Owned {
  readonly ic: IcMember;
  readonly range: IcRange;
}

function checkAdvertisedOverlaps(ics: readonly IcMember[], out: Problems): void {
  const items: Array<{ cidr: Cidr; owner: Owned }> = [];
  const local: Array<{ cidr: Cidr; owner: Owned }> = [];
  for (const ic of ics) {
    for (const range of ic.ranges) {
      if (!range.advertised && !range.underlay) continue;
      for (const cidr of range.cidrs) (range.advertised ? items : local).push({ cidr, owner: { ic, range } });
    }
  }
  const advertised = new Set(items.map((i) => i.owner));
  const oneLocal = (a: Owned, b: Owned) => a.ic !== b.ic && advertised.has(a) !== advertised.has(b);
  for (const { first, second } of findOverlaps([...items, ...local], oneLocal)) {
    const [mine, theirs] = advertised.has(first.owner) ? [second, first] : [first, second];
    out.warnings.push({
      path: mine.owner.range.path,
      message: `cluster "${mine.owner.ic.cluster}": underlay subnet "${mine.owner.range.name}" ${mine.cidr} is not advertised through OVN-IC but overlaps subnet "${theirs.owner.range.name}" ${theirs.cidr}, which cluster "${theirs.owner.ic.cluster}" advertises; both clusters use the range (one on its physical network), so their pods cannot reliably reach each other. Renumber one of them if they must talk`,
    });
  }
  for (const { first, second } of findOverlaps(items, (a, b) => a.ic !== b.ic)) {
    // report once, on the cluster that sorts later, naming both sides
    const [later, earlier] = first.owner.ic.cluster > second.owner.ic.cluster ? [first, second] : [second, first];
    const joinHint = later.owner.range.name === 'join' || earlier.owner.range.name === 'join'
      ? ' (the join subnet is the cluster\'s joinCidr; Kube-OVN\'s default 100.64.0.0/16 must be changed on all but one cluster)'
      : '';
    out.errors.push({
      path: later.owner.range.path,
      message: `cluster "${later.owner.ic.cluster}": subnet "${later.owner.range.name}" ${later.cidr} overlaps subnet "${earlier.owner.range.name}" ${earlier.cidr} of cluster "${earlier.owner.ic.cluster}"${joinHint}; with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)`,
    });
  }
}

/** The manual-route rules that need the peer: same IC database, auto-route off there, routes back, ranges the peer uses. */
function checkManualRoutes(members: readonly IcMember[], out: Problems): void {
  const byCluster = new Map(members.map((m) => [m.cluster, m]));
  for (const ic of members) {
    const label = `cluster "${ic.cluster}", InterconnectedCluster`;
    for (const r of ic.peerRoutes) {
      const where = `${label}: routeToPeer(${r.peerCluster})`;
      const peer = byCluster.get(r.peerCluster);
      if (r.peerCluster === ic.cluster) continue; // the construct reports it
      if (!peer) {
        out.errors.push({ path: ic.path, message: `${where}: cluster "${r.peerCluster}" is not interconnected in this fleet; name a cluster with an InterconnectedCluster` });
        continue;
      }
      if (peer.icDatabase.domainKey !== ic.icDatabase.domainKey) {
        // the ports tell two databases on the same hosts apart
        const hostsDiffer = peer.icDatabase.hostList !== ic.icDatabase.hostList;
        const db = (d: IcDatabase) => `${d.hostList || '(no hosts)'}${hostsDiffer ? '' : ` (ports ${d.nbPort}/${d.sbPort})`}`;
        out.errors.push({ path: ic.path, message: `${where}: cluster "${peer.cluster}" uses the IC database ${db(peer.icDatabase)}, this cluster ${db(ic.icDatabase)}; manual routes only work between clusters on the same IC database (the transit switches belong to it)` });
      }
      if (peer.autoRoute) {
        out.errors.push({ path: ic.path, message: `${where}: cluster "${peer.cluster}" has auto-route on, so it can neither route back with manual routes nor learn this cluster's subnets (with auto-route off nothing is advertised); set autoRoute: false on cluster "${peer.cluster}" and declare the reverse route there` });
      }
      if (!peer.enabled) out.errors.push({ path: ic.path, message: `${where}: cluster "${peer.cluster}" is disconnected (enabled: false); remove the route` });
      const back = peer.peerRoutes.filter((x) => x.peerCluster === ic.cluster);
      // the two directions of a pair must not overlap (reported once, by the cluster that sorts first)
      if (ic.cluster < peer.cluster) {
        for (const a of r.cidrs) {
          for (const b of back.flatMap((x) => x.cidrs)) {
            const [ca, cb] = [parseCidrList(a)?.[0], parseCidrList(b)?.[0]];
            if (ca && cb && ca.overlaps(cb)) {
              out.errors.push({ path: ic.path, message: `${where}: cidr ${ca} overlaps cidr ${cb} that cluster "${peer.cluster}" routes back to this cluster; the two directions must share disjoint ranges` });
            }
          }
        }
      }
      const ranges = peer.ranges.flatMap((x) => x.cidrs.map((cidr) => ({ name: `subnet "${x.name}"`, cidr })));
      for (const text of r.cidrs) {
        const cidr = parseCidrList(text)?.[0];
        if (cidr && !ranges.some((x) => x.cidr.containsCidr(cidr))) {
          out.warnings.push({ path: ic.path, message: `${where}: cidr ${cidr} is not inside any subnet this fleet declares for cluster "${peer.cluster}" (${ranges.map((x) => `${x.name} ${x.cidr}`).join(', ')}); check the CIDR, traffic to addresses the peer does not use is dropped there` });
        }
      }
      if (back.length === 0) {
        out.warnings.push({ path: ic.path, message: `${where} has no way back: cluster "${peer.cluster}" declares no route to this cluster, so replies are dropped; declare the reverse route on cluster "${peer.cluster}" too (routeToPeer towards cluster "${ic.cluster}")` });
      }
    }
  }
}
