import { Construct, IConstruct } from 'constructs';
import { Subnet as SubnetResource, SubnetSpec, SubnetSpecProtocol } from '../../imports/kubeovn.io';
import { Cidr, findOverlaps, parseCidrList } from '../net';
import { ChartRegistry, checkBoolean, ClusterNetwork, clusterLabel, duplicates } from '../rules';
import { resolveInstallUnderlay } from './install-underlay';
import { checkKubeOvnCluster } from './kube-ovn-cluster';
import { checkSubnetAddressing, checkSubnetName, checkSubnetNamespaces, ParsedAddressing } from './subnet-rules';

/** The default VPC; the only one OVN-IC interconnects. */
export const DEFAULT_VPC = 'ovn-cluster';

/** Props shared by every Kube-OVN subnet construct. */
export interface SubnetBaseProps {
  /**
   * Object name of the Subnet (cluster-scoped).
   * @default - the construct id
   */
  readonly name?: string;
  /** `"v4cidr"`, `"v6cidr"` or dual stack `"v4cidr,v6cidr"`, network addresses only. */
  readonly cidrBlock: string;
  /**
   * Gateway per CIDR, same order as `cidrBlock`.
   * @default - the first address of each CIDR, as Kube-OVN picks it
   */
  readonly gateway?: string;
  /**
   * Addresses Kube-OVN must not hand out: single IPs or ranges `"a..b"`. The gateway is always
   * added, as upstream does, so Git and the live object agree.
   * @default - only the gateway
   */
  readonly excludeIps?: string[];
  /**
   * Namespaces whose pods use this subnet.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * The cluster the subnet belongs to: with it the subnet is also checked against the cluster's
   * service CIDR and its ovn-default and join subnets.
   * @default - those checks are skipped
   */
  readonly cluster?: ClusterNetwork;
}

/** Options a subclass passes down: the parts of the spec that differ per subnet kind. */
export interface SubnetBaseOptions {
  readonly vpc: string;
  readonly vlan?: string;
  readonly disableInterConnection: boolean;
  /** Further spec fields (e.g. logicalGateway), rendered as given. */
  readonly spec?: Partial<SubnetSpec>;
}

/**
 * A Kube-OVN `Subnet`. The base of overlay and underlay subnets: it renders the addressing,
 * enforces Kube-OVN's own subnet rules and, within one cluster, the webhook's rule that subnets of
 * the same VPC and VLAN never overlap.
 */
export abstract class SubnetBase extends Construct {
  /** Object name. */
  public readonly subnetName: string;
  public readonly cidrBlock: string;
  /** Parsed CIDRs; empty when cidrBlock is invalid (the validation reports why). */
  public readonly cidrs: readonly Cidr[];
  public readonly vpc: string;
  /** Name of the Vlan, for underlay subnets. */
  public readonly vlanName?: string;
  /** True when OVN-IC must not advertise this subnet's routes. */
  public readonly disableInterConnection: boolean;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;
  /** True for subnets bound to a VLAN (underlay). */
  public get isUnderlay(): boolean {
    return this.vlanName !== undefined;
  }
  /**
   * True when OVN-IC (auto-route) advertises this subnet to the other clusters: a subnet of the
   * default VPC that is not excluded. Underlay subnets refine this (they need a router port).
   */
  public get advertisedThroughInterconnection(): boolean {
    return this.vpc === DEFAULT_VPC && !this.disableInterConnection && !this.isUnderlay;
  }
  protected readonly resource: SubnetResource;
  /** The parsed cidrBlock, gateways and exclusions; undefined when cidrBlock is unusable. */
  protected readonly addressing?: ParsedAddressing;
  private readonly addressingErrors: string[] = [];

  protected constructor(scope: Construct, id: string, props: SubnetBaseProps, options: SubnetBaseOptions) {
    super(scope, id);
    this.subnetName = props.name ?? id;
    this.cidrBlock = props.cidrBlock;
    this.vpc = options.vpc;
    this.vlanName = options.vlan;
    this.disableInterConnection = options.disableInterConnection;
    this.cluster = props.cluster;
    this.addressing = checkSubnetAddressing(props, this.addressingErrors);
    this.addressingErrors.push(...checkSubnetNamespaces(props.namespaces, 'spec.namespaces'));
    // the CRD's booleans: a string or number from JavaScript would fail its schema at apply
    const flags = {
      disableInterConnection: options.disableInterConnection,
      logicalGateway: options.spec?.logicalGateway,
      u2oInterconnection: options.spec?.u2OInterconnection,
    };
    for (const [field, value] of Object.entries(flags)) {
      const e = value === undefined ? undefined : checkBoolean(value, `spec.${field}`);
      if (e) this.addressingErrors.push(e);
    }
    this.cidrs = this.addressing?.cidrs ?? [];

    const gateways = this.addressing?.gateways.map((g) => g.text) ?? [];
    // a non-list from JavaScript is reported by checkSubnetAddressing; render only the gateway then
    const given = Array.isArray(props.excludeIps) ? props.excludeIps : [];
    const excludeIps = [...gateways.filter((g) => !given.includes(g)), ...given];
    this.resource = new SubnetResource(this, 'Resource', {
      metadata: { name: this.subnetName },
      spec: {
        cidrBlock: props.cidrBlock,
        gateway: props.gateway ?? (gateways.length > 0 ? gateways.join(',') : undefined),
        excludeIps,
        protocol: this.addressing ? (this.addressing.protocol as SubnetSpecProtocol) : undefined,
        vpc: options.vpc,
        vlan: options.vlan,
        // a non-list from JavaScript is reported by the validation, not rendered
        namespaces: Array.isArray(props.namespaces) ? props.namespaces : undefined,
        disableInterConnection: options.disableInterConnection,
        ...options.spec,
      },
    });
    SubnetRegistry.of(this).add(this);
    this.node.addValidation({ validate: () => this.validateSubnet() });
  }

