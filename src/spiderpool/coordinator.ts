import { AddressError, Cidr, familyBits, formatIp, IpAddress, parseIp } from '../net';
import { checkBool, checkInt, checkInterfaceName, checkOneOf, checkString, isRecord, show } from './checks';

/** The coordinator mode (how the coordinator plugin wires the pod to the host). */
export enum CoordinatorMode {
  AUTO = 'auto',
  UNDERLAY = 'underlay',
  OVERLAY = 'overlay',
  DISABLED = 'disabled',
}

/** Where the coordinator learns the cluster's pod CIDRs from (`coordinator.podCIDRType`). */
export enum PodCidrType {
  AUTO = 'auto',
  CLUSTER = 'cluster',
  CALICO = 'calico',
  CILIUM = 'cilium',
  NONE = 'none',
}

/** A policy route of the coordinator: traffic to `dst` leaves through `gw`. */
export interface CoordinatorPolicyRoute {
  /** Destination CIDR (or one address). */
  readonly dst: string;
  /** Next hop, of the same family as `dst`. */
  readonly gw: string;
}

/** The coordinator plugin's settings of one SpiderMultusConfig (`spec.coordinator`). */
export interface CoordinatorOptions {
  /**
   * How the coordinator wires pods.
   * @default CoordinatorMode.AUTO
   */
  readonly mode?: CoordinatorMode;
  /**
   * Where the pod CIDRs come from.
   * @default - the cluster-wide SpiderCoordinator's setting
   */
  readonly podCidrType?: PodCidrType;
  /**
   * CIDRs routed through the host (`hijackCIDR`) besides the Submariner peers' CIDRs the fleet adds.
   * @default - none
   */
  readonly hijackCidrs?: string[];
  /**
   * Policy routes in the pod.
   * @default - none
   */
  readonly policyRoutes?: CoordinatorPolicyRoute[];
  /**
   * Fixed first two bytes of pod MAC addresses (`xx:xx`, unicast: the lowest bit of the first byte 0).
   * @default - random MACs
   */
  readonly podMacPrefix?: string;
  /**
   * Let the coordinator tune pod routes; always rendered, because the CRD and the webhook default it
   * differently.
   * @default true
   */
  readonly tunePodRoutes?: boolean;
  /**
   * The pod interface that holds the default route.
   * @default - the coordinator's choice
   */
  readonly podDefaultRouteNic?: string;
  /**
   * Host routing table for the pod's routes.
   * @default 500
   */
  readonly hostRuleTable?: number;
  /**
   * `rp_filter` of the pod: 0, 1 or 2 (a negative value leaves it unchanged).
   * @default 0
   */
  readonly podRpFilter?: number;
  /**
   * Transmit queue length of the veth (0 = kernel default).
   * @default 0
   */
  readonly txQueueLen?: number;
  /**
   * Address of the veth link.
   * @default - none
   */
  readonly vethLinkAddress?: string;
  /**
   * MTU of the veth, at least 1.
   * @default - the pod interface's
   */
  readonly vethMtu?: number;
}

/**
 * Which CRD field each option sets (checked against the CRD schema by test/spiderpool/crd-coverage.test.ts).
 * @internal
 */
export const COORDINATOR_FIELDS = {
  mode: 'mode', podCidrType: 'podCIDRType', hijackCidrs: 'hijackCIDR', policyRoutes: 'policyRoutes', podMacPrefix: 'podMACPrefix',
  tunePodRoutes: 'tunePodRoutes', podDefaultRouteNic: 'podDefaultRouteNIC', hostRuleTable: 'hostRuleTable', podRpFilter: 'podRPFilter',
  txQueueLen: 'txQueueLen', vethLinkAddress: 'vethLinkAddress', vethMtu: 'vethMTU',
} as const satisfies Record<keyof CoordinatorOptions, string>;

/** A hijack CIDR parsed: the network, and whether host bits were set. */
export interface HijackCidr {
  readonly cidr: Cidr;
  readonly hostBits: boolean;
}

