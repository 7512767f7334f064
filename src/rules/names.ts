/**
 * Name rules shared by several constructs. Each returns undefined when the value is fine, else the
 * problem and the fix, written for the person who typed the value.
 */

import { describeValue } from './input';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label (at most 63): namespaces, cluster IDs, folder names. */
export function checkDnsLabel(value: string, max = 63): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `"${value}" is ${value.length} characters; at most ${max} are allowed`;
  if (!DNS_LABEL.test(value)) {
    return `"${value}" must consist of lowercase letters, digits and '-', and start and end with a letter or digit`;
  }
  return undefined;
}

/** RFC 1123 subdomain (at most 253): node names, object names. */
export function checkDnsSubdomain(value: string): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return `"${value}" is ${value.length} characters; at most 253 are allowed`;
  if (!DNS_SUBDOMAIN.test(value)) {
    return `"${value}" must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit`;
  }
  return undefined;
}

/**
 * Locale-independent string order: UTF-16 code units, as `Array.prototype.sort()` without a comparator
 * (the same as code-point order for the ASCII names of Kubernetes objects). `localeCompare` would make
 * the output depend on the machine's locale (`LC_ALL=da_DK.UTF-8` sorts "aa" after "z").
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values that appear more than once, each listed once, in first-seen order. */
export function duplicates<T>(values: Iterable<T>): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/**
 * A list of Kubernetes node names (gateway nodes, nodes of a custom interface): each an RFC 1123
 * subdomain as the API server requires for Node objects (k8s.io/apimachinery ValidateNodeName =
 * IsDNS1123Subdomain), none twice. Pushes `field[i]: ...` problems; returns the list when it is one.
 */
export function checkNodeNames(value: unknown, field: string, errors: string[]): readonly string[] {
  if (!Array.isArray(value)) {
    errors.push(`${field} must be a list of node names, e.g. ['node1', 'node2'], got ${describeValue(value)}`);
    return [];
  }
  value.forEach((n, i) => {
    const e = checkDnsSubdomain(n);
    if (e) errors.push(`${field}[${i}]: node name ${typeof n === 'string' ? e : `must be a string, got ${describeValue(n)}`}`);
  });
  for (const d of duplicates(value)) errors.push(`${field} lists "${d}" more than once; list each node once`);
  return value;
}

/**
 * A construct id taken from the model (`addProviderNetwork(id)`, `addIpPool(id)`, ...): a non-empty
 * string without '/', which constructs would rewrite to '--' (so `a/b` and `a--b` would be one id).
 */
export function checkConstructId(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return `must be a non-empty string, got ${describeValue(id)}; give it an id`;
  if (id.includes('/')) return `"${id}" contains '/', which constructs turn into '--' (so it could clash with "${id.replace(/\//g, '--')}"); use '-' instead`;
  return undefined;
}
