import { Construct } from 'constructs';
import { SpiderIpPool as SpiderIpPoolResource, SpiderIpPoolSpecIpVersion } from '../../imports/ippool-spiderpool.spidernet.io';
import { Cidr, familyBits, formatIp, IpAddress } from '../net';
import { addWarnings, checkDnsLabel, checkDnsSubdomain, ClusterNetwork, clusterLabel, tryCidr, tryIp } from '../rules';
import { checkBool, checkOneOf, checkStringList, isRecord, labelsProblems, nameProblem, show } from './checks';
import { parseCidrLikeGo } from './coordinator';
import { extraSpecProblems, mergeExtraSpec } from './extra-spec';
import { formatRange, inRanges, IpRange, mergeRanges, parsePoolRange, subtractRanges } from './ip-range';
import { LabelSelector, labelSelectorProblems, renderLabelSelector } from './label-selector';
import { PoolRegistry } from './pool-registry';

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
   * IP version (`spec.ipVersion`, 4 or 6). Rendered from the subnet anyway (as the mutating webhook fills
   * it); when given it must match the subnet.
   * @default - the subnet's
   */
  readonly ipVersion?: 4 | 6;
  /**
   * Take the pool out of service: no new addresses are handed out from it.
   * @default false
   */
  readonly disable?: boolean;
  /**
   * Extra routes.
   * @default - none
   */
  readonly routes?: SpiderIpPoolRoute[];
  /**
   * Restrict the pool to these NetworkAttachmentDefinitions (`<namespace>/<name>`, or `<name>` in the Spiderpool
   * agent's namespace).
   * @default - usable by any
   */
  readonly multusNames?: string[];
  /**
   * Only pods matching this selector take addresses from the pool (not empty).
   * @default - any pod
   */
  readonly podAffinity?: LabelSelector;
  /**
   * Only pods in namespaces matching this selector take addresses from the pool.
   * @default - any namespace
   */
  readonly namespaceAffinity?: LabelSelector;
  /**
   * Only pods on nodes matching this selector take addresses from the pool.
   * @default - any node
   */
  readonly nodeAffinity?: LabelSelector;
  /**
   * Only pods in these namespaces (takes priority over `namespaceAffinity`).
   * @default - any namespace
   */
  readonly namespaceNames?: string[];
  /**
   * Only pods on these nodes (takes priority over `nodeAffinity`).
   * @default - any node
   */
  readonly nodeNames?: string[];
  /**
   * Spec fields the typed props do not cover, merged into `spec` and checked against the CRD schema at
   * synth. Fields the props set are refused here.
   * @default - none
   */
  readonly extraSpec?: Record<string, unknown>;
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

/**
 * Which spec field each prop sets (test/spiderpool/crd-coverage.test.ts checks that every field of the CRD
 * schema has one). `vlan` is no field: Spiderpool v1.0 removed it (VLANs belong to the SpiderMultusConfig).
 * @internal
 */
