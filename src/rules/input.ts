/**
 * Checks of values as a JavaScript or YAML caller hands them over (no type checker): wrong type,
 * missing or empty, numbers that are no safe integer or out of range, and text with characters that
 * change the meaning of the file it is rendered into (a systemd unit, a shell line, an env value, a
 * chart value). Each check returns undefined when the value is fine, else one sentence that starts
 * with the field, shows the bad value and says how to fix it; the construct or the fleet adds the
 * cluster and the path. Constructs call these from their validation, so a bad value is a problem
 * reported with every other one, never a TypeError.
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

/** A character for a message: printable ones quoted, the others as their code point (`U+000A`). */
function showChar(c: string): string {
  const code = c.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code !== 0x7f ? `"${c}" (${hex})` : `${c === ' ' ? 'a space' : 'a control character'} (${hex})`;
}

/**
 * Characters that end or split a token in the files this package renders: whitespace and control
 * characters (a newline starts a new line of a systemd unit or a shell script, a space a new argument)
 * and shell metacharacters (`;`, `&`, `|`, `$`, backquote, quotes, redirections, globs, `#`).
 */
const BREAKS_TOKEN = /[\s\u0000-\u001f\u007f;&|`$<>"'\\(){}[\]*?!#~]/u;

/**
 * A string that is rendered as one token (an image reference, a NIC name, an argument): required,
 * non-empty, without characters that would change the rendered file. `example` shows a good value.
 */
export function checkToken(value: unknown, field: string, example: string): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string, e.g. ${example}, got ${describeValue(value)}`;
  if (value === '') return `${field} must not be empty, e.g. ${example}`;
  const bad = BREAKS_TOKEN.exec(value);
  if (bad) {
    return `${field} ${JSON.stringify(value)} contains ${showChar(bad[0])}, which would change the meaning of the rendered file (a new line, argument or command); remove it, e.g. ${example}`;
  }
  return undefined;
}

/**
 * Free text rendered into one line (a description, a comment): any printable characters, but no line
 * break or other control character, which would start a new line of the file (a new systemd directive,
 * a new shell command).
 */
export function checkLine(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string, got ${describeValue(value)}`;
  const bad = /[\u0000-\u001f\u007f\u2028\u2029]/u.exec(value);
  if (bad) return `${field} ${JSON.stringify(value)} contains ${showChar(bad[0])}, which would start a new line in the rendered file; write it on one line`;
  return undefined;
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

/** A list field: an array (each entry is checked by the caller). */
export function checkList(value: unknown, field: string, example: string): string | undefined {
  return Array.isArray(value) ? undefined : `${field} must be a list, e.g. ${example}, got ${describeValue(value)}`;
}

/** A boolean field. */
export function checkBoolean(value: unknown, field: string): string | undefined {
  return typeof value === 'boolean' ? undefined : `${field} must be true or false, got ${describeValue(value)}`;
}

/**
 * A value of an enum-like class (`CableDriver.LIBRESWAN`): an instance of `type`, not a string or
 * a look-alike object.
 */
export function checkInstance(value: unknown, field: string, type: Function, example: string): string | undefined {
  return value instanceof type ? undefined : `${field} must be ${example}, got ${describeValue(value)}`;
}

/** Collects the problems of several checks, dropping the fine ones. */
export function problems(...results: Array<string | undefined>): string[] {
  return results.filter((r): r is string => r !== undefined);
}