/**
 * Parses a hijack CIDR as the coordinator plugin does (Spiderpool v1.2.2 cmd/coordinator/cmd/cni_types.go
 * validateRoutes: Go net.ParseCIDR, which takes host bits and routes the network; the MultusConfig webhook,
 * pkg/coordinatormanager/coordinator_validate.go validateCoordinatorExtraCIDR, takes a bare address too, but
 * the plugin then fails every pod, so a bare address is refused here).
 */
export function parseHijackCidr(text: unknown): HijackCidr {
  return parseCidrLikeGo(text, 'the coordinator plugin fails pods on a bare address, write it as /32 or /128');
}

/**
 * A CIDR as Go's net.ParseCIDR takes it: host bits allowed (the network is meant), a prefix required.
 * `bareHint` explains why a bare address is refused.
 */
export function parseCidrLikeGo(text: unknown, bareHint: string): HijackCidr {
  // the common case, a canonical CIDR without host bits: the steps below give Cidr.parse of the text itself (its
  // address is the network, which formats back to the same text), so its (memoized) parse is the answer
  if (typeof text === 'string') {
    try {
      return { cidr: Cidr.parse(text), hostBits: false };
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
    }
  }
  const t = String(text);
  const slash = t.indexOf('/');
  if (typeof text !== 'string' || slash < 0) {
    throw new AddressError(`${show(text)} is not a CIDR (address/prefix, e.g. 10.233.0.0/18); ${bareHint}`);
  }
  let addr: IpAddress;
  try {
    addr = parseIp(t.slice(0, slash));
  } catch (e) {
    throw new AddressError(`"${t}" is not a CIDR: ${(e as Error).message}`);
  }
  const bits = familyBits(addr.family);
  const prefixText = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) throw new AddressError(`"${t}" is not a CIDR: prefix length must be 0-${bits}`);
  const prefix = Number(prefixText);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = addr.value & ~hostMask;
  return { cidr: Cidr.parse(`${formatIp(addr.family, network)}/${prefix}`), hostBits: network !== addr.value };
}

/** IP or CIDR as Go's netip.ParseAddr / netip.ParsePrefix take it (pkg/ip ParseIPOrCIDR). */
function ipOrCidrFamily(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    if (!text.includes('/')) return parseIp(text).family;
    const slash = text.indexOf('/');
    const family = parseIp(text.slice(0, slash)).family;
    const p = text.slice(slash + 1);
    return /^\d{1,3}$/.test(p) && Number(p) <= familyBits(family) ? family : undefined;
  } catch {
    return undefined;
  }
}

