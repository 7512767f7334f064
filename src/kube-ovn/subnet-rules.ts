import { Cidr, IpAddress } from '../net';
import { checkDnsSubdomain, describeValue, KUBE_OVN_RESERVED, tryCidr, tryIp } from '../rules';

/** A subnet's addressing as typed by the user. */
export interface SubnetAddressing {
  readonly cidrBlock: string;
  readonly gateway?: string;
  readonly excludeIps?: readonly string[];
}

/** One valid `excludeIps` entry: a single address (first = last) or a range `a..b`. */
export interface ExcludedRange {
  readonly first: IpAddress;
  readonly last: IpAddress;
}

/** The parsed addressing, with the gateways Kube-OVN would pick when none is given. */
export interface ParsedAddressing {
  readonly cidrs: Cidr[];
  readonly gateways: IpAddress[];
  /**
   * spec.gateway as Kube-OVN ends up with it: the given value, or the completed dual-stack pair.
   * @default - the given value (undefined when none)
   */
  readonly gatewayText?: string;
  readonly protocol: 'IPv4' | 'IPv6' | 'Dual';
  /** The valid excludeIps entries (invalid ones are reported, not listed). */
  readonly excluded: ExcludedRange[];
}

/**
 * How the fields are named in messages. Subnets use their spec paths; the install-time default
 * subnet names its chart values instead.
 */
export interface AddressingFieldNames {
  readonly cidrBlock: string;
  readonly gateway: string;
  readonly excludeIps: string;
}

const SPEC_FIELDS: AddressingFieldNames = { cidrBlock: 'spec.cidrBlock', gateway: 'spec.gateway', excludeIps: 'spec.excludeIps' };

/** True when `ip` lies in one of `ranges`. */
export function isExcluded(ip: IpAddress, ranges: readonly ExcludedRange[]): boolean {
  return ranges.some((r) => r.first.family === ip.family && r.first.value <= ip.value && ip.value <= r.last.value);
}

/** Splits `"v4"`, `"v6"` or `"v4,v6"`; upstream uses the same comma form for cidrBlock and gateway. */
function splitDual(value: string): string[] {
  return value.split(',');
}

/**
 * Kube-OVN's subnet rules that need no live cluster (`pkg/util/validator.go` ValidateSubnet,
 * v1.13.15), plus host bits and CIDR count. Errors are pushed to `errors`; the parsed result is
 * returned when the CIDR block itself is usable.
 */
