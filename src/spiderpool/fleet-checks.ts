import type { Fleet } from '../fleet/fleet';
import { Cidr, findOverlaps } from '../net';
import { Problem } from '../rules';
import { firstOverlap, formatRange } from './ip-range';
import { SpiderIpPool } from './ip-pool';

/**
 * Spiderpool's webhook rules between pools of one cluster: pools of one IP version whose subnets
 * differ but overlap are rejected; pools with the same subnet must not share addresses.
 * O(n log n) per cluster (plus the overlapping pairs).
 */
export function checkSpiderpools(fleet: Fleet): { errors: Problem[] } {
  const errors: Problem[] = [];
  for (const cluster of fleet.clusters) {
    const pools = cluster.chart.node.findAll().filter((c): c is SpiderIpPool => c instanceof SpiderIpPool);
    const items = pools.filter((p) => p.cidr).map((p) => ({ cidr: p.cidr as Cidr, owner: p }));
    for (const { first, second } of findOverlaps(items, (a, b) => a !== b)) {
      const [a, b] = [first.owner, second.owner];
      if (a.cidr!.toString() !== b.cidr!.toString()) {
        errors.push({
          scope: b,
          message: `${b.label}: spec.subnet ${b.cidr} overlaps spec.subnet ${a.cidr} of SpiderIPPool "${a.poolName}"; Spiderpool's webhook rejects pools whose subnets differ but overlap. Give both pools the same subnet (the underlay network) with disjoint ips, or separate subnets`,
        });
        continue;
      }
      const clash = firstOverlap(a.ranges, b.ranges);
      if (clash) {
        errors.push({
          scope: b,
          message: `${b.label}: spec.ips ${formatRange(clash[1])} overlaps spec.ips ${formatRange(clash[0])} of SpiderIPPool "${a.poolName}" in the same subnet ${a.cidr}; pools of one subnet must not share addresses, split the ranges`,
        });
      }
    }
  }
  return { errors };
}
