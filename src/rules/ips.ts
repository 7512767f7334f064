import { AddressError, Cidr, familyBits, IpAddress, parseIp } from '../net';
import { describeValue } from './input';
import { duplicates } from './names';
import { ReservedRange, reservedOverlap } from './reserved';

/** Parses a CIDR and reports why not; `what` names the field in the message. */
export function tryCidr(value: string, what: string, errors: string[]): Cidr | undefined {
  try {
    return Cidr.parse(value);
  } catch (e) {
    if (e instanceof AddressError) {
      errors.push(`${what}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/** Parses an IP and reports why not; `what` names the field in the message. */
export function tryIp(value: string, what: string, errors: string[]): IpAddress | undefined {
  try {
    return parseIp(value);
  } catch (e) {
    if (e instanceof AddressError) {
      errors.push(`${what}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/** Checks a list of IPs: each valid and lowercase, none twice (compared canonically). */
export function checkIpList(values: readonly string[], what: string, errors: string[]): IpAddress[] {
  const parsed = values.map((v, i) => tryIp(v, `${what}[${i}]`, errors)).filter((a): a is IpAddress => a !== undefined);
  for (const d of duplicates(parsed.map((a) => a.text))) {
    errors.push(`${what}: ${d} is listed more than once; list each address once`);
  }
  return parsed;
}

/** Options of {@link checkCidrList}. */
export interface CidrListOptions {
  /** Ranges the CIDRs must not overlap. @default - none */
  readonly reserved?: readonly ReservedRange[];
  /** Reject /32 and /128: a network of one address has no room for pods. @default false */
  readonly noSingleAddress?: boolean;
  /** How a good value looks, for messages. */
  readonly example: string;
}

/**
 * A cluster-wide CIDR field as the CNIs read it: a string of one CIDR, or dual stack one IPv4 and
 * one IPv6 CIDR comma-separated (`"v4,v6"`), each canonical (see {@link Cidr.parse}). Kube-OVN splits
 * it by family (`pkg/util/net.go` CheckProtocol, the chart's NET_STACK block): two CIDRs of one family
 * leave one of them unused. Returns the parsed CIDRs when the text is usable, else undefined.
 */
export function checkCidrList(value: unknown, field: string, errors: string[], options: CidrListOptions): Cidr[] | undefined {
  if (typeof value !== 'string') {
    errors.push(`${field} must be a string of one IPv4 and/or one IPv6 CIDR, e.g. ${options.example}, got ${describeValue(value)}`);
    return undefined;
  }
  const parts = value.split(',');
  if (parts.length > 2) {
    errors.push(`${field} "${value}" has ${parts.length} CIDRs; give one CIDR, or one IPv4 and one IPv6 CIDR ("v4cidr,v6cidr") for dual stack`);
    return undefined;
  }
  const cidrs = parts.map((p) => tryCidr(p, field, errors));
  if (cidrs.some((c) => c === undefined)) return undefined;
  const parsed = cidrs as Cidr[];
  if (parsed.length === 2 && parsed[0].family === parsed[1].family) {
    errors.push(`${field} "${value}" lists two ${parsed[0].family} CIDRs; dual stack takes one IPv4 and one IPv6 CIDR, keep one ${parsed[0].family} CIDR (use a shorter prefix to cover both)`);
    return undefined;
  }
  let usable = true;
  for (const c of parsed) {
    if (options.noSingleAddress && c.prefix === familyBits(c.family)) {
      errors.push(`${field} ${c} is a single address, which leaves none to hand out; use a shorter prefix (Kube-OVN rejects /32 and /128 subnets)`);
      usable = false;
    }
    const r = reservedOverlap(c, options.reserved ?? []);
    if (r) {
      errors.push(`${field} ${c} overlaps the ${r.what} range ${r.cidr}; ${r.upstream ? 'Kube-OVN rejects it' : 'Kube-OVN accepts it, but routers and peer clusters drop traffic to it'}, choose a unicast range such as ${options.example}`);
      usable = false;
    }
  }
  return usable ? parsed : undefined;
}