export function checkSubnetAddressing(input: SubnetAddressing, errors: string[], fields: AddressingFieldNames = SPEC_FIELDS): ParsedAddressing | undefined {
  // JavaScript/YAML callers have no type checker: a wrong type is a problem, never a TypeError
  if (typeof input.cidrBlock !== 'string') {
    errors.push(`${fields.cidrBlock} must be a string of one IPv4 and/or one IPv6 CIDR, e.g. "10.100.0.0/24" or "10.100.0.0/24,fd00:10:100::/64", got ${describeValue(input.cidrBlock)}`);
    return undefined;
  }
  let excludeIps: readonly string[] = [];
  if (input.excludeIps !== undefined && !Array.isArray(input.excludeIps)) {
    errors.push(`${fields.excludeIps} must be a list of addresses or ranges "a..b", e.g. ["10.100.0.5", "10.100.0.10..10.100.0.20"], got ${describeValue(input.excludeIps)}`);
  } else {
    excludeIps = input.excludeIps ?? [];
  }
  if (input.gateway !== undefined && typeof input.gateway !== 'string') {
    errors.push(`${fields.gateway} must be a string of one address per CIDR, e.g. "10.100.0.1", got ${describeValue(input.gateway)}`);
    return undefined;
  }
  const parts = splitDual(input.cidrBlock);
  if (parts.length > 2) {
    errors.push(`${fields.cidrBlock} "${input.cidrBlock}" has ${parts.length} CIDRs; give one IPv4 and/or one IPv6 CIDR ("v4cidr,v6cidr")`);
    return undefined;
  }
  const cidrs = parts.map((p) => tryCidr(p, fields.cidrBlock, errors));
  if (cidrs.some((c) => c === undefined)) return undefined;
  const parsed = cidrs as Cidr[];
  if (parsed.length === 2 && parsed[0].family === parsed[1].family) {
    errors.push(`${fields.cidrBlock} "${input.cidrBlock}" lists two ${parsed[0].family} CIDRs; dual stack takes one IPv4 and one IPv6 CIDR`);
    return undefined;
  }
  let usable = true;
  for (const c of parsed) {
    const hostBits = (c.family === 'IPv4' ? 32 : 128) - c.prefix;
    if (hostBits === 0) {
      errors.push(`${fields.cidrBlock} ${c} is a single address; Kube-OVN rejects /32 and /128 subnets, use a shorter prefix`);
      usable = false;
    }
    for (const r of KUBE_OVN_RESERVED) {
      if (r.cidr.overlaps(c)) {
        errors.push(`${fields.cidrBlock} ${c} overlaps the ${r.what} range ${r.cidr}; Kube-OVN rejects it, choose a unicast range`);
        usable = false;
      }
    }
  }
  if (!usable) return undefined;

  const { gateways, text } = checkGateways(input.gateway, parsed, errors, fields);
  const excluded = checkExcludeIps(excludeIps, parsed, errors, fields);
  const protocol = parsed.length === 2 ? 'Dual' : parsed[0].family;
  return { cidrs: parsed, gateways, gatewayText: text ?? input.gateway, protocol, excluded };
}

/**
 * True for a point-to-point subnet (/31, /127): both addresses are hosts. Kube-OVN v1.13.15
 * `pkg/util/net.go` SubnetNumber and SubnetBroadcast return "" for it, so ValidateNetworkBroadcast
 * (`pkg/util/validator.go`, called by ValidateSubnet for spec.gateway) rejects neither address.
 */
function isPointToPoint(cidr: Cidr): boolean {
  return (cidr.family === 'IPv4' ? 32 : 128) - cidr.prefix === 1;
}

/**
 * The gateway Kube-OVN picks for a CIDR without one (`pkg/util/net.go` GetGwByCidr -> FirstIP):
 * network + 1, except a point-to-point subnet, whose first address is the network address itself.
 */
export function defaultGateway(cidr: Cidr): IpAddress {
  return isPointToPoint(cidr) ? cidr.at(0n) : cidr.at(1n);
}

/**
 * The gateways as Kube-OVN ends up with them. Each given address is matched to the CIDR of its family, in either
 * order (ValidateSubnet's CIDRContainIP and ValidateNetworkBroadcast compare per family). A dual-stack subnet given
 * one family's gateway gets the other family's first address appended (formatSubnet -> checkAndUpdateGateway ->
 * AppendGwByCidr, which writes "v4,v6"); `text` is then that completed value.
 */
