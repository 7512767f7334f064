import * as ipaddr from 'ipaddr.js';

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

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

/**
 * Parses an IPv4 (dotted quad only, no octal/hex/short forms) or IPv6 address.
 * IPv6 must be lowercase: Kube-OVN rejects uppercase IPv6 everywhere.
 */
export function parseIp(text: string): IpAddress {
  // JavaScript may pass anything: String(['10.0.0.1']) would read as an address
  if (typeof text !== 'string') throw new AddressError(`${describeNonString(text)} is not an IP address; give it as a string, e.g. "10.0.0.1"`);
  const t = text;
  if (t.trim() !== t || t === '') throw new AddressError(`"${t}" is not an IP address`);
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) {
    const a = ipaddr.IPv4.parse(t);
    return { family: 'IPv4', value: toBigInt(a.toByteArray()), text: a.toString() };
  }
  if (t.includes(':') && ipaddr.IPv6.isValid(t) && !t.includes('%')) {
    if (t !== t.toLowerCase()) throw new AddressError(`IPv6 address "${t}" must be lowercase (Kube-OVN rejects uppercase IPv6); use "${t.toLowerCase()}"`);
    const a = ipaddr.IPv6.parse(t);
    if (a.isIPv4MappedAddress()) throw new AddressError(`"${t}" is an IPv4-mapped IPv6 address; write the IPv4 address instead`);
    return { family: 'IPv6', value: toBigInt(a.toByteArray()), text: a.toString() };
  }
  throw new AddressError(`"${t}" is not an IP address`);
}

/** A value that is no string, for messages: `undefined` (nothing given), `number 10`, `list ["a"]`. */
export function describeNonString(value: unknown): string {
  if (value === undefined || value === null) return `${String(value)} (nothing given)`;
  return `${Array.isArray(value) ? 'list' : typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

/** Formats a numeric address back to canonical text. */
export function formatIp(family: IpFamily, value: bigint): string {
  const bytes: number[] = [];
  const n = BITS[family] / 8;
  for (let i = n - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
