import type { SubnetSpec } from '../../imports/kubeovn.io';
import { Cidr, IpAddress, IpFamily, parseIp } from '../net';
import { checkDnsLabel, checkDnsSubdomain, duplicates, tryIp } from '../rules';
import {
  checkBoolean, checkEnum, checkInteger, checkToken, describeValue, ipProblem, isRecord, objectList, parseLooseCidr, stringList,
} from './spec-values';

/**
 * The Kube-OVN `Subnet` spec fields beyond the addressing, as typed props, and upstream's rules for them
 * (Kube-OVN v1.13.15: `pkg/util/validator.go` ValidateSubnet, `pkg/controller/subnet.go` formatSubnet and the
 * reconcilers, the CRD `subnets.kubeovn.io` in charts/kube-ovn/templates/kube-ovn-crd.yaml). Each rule names its
 * upstream source next to it. Values are judged as the cluster sees them after kube-ovn-controller's defaults.
 */

/** `spec.protocol`; Kube-OVN derives it from `cidrBlock` (formatSubnet -> checkSubnetChanged -> CheckProtocol). */
export enum SubnetProtocol {
  IPV4 = 'IPv4',
  IPV6 = 'IPv6',
  DUAL = 'Dual',
}

/** Direction of a subnet ACL (`spec.acls[].direction`, CRD enum). */
export enum AclDirection {
  /** Traffic from the subnet's ports (egress of pods). */
  FROM_LPORT = 'from-lport',
  /** Traffic to the subnet's ports (ingress of pods). */
  TO_LPORT = 'to-lport',
}

/** Verdict of a subnet ACL (`spec.acls[].action`, CRD enum). */
export enum AclAction {
  ALLOW_RELATED = 'allow-related',
  ALLOW_STATELESS = 'allow-stateless',
  ALLOW = 'allow',
  DROP = 'drop',
  REJECT = 'reject',
}

/** An OVN ACL on the subnet's logical switch (`spec.acls[]`). */
export interface SubnetAcl {
  /** Which way the ACL applies. */
  readonly direction: AclDirection;
  /** 0-32767, higher wins (CRD min/max). */
  readonly priority: number;
  /** An OVN match expression, e.g. `ip4.dst == 10.10.0.2`. */
  readonly match: string;
  /** What OVN does with matching packets. */
  readonly action: AclAction;
}

/** What a NAT outgoing policy rule does (`spec.natOutgoingPolicyRules[].action`, CRD enum). */
export enum NatOutgoingPolicyAction {
  /** SNAT the matching traffic. */
  NAT = 'nat',
  /** Send the matching traffic without SNAT. */
  FORWARD = 'forward',
}

/** One `spec.natOutgoingPolicyRules[]` entry: which traffic leaving the subnet is (not) SNATed. */
export interface NatOutgoingPolicyRule {
  /** SNAT or not. */
  readonly action: NatOutgoingPolicyAction;
  /**
   * Source addresses or CIDRs, all of one family (rendered comma-separated as `match.srcIPs`).
   * @default - any source
   */
  readonly srcIps?: readonly string[];
  /**
   * Destination addresses or CIDRs, all of one family, the same family as `srcIps` (`match.dstIPs`).
   * @default - any destination
   */
  readonly dstIps?: readonly string[];
}

/** A gateway node of a centralized subnet, optionally with the egress address it uses. */
export interface CentralizedGatewayNode {
  /** Node name. */
  readonly node: string;
  /**
   * The address the node's egress traffic for this subnet uses (`node:ip` in `spec.gatewayNode`).
   * @default - the node's own address
   */
  readonly egressIp?: string;
}

/** Options of {@link GatewayType.centralized}. */
export interface CentralizedGatewayOptions {
  /** The nodes traffic leaves the cluster through (`spec.gatewayNode`); at least one. */
  readonly nodes: ReadonlyArray<string | CentralizedGatewayNode>;
  /**
   * Spread traffic over all ready gateway nodes (ECMP) instead of one active node with failover
   * (`spec.enableEcmp`). kube-ovn-controller's `--enable-ecmp` turns it on at startup for centralized subnets
   * that have it false (pkg/controller/init.go).
   * @default false
   */
  readonly enableEcmp?: boolean;
}

/**
 * How pod traffic of an overlay subnet in the default VPC leaves the cluster (`spec.gatewayType`): through the
 * pod's own node, or through chosen gateway nodes.
 */
export class GatewayType {
  /** Each node is the gateway of its own pods (Kube-OVN's default in the default VPC). */
  public static readonly DISTRIBUTED = new GatewayType('distributed', []);

  /** Traffic leaves through the given nodes. */
  public static centralized(options: CentralizedGatewayOptions): GatewayType {
    const raw = (options as unknown as Record<string, unknown> | undefined)?.nodes;
    return new GatewayType('centralized', Array.isArray(raw) ? [...raw] : raw, options?.enableEcmp);
  }

  private constructor(
    /** `distributed` or `centralized`. */
    public readonly type: 'distributed' | 'centralized',
    /** The gateway nodes as given (checked at synth). */
    public readonly nodes: unknown,
    /** ECMP over the gateway nodes (centralized only). */
    public readonly enableEcmp?: unknown,
  ) {}
}

/** One requirement of a namespace selector (`spec.namespaceSelectors[].matchExpressions[]`). */
export interface NamespaceSelectorRequirement {
  /** Label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * Values, for `In` and `NotIn` (at least one); none for `Exists` and `DoesNotExist`.
   * @default - none
   */
  readonly values?: readonly string[];
}

