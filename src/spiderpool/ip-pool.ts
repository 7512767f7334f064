import { Construct } from 'constructs';
import { SpiderIpPool as SpiderIpPoolResource, SpiderIpPoolSpecIpVersion } from '../../imports/ippool-spiderpool.spidernet.io';
import { Cidr, familyBits, formatIp, IpAddress } from '../net';
import { checkBoolean, checkDnsSubdomain, ClusterNetwork, clusterLabel, tryCidr, tryIp } from '../rules';
import { PoolRegistry } from './pool-registry';
import { formatRange, inRanges, IpRange, mergeRanges, parsePoolRange } from './ip-range';

/** A static route handed to pods of the pool. */
export interface SpiderIpPoolRoute {
  /** Destination CIDR. */
  readonly dst: string;
  /** Next hop, inside the pool's subnet. */
  readonly gw: string;
}

/** Props of {@link SpiderIpPool}. */
export interface SpiderIpPoolProps {
  /**
   * Object name (cluster-scoped).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The underlay subnet (`spec.subnet`), e.g. `172.110.0.0/16`. With Submariner it must lie inside
   * the cluster CIDR (usually it is the cluster CIDR itself). Immutable once created.
   */
  readonly subnet: string;
  /**
   * Addresses pods get: single addresses or ranges `first-last`, inside `subnet`. Rendered merged
   * and sorted, as Spiderpool's webhook would store them. Optional, as upstream has it: a pool
   * without addresses is accepted (addresses can be added later) but hands out none.
   * @default - none
   */
  readonly ips?: string[];
  /**
   * Addresses inside `ips` that must not be handed out.
   * @default - none
   */
  readonly excludeIps?: string[];
  /**
   * Default gateway of the pods: inside `subnet`, and not inside `ips` unless excluded.
   * @default - none (pods get no default route from the pool)
   */
  readonly gateway?: string;
  /**
   * A cluster-default pool: pods that name no pool take addresses from it.
   * @default false
   */
  readonly default?: boolean;
  /**
   * Extra routes.
   * @default - none
   */
  readonly routes?: SpiderIpPoolRoute[];
  /**
   * Restrict the pool to these NetworkAttachmentDefinitions (`<namespace>/<name>`).
   * @default - usable by any
   */
  readonly multusNames?: string[];
  /**
   * Labels of the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The cluster the pool belongs to (named in messages; its pod CIDR is suggested when the gateway
   * lies outside the subnet).
   * @default - the chart's id names it
   */
  readonly cluster?: ClusterNetwork;
}

/** The smallest CIDR of `cidr`'s family that holds both `cidr` and `ip`. */
function supernet(cidr: Cidr, ip: IpAddress): Cidr {
  const bits = familyBits(cidr.family);
  for (let p = cidr.prefix; p >= 0; p--) {
    const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - p)) - 1n);
    const candidate = Cidr.parse(`${formatIp(cidr.family, cidr.network & mask)}/${p}`);
    if (candidate.contains(ip)) return candidate;
  }
  return cidr;
}

/**
 * A Spiderpool `SpiderIPPool` (`spiderpool.spidernet.io/v2beta1`, cluster-scoped) for underlay
 * pods. Renders `ipVersion` and pre-merged ranges so the webhook's mutations cause no drift, never
 * the removed `vlan` field (VLANs belong to SpiderMultusConfig), and checks the webhook's rules.
 */
export class SpiderIpPool extends Construct {
  public readonly poolName: string;
  public readonly subnet: string;
  /** Parsed subnet, undefined when invalid. */
  public readonly cidr?: Cidr;
  /** Parsed, merged `ips`. */
  public readonly ranges: readonly IpRange[];
  public readonly gateway?: string;
  public readonly resource: SpiderIpPoolResource;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;
  private readonly parseErrors: string[] = [];
  private readonly excluded: readonly IpRange[];

  constructor(scope: Construct, id: string, props: SpiderIpPoolProps) {
    super(scope, id);
    // JavaScript callers have no type checker: missing props are reported, not a crash
    props = props ?? ({} as SpiderIpPoolProps);
    this.poolName = props.name ?? id;
    this.subnet = props.subnet;
    this.gateway = props.gateway;
    const errors = this.parseErrors;
    this.cidr = tryCidr(props.subnet, 'spec.subnet', errors);
    const parse = (list: readonly string[] | undefined, field: string) =>
      mergeRanges((Array.isArray(list) ? list : []).map((t, i) => parsePoolRange(t, `${field}[${i}]`, errors)).filter((r): r is IpRange => r !== undefined));
    this.ranges = parse(props.ips, 'spec.ips');
    this.excluded = parse(props.excludeIps, 'spec.excludeIPs');

    this.resource = new SpiderIpPoolResource(this, 'Resource', {
      metadata: { name: this.poolName, labels: props.labels },
      spec: {
        subnet: props.subnet,
        ipVersion: this.cidr ? (this.cidr.family === 'IPv4' ? SpiderIpPoolSpecIpVersion.VALUE_4 : SpiderIpPoolSpecIpVersion.VALUE_6) : undefined,
        ips: this.ranges.length > 0 ? this.ranges.map(formatRange) : Array.isArray(props.ips) ? props.ips : undefined,
        excludeIPs: props.excludeIps === undefined ? undefined : this.excluded.map(formatRange),
        gateway: props.gateway,
        default: props.default ?? false,
        routes: props.routes?.map((r) => ({ dst: r.dst, gw: r.gw })),
        multusName: props.multusNames,
      },
    });

    this.cluster = props.cluster;
    PoolRegistry.of(this).add(this);
    this.node.addValidation({ validate: () => this.validatePool(props).map((e) => `${this.label}: ${e}`) });
  }

