import { Chart } from 'cdk8s';
import type { Fleet } from '../fleet/fleet';
import { Cidr, findOverlaps } from '../net';
import { Problem } from '../rules';
import { SpiderIpPool } from '../spiderpool/ip-pool';
import type { SubmarinerBroker } from './broker';
import { SubmarinerJoin } from './join';

interface Owned {
  readonly join: SubmarinerJoin;
  readonly field: 'clusterCidr' | 'serviceCidr' | 'globalCidr';
}

/**
 * Rules across the clusters joined to one broker: unique cluster IDs, no overlapping pod or service
 * CIDRs without globalnet (no overlapping global CIDRs with it), and Spiderpool pools inside their
 * cluster's cluster CIDR. Overlaps are found in O(n log n) per broker.
 */
export function checkSubmariner(fleet: Fleet): { errors: Problem[] } {
  const errors: Problem[] = [];
  const joins = fleet.findAll(SubmarinerJoin);
  const brokers = new Map<SubmarinerBroker, SubmarinerJoin[]>();
  for (const j of joins) brokers.set(j.broker, [...(brokers.get(j.broker) ?? []), j]);
  const label = (j: SubmarinerJoin) => `cluster "${j.cluster.name}", SubmarinerJoin`;

  for (const [broker, members] of brokers) {
    const byId = new Map<string, SubmarinerJoin>();
    for (const j of members) {
      const first = byId.get(j.clusterId);
      if (first) {
        errors.push({ scope: j, message: `${label(j)}: clusterId "${j.clusterId}" is already used by cluster "${first.cluster.name}" on the same broker; cluster IDs must be unique (they name the broker's Cluster objects and ServiceAccounts), set clusterId` });
      } else {
        byId.set(j.clusterId, j);
      }
    }

    // gateways connect only to endpoints that use the same cable driver
    const reference = [...members].sort((x, y) => (x.cluster.name < y.cluster.name ? -1 : 1))[0];
    for (const j of members.filter((m) => m.cableDriver !== reference.cableDriver)) {
      errors.push({ scope: j, message: `${label(j)}: cableDriver ${j.cableDriver} differs from ${reference.cableDriver} of cluster "${reference.cluster.name}" on the same broker; gateways only connect with the same cable driver, use one driver for every member` });
    }

    const items: Array<{ cidr: Cidr; owner: Owned }> = [];
    for (const j of members) {
      if (broker.globalnetEnabled) {
        for (const cidr of j.globalCidrs) items.push({ cidr, owner: { join: j, field: 'globalCidr' } });
      } else {
        for (const cidr of j.clusterCidrs) items.push({ cidr, owner: { join: j, field: 'clusterCidr' } });
        for (const cidr of j.serviceCidrs) items.push({ cidr, owner: { join: j, field: 'serviceCidr' } });
      }
    }
    for (const { first, second } of findOverlaps(items, (a, b) => a.join !== b.join)) {
      const [later, earlier] = first.owner.join.cluster.name > second.owner.join.cluster.name ? [first, second] : [second, first];
      const fix = broker.globalnetEnabled
        ? 'give each cluster its own global CIDR'
        : 'Submariner routes them without translation, so renumber one cluster or enable globalnet on the broker';
      errors.push({
        scope: later.owner.join,
        message: `${label(later.owner.join)}: ${later.owner.field} ${later.cidr} overlaps ${earlier.owner.field} ${earlier.cidr} of cluster "${earlier.owner.join.cluster.name}" (both joined to broker ${broker.node.path}); ${fix}`,
      });
    }
  }

  // Spiderpool pools carry Submariner's traffic only inside the one cluster CIDR
  for (const j of joins) {
    const [clusterCidr] = j.clusterCidrs;
    if (!clusterCidr || j.clusterCidrs.length !== 1) continue;
    const pools = Chart.of(j).node.findAll().filter((c): c is SpiderIpPool => c instanceof SpiderIpPool);
    for (const pool of pools) {
      if (pool.cidr && !clusterCidr.containsCidr(pool.cidr)) {
        errors.push({
          scope: pool,
          message: `${pool.label}: spec.subnet ${pool.cidr} is outside the Submariner cluster CIDR ${clusterCidr} of cluster "${j.cluster.name}"; Submariner routes only its one cluster CIDR, so pods of this pool are unreachable from other clusters. Put the pool inside ${clusterCidr}`,
        });
      }
    }
  }
  return { errors };
}