/** Namespaces whose pods use the subnet, by label (`spec.namespaceSelectors[]`, a Kubernetes label selector). */
export interface NamespaceSelector {
  /**
   * Labels the namespace must have.
   * @default - none
   */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /**
   * Requirements the namespace's labels must meet.
   * @default - none
   */
  readonly matchExpressions?: readonly NamespaceSelectorRequirement[];
}

/** Options rendered `key=value,...` (DHCP options, IPv6 RA configs). */
export type OvnOptions = Readonly<Record<string, string>>;

/** The Subnet spec fields shared by overlay and underlay subnets, beyond the addressing. */
export interface SubnetSpecProps {
  /**
   * `spec.protocol`. Kube-OVN sets it from `cidrBlock` (formatSubnet), so it is always rendered that way; give
   * it only to state what you expect (a mismatch is reported).
   * @default - derived from cidrBlock
   */
  readonly protocol?: SubnetProtocol;
  /**
   * `spec.provider`: `ovn`, or `<attachment>.<namespace>.ovn` for a Multus attachment served by Kube-OVN, or
   * `<attachment>.<namespace>` for another CNI's attachment that only uses Kube-OVN's IPAM.
   * @default - not rendered; Kube-OVN sets 'ovn'
   */
  readonly provider?: string;
  /**
   * `spec.default`: the namespace-less default subnet. In the default VPC only Kube-OVN's own ovn-default may be
   * it (formatSubnet resets it elsewhere).
   * @default - not rendered (false)
   */
  readonly default?: boolean;
  /**
   * `spec.vips`: addresses reserved for virtual IPs (e.g. keepalived), each inside the subnet.
   * @default - none
   */
  readonly vips?: readonly string[];
  /**
   * `spec.gatewayType` (+ `gatewayNode`, `enableEcmp`): how traffic leaves the cluster; overlay subnets in the
   * default VPC only.
   * @default - not rendered; Kube-OVN uses GatewayType.DISTRIBUTED in the default VPC
   */
  readonly gatewayType?: GatewayType;
  /**
   * `spec.natOutgoing`: SNAT pod traffic leaving the cluster.
   * @default false
   */
  readonly natOutgoing?: boolean;
  /**
   * `spec.natOutgoingPolicyRules`: which traffic `natOutgoing` SNATs, first match wins. Only with natOutgoing.
   * @default - all traffic leaving the cluster is SNATed
   */
  readonly natOutgoingPolicyRules?: readonly NatOutgoingPolicyRule[];
  /**
   * `spec.externalEgressGateway`: route pod traffic leaving the cluster to this address (one per family,
   * `"v4"`, `"v6"` or `"v4,v6"`) by policy routing on the nodes; needs `policyRoutingPriority` and
   * `policyRoutingTableId`. Conflicts with natOutgoing; default VPC only.
   * @default - none
   */
  readonly externalEgressGateway?: string;
  /**
   * `spec.policyRoutingPriority`: the `ip rule` priority of externalEgressGateway, 1-32765 (0 is unset).
   * @default - none
   */
  readonly policyRoutingPriority?: number;
  /**
   * `spec.policyRoutingTableID`: the routing table of externalEgressGateway, 1-2147483647 except the reserved
   * 252-255 (0 is unset); each subnet with an external egress gateway in a VPC needs its own.
   * @default - none
   */
  readonly policyRoutingTableId?: number;
  /**
   * `spec.mtu`: the MTU of the subnet's pods, 68-65535 (0, Go's unset value, is not rendered).
   * @default - Kube-OVN's MTU (the node NIC's minus the tunnel overhead)
   */
  readonly mtu?: number;
  /**
   * `spec.private`: only pods of this subnet (and `allowSubnets`) may reach its pods.
   * @default false
   */
  readonly private?: boolean;
  /**
   * `spec.allowSubnets`: CIDRs that may still reach a private subnet. Only with private.
   * @default - none
   */
  readonly allowSubnets?: readonly string[];
  /**
   * `spec.allowEWTraffic`: with ACLs, keep east-west traffic inside the subnet allowed.
   * @default false
   */
  readonly allowEwTraffic?: boolean;
  /**
   * `spec.acls`: OVN ACLs on the subnet's logical switch.
   * @default - none
   */
  readonly acls?: readonly SubnetAcl[];
  /**
   * `spec.disableGatewayCheck`: pods do not wait until their gateway answers before they start.
   * @default false
   */
  readonly disableGatewayCheck?: boolean;
  /**
   * `spec.enableDHCP`: OVN answers DHCP for the subnet (e.g. for VMs).
   * @default false
   */
  readonly enableDhcp?: boolean;
  /**
   * `spec.dhcpV4Options`, rendered `key=value,...` sorted by key; several DNS servers are separated by `;`
   * (`dns_server: '8.8.8.8;8.8.4.4'`). Only with enableDhcp and an IPv4 CIDR.
   * @default - Kube-OVN's (lease_time 3600, router = gateway, server_id 169.254.0.254, ...)
   */
  readonly dhcpV4Options?: OvnOptions;
  /**
   * `spec.dhcpV6Options`, rendered like dhcpV4Options. Only with enableDhcp and an IPv6 CIDR.
   * @default - Kube-OVN's (a generated server_id)
   */
  readonly dhcpV6Options?: OvnOptions;
  /**
   * `spec.enableIPv6RA`: the subnet's router port sends IPv6 router advertisements. Needs an IPv6 CIDR.
   * @default false
   */
  readonly enableIpv6Ra?: boolean;
  /**
   * `spec.ipv6RAConfigs`, rendered `key=value,...` sorted by key. Only with enableIpv6Ra.
   * @default - Kube-OVN's (address_mode dhcpv6_stateful, max_interval 30, min_interval 5, send_periodic true)
   */
  readonly ipv6RaConfigs?: OvnOptions;
  /**
   * `spec.enableLb`: OVN load balancers (Services) on the subnet's logical switch.
   * @default - not rendered; kube-ovn-controller's `--enable-lb` (true)
   */
  readonly enableLb?: boolean;
  /**
   * `spec.enableMulticastSnoop`: IGMP/MLD snooping on the subnet.
   * @default false
   */
  readonly enableMulticastSnoop?: boolean;
  /**
   * `spec.routeTable`: the route table of the VPC router the subnet's router port uses.
   * @default - the main route table
   */
  readonly routeTable?: string;
  /**
   * `spec.namespaceSelectors`: namespaces whose pods use this subnet, by label (besides `namespaces`).
   * @default - none
   */
  readonly namespaceSelectors?: readonly NamespaceSelector[];
  /**
   * Spec fields the typed props do not cover (e.g. of a newer CRD once the schema bundle is regenerated),
   * rendered as given. Each is checked against the CRD schema of the bundle at synth; a field the props cover
   * is reported (use the prop: its rules apply).
   * @default - none
   */
  readonly extraSpec?: Readonly<Record<string, unknown>>;
}

