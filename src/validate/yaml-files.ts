import * as fs from 'fs';
import * as path from 'path';
import { FAILSAFE_SCHEMA, Type, YAMLException, loadAll } from 'js-yaml';

export type ParsedDocument = { readonly index: number; readonly doc: unknown } | { readonly index: number; readonly error: string };

/** .yaml/.yml files below `dir`, as sorted POSIX paths relative to `dir` (stable output on every OS). */
export function listYamlFiles(dir: string): string[] {
  return listFiles(dir).filter((f) => /\.ya?ml$/i.test(f));
}

/** Every regular file below `dir`, as sorted POSIX paths relative to `dir`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  walk('');
  // code-unit order, not localeCompare: the same on every machine and locale
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/*
 * Kubernetes reads manifests with sigs.k8s.io/yaml, a fork of go-yaml v2: YAML 1.1 scalars, resolved by
 * go-yaml v2's resolve.go (github.com/go-yaml/yaml v2.4.0, resolve.go `resolve()`), as follows:
 * - null: ``, `~`, `null`, `Null`, `NULL`; booleans: y/Y/yes/Yes/YES/on/On/ON/true/True/TRUE and their
 *   negatives (n, no, off, false ...), the same tables as js-yaml's YAML 1.1 tags;
 * - integers: underscores removed, then Go's strconv.ParseInt(s, 0, 64) (decimal, 0x, 0o, 0b and a leading-zero
 *   octal such as 0755) or ParseUint; no base 60 (`22:22` stays a string, unlike the YAML 1.1 spec);
 * - floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` after removing underscores, and
 *   .inf/-.inf/.nan in their three spellings (so `09` is the float 9, not an error);
 * - timestamps: decoded into an interface{} they stay strings ("for backward compatibility", decode.go), so no
 *   timestamp tag here; `<<` merges.
 * js-yaml does the YAML syntax; only these resolvers are ours.
 */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};
/** go-yaml v2 tries the number rules only for scalars starting with a digit, a sign or a dot (its resolve table). */
const NUMERIC_START = /^[-+.0-9]/;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s) => [s, false] as const),
]);

/** The integer a plain scalar means to go-yaml v2, or undefined when it is not one. */
function goInt(source: string): number | undefined {
  if (!NUMERIC_START.test(source)) return undefined; // most scalars: one test instead of a replace and a regex
  const plain = source.replace(/_/g, '');
  if (!GO_INT.test(plain)) return undefined;
  const sign = plain[0] === '-' ? -1n : 1n;
  const digits = plain[0] === '-' || plain[0] === '+' ? plain.slice(1) : plain;
  const prefix = digits.slice(0, 2).toLowerCase();
  const magnitude = ['0x', '0o', '0b'].includes(prefix)
    ? BigInt(`0${prefix[1]}${digits.slice(2)}`)
    : BigInt(digits.length > 1 && digits[0] === '0' ? `0o${digits.slice(1)}` : digits);
  const value = sign * magnitude;
  // int64, or uint64 for a positive value; beyond that go-yaml tries the float rule
  return value < -(2n ** 63n) || value > 2n ** 64n - 1n ? undefined : Number(value);
}

function goFloat(source: string): number | undefined {
  if (!NUMERIC_START.test(source)) return undefined;
  if (Object.prototype.hasOwnProperty.call(GO_SPECIAL_FLOATS, source)) return GO_SPECIAL_FLOATS[source];
  const plain = source.replace(/_/g, '');
  return GO_FLOAT.test(plain) ? Number(plain) : undefined;
}

const scalarType = (tag: string, read: (s: string) => unknown, predicate: (v: unknown) => boolean) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: string | null) => read(data ?? '') !== undefined,
    construct: (data: string | null) => read(data ?? ''),
    predicate: predicate as (v: object) => boolean,
  });

/**
 * The scalar resolution of Kubernetes' YAML decoder (see above).
 * @internal its type is js-yaml's, whose declarations are a devDependency: kept out of the published types
 */
export const KUBERNETES_YAML_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('null', (s) => (NULLS.has(s) ? null : undefined), (v) => v === null),
    scalarType('bool', (s) => BOOLS.get(s), (v) => typeof v === 'boolean'),
    scalarType('int', goInt, (v) => Number.isInteger(v)),
    scalarType('float', goFloat, (v) => typeof v === 'number'),
    scalarType('merge', (s) => (s === '<<' ? s : undefined), () => false),
  ],
});

/**
 * A document separator as Kubernetes' multi-document reader sees it (k8s.io/apimachinery pkg/util/yaml
 * YAMLReader): a line that starts with `---` followed by nothing but spaces (or a comment).
 */
const SEPARATOR = /^---[ \t]*(#.*)?$/;

/**
 * Parses a multi-document YAML text the way Kubernetes does: split at `---` lines like kubectl, each part read as
 * YAML 1.1 with go-yaml v2's scalar rules (`yes`/`on` are booleans there, so a chart value written that way must
 * be caught as a boolean here too). The reader is js-yaml, independent of the emitter that wrote the files.
 * Empty documents (a trailing `---`, only comments) are skipped like kubectl does; the index still counts them so
 * it matches the position in the file. A syntax error is a problem of its document only.
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  splitDocuments(text).forEach((part, index) => {
    if (!part.content) return;
    let docs: unknown[];
    try {
      docs = loadAll(part.text, null, { schema: KUBERNETES_YAML_SCHEMA });
    } catch (e) {
      out.push({ index, error: e instanceof YAMLException ? yamlError(e, part.line) : String((e as Error)?.message ?? e) });
      return;
    }
    if (docs.length > 1) out.push({ index, error: `line ${part.line + 1}: more than one document without a --- line between them` });
    else if (docs.length === 1) out.push({ index, doc: docs[0] });
  });
  return out;
}

interface Part {
  readonly text: string;
  /** 0-based line of the file where the part starts */
  readonly line: number;
  /** anything but blank lines and comments? */
  readonly content: boolean;
}

/** A line with something on it that is not a comment. */
const CONTENT_LINE = /^[ \t\r]*[^\s#]/m;

/** The documents of a text, split at separator lines; a separator before any content does not start a second one. */
function splitDocuments(text: string): Part[] {
  // most rendered files hold one document and no separator: no need to look at every line
  if (!text.startsWith('---') && !text.includes('\n---')) return [{ text, line: 0, content: CONTENT_LINE.test(text) }];
  const lines = text.split('\n');
  const parts: Part[] = [];
  let start = 0;
  let content = false; // has the current part anything but blank lines and comments?
  let separated = false; // has a separator been seen? (what precedes the first one is a document only with content)
  lines.forEach((line, i) => {
    if (SEPARATOR.test(line.replace(/\r$/, ''))) {
      if (content || separated) parts.push({ text: lines.slice(start, i).join('\n'), line: start, content });
      separated = true;
      start = i + 1;
      content = false;
    } else if (!content && CONTENT_LINE.test(line)) {
      content = true;
    }
  });
  parts.push({ text: lines.slice(start).join('\n'), line: start, content });
  return parts;
}

/** `<reason> at line L, column C` of the file. */
function yamlError(e: YAMLException, firstLine: number): string {
  return e.mark ? `${e.reason} at line ${firstLine + e.mark.line + 1}, column ${e.mark.column + 1}` : e.reason;
}
