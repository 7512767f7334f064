import { Chart } from 'cdk8s';
import type { Fleet } from '../fleet/fleet';
import { descendantsOfType } from '../fleet/synthesis';
import { SubnetBase } from '../kube-ovn/subnet';
import { Cidr, findOverlaps, parseCidrList } from '../net';
import { Problem } from '../rules';
import { resolveInstallUnderlay } from '../underlay/install-underlay';
import { InterconnectedCluster } from './interconnected-cluster';

/** A CIDR of a cluster (advertised by OVN-IC or not), and where it was declared. */
interface Advertised {
  readonly ic: InterconnectedCluster;
  readonly subnetName: string;
  /** the declaring construct: the subnet, or the interconnection for ovn-default and join */
  readonly scope: SubnetBase | InterconnectedCluster;
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
export function checkInterconnections(fleet: Fleet): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  // a disconnected cluster (enable-ic false) takes no part: its controller is tearing it down
  const all = fleet.findAll(InterconnectedCluster).filter((ic) => ic.enabled);
  const domains = new Map<string, InterconnectedCluster[]>();
  for (const ic of all) {
    const domain = domains.get(ic.icDatabase.hostList);
    if (domain) domain.push(ic);
    else domains.set(ic.icDatabase.hostList, [ic]);
  }

  for (const ics of domains.values()) {
    const byAz = new Map<string, InterconnectedCluster>();
    for (const ic of ics) {
      const first = byAz.get(ic.azName);
      if (first) {
        errors.push({ scope: ic, message: `cluster "${ic.cluster.name}", InterconnectedCluster: azName (az-name) "${ic.azName}" is already used by cluster "${first.cluster.name}"; every interconnected cluster needs its own availability-zone name` });
      } else {
        byAz.set(ic.azName, ic);
      }
    }

    const items: Array<{ cidr: Cidr; owner: Advertised }> = [];
    const local: Array<{ cidr: Cidr; owner: Advertised }> = [];
    for (const ic of ics.filter((x) => x.autoRoute)) {
      const install = ic.cluster.installUnderlay ? resolveInstallUnderlay(ic.cluster.installUnderlay) : undefined;
      // in underlay mode ovn-default is advertised only through a router port (LOGICAL_GATEWAY or U2O_INTERCONNECTION)
      const defaultAdvertised = !install || install.logicalGateway || install.u2oInterconnection;
      for (const cidr of parseCidrList(ic.cluster.podCidr) ?? []) {
        (defaultAdvertised ? items : local).push({ cidr, owner: { ic, subnetName: 'ovn-default', scope: ic } });
      }
      for (const cidr of parseCidrList(ic.cluster.joinCidr) ?? []) items.push({ cidr, owner: { ic, subnetName: 'join', scope: ic } });
      const subnets = descendantsOfType(Chart.of(ic), SubnetBase);
      for (const s of subnets.filter((x) => x.advertisedThroughInterconnection || x.isUnderlay)) {
        const target = s.advertisedThroughInterconnection ? items : local;
        for (const cidr of s.cidrs) target.push({ cidr, owner: { ic, subnetName: s.subnetName, scope: s } });
      }
    }
    const differentClusters = (a: Advertised, b: Advertised) => a.ic !== b.ic;
    const advertised = new Set(items.map((i) => i.owner));
    const oneLocal = (a: Advertised, b: Advertised) => a.ic !== b.ic && advertised.has(a) !== advertised.has(b);
    for (const { first, second } of findOverlaps([...items, ...local], oneLocal)) {
      const [mine, theirs] = advertised.has(first.owner) ? [second, first] : [first, second];
      warnings.push({
        scope: mine.owner.scope,
        message: `cluster "${mine.owner.ic.cluster.name}": underlay subnet "${mine.owner.subnetName}" ${mine.cidr} is not advertised through OVN-IC but overlaps subnet "${theirs.owner.subnetName}" ${theirs.cidr}, which cluster "${theirs.owner.ic.cluster.name}" advertises; both clusters use the range (one on its physical network), so their pods cannot reliably reach each other. Renumber one of them if they must talk`,
      });
    }
    for (const { first, second } of findOverlaps(items, differentClusters)) {
      // report once, on the cluster that sorts later, naming both sides
      const [later, earlier] = first.owner.ic.cluster.name > second.owner.ic.cluster.name ? [first, second] : [second, first];
      errors.push({
        scope: later.owner.scope,
        message: `cluster "${later.owner.ic.cluster.name}": subnet "${later.owner.subnetName}" ${later.cidr} overlaps subnet "${earlier.owner.subnetName}" ${earlier.cidr} of cluster "${earlier.owner.ic.cluster.name}"; with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)`,
      });
    }
  }
  return { errors, warnings };
}