/** What the rules need to know about the rest of the subnet. */
export interface SubnetSpecContext {
  /** The parsed cidrBlock; empty when it is unusable (reported elsewhere). */
  readonly cidrs: readonly Cidr[];
  /** The gateways as Kube-OVN ends up with them, in cidrBlock order when completed. */
  readonly gateways: readonly IpAddress[];
  readonly cidrBlock: string;
  readonly vpc: string;
  readonly defaultVpc: string;
  readonly underlay: boolean;
  readonly logicalGateway: boolean;
}

const RESERVED_TABLES = [252, 253, 254, 255];

/** The spec fields of {@link SubnetSpecProps} as the L1 takes them (only what is set). */
export function renderSubnetSpec(props: SubnetSpecProps): Partial<SubnetSpec> {
  const list = <T>(v: readonly T[] | undefined) => (Array.isArray(v) && v.length > 0 ? [...v] : undefined);
  const gw = props.gatewayType instanceof GatewayType ? props.gatewayType : undefined;
  return {
    provider: props.provider,
    default: props.default,
    vips: list(props.vips),
    gatewayType: gw?.type,
    gatewayNode: gw && gw.type === 'centralized' && Array.isArray(gw.nodes) ? gw.nodes.map(gatewayNodeText).join(',') : undefined,
    enableEcmp: gw?.type === 'centralized' && typeof gw.enableEcmp === 'boolean' ? gw.enableEcmp : undefined,
    natOutgoing: props.natOutgoing,
    natOutgoingPolicyRules: Array.isArray(props.natOutgoingPolicyRules) && props.natOutgoingPolicyRules.length > 0
      ? props.natOutgoingPolicyRules.map((r) => ({
        action: r?.action as never,
        match: { srcIPs: joinList(r?.srcIps), dstIPs: joinList(r?.dstIps) },
      }))
      : undefined,
    externalEgressGateway: props.externalEgressGateway,
    policyRoutingPriority: unsetIfZero(props.policyRoutingPriority),
    policyRoutingTableId: unsetIfZero(props.policyRoutingTableId),
    mtu: unsetIfZero(props.mtu),
    private: props.private,
    allowSubnets: list(props.allowSubnets),
    allowEwTraffic: props.allowEwTraffic,
    acls: Array.isArray(props.acls) && props.acls.length > 0
      ? props.acls.map((a) => ({ direction: a?.direction as never, priority: a?.priority, match: a?.match, action: a?.action as never }))
      : undefined,
    disableGatewayCheck: props.disableGatewayCheck,
    enableDhcp: props.enableDhcp,
    dhcpV4Options: optionsText(props.dhcpV4Options),
    dhcpV6Options: optionsText(props.dhcpV6Options),
    enableIPv6Ra: props.enableIpv6Ra,
    ipv6RaConfigs: optionsText(props.ipv6RaConfigs),
    enableLb: props.enableLb,
    enableMulticastSnoop: props.enableMulticastSnoop,
    routeTable: props.routeTable,
    namespaceSelectors: Array.isArray(props.namespaceSelectors) && props.namespaceSelectors.length > 0
      ? props.namespaceSelectors.map((s) => ({
        matchLabels: isRecord(s?.matchLabels) ? sortedRecord(s.matchLabels as Record<string, string>) : undefined,
        matchExpressions: Array.isArray(s?.matchExpressions)
          ? (s.matchExpressions as NamespaceSelectorRequirement[]).map((e) => ({ key: e?.key, operator: e?.operator, values: Array.isArray(e?.values) ? [...e.values] : undefined }))
          : undefined,
      }))
      : undefined,
  };
}

