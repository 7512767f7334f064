import { Construct, IConstruct } from 'constructs';
import { Subnet as SubnetResource, SubnetSpec, SubnetSpecProtocol } from '../../imports/kubeovn.io';
import { Cidr, findOverlaps, parseCidrList } from '../net';
import { addWarnings, ChartRegistry, checkDnsLabel, checkDnsSubdomain, ClusterNetwork, clusterLabel, duplicates } from '../rules';
import { checkExtraSpec, kubeOvnExtraSpecTarget, mergeExtraSpec } from './extra-spec';
import { resolveInstallUnderlay } from './install-underlay';
import { checkKubeOvnCluster } from './kube-ovn-cluster';
import { checkSubnetAddressing, checkSubnetName, ParsedAddressing } from './subnet-rules';
import { checkSubnetSpec, renderSubnetSpec, SUBNET_SPEC_FIELDS, SubnetSpecProps } from './subnet-spec';
import { checkBoolean, describeValue } from './spec-values';

/** The default VPC; the only one OVN-IC interconnects. */
export const DEFAULT_VPC = 'ovn-cluster';

/**
 * Props shared by every Kube-OVN subnet construct: the addressing here, every other field of the Subnet spec in
 * {@link SubnetSpecProps}.
 */
export interface SubnetBaseProps extends SubnetSpecProps {
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

/** The L1 Subnet with extraSpec fields. */
class SubnetObject extends SubnetResource {
  /** The extra spec fields, as given (checked by the construct's validation). */
  public extraSpec?: unknown;

  public override toJson(): any {
    return mergeExtraSpec(super.toJson(), this.extraSpec, SUBNET_SPEC_FIELDS);
  }
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
  /** `spec.namespaces` as given. */
  public readonly namespaces?: readonly string[];
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
  /** The policy routing table of an external egress gateway, when the subnet has one (ValidateCidrConflict). */
  public readonly egressPolicyTable?: number;
  private readonly addressingErrors: string[] = [];
  private readonly props: SubnetBaseProps;
  private readonly logicalGatewayOn: boolean;
  private specProblems?: { errors: string[]; warnings: string[] };

  protected constructor(scope: Construct, id: string, props: SubnetBaseProps, options: SubnetBaseOptions) {
    super(scope, id);
    this.props = props;
    this.logicalGatewayOn = options.spec?.logicalGateway === true;
    this.egressPolicyTable = props.externalEgressGateway !== undefined && props.policyRoutingTableId !== 0 ? props.policyRoutingTableId : undefined;
    this.subnetName = props.name ?? id;
    this.cidrBlock = props.cidrBlock;
    this.vpc = options.vpc;
    this.vlanName = options.vlan;
    this.disableInterConnection = options.disableInterConnection;
    this.cluster = props.cluster;
    this.namespaces = props.namespaces;
    this.addressing = checkSubnetAddressing(props, this.addressingErrors);
    // the CRD's booleans: a string or number from JavaScript would fail its schema at apply
    const flags = {
      disableInterConnection: options.disableInterConnection,
      logicalGateway: options.spec?.logicalGateway,
      u2oInterconnection: options.spec?.u2OInterconnection,
    };
    for (const [field, value] of Object.entries(flags)) {
      this.addressingErrors.push(...checkBoolean(value, `spec.${field}`));
    }
    this.cidrs = this.addressing?.cidrs ?? [];

    const gateways = this.addressing?.gateways.map((g) => g.text) ?? [];
    // a non-list from JavaScript is reported by checkSubnetAddressing; render only the gateway then
    const given = Array.isArray(props.excludeIps) ? props.excludeIps : [];
    const excludeIps = [...gateways.filter((g) => !given.includes(g)), ...given];
    const resource = new SubnetObject(this, 'Resource', {
      metadata: { name: this.subnetName },
      spec: {
        cidrBlock: props.cidrBlock,
        // as Kube-OVN ends up with it (formatSubnet): the given gateway, completed for dual stack, or the default
        gateway: this.addressing ? (this.addressing.gatewayText ?? (gateways.length > 0 ? gateways.join(',') : undefined)) : props.gateway,
        excludeIps,
        protocol: this.addressing ? (this.addressing.protocol as SubnetSpecProtocol) : undefined,
        vpc: options.vpc,
        vlan: options.vlan,
        namespaces: Array.isArray(props.namespaces) ? props.namespaces : undefined, // a non-list is reported
        disableInterConnection: options.disableInterConnection,
        ...renderSubnetSpec(props),
        ...options.spec,
      },
    });
    resource.extraSpec = props.extraSpec;
    this.resource = resource;
    SubnetRegistry.of(this).add(this);
    this.node.addValidation({ validate: () => this.validateSubnet() });
    addWarnings(this, () => this.specChecks().warnings.map((w) => `${this.label}: ${w}`));
  }

