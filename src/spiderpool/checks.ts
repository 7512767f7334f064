/**
 * Small checks of props values for callers without a type checker (JavaScript, YAML): each pushes a
 * message naming the field, the bad value and what is expected; nothing here throws.
 */

/** A value as a message shows it: strings quoted, NaN/Infinity/huge numbers as JavaScript prints them. */
export function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === undefined) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional integer within [min, max]; `unit` is appended to the expectation. */
export function checkInt(errors: string[], field: string, value: unknown, min: number, max: number, hint = ''): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push(`${field} must be an integer ${min}-${max}${hint}, got ${show(value)}`);
    return false;
  }
  return true;
}

/** An optional boolean. */
export function checkBool(errors: string[], field: string, value: unknown): boolean {
  if (value === undefined || typeof value === 'boolean') return true;
  errors.push(`${field} must be true or false, got ${show(value)}`);
  return false;
}

/** An optional string; `required` also rejects undefined and ''. */
export function checkString(errors: string[], field: string, value: unknown, required = false, example = ''): value is string {
  if (value === undefined && !required) return false;
  const eg = example ? `, e.g. ${example}` : '';
  if (typeof value !== 'string') {
    errors.push(`${field} must be a string${eg}, got ${show(value)}`);
    return false;
  }
  if (required && value === '') {
    errors.push(`${field} is empty; set it${eg}`);
    return false;
  }
  return true;
}

/** An optional list of strings; returns the strings (an empty list when it is no list). */
export function checkStringList(errors: string[], field: string, value: unknown, example = ''): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${field} must be a list of strings${example ? `, e.g. ${example}` : ''}, got ${show(value)}`);
    return [];
  }
  value.forEach((v, i) => {
    if (typeof v !== 'string') errors.push(`${field}[${i}] must be a string, got ${show(v)}`);
  });
  return value.filter((v): v is string => typeof v === 'string');
}

/** An optional value of an enum-like list. */
export function checkOneOf(errors: string[], field: string, value: unknown, allowed: readonly unknown[], typeName: string): boolean {
  if (value === undefined || allowed.includes(value)) return true;
  errors.push(`${field} must be one of ${allowed.join(', ')} (${typeName}), got ${show(value)}`);
  return false;
}

/** Interface names: 1-15 characters, no '/', ':' or whitespace (Linux IFNAMSIZ). */
export function checkInterfaceName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 15 || /[\s/:]/.test(name)) {
    return `${show(name)} is not a network interface name (1-15 characters, no '/', ':' or spaces)`;
  }
  return undefined;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A label key (apimachinery pkg/util/validation IsQualifiedName): optional DNS-subdomain prefix (at most 253)
 * and '/', then a name of at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.
 */
export function labelKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return `label key ${show(key)} must be a string`;
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || (parts.length === 2 && parts[0].length <= 253 && DNS_SUBDOMAIN.test(parts[0]));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    return `label key ${show(key)} is not a qualified name ([prefix/]name: name at most 63 alphanumerics, '-', '_' or '.', `
      + 'starting and ending alphanumeric; prefix a DNS subdomain)';
  }
  return undefined;
}

/** A label value (apimachinery IsValidLabelValue): empty, or at most 63 characters like a label name. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${show(value)} must be a string`;
  if (value !== '' && (value.length > 63 || !LABEL_NAME.test(value))) {
    return `label value ${show(value)} must be empty or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** `metadata.labels`: a map of valid label keys to valid label values (the API server refuses others). */
export function labelsProblems(labels: unknown, field = 'metadata.labels'): string[] {
  if (labels === undefined) return [];
  if (!isRecord(labels)) return [`${field} must map label keys to values, got ${show(labels)}`];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const ke = labelKeyProblem(k);
    if (ke) errors.push(`${field}: ${ke}`);
    const ve = labelValueProblem(v);
    if (ve) errors.push(`${field}[${JSON.stringify(k)}]: ${ve}`);
  }
  return errors;
}

/** `metadata.annotations`: string values under qualified-name keys. */
export function annotationsProblems(annotations: unknown, field = 'metadata.annotations'): string[] {
  if (annotations === undefined) return [];
  if (!isRecord(annotations)) return [`${field} must map keys to strings, got ${show(annotations)}`];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(annotations)) {
    const ke = labelKeyProblem(k);
    if (ke) errors.push(`${field}: ${ke.replace(/^label key/, 'annotation key')}`);
    if (typeof v !== 'string') errors.push(`${field}[${JSON.stringify(k)}] must be a string, got ${show(v)}`);
  }
  return errors;
}

/** A metadata name or namespace: a string first, then the DNS rule given. */
export function nameProblem(value: unknown, field: string, rule: (v: string) => string | undefined): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string, got ${show(value)}`;
  const e = rule(value);
  return e ? `${field} ${e}` : undefined;
}