/**
 * mtu, policyRoutingPriority and policyRoutingTableID are Go `uint32` with `omitempty` in SubnetSpec
 * (pkg/apis/kubeovn/v1/types.go): 0 means unset, so 0 is not rendered (the CRD minimum would reject it).
 */
function unsetIfZero(value: number | undefined): number | undefined {
  return value === 0 ? undefined : value;
}

function joinList(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 ? value.join(',') : undefined;
}

function gatewayNodeText(n: unknown): string {
  if (isRecord(n)) return n.egressIp === undefined ? String(n.node) : `${String(n.node)}:${String(n.egressIp)}`;
  return String(n);
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}

/** `key=value,...`, keys sorted so the manifest never depends on declaration order. */
function optionsText(options: OvnOptions | undefined): string | undefined {
  if (!isRecord(options)) return undefined;
  const keys = Object.keys(options).sort();
  return keys.length > 0 ? keys.map((k) => `${k}=${String(options[k])}`).join(',') : undefined;
}

/**
 * pkg/util/subnet.go IsOvnProvider: "" or "ovn" or "<nad>.<namespace>.ovn". Any other provider is another CNI's
 * attachment that only uses Kube-OVN's IPAM: handleAddOrUpdateSubnet creates no logical switch for it.
 */
export function isOvnProvider(provider: unknown): boolean {
  if (provider === undefined || provider === '' || provider === 'ovn') return true;
  if (typeof provider !== 'string') return false;
  const fields = provider.split('.');
  return fields.length === 3 && fields[2] === 'ovn';
}

/** The family of an address or CIDR text, or undefined. */
function familyOf(text: string): IpFamily | undefined {
  try {
    return parseIp(text.split('/')[0]).family;
  } catch {
    return undefined;
  }
}

/**
 * Every rule of the spec fields beyond the addressing; errors and warnings are complete sentences without the
 * construct label.
 */
export function checkSubnetSpec(props: SubnetSpecProps, ctx: SubnetSpecContext): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const families = new Set(ctx.cidrs.map((c) => c.family));
  const usable = ctx.cidrs.length > 0;
  const inDefaultVpc = ctx.vpc === ctx.defaultVpc;

  for (const [field, value] of [
    ['spec.default', props.default], ['spec.natOutgoing', props.natOutgoing], ['spec.private', props.private],
    ['spec.allowEWTraffic', props.allowEwTraffic], ['spec.disableGatewayCheck', props.disableGatewayCheck],
    ['spec.enableDHCP', props.enableDhcp], ['spec.enableIPv6RA', props.enableIpv6Ra], ['spec.enableLb', props.enableLb],
    ['spec.enableMulticastSnoop', props.enableMulticastSnoop],
  ] as const) errors.push(...checkBoolean(value, field));

  // CRD enum; formatSubnet -> checkSubnetChanged overwrites spec.protocol with CheckProtocol(cidrBlock)
  const protocolErrors = checkEnum(props.protocol, 'spec.protocol', Object.values(SubnetProtocol), 'SubnetProtocol');
  errors.push(...protocolErrors);
  if (protocolErrors.length === 0 && props.protocol !== undefined && usable) {
    const derived = ctx.cidrs.length === 2 ? SubnetProtocol.DUAL : (ctx.cidrs[0].family as SubnetProtocol);
    if (props.protocol !== derived) {
      errors.push(`spec.protocol is ${props.protocol} but spec.cidrBlock ${ctx.cidrBlock} is ${derived}; Kube-OVN replaces the protocol with the one of cidrBlock (formatSubnet), drop protocol or fix cidrBlock`);
    }
  }

  // pkg/util/subnet.go IsOvnProvider: "ovn" or "<nad>.<namespace>.ovn"; anything else is another CNI's attachment
  if (props.provider !== undefined) {
    const tokenErrors = checkToken(props.provider, 'spec.provider', 'ovn');
    errors.push(...tokenErrors);
    if (tokenErrors.length === 0) {
      const parts = props.provider.split('.');
      const ok = props.provider === 'ovn' || ((parts.length === 2 || (parts.length === 3 && parts[2] === 'ovn'))
        && !checkDnsSubdomain(parts[0]) && !checkDnsLabel(parts[1]));
      if (!ok) {
        errors.push(`spec.provider "${props.provider}" is neither "ovn" nor "<attachment>.<namespace>[.ovn]" (Kube-OVN IsOvnProvider); use "ovn" or name the NetworkAttachmentDefinition, e.g. "macvlan.default"`);
      }
    }
  }

  // formatSubnet: in the default VPC `default` is reset to false on every subnet but ovn-default
  if (props.default === true && inDefaultVpc) {
    errors.push(`spec.default is true in the default VPC ${ctx.defaultVpc}; Kube-OVN resets it to false (only its own ovn-default is the default subnet there), drop default or list the namespaces`);
  }

  checkVips(props.vips, ctx, errors);
  checkGatewayType(props.gatewayType, ctx, errors);
  checkEgress(props, ctx, families, errors, warnings);

  // CRD `mtu` minimum 68, maximum 65535
  // (0 is Go's unset for these uint32 omitempty fields and not rendered)
  errors.push(...checkInteger(unsetIfZero(props.mtu), 'spec.mtu', 68, 65535, 'the Subnet CRD; IPv4 needs at least 68; 0 leaves it unset'));
  if (typeof props.mtu === 'number' && Number.isInteger(props.mtu) && props.mtu >= 68 && props.mtu < 1280 && families.has('IPv6')) {
    // accepted by Kube-OVN, but Linux turns IPv6 off on an interface with a smaller MTU
    warnings.push(`spec.mtu ${props.mtu} is below 1280, the IPv6 minimum (RFC 8200), and spec.cidrBlock ${ctx.cidrBlock} has an IPv6 CIDR; pods would get no IPv6, use at least 1280`);
  }

  checkAllowSubnets(props, errors, warnings);
  checkAcls(props.acls, errors);
  checkNatPolicyRules(props, errors, warnings);
  checkDhcp(props, ctx, families, errors, warnings);

  // routeTable: the LRP option route_table (pkg/controller/subnet.go reconcileRouteTableForSubnet)
  errors.push(...checkToken(props.routeTable, 'spec.routeTable', 'rtb1'));
  checkNamespaceSelectors(props.namespaceSelectors, errors);
  return { errors, warnings };
}