  /** `Subnet "name"` for messages. */
  protected get label(): string {
    return `${clusterLabel(this, this.cluster)}, Subnet "${this.subnetName}"`;
  }

  /** Subclasses add their own rules here; each string is a complete sentence without the label. */
  protected validateKind(): string[] {
    return [];
  }

  private validateSubnet(): string[] {
    const errors = [...checkKubeOvnCluster(this.cluster, 'Subnet'), ...this.addressingErrors];
    const nameError = checkSubnetName(this.subnetName);
    if (nameError) errors.push(`metadata.name: ${nameError}`);
    errors.push(...this.checkApiServerIp(), ...this.validateKind(), ...SubnetRegistry.of(this).problemsFor(this));
    return errors.map((e) => `${this.label}: ${e}`);
  }

  /**
   * In the default VPC the pod range must not swallow the apiserver's service IP (Kube-OVN v1.13.15
   * `pkg/util/validator.go` ValidateSubnet: CIDRContainIP(cidrBlock, KUBERNETES_SERVICE_HOST), per family),
   * nor overlap the service CIDR at all. Dual stack: each family against the service CIDR of that family.
   */
  private checkApiServerIp(): string[] {
    const cluster = this.cluster;
    if (!cluster || this.vpc !== DEFAULT_VPC) return [];
    // undefined when invalid: the cluster's own validation reports the bad service CIDR
    const services = parseCidrList(cluster.serviceCidr) ?? [];
    const errors: string[] = [];
    for (const c of this.cidrs) {
      const service = services.find((s) => s.family === c.family);
      if (!service) continue;
      const apiserver = service.at(1n);
      if (c.overlaps(service)) {
        errors.push(`spec.cidrBlock ${c} overlaps the service CIDR ${service}${c.contains(apiserver) ? ` and contains the apiserver service IP ${apiserver.text}` : ''}; pods could not reach services, choose a range outside ${service}`);
      }
    }
    return errors;
  }
}

/** A range some other part of the cluster already uses in a VPC (e.g. ovn-default, join). */
interface ImplicitSubnet {
  readonly name: string;
  readonly cidr: Cidr;
  /** The VLAN it is bound to; '' for overlay. */
  readonly vlan: string;
}

/**
 * All subnets of one chart (= one cluster), so overlaps within a VPC+VLAN are computed once per
 * synth in O(n log n) instead of pairwise by every subnet.
 */
class SubnetRegistry extends ChartRegistry {
  public static of(scope: IConstruct): SubnetRegistry {
    return ChartRegistry.registryOf(scope, SubnetRegistry);
  }

  private readonly subnets: SubnetBase[] = [];

  public add(subnet: SubnetBase): void {
    this.subnets.push(subnet);
    this.changed();
  }

  /**
   * ovn-default and join live in the default VPC; Kube-OVN creates them itself. join has no VLAN;
   * ovn-default is on the install-time VLAN (VLAN_NAME) when Kube-OVN was installed in underlay
   * mode, else it has none. Dual-stack CIDRs count per family.
   */
  private implicitSubnets(): ImplicitSubnet[] {
    const cluster = this.subnets.find((s) => s.cluster)?.cluster;
    if (!cluster?.joinCidr) return [];
    const defaultVlan = cluster.installUnderlay ? resolveInstallUnderlay(cluster.installUnderlay).vlanName : '';
    const result: ImplicitSubnet[] = [];
    for (const [name, text, vlan] of [['ovn-default', cluster.podCidr, defaultVlan], ['join', cluster.joinCidr, '']]) {
      // invalid values are reported by the cluster's validation
      for (const cidr of parseCidrList(text) ?? []) result.push({ name, cidr, vlan });
    }
    return result;
  }

  protected compute(): Map<IConstruct, string[]> {
    const result = new Map<IConstruct, string[]>();
    const push = (s: SubnetBase, message: string) => result.set(s, [...(result.get(s) ?? []), message]);

    for (const name of duplicates(this.subnets.map((s) => s.subnetName))) {
      for (const s of this.subnets.filter((x) => x.subnetName === name).slice(1)) {
        push(s, `metadata.name "${name}" is used by another Subnet in this cluster; give each subnet its own name`);
      }
    }

    type Owner = { subnet?: SubnetBase; name: string; vpc: string; vlan: string };
    const items = [
      ...this.implicitSubnets().map((i) => ({ cidr: i.cidr, owner: { name: i.name, vpc: DEFAULT_VPC, vlan: i.vlan } as Owner })),
      ...this.subnets.flatMap((s) => s.cidrs.map((cidr) => ({ cidr, owner: { subnet: s, name: s.subnetName, vpc: s.vpc, vlan: s.vlanName ?? '' } as Owner }))),
    ];
    const sameNetwork = (a: Owner, b: Owner) => a.vpc === b.vpc && a.vlan === b.vlan && a.subnet !== b.subnet;
    for (const { first, second } of findOverlaps(items, sameNetwork)) {
      // report on the declared subnet; if both are declared, on the one that sorts later
      const [target, other] = second.owner.subnet ? [second, first] : [first, second];
      if (!target.owner.subnet) continue;
      const where = target.owner.vlan ? `VPC "${target.owner.vpc}" and VLAN "${target.owner.vlan}"` : `VPC "${target.owner.vpc}"`;
      push(target.owner.subnet, `spec.cidrBlock ${target.cidr} overlaps subnet "${other.owner.name}" (${other.cidr}) in the same ${where}; Kube-OVN's webhook rejects overlapping subnets there, choose a free range`);
    }
    return result;
  }
}
