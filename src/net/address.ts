import * as ipaddr from 'ipaddr.js';
import { ParseMemo } from './memo';

/** IP address family. */
export type IpFamily = 'IPv4' | 'IPv6';

/** A parsed IP address with its numeric value (for range math). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
  /** canonical text (IPv6 compressed lowercase) */
  readonly text: string;
}

/** Thrown by the parsers; the message is written for the person who typed the value. */
export class AddressError extends Error {}

const BITS: Record<IpFamily, number> = { IPv4: 32, IPv6: 128 };

export function familyBits(family: IpFamily): number {
  return BITS[family];
}

/**
 * A dotted quad as ipaddr.js `IPv4.isValidFourPartDecimal` accepts it (lib/ipaddr.js: `IPv4.isValid`, i.e. its
 * parser's four-octet form with every part 0-255, and the regex /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/): decimal
 * parts without leading zeros. For such parts ipaddr.js' parseIntAuto is parseInt(part, 10), so the part values
 * here are the octets it would return; a part of four or more digits is above 255 and fails isValid as it fails here.
 */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * Parsed IPv6 addresses by text (a fleet parses the same node IPs and gateways many times; ipaddr.js takes
 * microseconds for an IPv6 address). An IPv4 text is parsed every time: the dotted-quad parse below costs about
 * what a lookup in a large Map does in a render's heap (measured on the bench fleet: no gain from caching it).
 */
const IP_MEMO = new ParseMemo<IpAddress>(8192);

/**
 * Parses an IPv4 (dotted quad only, no octal/hex/short forms) or IPv6 address.
 * IPv6 must be lowercase: Kube-OVN rejects uppercase IPv6 everywhere.
 */
export function parseIp(text: string): IpAddress {
  // JavaScript may pass anything: String(['10.0.0.1']) would read as an address
  if (typeof text !== 'string') throw new AddressError(`${describeNonString(text)} is not an IP address; give it as a string, e.g. "10.0.0.1"`);
  if (!text.includes(':')) return parseIpText(text);
  return IP_MEMO.get(text) ?? IP_MEMO.set(text, parseIpText(text));
}

/** {@link parseIp} of a string without the memo: for a caller with its own (Cidr.parse). */
export function parseIpText(t: string): IpAddress {
  if (t.trim() !== t || t === '') throw new AddressError(`"${t}" is not an IP address`);
  const v4 = FOUR_PART_DECIMAL.exec(t);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    const c = Number(v4[3]);
    const d = Number(v4[4]);
    // the text of such an address is itself (ipaddr.js IPv4 toString joins the octets with dots)
    if (a <= 255 && b <= 255 && c <= 255 && d <= 255) return { family: 'IPv4', value: BigInt(a * 0x1000000 + b * 0x10000 + c * 0x100 + d), text: t };
  }
  if (t.includes(':') && ipaddr.IPv6.isValid(t) && !t.includes('%')) {
    if (t !== t.toLowerCase()) throw new AddressError(`IPv6 address "${t}" must be lowercase (Kube-OVN rejects uppercase IPv6); use "${t.toLowerCase()}"`);
    const a = ipaddr.IPv6.parse(t);
    if (a.isIPv4MappedAddress()) throw new AddressError(`"${t}" is an IPv4-mapped IPv6 address; write the IPv4 address instead`);
    let value = 0n;
    for (const part of a.parts) value = (value << 16n) | BigInt(part);
    return { family: 'IPv6', value, text: a.toString() };
  }
  throw new AddressError(`"${t}" is not an IP address`);
}

/** A value that is no string, for messages: `undefined` (nothing given), `number 10`, `list ["a"]`. */
export function describeNonString(value: unknown): string {
  if (value === undefined || value === null) return `${String(value)} (nothing given)`;
  return `${Array.isArray(value) ? 'list' : typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

/**
 * Formats a numeric address back to canonical text: IPv4 as ipaddr.js `IPv4.toString` does (the octets joined by
 * dots), IPv6 by ipaddr.js (RFC 5952) from its eight 16-bit parts, what `fromByteArray` builds from the bytes.
 */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 'IPv4') {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toString();
}