/** ValidateSubnet: each vip lowercase (ContainsUppercase) and CIDRContainIP(cidrBlock, vip). */
function checkVips(value: unknown, ctx: SubnetSpecContext, errors: string[]): void {
  const vips = stringList(value, 'spec.vips', '10.100.0.10', errors);
  if (!vips) return;
  vips.forEach((v, i) => {
    const ip = tryIp(v, `spec.vips[${i}]`, errors);
    if (!ip || ctx.cidrs.length === 0) return;
    if (!ctx.cidrs.some((c) => c.contains(ip))) {
      errors.push(`spec.vips[${i}] ${ip.text} is not inside spec.cidrBlock ${ctx.cidrBlock}; Kube-OVN rejects it (ValidateSubnet), use an address of the subnet`);
    }
  });
  for (const d of duplicates(vips)) errors.push(`spec.vips lists ${d} more than once; list each address once`);
}

function checkGatewayType(value: unknown, ctx: SubnetSpecContext, errors: string[]): void {
  if (value === undefined) return;
  if (!(value instanceof GatewayType)) {
    // ValidateSubnet: gatewayType must be distributed or centralized; typed as a class so nodes come with it
    errors.push(`spec.gatewayType must be GatewayType.DISTRIBUTED or GatewayType.centralized({ nodes: [...] }), got ${describeValue(value)}`);
    return;
  }
  // pkg/controller/subnet.go reconcileOvnDefaultVpcRoute: the gateway type applies to overlay subnets (and underlay
  // ones with logicalGateway) of the default VPC only; elsewhere it is ignored
  if (ctx.vpc !== ctx.defaultVpc) {
    errors.push(`spec.gatewayType is set but spec.vpc is "${ctx.vpc}"; Kube-OVN applies gateway types in the default VPC ${ctx.defaultVpc} only, drop gatewayType`);
  } else if (ctx.underlay && !ctx.logicalGateway) {
    errors.push('spec.gatewayType is set on an underlay subnet without logicalGateway; its gateway is the physical one (reconcileOvnDefaultVpcRoute), drop gatewayType');
  }
  if (value.type === 'distributed') return;
  errors.push(...checkBoolean(value.enableEcmp, 'spec.enableEcmp'));
  const nodes = value.nodes;
  // reconcileOvnDefaultVpcRoute: "Spec.GatewayNode field must be specified for centralized gateway type"
  if (!Array.isArray(nodes) || nodes.length === 0) {
    errors.push(`spec.gatewayNode: a centralized gateway needs at least one node, e.g. GatewayType.centralized({ nodes: ['node1', 'node2'] }), got ${describeValue(nodes)}`);
    return;
  }
  const names: string[] = [];
  nodes.forEach((n: unknown, i) => {
    const field = `spec.gatewayNode[${i}]`;
    const name = isRecord(n) ? n.node : n;
    const e = typeof name === 'string' ? checkDnsSubdomain(name) : `must be a node name, got ${describeValue(name)}`;
    if (e) errors.push(`${field}: node name ${e}`);
    else names.push(name as string);
    // GatewayContains / getNodeTunlIP: "node:ip" gives the egress address
    if (isRecord(n) && n.egressIp !== undefined) {
      if (typeof n.egressIp !== 'string') errors.push(`${field}.egressIp must be an IP address string, got ${describeValue(n.egressIp)}`);
      else tryIp(n.egressIp, `${field}.egressIp`, errors);
    }
  });
  for (const d of duplicates(names)) errors.push(`spec.gatewayNode lists node "${d}" more than once; list each node once`);
}

