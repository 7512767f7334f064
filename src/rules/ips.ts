import { AddressError, Cidr, IpAddress, parseIp } from '../net';
import { duplicates } from './names';

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