  /** IP version of the subnet. */
  public get ipVersion(): 4 | 6 | undefined {
    return this.cidr ? (this.cidr.family === 'IPv4' ? 4 : 6) : undefined;
  }

  /** `cluster "x", SpiderIPPool "name"` for messages. */
  public get label(): string {
    return `${clusterLabel(this, this.cluster)}, SpiderIPPool "${this.poolName}"`;
  }

  private validatePool(props: SpiderIpPoolProps): string[] {
    const errors = [...this.parseErrors, ...PoolRegistry.of(this).problemsFor(this)];
    const nameError = checkDnsSubdomain(this.poolName);
    if (nameError) errors.push(`metadata.name ${nameError}`);
    const defaultError = props.default === undefined ? undefined : checkBoolean(props.default, 'spec.default');
    if (defaultError) errors.push(defaultError);
    const cidr = this.cidr;
    const example = cidr ? `${cidr.at(10n).text}-${cidr.at(200n).text}` : '172.110.1.1-172.110.1.200';
    // No or empty spec.ips is accepted, as upstream accepts it: the CRD has `ips` optional and the
    // webhook (Spiderpool v1.2.2 pkg/ippoolmanager/ippool_webhook_test.go "is a empty IPPool",
    // validateIPPoolAvailableIPs -> pkg/ip/subnet.go NewCIDR with no ranges) passes such a pool.
    // The issue called this a false reject; upstream wins. Only a non-list is a problem.
    if (props.ips !== undefined && !Array.isArray(props.ips)) {
      errors.push(`spec.ips must list the addresses pods get, e.g. ['${example}'], got ${JSON.stringify(props.ips)}`);
    }
    if (!cidr) return errors;
    const range = (r: IpRange) => formatRange(r);
    for (const [field, list] of [['spec.ips', this.ranges], ['spec.excludeIPs', this.excluded]] as const) {
      for (const r of list) {
        if (r.family !== cidr.family || r.first < cidr.network || r.last > cidr.last) {
          errors.push(`${field} ${range(r)} is not inside spec.subnet ${cidr}; the Spiderpool webhook rejects it, use addresses of the subnet`);
        }
      }
    }
    if (props.gateway !== undefined) {
      const gw = tryIp(props.gateway, 'spec.gateway', errors);
      if (gw && !cidr.contains(gw)) {
        const cluster = this.cluster;
        let suggestion = supernet(cidr, gw);
        try {
          const pod = Cidr.parse(cluster?.podCidr ?? '');
          if (pod.containsCidr(cidr) && pod.contains(gw)) suggestion = pod;
        } catch {
          // no single pod CIDR to suggest; the smallest common block will do
        }
        const ips = this.ranges.map(range).join(', ') || (Array.isArray(props.ips) ? props.ips.join(', ') : '');
        errors.push(`spec.gateway ${gw.text} is outside spec.subnet ${cidr}; the Spiderpool webhook rejects a gateway outside the subnet ("does not pertain to spec.subnet"). The subnet is the whole underlay network, not the slice pods use: use subnet ${suggestion} with ips ${ips} and gateway ${gw.text}`);
      } else if (gw && inRanges(this.ranges, gw.family, gw.value) && !inRanges(this.excluded, gw.family, gw.value)) {
        errors.push(`spec.gateway ${gw.text} lies inside spec.ips; the webhook rejects it because a pod could get the gateway's address. Take it out of ips or add it to excludeIps`);
      }
    }
    // Spiderpool v1.2.2 pkg/ippoolmanager/ippool_validate.go validateIPPoolRoutes: a `dst` equal to
    // "0.0.0.0/0" (IPv4 pool) or "::/0" (IPv6 pool) is rejected (the default route is spec.gateway),
    // and so is a `dst` string already used by an earlier route (compared as written).
    const dsts = new Map<string, number>();
    (props.routes ?? []).forEach((r, i) => {
      if ((cidr.family === 'IPv4' && r.dst === '0.0.0.0/0') || (cidr.family === 'IPv6' && r.dst === '::/0')) {
        errors.push(`spec.routes[${i}].dst ${r.dst} is the default route; the Spiderpool webhook rejects it there, set spec.gateway (gateway: '${r.gw}') instead`);
      }
      const first = dsts.get(r.dst);
      if (first !== undefined) {
        errors.push(`spec.routes[${i}].dst ${r.dst} repeats spec.routes[${first}].dst; the Spiderpool webhook rejects two routes to the same dst, keep one`);
      } else {
        dsts.set(r.dst, i);
      }
      // ... and IsCIDR(version, dst) (pkg/ip/cidr.go): the dst must be of the pool's family
      const dst = tryCidr(r.dst, `spec.routes[${i}].dst`, errors);
      if (dst && dst.family !== cidr.family) {
        errors.push(`spec.routes[${i}].dst ${r.dst} is ${dst.family} but spec.subnet ${cidr} is ${cidr.family}; a pool's routes are of its own family, put it in a pool of that family`);
      }
      const gw = tryIp(r.gw, `spec.routes[${i}].gw`, errors);
      if (gw && !cidr.contains(gw)) errors.push(`spec.routes[${i}].gw ${gw.text} is outside spec.subnet ${cidr}; a route's next hop must be in the subnet`);
    });
    (props.multusNames ?? []).forEach((m, i) => {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m)) {
        errors.push(`spec.multusName[${i}] "${m}" must be <namespace>/<name> of a NetworkAttachmentDefinition, e.g. kube-system/macvlan-conf`);
      }
    });
    return errors;
  }
}