/** ValidateSubnet (externalEgressGateway), the CRD ranges of policy routing and pkg/daemon getPolicyRouting. */
function checkEgress(props: SubnetSpecProps, ctx: SubnetSpecContext, families: Set<IpFamily>, errors: string[], warnings: string[]): void {
  const priority = unsetIfZero(props.policyRoutingPriority);
  const table = unsetIfZero(props.policyRoutingTableId);
  errors.push(...checkInteger(priority, 'spec.policyRoutingPriority', 1, 32765, 'the Subnet CRD; 32766 and 32767 belong to the kernel\'s own rules; 0 leaves it unset'));
  const tableErrors = checkInteger(table, 'spec.policyRoutingTableID', 1, 2147483647, 'the Subnet CRD; 0 leaves it unset');
  errors.push(...tableErrors);
  if (tableErrors.length === 0 && RESERVED_TABLES.includes(table as number)) {
    errors.push(`spec.policyRoutingTableID ${props.policyRoutingTableId} is a table the kernel reserves (252 default, 253 main, 254 local, 255; the Subnet CRD rejects 252-255); choose another, e.g. 1000`);
  }
  const egw = props.externalEgressGateway;
  if (egw === undefined) {
    if (priority !== undefined || table !== undefined) {
      warnings.push('spec.policyRoutingPriority/policyRoutingTableID are set without spec.externalEgressGateway, so they change nothing; set externalEgressGateway or drop them');
    }
    return;
  }
  if (typeof egw !== 'string' || egw === '') {
    errors.push(`spec.externalEgressGateway must be one address per family, e.g. "192.168.0.1" or "192.168.0.1,fd00::1", got ${describeValue(egw)}`);
    return;
  }
  // ValidateSubnet: "conflict configuration: natOutgoing and externalEgressGateway"
  if (props.natOutgoing === true) {
    errors.push('spec.externalEgressGateway and spec.natOutgoing are both set; Kube-OVN rejects the pair (ValidateSubnet), keep one');
  }
  const parts = egw.split(',');
  if (parts.length > 2) {
    errors.push(`spec.externalEgressGateway "${egw}" has ${parts.length} addresses; give one per family ("v4", "v6" or "v4,v6")`);
  } else {
    const ips = parts.map((p) => tryIp(p, 'spec.externalEgressGateway', errors));
    if (ips.every((ip) => ip !== undefined)) {
      const egwFamilies = new Set(ips.map((ip) => ip!.family));
      if (egwFamilies.size < ips.length) {
        errors.push(`spec.externalEgressGateway "${egw}" has two ${ips[0]!.family} addresses; give one per family`);
      } else if (ctx.cidrs.length === 1 && [...egwFamilies].some((f) => !families.has(f))) {
        // ValidateSubnet: CheckProtocol(egw) must equal CheckProtocol(cidrBlock) unless the subnet is dual stack
        errors.push(`spec.externalEgressGateway "${egw}" does not match the family of spec.cidrBlock ${ctx.cidrBlock}; Kube-OVN rejects it (ValidateSubnet), give an ${ctx.cidrs[0].family} address`);
      }
    }
  }
  // pkg/daemon/controller_linux.go getPolicyRouting: only subnets of the default VPC get policy routes
  if (ctx.vpc !== ctx.defaultVpc) {
    errors.push(`spec.externalEgressGateway is set but spec.vpc is "${ctx.vpc}"; Kube-OVN routes to an external egress gateway in the default VPC ${ctx.defaultVpc} only, drop it`);
  }
  // getPolicyRouting uses both as the `ip rule` priority and table; the CRD minimum is 1, so 0 (unset) is no table
  if (priority === undefined || table === undefined) {
    errors.push('spec.externalEgressGateway needs spec.policyRoutingPriority and spec.policyRoutingTableID (the ip rule the nodes add); set both, e.g. policyRoutingPriority: 1500, policyRoutingTableId: 1000');
  }
}

/** ValidateSubnet: allowSubnets lowercase and net.ParseCIDR (host bits allowed); used only when private. */
function checkAllowSubnets(props: SubnetSpecProps, errors: string[], warnings: string[]): void {
  const list = stringList(props.allowSubnets, 'spec.allowSubnets', '10.200.0.0/16', errors);
  if (!list) return;
  list.forEach((c, i) => {
    const field = `spec.allowSubnets[${i}]`;
    const problem = parseLooseCidr(c);
    if (problem) errors.push(`${field}: ${problem}`);
  });
  if (list.length > 0 && props.private !== true) {
    // pkg/controller/subnet.go handleAddOrUpdateSubnet: SetLogicalSwitchPrivate(allowSubnets) only `if subnet.Spec.Private`
    warnings.push('spec.allowSubnets is set but spec.private is not true, so it changes nothing; set private: true or drop allowSubnets');
  }
}

/** CRD `acls` items: direction and action enums, priority 0-32767; OVN needs a match. */
function checkAcls(value: unknown, errors: string[]): void {
  const acls = objectList<Record<string, unknown>>(value, 'spec.acls', "{ direction: AclDirection.TO_LPORT, priority: 1000, match: 'ip4.src == 10.0.0.0/8', action: AclAction.DROP }", errors);
  acls?.forEach((a, i) => {
    const field = `spec.acls[${i}]`;
    errors.push(...checkEnum(a.direction, `${field}.direction`, Object.values(AclDirection), 'AclDirection'));
    errors.push(...checkEnum(a.action, `${field}.action`, Object.values(AclAction), 'AclAction'));
    if (a.priority === undefined) errors.push(`${field}.priority is missing; give 0-32767 (higher wins)`);
    errors.push(...checkInteger(a.priority, `${field}.priority`, 0, 32767, 'the Subnet CRD'));
    if (a.direction === undefined) errors.push(`${field}.direction is missing; give AclDirection.FROM_LPORT or AclDirection.TO_LPORT`);
    if (a.action === undefined) errors.push(`${field}.action is missing; give one of AclAction`);
    if (typeof a.match !== 'string' || a.match.trim() === '') {
      errors.push(`${field}.match must be an OVN match expression, e.g. 'ip4.src == 10.0.0.0/8', got ${describeValue(a.match)}`);
    }
  });
}

