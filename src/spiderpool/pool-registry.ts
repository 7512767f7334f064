import { IConstruct } from 'constructs';
import { Cidr, findOverlaps } from '../net';
import { ChartRegistry } from '../rules';
import { firstOverlap, formatRange } from './ip-range';
import type { SpiderIpPool } from './ip-pool';

/**
 * Spiderpool's webhook rules between the pools of one chart (= one cluster): pools of one IP version
 * whose subnets differ but overlap are rejected; pools with the same subnet must not share addresses.
 * O(n log n) per cluster (plus the overlapping pairs), computed once per synth.
 */
export class PoolRegistry extends ChartRegistry {
  public static of(scope: IConstruct): PoolRegistry {
    return ChartRegistry.registryOf(scope, PoolRegistry);
  }

  private readonly pools: SpiderIpPool[] = [];

  public add(pool: SpiderIpPool): void {
    this.pools.push(pool);
    this.changed();
  }

  protected compute(): Map<IConstruct, string[]> {
    const result = new Map<IConstruct, string[]>();
    const push = (p: SpiderIpPool, message: string) => result.set(p, [...(result.get(p) ?? []), message]);
    const items = this.pools.filter((p) => p.cidr).map((p) => ({ cidr: p.cidr as Cidr, owner: p }));
    for (const { first, second } of findOverlaps(items, (a, b) => a !== b)) {
      const [a, b] = [first.owner, second.owner];
      if (a.cidr!.toString() !== b.cidr!.toString()) {
        push(b, `spec.subnet ${b.cidr} overlaps spec.subnet ${a.cidr} of SpiderIPPool "${a.poolName}"; Spiderpool's webhook rejects pools whose subnets differ but overlap. Give both pools the same subnet (the underlay network) with disjoint ips, or separate subnets`);
        continue;
      }
      // validateIPPoolAvailableIPs compares the pools' addresses after excludeIPs are taken out (pkg/ip/subnet.go
      // NewCIDR -> removeExcludeIPRange, IsOverlapIPRanges): pools may share ips that one of them excludes
      const clash = firstOverlap(a.available, b.available);
      if (clash) {
        push(b, `spec.ips ${formatRange(clash[1])} overlaps spec.ips ${formatRange(clash[0])} of SpiderIPPool "${a.poolName}" in the same subnet ${a.cidr}; pools of one subnet must not share addresses, split the ranges`);
      }
    }
    return result;
  }
}
