import { Cidr, IpAddress } from '../net';
import { checkDnsLabel, checkDnsSubdomain, duplicates, KUBE_OVN_RESERVED, tryCidr, tryIp } from '../rules';


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
    errors.push(`${fields.cidrBlock} must be a string of one IPv4 and/or one IPv6 CIDR, e.g. "10.100.0.0/24" or "10.100.0.0/24,fd00:10:100::/64", got ${describe(input.cidrBlock)}`);
    return undefined;
  }
  let excludeIps: readonly string[] = [];
  if (input.excludeIps !== undefined && !Array.isArray(input.excludeIps)) {
    errors.push(`${fields.excludeIps} must be a list of addresses or ranges "a..b", e.g. ["10.100.0.5", "10.100.0.10..10.100.0.20"], got ${describe(input.excludeIps)}`);
  } else {
    excludeIps = input.excludeIps ?? [];
  }
  if (input.gateway !== undefined && typeof input.gateway !== 'string') {
    errors.push(`${fields.gateway} must be a string of one address per CIDR, e.g. "10.100.0.1", got ${describe(input.gateway)}`);
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

  const gateways = checkGateways(input.gateway, parsed, errors, fields);
  const excluded = checkExcludeIps(excludeIps, parsed, errors, fields);
  const protocol = parsed.length === 2 ? 'Dual' : parsed[0].family;
  return { cidrs: parsed, gateways, protocol, excluded };
}

/** A value of the wrong type for a message: its JSON, or its type when it has none. */
function describe(value: unknown): string {
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
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

function checkGateways(gateway: string | undefined, cidrs: Cidr[], errors: string[], fields: AddressingFieldNames): IpAddress[] {
  if (gateway === undefined) return cidrs.map(defaultGateway);
  const parts = splitDual(gateway);
  if (parts.length !== cidrs.length) {
    errors.push(`${fields.gateway} "${gateway}" has ${parts.length} address(es) but ${fields.cidrBlock} has ${cidrs.length} CIDR(s); give one gateway per CIDR, in the same order`);
    return [];
  }
  const result: IpAddress[] = [];
  parts.forEach((p, i) => {
    const ip = tryIp(p, fields.gateway, errors);
    if (!ip) return;
    const cidr = cidrs[i];
    if (!cidr.contains(ip)) {
      errors.push(`${fields.gateway} ${ip.text} is not inside ${cidr}; use an address of the subnet, e.g. ${defaultGateway(cidr).text}`);
    } else if (isPointToPoint(cidr)) {
      // Kube-OVN's point-to-point rule: in a /31 or /127 both addresses may be the gateway
      result.push(ip);
    } else if (ip.value === cidr.network) {
      errors.push(`${fields.gateway} ${ip.text} is the network address of ${cidr}; use a host address, e.g. ${cidr.at(1n).text}`);
    } else if (cidr.family === 'IPv4' && ip.value === cidr.last) {
      errors.push(`${fields.gateway} ${ip.text} is the broadcast address of ${cidr}; use a host address, e.g. ${cidr.at(1n).text}`);
    } else if (ip.value === cidr.last) {
      // IPv6 has no broadcast, but Kube-OVN's SubnetBroadcast (pkg/util/net.go) returns the last address for
      // either family, so ValidateNetworkBroadcast rejects it as a gateway of an IPv6 subnet too
      errors.push(`${fields.gateway} ${ip.text} is the last address of ${cidr}, which Kube-OVN rejects as a gateway (ValidateNetworkBroadcast treats it as the broadcast address for IPv6 too); use another address, e.g. ${cidr.at(1n).text}`);
    } else {
      result.push(ip);
    }
  });
  return result;
}

function checkExcludeIps(excludeIps: readonly string[], cidrs: Cidr[], errors: string[], fields: AddressingFieldNames): ExcludedRange[] {
  const result: ExcludedRange[] = [];
  excludeIps.forEach((entry, i) => {
    const field = `${fields.excludeIps}[${i}]`;
    if (typeof entry !== 'string') {
      errors.push(`${field} must be an address or a range "a..b" as a string, got ${describe(entry)}`);
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

/**
 * `spec.namespaces`: a list of Namespace names, each an RFC 1123 label as the API server requires of
 * Namespaces (apimachinery ValidateNamespaceName = IsDNS1123Label), none twice. Kube-OVN binds the
 * namespaces' pods to the subnet by name (`pkg/controller/namespace.go`), so a name no Namespace can
 * have binds nothing.
 */
export function checkSubnetNamespaces(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`${field} must be a list of namespace names, e.g. ['app1'], got ${describe(value)}`];
  const errors: string[] = [];
  value.forEach((ns, i) => {
    const e = checkDnsLabel(ns);
    if (e) errors.push(`${field}[${i}]: namespace name ${typeof ns === 'string' ? e : `must be a string, got ${describe(ns)}`}`);
  });
  for (const d of duplicates(value)) errors.push(`${field} lists "${d}" more than once; list each namespace once`);
  return errors;
}