/** ValidateSubnet -> validateNatOutgoingPolicyRules / validateNatOutGoingPolicyRuleIPs; CRD action enum. */
function checkNatPolicyRules(props: SubnetSpecProps, errors: string[], warnings: string[]): void {
  const rules = objectList<Record<string, unknown>>(props.natOutgoingPolicyRules, 'spec.natOutgoingPolicyRules', "{ action: NatOutgoingPolicyAction.FORWARD, dstIps: ['10.0.0.0/8'] }", errors);
  if (!rules) return;
  rules.forEach((r, i) => {
    const field = `spec.natOutgoingPolicyRules[${i}]`;
    if (r.action === undefined) errors.push(`${field}.action is missing; give NatOutgoingPolicyAction.NAT or NatOutgoingPolicyAction.FORWARD`);
    errors.push(...checkEnum(r.action, `${field}.action`, Object.values(NatOutgoingPolicyAction), 'NatOutgoingPolicyAction'));
    const src = matchFamily(r.srcIps, `${field}.match.srcIPs`, errors);
    const dst = matchFamily(r.dstIps, `${field}.match.dstIPs`, errors);
    if (src && dst && src !== dst) {
      errors.push(`${field}: match.srcIPs is ${src} but match.dstIPs is ${dst}; Kube-OVN rejects rules that mix families (validateNatOutgoingPolicyRules), split it into one rule per family`);
    }
  });
  if (rules.length > 0 && props.natOutgoing !== true) {
    // updateNatOutgoingPolicyRulesStatus: the rules are used only `if subnet.Spec.NatOutgoing`
    warnings.push('spec.natOutgoingPolicyRules is set but spec.natOutgoing is not true, so it changes nothing; set natOutgoing: true or drop the rules');
  }
}

/** validateNatOutGoingPolicyRuleIPs: each item an IP or a CIDR, all of one family; returns that family. */
function matchFamily(value: unknown, field: string, errors: string[]): IpFamily | undefined {
  const items = stringList(value, field, '10.0.0.0/8', errors);
  if (!items || items.length === 0) return undefined;
  const found = new Set<IpFamily>();
  let ok = true;
  items.forEach((item, i) => {
    const problem = item.includes('/') ? parseLooseCidr(item) : ipProblem(item);
    if (problem) {
      errors.push(`${field}[${i}]: ${problem}; give an IP or a CIDR`);
      ok = false;
    } else {
      found.add(familyOf(item)!);
    }
  });
  if (found.size > 1) {
    errors.push(`${field} mixes IPv4 and IPv6; Kube-OVN rejects it (validateNatOutGoingPolicyRuleIPs: "protocol is not consistent"), one family per rule`);
    return undefined;
  }
  return ok ? [...found][0] : undefined;
}

/** pkg/ovs/util.go parseDHCPOptions / parseIpv6RaConfigs and pkg/ovs/ovn-nb-dhcp_options.go UpdateDHCPOptions. */
function checkDhcp(props: SubnetSpecProps, ctx: SubnetSpecContext, families: Set<IpFamily>, errors: string[], warnings: string[]): void {
  const v4 = checkOptions(props.dhcpV4Options, 'spec.dhcpV4Options', true, errors);
  const v6 = checkOptions(props.dhcpV6Options, 'spec.dhcpV6Options', false, errors);
  const ra = checkOptions(props.ipv6RaConfigs, 'spec.ipv6RAConfigs', false, errors);
  if ((v4 || v6) && props.enableDhcp !== true) {
    warnings.push('spec.dhcpV4Options/dhcpV6Options are set but spec.enableDHCP is not true, so Kube-OVN ignores them; set enableDhcp: true or drop them');
  }
  if (ctx.cidrs.length > 0) {
    if (v4 && !families.has('IPv4')) warnings.push(`spec.dhcpV4Options is set but spec.cidrBlock ${ctx.cidrBlock} has no IPv4 CIDR, so it changes nothing; drop it`);
    if (v6 && !families.has('IPv6')) warnings.push(`spec.dhcpV6Options is set but spec.cidrBlock ${ctx.cidrBlock} has no IPv6 CIDR, so it changes nothing; drop it`);
    // UpdateDHCPOptions takes cidrBlocks[0] and gateways[0] as the IPv4 ones of a dual-stack subnet
    if (props.enableDhcp === true && ctx.cidrs.length === 2 && ctx.cidrs[0].family !== 'IPv4') {
      errors.push(`spec.enableDHCP on dual-stack spec.cidrBlock ${ctx.cidrBlock} with the IPv6 CIDR first; Kube-OVN's DHCP takes the first CIDR as the IPv4 one, list IPv4 first ("${ctx.cidrs[1]},${ctx.cidrs[0]}")`);
    } else if (props.enableDhcp === true && ctx.gateways.length === 2 && ctx.gateways[0].family !== 'IPv4') {
      errors.push(`spec.enableDHCP on a dual-stack subnet with the IPv6 gateway first in spec.gateway; Kube-OVN's DHCP takes the first gateway as the IPv4 router, list IPv4 first ("${ctx.gateways[1].text},${ctx.gateways[0].text}")`);
    }
    // UpdateLogicalRouterPortRA: with no IPv6 network on the router port there is no prefix to advertise
    if (props.enableIpv6Ra === true && !families.has('IPv6')) {
      errors.push(`spec.enableIPv6RA needs an IPv6 CIDR but spec.cidrBlock ${ctx.cidrBlock} has none; Kube-OVN has no prefix to advertise, add an IPv6 CIDR or drop enableIpv6Ra`);
    }
  }
  if (ra && props.enableIpv6Ra !== true) {
    warnings.push('spec.ipv6RAConfigs is set but spec.enableIPv6RA is not true, so Kube-OVN ignores it; set enableIpv6Ra: true or drop it');
  }
}