export const IP_POOL_FIELDS = {
  subnet: 'subnet', ips: 'ips', excludeIps: 'excludeIPs', gateway: 'gateway', default: 'default', ipVersion: 'ipVersion', disable: 'disable',
  routes: 'routes', multusNames: 'multusName', podAffinity: 'podAffinity', namespaceAffinity: 'namespaceAffinity', nodeAffinity: 'nodeAffinity',
  namespaceNames: 'namespaceName', nodeNames: 'nodeName', name: undefined, labels: undefined, cluster: undefined, extraSpec: undefined,
} as const satisfies Record<keyof SpiderIpPoolProps, string | undefined>;

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
 * pods, IPv4 or IPv6, every spec field typed. Renders `ipVersion` and pre-merged ranges so the
 * webhook's mutations cause no drift, never the removed `vlan` field (VLANs belong to
 * SpiderMultusConfig), and checks Spiderpool v1.2.2's IPPool webhook rules at synth
 * (pkg/ippoolmanager/ippool_validate.go) on the values as its mutating webhook leaves them.
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
  /** The addresses the pool hands out: `ips` without `excludeIPs`. */
  public readonly available: readonly IpRange[];

  constructor(scope: Construct, id: string, props: SpiderIpPoolProps) {
    super(scope, id);
    // JavaScript callers have no type checker: missing props are reported, not a crash
    props = isRecord(props) ? props : ({} as SpiderIpPoolProps);
    this.poolName = props.name ?? id;
    this.subnet = props.subnet;
    this.gateway = props.gateway;
    const errors = this.parseErrors;
    this.cidr = tryCidr(props.subnet, 'spec.subnet', errors);
    const parse = (list: readonly string[] | undefined, field: string) =>
      mergeRanges((Array.isArray(list) ? list : []).map((t, i) => parsePoolRange(t, `${field}[${i}]`, errors)).filter((r): r is IpRange => r !== undefined));
    this.ranges = parse(props.ips, 'spec.ips');
    this.excluded = parse(props.excludeIps, 'spec.excludeIPs');
    this.available = subtractRanges(this.ranges, this.excluded);

    const selector = (s: unknown) => renderLabelSelector(s as LabelSelector) as never;
    this.resource = new IpPoolObject(this, 'Resource', {
      metadata: { name: this.poolName, labels: props.labels },
      spec: {
        subnet: props.subnet,
        ipVersion: this.cidr ? (this.cidr.family === 'IPv4' ? SpiderIpPoolSpecIpVersion.VALUE_4 : SpiderIpPoolSpecIpVersion.VALUE_6) : undefined,
        ips: this.ranges.length > 0 ? this.ranges.map(formatRange) : Array.isArray(props.ips) ? props.ips : undefined,
        excludeIPs: props.excludeIps === undefined ? undefined : this.excluded.map(formatRange),
        gateway: props.gateway,
        default: props.default ?? false,
        disable: props.disable,
        routes: Array.isArray(props.routes) ? props.routes.map((r) => ({ dst: r?.dst, gw: r?.gw })) : undefined,
        multusName: props.multusNames,
        podAffinity: selector(props.podAffinity),
        namespaceAffinity: selector(props.namespaceAffinity),
        nodeAffinity: selector(props.nodeAffinity),
        namespaceName: props.namespaceNames,
        nodeName: props.nodeNames,
      },
    }, props.extraSpec);

    this.cluster = props.cluster;
    PoolRegistry.of(this).add(this);
    this.node.addValidation({ validate: () => this.validatePool(props).map((e) => `${this.label}: ${e}`) });
    addWarnings(this, () => this.warnings(props).map((w) => `${this.label}: ${w}`));
  }

  /** IP version of the subnet. */
  public get ipVersion(): 4 | 6 | undefined {
    return this.cidr ? (this.cidr.family === 'IPv4' ? 4 : 6) : undefined;
  }

  /** `cluster "x", SpiderIPPool "name"` for messages. */
  public get label(): string {
    return `${clusterLabel(this, this.cluster)}, SpiderIPPool ${JSON.stringify(String(this.poolName))}`;
  }

  private validatePool(props: SpiderIpPoolProps): string[] {
    const errors = [...this.parseErrors, ...PoolRegistry.of(this).problemsFor(this)];
    const nameError = nameProblem(this.poolName, 'metadata.name', checkDnsSubdomain);
    if (nameError) errors.push(nameError);
    const cidr = this.cidr;
    const example = cidr ? `${cidr.at(10n).text}-${cidr.at(200n).text}` : '172.110.1.1-172.110.1.200';
    // No or empty spec.ips is accepted, as upstream accepts it: the CRD has `ips` optional and the
    // webhook (Spiderpool v1.2.2 pkg/ippoolmanager/ippool_webhook_test.go "is a empty IPPool",
    // validateIPPoolAvailableIPs -> pkg/ip/subnet.go NewCIDR with no ranges) passes such a pool.
    // The issue called this a false reject; upstream wins. Only a non-list is a problem.
    if (props.ips !== undefined && !Array.isArray(props.ips)) {
      errors.push(`spec.ips must list the addresses pods get, e.g. ['${example}'], got ${JSON.stringify(props.ips)}`);
    }
    errors.push(...this.fieldProblems(props));
    if (!cidr) return errors;
    // validateIPPoolCIDR: IsCIDR(ipVersion, subnet) — a given ipVersion must be the subnet's (the mutating
    // webhook only fills a missing one). Its IsFormatCIDR (the subnet written as Go formats it, "unformatted
    // subnet") is Cidr.parse's canonical-text rule: tryCidr above already reported a non-canonical subnet.
    if (props.ipVersion !== undefined && [4, 6].includes(props.ipVersion) && props.ipVersion !== this.ipVersion) {
      errors.push(`spec.ipVersion ${props.ipVersion} does not match spec.subnet ${cidr} (IPv${this.ipVersion}); Spiderpool's webhook rejects it, set ipVersion ${this.ipVersion} or leave it unset`);
    }
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
      if (gw && gw.family !== cidr.family) {
        errors.push(`spec.gateway ${gw.text} is ${gw.family} but spec.subnet ${cidr} is ${cidr.family}; Spiderpool's webhook rejects it, give a gateway of the subnet (a dual-stack network takes one pool per family)`);
      } else if (gw && !cidr.contains(gw)) {
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
    (Array.isArray(props.routes) ? props.routes : []).filter(isRecord).forEach((r, i) => {
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
      // (IsCIDR is Go's net.ParseCIDR: host bits are taken, the route goes to the network)
      let dst: Cidr | undefined;
      try {
        dst = parseCidrLikeGo(r.dst, 'a route needs a prefix, write it as /32 or /128').cidr;
      } catch (e) {
        errors.push(`spec.routes[${i}].dst: ${(e as Error).message}`);
      }
      if (dst && dst.family !== cidr.family) {
        errors.push(`spec.routes[${i}].dst ${r.dst} is ${dst.family} but spec.subnet ${cidr} is ${cidr.family}; a pool's routes are of its own family, put it in a pool of that family`);
      }
      const gw = tryIp(r.gw, `spec.routes[${i}].gw`, errors);
      if (gw && !cidr.contains(gw)) errors.push(`spec.routes[${i}].gw ${gw.text} is outside spec.subnet ${cidr}; a route's next hop must be in the subnet`);
    });
    // pkg/ipam/allocate.go: an entry is `<namespace>/<name>`, or a bare name in the Spiderpool agent's namespace
    checkStringList([], 'spec.multusName', props.multusNames).forEach((m, i) => {
      if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m)) {
        errors.push(`spec.multusName[${i}] "${m}" must be <namespace>/<name> (or <name> in Spiderpool's namespace) of a NetworkAttachmentDefinition, e.g. kube-system/macvlan-conf`);
      }
    });
    return errors;
  }

  /** Types and shapes of the fields (JavaScript callers), selectors, and the escape hatch. */
  private fieldProblems(props: SpiderIpPoolProps): string[] {
    const errors: string[] = [];
    checkOneOf(errors, 'spec.ipVersion', props.ipVersion, [4, 6], '4 or 6');
    errors.push(...labelsProblems(props.labels));
    checkBool(errors, 'spec.default', props.default);
    checkBool(errors, 'spec.disable', props.disable);
    if (props.excludeIps !== undefined && !Array.isArray(props.excludeIps)) {
      errors.push(`spec.excludeIPs must list addresses or ranges, e.g. ['172.110.1.100'], got ${show(props.excludeIps)}`);
    }
    if (props.routes !== undefined && !Array.isArray(props.routes)) errors.push(`spec.routes must be a list of { dst, gw }, got ${show(props.routes)}`);
    (Array.isArray(props.routes) ? props.routes : []).forEach((r, i) => {
      if (!isRecord(r)) errors.push(`spec.routes[${i}] must be { dst, gw }, got ${show(r)}`);
    });
    checkStringList(errors, 'spec.multusName', props.multusNames, "['kube-system/macvlan-conf']");
    checkStringList(errors, 'spec.namespaceName', props.namespaceNames, "['default']");
    checkStringList(errors, 'spec.nodeName', props.nodeNames, "['worker-1']");
    // validateIPPoolPodAffinity: ValidateLabelSelector and not empty; the other two selectors are read with
    // LabelSelectorAsSelector when a pod asks for an address, which fails on the same mistakes
    errors.push(...labelSelectorProblems(props.podAffinity, 'spec.podAffinity', true));
    errors.push(...labelSelectorProblems(props.namespaceAffinity, 'spec.namespaceAffinity', false));
    errors.push(...labelSelectorProblems(props.nodeAffinity, 'spec.nodeAffinity', false));
    if (props.extraSpec !== undefined) {
      const typed = new Set(Object.values(IP_POOL_FIELDS).filter((f) => f !== undefined).map((f) => `spec.${f}`));
      errors.push(...extraSpecProblems(props.extraSpec, (this.resource as IpPoolObject).typedSpec(), this.resource.toJson(), typed));
    }
    return errors;
  }

  /** Names that can never match a namespace or node: rendered (the webhook takes them) but worth a look. */
  private warnings(props: SpiderIpPoolProps): string[] {
    const out: string[] = [];
    checkStringList([], 'ns', props.namespaceNames).forEach((n, i) => {
      const e = checkDnsLabel(n);
      if (e) out.push(`spec.namespaceName[${i}] ${e}; no namespace has that name, so the entry matches nothing`);
    });
    checkStringList([], 'node', props.nodeNames).forEach((n, i) => {
      const e = checkDnsSubdomain(n);
      if (e) out.push(`spec.nodeName[${i}] ${e}; no node has that name, so the entry matches nothing`);
    });
    (Array.isArray(props.routes) ? props.routes : []).filter(isRecord).forEach((r, i) => {
      try {
        const d = parseCidrLikeGo(r.dst, '');
        if (d.hostBits) out.push(`spec.routes[${i}].dst ${r.dst} has host bits set; the route goes to ${d.cidr} (write ${d.cidr})`);
      } catch {
        // an error
      }
    });
    if (this.cidr && this.ranges.length > 0 && this.available.length === 0) {
      out.push('spec.excludeIPs covers every address of spec.ips; the pool hands out no address');
    }
    return out;
  }
}

/** The L1 object with the escape hatch's fields merged into the spec the L1 renders. */
class IpPoolObject extends SpiderIpPoolResource {
  constructor(scope: Construct, id: string, props: ConstructorParameters<typeof SpiderIpPoolResource>[2], private readonly extra: unknown) {
    super(scope, id, props);
  }

  /** The spec of the typed props. */
  public typedSpec(): Record<string, unknown> {
    return super.toJson().spec ?? {};
  }

  public override toJson(): any {
    const json = super.toJson();
    return this.extra === undefined ? json : { ...json, spec: mergeExtraSpec(json.spec ?? {}, this.extra) };
  }
}
