import { IpAddress, parseIp } from '../net';
import { checkBoolean as booleanProblem, checkInteger as integerProblem, describeValue } from '../rules';

/**
 * Type checks for spec fields given by a JavaScript or YAML caller (no type checker): each returns the
 * problem with the field, the bad value and the fix, or nothing. A wrong type is a problem, never a TypeError.
 */

/** A value of the wrong type for a message: the package's one describer (`src/rules/input.ts`). */
export { describeValue };

/** `true`/`false` or nothing. */
export function checkBoolean(value: unknown, field: string): string[] {
  const e = value === undefined ? undefined : booleanProblem(value, field);
  return e ? [e] : [];
}

/** An integer in [min, max] or nothing; `why` adds a reason to the message (e.g. the CRD). */
export function checkInteger(value: unknown, field: string, min: number, max: number, why: string): string[] {
  const e = value === undefined ? undefined : integerProblem(value, field, min, max, ` (${why})`);
  return e ? [e] : [];
}

/** A non-empty string without whitespace or nothing. */
export function checkToken(value: unknown, field: string, example: string): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string' || value === '' || /\s/.test(value)) {
    return [`${field} must be a non-empty string without spaces, e.g. ${JSON.stringify(example)}, got ${describeValue(value)}`];
  }
  return [];
}

/** A list of strings or nothing; `undefined` when the value is no such list (the problem is pushed). */
export function stringList(value: unknown, field: string, example: string, errors: string[]): readonly string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${field} must be a list of strings, e.g. [${JSON.stringify(example)}], got ${describeValue(value)}`);
    return undefined;
  }
  const bad = value.map((v, i) => [v, i] as const).filter(([v]) => typeof v !== 'string' || v === '');
  for (const [v, i] of bad) errors.push(`${field}[${i}] must be a non-empty string, e.g. ${JSON.stringify(example)}, got ${describeValue(v)}`);
  return bad.length > 0 ? undefined : (value as string[]);
}

/** A list of objects or nothing; `undefined` when it is not (the problem is pushed). */
export function objectList<T>(value: unknown, field: string, example: string, errors: string[]): readonly T[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${field} must be a list, e.g. [${example}], got ${describeValue(value)}`);
    return undefined;
  }
  const bad = value.map((v, i) => [v, i] as const).filter(([v]) => typeof v !== 'object' || v === null || Array.isArray(v));
  for (const [v, i] of bad) errors.push(`${field}[${i}] must be an object, e.g. ${example}, got ${describeValue(v)}`);
  return bad.length > 0 ? undefined : (value as T[]);
}

/** One of `allowed` (a TypeScript enum's values) or nothing. */
export function checkEnum(value: unknown, field: string, allowed: readonly string[], enumName: string): string[] {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return [];
  return [`${field} must be one of ${allowed.join(', ')} (${enumName}), got ${describeValue(value)}`];
}

/** A plain object (a record) or nothing. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** net.ParseCIDR: an address and a prefix length of its family; host bits allowed. Undefined when fine. */
export function parseLooseCidr(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return `"${text}" is not a CIDR (expected address/prefix, e.g. 10.200.0.0/16)`;
  let ip: IpAddress;
  try {
    ip = parseIp(text.slice(0, slash));
  } catch (e) {
    return `"${text}" is not a CIDR: ${(e as Error).message}`;
  }
  const prefix = text.slice(slash + 1);
  const bits = ip.family === 'IPv4' ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `"${text}" is not a CIDR: prefix length must be 0-${bits}`;
  return undefined;
}

/** Why `text` is not an IP address, or undefined. */
export function ipProblem(text: string): string | undefined {
  try {
    parseIp(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
