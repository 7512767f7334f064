import { AddressError, describeNonString, familyBits, formatIp, IpAddress, IpFamily, parseIpText } from './address';
import { ParseMemo } from './memo';

/**
 * Parsed IPv6 CIDRs by text: a fleet parses each cluster's CIDRs in resolve, in its constructs and in their checks,
 * and ipaddr.js takes microseconds for an IPv6 address. IPv4 CIDRs are parsed every time (as cheap as a lookup, see
 * parseIp).
 */
const CIDR_MEMO = new ParseMemo<Cidr>(8192);

/** An IPv4 or IPv6 network in CIDR notation, host bits zero. */
export class Cidr {
  /**
   * Parses `a.b.c.d/n` or `x::/n`. Rejects host bits (Kube-OVN would silently normalize them,
   * leaving Git and the cluster disagreeing) and uppercase IPv6.
   */
  public static parse(text: string): Cidr {
    // JavaScript may pass anything: String(['10.0.0.0/8']) would read as a CIDR
    if (typeof text !== 'string') throw new AddressError(`${describeNonString(text)} is not a CIDR; give it as a string, e.g. "10.16.0.0/16"`);
    if (!text.includes(':')) return Cidr.parseText(text);
    return CIDR_MEMO.get(text) ?? CIDR_MEMO.set(text, Cidr.parseText(text));
  }

  private static parseText(t: string): Cidr {
    const slash = t.indexOf('/');
    if (slash < 0) throw new AddressError(`"${t}" is not a CIDR (expected address/prefix, e.g. 10.16.0.0/16)`);
    const addrText = t.slice(0, slash);
    const prefixText = t.slice(slash + 1);
    let addr: IpAddress;
    try {
      addr = parseIpText(addrText);
    } catch (e) {
      throw new AddressError(`"${t}" is not a CIDR: ${(e as Error).message}`);
    }
    const bits = familyBits(addr.family);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      throw new AddressError(`"${t}" is not a CIDR: prefix length must be 0-${bits}`);
    }
    const prefix = Number(prefixText);
    const cidr = new Cidr(addr.family, addr.value, prefix);
    if (cidr.network !== addr.value) {
      throw new AddressError(`"${t}" has host bits set; use the network address ${cidr}`);
    }
    // Kube-OVN, Submariner and Spiderpool keep the text as given and compare it as text in places (the
    // chart's POD_CIDR, Git against the live object): only the canonical form means one thing to all.
    // addr.text is the canonical text of addr.value (= the network here), what formatIp gives for it.
    const canonical = `${addr.text}/${prefix}`;
    if (t !== canonical) {
      throw new AddressError(`"${t}" is not written canonically (leading zeros or an uncompressed IPv6 address); write ${canonical}`);
    }
    cidr.text = canonical;
    return cidr;
  }

  /** First address (network address). */
  public readonly network: bigint;
  /** Last address (broadcast address for IPv4). */
  public readonly last: bigint;
  /** The canonical text, set by {@link parse} before the Cidr is handed out (it is the text parsed). */
  private text?: string;

  private constructor(public readonly family: IpFamily, value: bigint, public readonly prefix: number) {
    const hostBits = BigInt(familyBits(family) - prefix);
    const mask = (1n << hostBits) - 1n;
    this.network = value & ~mask;
    this.last = this.network | mask;
  }

  /** Number of addresses in the block. */
  public get size(): bigint {
    return this.last - this.network + 1n;
  }

  public contains(ip: IpAddress): boolean {
    return ip.family === this.family && ip.value >= this.network && ip.value <= this.last;
  }

  public containsCidr(other: Cidr): boolean {
    return other.family === this.family && other.network >= this.network && other.last <= this.last;
  }

  public overlaps(other: Cidr): boolean {
    return other.family === this.family && other.network <= this.last && this.network <= other.last;
  }

  /** The address `offset` places after the network address. */
  public at(offset: bigint): IpAddress {
    const value = this.network + offset;
    return { family: this.family, value, text: formatIp(this.family, value) };
  }

  public toString(): string {
    return this.text ?? `${formatIp(this.family, this.network)}/${this.prefix}`;
  }
}

/**
 * Parses a comma-separated CIDR list (`"v4"`, `"v4,v6"`). Undefined when the text is missing or any
 * part is invalid: for callers whose owner's own validation reports the bad value.
 */
export function parseCidrList(text: string | undefined): Cidr[] | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return text.split(',').map((t) => Cidr.parse(t));
  } catch (e) {
    if (e instanceof AddressError) return undefined;
    throw e;
  }
}