function ipFamily(text: unknown): string | undefined {
  try {
    return typeof text === 'string' ? parseIp(text).family : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Problems of the coordinator options as Spiderpool v1.2.2's webhook reports them
 * (pkg/coordinatormanager/coordinator_validate.go ValidateCoordinatorSpec, called by
 * pkg/multuscniconfig/multusconfig_validate.go validateCNIConfig) and the CRD's enums and bounds.
 * hijackCidrs are checked by the caller (with the peers' CIDRs).
 */
export function coordinatorProblems(o: CoordinatorOptions): string[] {
  const errors: string[] = [];
  const at = 'spec.coordinator';
  // CRD enum spec.coordinator.mode (the webhook does not check it; the API server does first)
  checkOneOf(errors, `${at}.mode`, o.mode, Object.values(CoordinatorMode), 'CoordinatorMode');
  // validateCoordinatorPodCIDRType (SupportedPodCIDRType) and the CRD enum
  checkOneOf(errors, `${at}.podCIDRType`, o.podCidrType, Object.values(PodCidrType), 'PodCidrType');
  checkBool(errors, `${at}.tunePodRoutes`, o.tunePodRoutes);
  // validateCoordinatorPolicyRoutes: dst IP or CIDR, gw an IP, both of one family
  if (o.policyRoutes !== undefined && !Array.isArray(o.policyRoutes)) errors.push(`${at}.policyRoutes must be a list of { dst, gw }, got ${show(o.policyRoutes)}`);
  (Array.isArray(o.policyRoutes) ? o.policyRoutes : []).forEach((r: unknown, i: number) => {
    const ri = `${at}.policyRoutes[${i}]`;
    if (!isRecord(r)) {
      errors.push(`${ri} must be { dst, gw }, got ${show(r)}`);
      return;
    }
    const dst = ipOrCidrFamily(r.dst);
    const gw = ipFamily(r.gw);
    if (!dst) errors.push(`${ri}.dst ${show(r.dst)} is not an IP address or CIDR, e.g. 10.0.0.0/8`);
    if (!gw) errors.push(`${ri}.gw ${show(r.gw)} is not an IP address; Spiderpool's webhook rejects it ("gw is an invalid IP address")`);
    if (dst && gw && dst !== gw) errors.push(`${ri}: dst ${r.dst} is ${dst} but gw ${r.gw} is ${gw}; Spiderpool's webhook rejects it ("dst and gw must use the same IP family")`);
  });
  // validateCoordinatorPodMACPrefix: "xx:xx" in hex, unicast (lowest bit of the first byte 0)
  if (checkString(errors, `${at}.podMACPrefix`, o.podMacPrefix) && o.podMacPrefix !== '') {
    const m = /^([0-9a-fA-F]{2}):([0-9a-fA-F]{2})$/.exec(o.podMacPrefix);
    if (!m) {
      errors.push(`${at}.podMACPrefix ${show(o.podMacPrefix)} is not a MAC prefix of two hex bytes, e.g. 0a:1b`);
    } else if ((parseInt(m[1], 16) & 1) !== 0) {
      errors.push(`${at}.podMACPrefix ${o.podMacPrefix} is not a unicast MAC prefix: the lowest bit of the first byte must be 0 (e.g. ${(parseInt(m[1], 16) & 0xfe).toString(16).padStart(2, '0')}:${m[2]})`);
    }
  }
  // "txQueueLen can't be less than 0"
  checkInt(errors, `${at}.txQueueLen`, o.txQueueLen, 0, 2147483647, ' (0 = kernel default)');
  // validateCoordinatorPodRPFilter: 0, 1 or 2; a negative value is accepted (rp_filter left unchanged)
  if (o.podRpFilter !== undefined && (typeof o.podRpFilter !== 'number' || !Number.isInteger(o.podRpFilter) || o.podRpFilter > 2
    || o.podRpFilter < -2147483648)) {
    errors.push(`${at}.podRPFilter must be 0, 1 or 2 (or negative to leave rp_filter unchanged), got ${show(o.podRpFilter)}`);
  }
  // "vethLinkAddress is an invalid IP address" (netip.ParseAddr; empty means none)
  if (checkString(errors, `${at}.vethLinkAddress`, o.vethLinkAddress) && o.vethLinkAddress !== '' && !ipFamily(o.vethLinkAddress)) {
    errors.push(`${at}.vethLinkAddress ${show(o.vethLinkAddress)} is not an IP address; Spiderpool's webhook rejects it, e.g. 169.254.100.1`);
  }
  // "vethMTU must be greater than 0" (CRD minimum 1)
  checkInt(errors, `${at}.vethMTU`, o.vethMtu, 1, 2147483647);
  // CRD: hostRuleTable is an integer (default 500)
  checkInt(errors, `${at}.hostRuleTable`, o.hostRuleTable, 0, 2147483647);
  if (checkString(errors, `${at}.podDefaultRouteNIC`, o.podDefaultRouteNic) && o.podDefaultRouteNic !== '') {
    const e = checkInterfaceName(o.podDefaultRouteNic);
    if (e) errors.push(`${at}.podDefaultRouteNIC ${e}`);
  }
  return errors;
}

/** The coordinator block as the CRD spells it: mode and tunePodRoutes always, hijackCIDR as computed, the rest when given. */
export function renderCoordinator(o: CoordinatorOptions, hijackCidr: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(COORDINATOR_FIELDS)) {
    const v = (o as Record<string, unknown>)[key];
    if (v !== undefined) out[field] = v;
  }
  out.mode = o.mode ?? CoordinatorMode.AUTO;
  out.tunePodRoutes = o.tunePodRoutes ?? true;
  out.hijackCIDR = hijackCidr;
  if (Array.isArray(o.policyRoutes)) out.policyRoutes = o.policyRoutes.map((r) => (isRecord(r) ? { dst: r.dst, gw: r.gw } : r));
  return out;
}