function checkGateways(gateway: string | undefined, cidrs: Cidr[], errors: string[], fields: AddressingFieldNames): { gateways: IpAddress[]; text?: string } {
  if (gateway === undefined) return { gateways: cidrs.map(defaultGateway) };
  const parts = splitDual(gateway);
  if (parts.length > cidrs.length) {
    errors.push(`${fields.gateway} "${gateway}" has ${parts.length} addresses but ${fields.cidrBlock} has ${cidrs.length} CIDR(s); give one gateway per CIDR`);
    return { gateways: [] };
  }
  const result: IpAddress[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const p of parts) {
    const ip = tryIp(p, fields.gateway, errors);
    if (!ip) {
      ok = false;
      continue;
    }
    const cidr = cidrs.find((c) => c.family === ip.family);
    if (seen.has(ip.family)) {
      errors.push(`${fields.gateway} "${gateway}" has two ${ip.family} addresses; give one gateway per CIDR`);
      ok = false;
    } else if (!cidr || !cidr.contains(ip)) {
      const inside = cidr ?? cidrs[0];
      errors.push(`${fields.gateway} ${ip.text} is not inside ${cidr ?? cidrs.join(',')}; use an address of the subnet, e.g. ${defaultGateway(inside).text}`);
      ok = false;
    } else if (isPointToPoint(cidr)) {
      // Kube-OVN's point-to-point rule: in a /31 or /127 both addresses may be the gateway
      result.push(ip);
    } else if (ip.value === cidr.network) {
      errors.push(`${fields.gateway} ${ip.text} is the network address of ${cidr}; use a host address, e.g. ${cidr.at(1n).text}`);
      ok = false;
    } else if (ip.value === cidr.last) {
      // Kube-OVN pkg/util/validator.go ValidateNetworkBroadcast -> pkg/util/net.go SubnetBroadcast: the last address
      // of either family (IPv6 has no broadcast, but Kube-OVN rejects its last address as a gateway all the same)
      const what = cidr.family === 'IPv4' ? 'the broadcast address' : 'the last address (Kube-OVN rejects it like an IPv4 broadcast address)';
      errors.push(`${fields.gateway} ${ip.text} is ${what} of ${cidr}; use a host address, e.g. ${cidr.at(1n).text}`);
      ok = false;
    } else {
      result.push(ip);
    }
    seen.add(ip.family);
  }
  if (!ok || result.length === cidrs.length) return { gateways: result };
  // AppendGwByCidr: the missing family's FirstIP, IPv4 first
  const missing = cidrs.filter((c) => !seen.has(c.family)).map(defaultGateway);
  const all = [...result, ...missing].sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1));
  return { gateways: all, text: all.map((g) => g.text).join(',') };
}

function checkExcludeIps(excludeIps: readonly string[], cidrs: Cidr[], errors: string[], fields: AddressingFieldNames): ExcludedRange[] {
  const result: ExcludedRange[] = [];
  excludeIps.forEach((entry, i) => {
    const field = `${fields.excludeIps}[${i}]`;
    if (typeof entry !== 'string') {
      errors.push(`${field} must be an address or a range "a..b" as a string, got ${describeValue(entry)}`);
      return;
    }
    const ends = entry.split('..');
    if (ends.length > 2) {
      errors.push(`${field} "${entry}" is not an IP or a range "a..b"`);
      return;
    }
    const ips = ends.map((e) => tryIp(e, field, errors));
    if (ips.some((ip) => ip === undefined)) return;
    const [a, b] = [ips[0]!, ips[ips.length - 1]!];
    if (a.family !== b.family) {
      errors.push(`${field} "${entry}" mixes IPv4 and IPv6`);
      return;
    }
    if (a.value > b.value) {
      errors.push(`${field} "${entry}" starts after it ends; write the lower address first ("${b.text}..${a.text}")`);
      return;
    }
    const cidr = cidrs.find((c) => c.family === a.family);
    if (!cidr || !cidr.contains(a) || !cidr.contains(b)) {
      errors.push(`${field} "${entry}" is not inside ${fields.cidrBlock} ${cidrs.join(',')}; exclude only addresses of this subnet`);
      return;
    }
    result.push({ first: a, last: b });
  });
  return result;
}

/**
 * The subnet's object name: an RFC 1123 subdomain as the API server checks the names of custom objects
 * (apimachinery IsDNS1123Subdomain: dot-separated labels, so no `a..b`, `.a` or `a-.b`), that does not
 * start with a digit (Kube-OVN's CRD pattern `^[^0-9]`).
 */
export function checkSubnetName(name: string): string | undefined {
  const dns = checkDnsSubdomain(name);
  if (dns) return `subnet name ${dns} (an RFC 1123 subdomain: dot-separated labels)`;
  if (!/^[a-z]/.test(name)) return `subnet name "${name}" must be a lowercase DNS name that starts with a letter (Kube-OVN's CRD rejects a leading digit)`;
  return undefined;
}
