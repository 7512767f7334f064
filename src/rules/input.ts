/**
 * Checks of values as a JavaScript or YAML caller hands them over (no type checker): wrong type and
 * numbers that are no safe integer or out of range. Each check returns undefined when the value is fine,
 * else one sentence that starts with the field, shows the bad value and says how to fix it; the construct
 * or the fleet adds the cluster and the path. Constructs call these from their validation, so a bad value
 * is a problem reported with every other one, never a TypeError. Text rendered into files is checked by
 * the grammar of its field (names: `names.ts`, addresses: `ips.ts`, image references: `KubeOvnImage`).
 */

/** A value for a message: its type and JSON (`number 10`, `string "a b"`), or `undefined`/`null`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return `number ${String(value)}`;
  if (typeof value === 'object' && !Array.isArray(value) && (value as object).constructor && (value as object).constructor !== Object) {
    return `a ${(value as object).constructor.name}`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return `${Array.isArray(value) ? 'list' : typeof value} ${json ?? String(value)}`;
}

/**
 * An integer field: a JavaScript number that is a safe integer (no NaN, float, Infinity, nor 1e21,
 * which renders as "1e+21") within `min`-`max`. `unit` is appended to the range (` seconds`).
 */
export function checkInteger(value: unknown, field: string, min: number, max: number, unit = ''): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    return `${field} must be an integer from ${min} to ${max}${unit}, got ${describeValue(value)}`;
  }
  return undefined;
}

/** A boolean field. */
export function checkBoolean(value: unknown, field: string): string | undefined {
  return typeof value === 'boolean' ? undefined : `${field} must be true or false, got ${describeValue(value)}`;
}
