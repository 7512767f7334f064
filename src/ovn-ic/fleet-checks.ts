import { Chart } from 'cdk8s';
import type { Fleet } from '../fleet/fleet';
import { DEFAULT_VPC, SubnetBase } from '../kube-ovn/subnet';
import { Cidr, findOverlaps } from '../net';
import { Problem } from '../rules';
import { InterconnectedCluster } from './interconnected-cluster';

/** A CIDR OVN-IC advertises for a cluster, and where it was declared. */
interface Advertised {
  readonly ic: InterconnectedCluster;
  readonly subnetName: string;
  /** the declaring construct: the subnet, or the interconnection for ovn-default and join */
  readonly scope: SubnetBase | InterconnectedCluster;
}

function parseOrUndefined(text: string | undefined): Cidr[] {
  if (text === undefined) return [];
  try {
    return text.split(',').map((t) => Cidr.parse(t));
  } catch {
    return []; // reported by the cluster's own validation
  }
}

/**
 * Rules across interconnected clusters. Clusters that point at different IC databases form
 * separate interconnections and are checked separately.
 */
export function checkInterconnections(fleet: Fleet): { errors: Problem[] } {
  const errors: Problem[] = [];
  const all = fleet.findAll(InterconnectedCluster);
  const domains = new Map<string, InterconnectedCluster[]>();
  for (const ic of all) domains.set(ic.icDatabase.hostList, [...(domains.get(ic.icDatabase.hostList) ?? []), ic]);

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
    for (const ic of ics.filter((x) => x.autoRoute)) {
      for (const cidr of parseOrUndefined(ic.cluster.podCidr)) items.push({ cidr, owner: { ic, subnetName: 'ovn-default', scope: ic } });
      for (const cidr of parseOrUndefined(ic.cluster.joinCidr)) items.push({ cidr, owner: { ic, subnetName: 'join', scope: ic } });
      const subnets = Chart.of(ic).node.findAll().filter((c): c is SubnetBase => c instanceof SubnetBase);
      for (const s of subnets.filter((x) => x.vpc === DEFAULT_VPC && !x.isUnderlay && !x.disableInterConnection)) {
        for (const cidr of s.cidrs) items.push({ cidr, owner: { ic, subnetName: s.subnetName, scope: s } });
      }
    }
    const differentClusters = (a: Advertised, b: Advertised) => a.ic !== b.ic;
    for (const { first, second } of findOverlaps(items, differentClusters)) {
      // report once, on the cluster that sorts later, naming both sides
      const [later, earlier] = first.owner.ic.cluster.name > second.owner.ic.cluster.name ? [first, second] : [second, first];
      errors.push({
        scope: later.owner.scope,
        message: `cluster "${later.owner.ic.cluster.name}": subnet "${later.owner.subnetName}" ${later.cidr} overlaps subnet "${earlier.owner.subnetName}" ${earlier.cidr} of cluster "${earlier.owner.ic.cluster.name}"; with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)`,
      });
    }
  }
  return { errors };
}