  /**
   * The rules of the spec fields beyond the addressing (subnet-spec.ts), with the parsed addressing; run once for
   * the validation and the warnings both (a pure function of the props and the addressing, fixed at construction).
   */
  private specChecks(): { errors: string[]; warnings: string[] } {
    return (this.specProblems ??= checkSubnetSpec(this.props, {
      cidrs: this.cidrs,
      gateways: this.addressing?.gateways ?? [],
      cidrBlock: String(this.cidrBlock),
      vpc: this.vpc,
      defaultVpc: DEFAULT_VPC,
      underlay: this.isUnderlay,
      logicalGateway: this.logicalGatewayOn,
    }));
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
    // pkg/webhook/subnet.go SubnetCreateHook: "vpc and subnet cannot have the same name"
    if (this.subnetName === this.vpc || this.subnetName === DEFAULT_VPC) {
      errors.push(`metadata.name "${this.subnetName}" is the name of a VPC; Kube-OVN's webhook rejects a subnet named like a VPC, choose another name`);
    }
    const vpcError = typeof this.vpc === 'string' ? checkDnsSubdomain(this.vpc) : `must be a VPC name, got ${describeValue(this.vpc)}`;
    if (vpcError) errors.push(`spec.vpc ${vpcError}`);
    errors.push(...this.checkNamespaces());
    errors.push(...this.specChecks().errors);
    errors.push(...checkExtraSpec(this.props.extraSpec, SUBNET_SPEC_FIELDS, kubeOvnExtraSpecTarget('Subnet', this.subnetName, this.resource)));
    errors.push(...this.checkApiServerIp(), ...this.validateKind(), ...SubnetRegistry.of(this).problemsFor(this));
    return errors.map((e) => `${this.label}: ${e}`);
  }

  /**
   * `spec.namespaces`: a list of Namespace names, each an RFC 1123 label as the API server requires of Namespaces
   * (apimachinery ValidateNamespaceName = IsDNS1123Label), none twice. Kube-OVN binds the namespaces' pods to the
   * subnet by name (`pkg/controller/namespace.go`), so a name no Namespace can have binds nothing.
   */
  private checkNamespaces(): string[] {
    const value: unknown = this.props.namespaces;
    if (value === undefined) return [];
    if (!Array.isArray(value)) return [`spec.namespaces must be a list of namespace names, e.g. ['team-a'], got ${describeValue(value)}`];
    const errors: string[] = [];
    value.forEach((ns: unknown, i) => {
      const e = typeof ns === 'string' ? checkDnsLabel(ns) : `must be a namespace name, got ${describeValue(ns)}`;
      if (e) errors.push(`spec.namespaces[${i}] ${e}`);
    });
    for (const d of duplicates(value)) errors.push(`spec.namespaces lists "${d}" more than once; list each namespace once`);
    return errors;
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

/** A custom VPC declared in the chart, as the subnet rules see it. */
export interface DeclaredVpc {
  readonly construct: IConstruct;
  readonly name: string;
  /** Its spec.namespaces (a non-list from JavaScript counts as none; the Vpc reports it). */
  readonly namespaces: readonly string[];
}

/** Registers a custom VPC of the chart, so its subnets are checked against it (webhook rules). */
export function registerVpc(vpc: DeclaredVpc): void {
  SubnetRegistry.of(vpc.construct).addVpc(vpc);
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
  private readonly vpcs = new Map<string, DeclaredVpc>();

  public add(subnet: SubnetBase): void {
    this.subnets.push(subnet);
    this.changed();
  }

  public addVpc(vpc: DeclaredVpc): void {
    if (!this.vpcs.has(vpc.name)) this.vpcs.set(vpc.name, vpc);
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

    // pkg/webhook/subnet.go SubnetCreateHook and pkg/webhook/vpc.go VpcCreateHook: no subnet named like a VPC (its own
    // VPC is checked by the subnet), and
    // the namespaces of a subnet of a custom VPC must be namespaces of that VPC
    for (const s of this.subnets) {
      if (s.subnetName !== s.vpc && this.vpcs.has(s.subnetName)) {
        push(s, `metadata.name "${s.subnetName}" is the name of a VPC; Kube-OVN's webhook rejects a subnet named like a VPC, choose another name`);
      }
      const vpc = this.vpcs.get(s.vpc);
      const namespaces: unknown = s.namespaces;
      if (!vpc || !Array.isArray(namespaces)) continue;
      for (const ns of namespaces.filter((n) => !vpc.namespaces.includes(n))) {
        push(s, `spec.namespaces "${ns}" is not a namespace of Vpc "${vpc.name}" (its spec.namespaces: ${vpc.namespaces.length > 0 ? vpc.namespaces.join(', ') : 'none'}); Kube-OVN's webhook rejects the subnet, add "${ns}" to the Vpc's namespaces or remove it here`);
      }
    }

    // pkg/util/validator.go ValidateCidrConflict: two subnets with an external egress gateway in the same VPC and
    // VLAN need different policy routing tables
    const tables = new Map<string, SubnetBase>();
    for (const s of this.subnets) {
      if (s.egressPolicyTable === undefined) continue;
      const key = `${s.vpc}\u0000${s.vlanName ?? ''}\u0000${s.egressPolicyTable}`;
      const first = tables.get(key);
      if (!first) tables.set(key, s);
      else push(s, `spec.policyRoutingTableID ${s.egressPolicyTable} is also the table of subnet "${first.subnetName}", which has an external egress gateway in the same VPC; Kube-OVN rejects the pair (ValidateCidrConflict), give each its own table`);
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
