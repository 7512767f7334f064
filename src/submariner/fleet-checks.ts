import { Cidr, findOverlaps } from '../net';
import { checkDnsLabel, FleetProblem } from '../rules';
import { CableDriver } from './cable-driver';

/** A cluster joined to a broker, as plain data from the fleet model. */
export interface SubmarinerMember {
  readonly cluster: string;
  /** Construct path of the SubmarinerJoin, for messages. */
  readonly path: string;
  readonly clusterId: string;
  readonly cableDriver: CableDriver;
  readonly clusterCidrs: readonly Cidr[];
  readonly serviceCidrs: readonly Cidr[];
  readonly globalCidrs: readonly Cidr[];
}

/** A broker with its members. */
export interface SubmarinerClusterset {
  /** Construct path of the broker, for messages. */
  readonly brokerPath: string;
  readonly globalnetEnabled: boolean;
  readonly members: readonly SubmarinerMember[];
}

/**
 * Rules across the clusters joined to one broker: unique cluster IDs, one cable driver, no
 * overlapping pod or service CIDRs without globalnet (no overlapping global CIDRs with it).
 * Overlaps are found in O(n log n) per broker.
 */
export function checkClusterset(set: SubmarinerClusterset): FleetProblem[] {
  const errors: FleetProblem[] = [];
  const label = (j: SubmarinerMember) => `cluster "${j.cluster}", SubmarinerJoin`;
  const byId = new Map<string, SubmarinerMember>();
  for (const j of set.members) {
    const first = byId.get(j.clusterId);
    if (first) {
      errors.push({ path: j.path, message: `${label(j)}: clusterId "${j.clusterId}" is already used by cluster "${first.cluster}" on the same broker; cluster IDs must be unique (they name the broker's Cluster objects and ServiceAccounts), set clusterId` });
    } else {
      byId.set(j.clusterId, j);
    }
  }

  // gateways connect only to endpoints that use the same cable driver
  const reference = [...set.members].sort((x, y) => (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0))[0];
  for (const j of set.members.filter((m) => m.cableDriver !== reference.cableDriver)) {
    errors.push({ path: j.path, message: `${label(j)}: cableDriver ${j.cableDriver} differs from ${reference.cableDriver} of cluster "${reference.cluster}" on the same broker; gateways only connect with the same cable driver, use one driver for every member` });
  }

  const items: Array<{ cidr: Cidr; owner: { join: SubmarinerMember; field: string } }> = [];
  for (const j of set.members) {
    if (set.globalnetEnabled) {
      for (const cidr of j.globalCidrs) items.push({ cidr, owner: { join: j, field: 'globalCidr' } });
    } else {
      for (const cidr of j.clusterCidrs) items.push({ cidr, owner: { join: j, field: 'clusterCidr' } });
      for (const cidr of j.serviceCidrs) items.push({ cidr, owner: { join: j, field: 'serviceCidr' } });
    }
  }
  for (const { first, second } of findOverlaps(items, (a, b) => a.join !== b.join)) {
    const [later, earlier] = first.owner.join.cluster > second.owner.join.cluster ? [first, second] : [second, first];
    const fix = set.globalnetEnabled
      ? 'give each cluster its own global CIDR'
      : 'Submariner routes them without translation, so renumber one cluster or enable globalnet on the broker';
    errors.push({
      path: later.owner.join.path,
      message: `${label(later.owner.join)}: ${later.owner.field} ${later.cidr} overlaps ${earlier.owner.field} ${earlier.cidr} of cluster "${earlier.owner.join.cluster}" (both joined to broker ${set.brokerPath}); ${fix}`,
    });
  }
  return errors;
}

/**
 * The cluster IDs a broker keeps objects for (its `members`): each valid ID once, in member order.
 * Invalid and repeated IDs are reported on the joins (SubmarinerJoin, {@link checkClusterset}),
 * so the broker does not report them again.
 */
export function brokerMemberIds(set: SubmarinerClusterset): string[] {
  return [...new Set(set.members.map((m) => m.clusterId))].filter((id) => checkDnsLabel(id) === undefined);
}

/**
 * The hijack CIDRs of a member's Spiderpool coordinator: the pod and service CIDRs (global CIDRs with
 * globalnet) of every other member of its broker.
 */
export function peerCidrsOf(set: SubmarinerClusterset, member: SubmarinerMember): string[] {
  const cidrs: Cidr[] = [];
  for (const peer of set.members.filter((m) => m !== member && m.clusterId !== member.clusterId)) {
    if (set.globalnetEnabled) cidrs.push(...peer.globalCidrs);
    else cidrs.push(...peer.serviceCidrs, ...peer.clusterCidrs);
  }
  return cidrs.map(String);
}

/** A Spiderpool pool of a member cluster. */
export interface MemberPool {
  readonly path: string;
  /** `cluster "x", SpiderIPPool "name"`. */
  readonly label: string;
  readonly cidr?: Cidr;
}

/** Spiderpool pools carry Submariner's traffic only inside the one cluster CIDR. */
export function checkPoolsInClusterCidr(member: SubmarinerMember, pools: readonly MemberPool[]): FleetProblem[] {
  const [clusterCidr] = member.clusterCidrs;
  if (!clusterCidr || member.clusterCidrs.length !== 1) return [];
  return pools.filter((p) => p.cidr && !clusterCidr.containsCidr(p.cidr)).map((p) => ({
    path: p.path,
    message: `${p.label}: spec.subnet ${p.cidr} is outside the Submariner cluster CIDR ${clusterCidr} of cluster "${member.cluster}"; Submariner routes only its one cluster CIDR, so pods of this pool are unreachable from other clusters. Put the pool inside ${clusterCidr}`,
  }));
}