/**
 * parseDHCPOptions / parseIpv6RaConfigs split on ',' and '=', drop spaces and silently skip an entry with an empty
 * key or value: any of those would change what OVN gets, so they are errors here. True when options are given.
 */
function checkOptions(value: unknown, field: string, dhcpV4: boolean, errors: string[]): boolean {
  if (value === undefined) return false;
  if (!isRecord(value)) {
    errors.push(`${field} must be an object of option names to values, e.g. { lease_time: '3600' }, got ${describeValue(value)}`);
    return false;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === '' || /[\s,=;]/.test(k)) {
      errors.push(`${field}: option name ${JSON.stringify(k)} must be a non-empty word without spaces, ',', '=' or ';'`);
    }
    if (typeof v !== 'string' || v === '' || /[\s,=]/.test(v)) {
      const hint = dhcpV4 && k === 'dns_server' ? '; separate several DNS servers with \';\' (\'8.8.8.8;8.8.4.4\')' : '';
      errors.push(`${field}.${k} must be a non-empty string without spaces, ',' or '=' (Kube-OVN would drop or split it), got ${describeValue(v)}${hint}`);
    }
  }
  return Object.keys(value).length > 0;
}

/** metav1.LabelSelectorAsSelector rules for `spec.namespaceSelectors[]` (the CRD's label selector shape). */
function checkNamespaceSelectors(value: unknown, errors: string[]): void {
  const selectors = objectList<Record<string, unknown>>(value, 'spec.namespaceSelectors', "{ matchLabels: { team: 'a' } }", errors);
  selectors?.forEach((s, i) => {
    const field = `spec.namespaceSelectors[${i}]`;
    if (s.matchLabels !== undefined) {
      if (!isRecord(s.matchLabels)) {
        errors.push(`${field}.matchLabels must be an object of label keys to values, got ${describeValue(s.matchLabels)}`);
      } else {
        for (const [k, v] of Object.entries(s.matchLabels)) {
          if (typeof v !== 'string' || !/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/.test(v)) {
            errors.push(`${field}.matchLabels.${k} must be a label value (at most 63 letters, digits, '-', '_', '.'), got ${describeValue(v)}`);
          }
        }
      }
    }
    const exprs = objectList<Record<string, unknown>>(s.matchExpressions, `${field}.matchExpressions`, "{ key: 'team', operator: 'In', values: ['a'] }", errors);
    exprs?.forEach((e, j) => {
      const f = `${field}.matchExpressions[${j}]`;
      if (typeof e.key !== 'string' || e.key === '') errors.push(`${f}.key must be a label key, got ${describeValue(e.key)}`);
      const opErrors = checkEnum(e.operator, `${f}.operator`, ['In', 'NotIn', 'Exists', 'DoesNotExist'], 'a label selector operator');
      if (e.operator === undefined) errors.push(`${f}.operator is missing; give In, NotIn, Exists or DoesNotExist`);
      errors.push(...opErrors);
      const values = stringList(e.values, `${f}.values`, 'a', errors);
      if (opErrors.length > 0 || !values) return;
      if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
        errors.push(`${f}: operator ${e.operator} needs at least one value (LabelSelectorAsSelector); add values`);
      } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
        errors.push(`${f}: operator ${e.operator} takes no values (LabelSelectorAsSelector); drop values`);
      }
    });
  });
}

/** Typed-props keys of a CRD spec: extraSpec must not set them (the prop and its rules apply). */
export const SUBNET_SPEC_FIELDS: Readonly<Record<string, string>> = {
  vpc: 'vpc', default: 'default', protocol: 'protocol', cidrBlock: 'cidrBlock', namespaces: 'namespaces', gateway: 'gateway',
  provider: 'provider', excludeIps: 'excludeIps', vips: 'vips', gatewayType: 'gatewayType', allowSubnets: 'allowSubnets',
  gatewayNode: 'gatewayType (GatewayType.centralized)', natOutgoing: 'natOutgoing', externalEgressGateway: 'externalEgressGateway',
  policyRoutingPriority: 'policyRoutingPriority', policyRoutingTableID: 'policyRoutingTableId', mtu: 'mtu', private: 'private',
  vlan: 'vlan (Vlan.addSubnet)', logicalGateway: 'logicalGateway', disableGatewayCheck: 'disableGatewayCheck',
  disableInterConnection: 'disableInterConnection', enableDHCP: 'enableDhcp', dhcpV4Options: 'dhcpV4Options',
  dhcpV6Options: 'dhcpV6Options', enableIPv6RA: 'enableIpv6Ra', ipv6RAConfigs: 'ipv6RaConfigs', allowEWTraffic: 'allowEwTraffic',
  acls: 'acls', natOutgoingPolicyRules: 'natOutgoingPolicyRules', u2oInterconnection: 'u2oInterconnection',
  u2oInterconnectionIP: 'u2oInterconnectionIp', enableLb: 'enableLb', enableEcmp: 'gatewayType (GatewayType.centralized enableEcmp)',
  enableMulticastSnoop: 'enableMulticastSnoop', routeTable: 'routeTable', namespaceSelectors: 'namespaceSelectors',
};
