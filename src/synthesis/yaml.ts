/**
 * The YAML text of a rendered document, byte-identical to cdk8s's `Yaml.stringify(doc)` (the `yaml`
 * package 2.x with YAML 1.1, `lineWidth: 0`, `keepUndefined: true`), at a fraction of its cost.
 *
 * `yaml` builds a node tree per document and walks it twice; for the plain JSON that
 * `ApiObject.toJson()` returns, the output follows from a few rules, reproduced here from
 * `yaml/dist/stringify` (stringifyCollection, stringifyPair, stringifyString):
 *
 * - block maps and sequences, two spaces per level, sequences indented under their key, `{}` and
 *   `[]` when empty; keys in insertion order;
 * - a string is written plain unless `yaml` would read it back as something else (its YAML 1.1
 *   scalar patterns, {@link NON_STRING_SCALARS}) or it contains an indicator (`PLAIN_FORBIDDEN`);
 *   then double-quoted (JSON), or single-quoted when it holds `"` but no `'`;
 * - a multi-line string ending in one newline becomes a literal block (`|`).
 *
 * Anything outside these rules (other characters than printable ASCII, numbers that are not safe
 * integers, null or undefined, objects that are not plain, one object twice in a document, very
 * long keys, document markers, other multi-line forms) is handed to `Yaml.stringify` itself, so the
 * result is always what cdk8s writes.
 */

/**
 * `yaml`'s YAML 1.1 schema patterns of scalars that are not strings (null, bool, int, float, time,
 * timestamp). The merge key `<<` is not among them: `yaml` writes the string `<<` plain.
 */
export const NON_STRING_SCALARS: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/** The first characters a {@link NON_STRING_SCALARS} match can start with (most strings start otherwise). */
const MAY_BE_NON_STRING = /^(?:$|[-+.~0-9eEfFnNoOtTyY])/;

/** `yaml`'s plainString rule for a single-line string: an indicator where plain scalars cannot have one. */
const PLAIN_FORBIDDEN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[ \t]#|[ :]$/;

/** One line of printable ASCII (no tab): the characters whose quoting `yaml` and JSON agree on. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** A literal block with clip chomping: printable lines, the first not indented, one final newline. */
const LITERAL_BLOCK = /^[\x21-\x7e](?:[\x20-\x7e\n]*[\x21-\x7e])?\n$/;

/** Keys longer than this become explicit (`? key`) in `yaml`. */
const MAX_IMPLICIT_KEY = 1024;

/** Thrown inside the emitter when a value needs `yaml` itself. */
class NeedsYaml extends Error {}

/**
 * A one-line printable string as `yaml` writes it (plain, single- or double-quoted); undefined when
 * only `yaml` can write it (a document marker at the start changes indentation rules).
 */
function printableScalar(value: string): string | undefined {
  if (value.startsWith('---') || value.startsWith('...')) return undefined;
  const plain = !PLAIN_FORBIDDEN.test(value) && !(MAY_BE_NON_STRING.test(value) && NON_STRING_SCALARS.some((re) => re.test(value)));
  return plain ? value : value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/**
 * {@link printableScalar} of the strings met lately (keys and values repeat across documents: field
 * names, kinds, API versions, namespaces): a memo of a pure function, bounded, cleared when full.
 * `null` stands for undefined.
 */
const PRINTABLE_SCALARS = new Map<string, string | null>();
const MAX_PRINTABLE_SCALARS = 8192;
/** Longer strings (certificates, tokens) rarely repeat: not kept. */
const MAX_MEMO_LENGTH = 256;

/** A string scalar as `yaml` writes it in block context (`key` true for map keys); throws {@link NeedsYaml}. */
function scalarString(value: string, key: boolean, indent: string): string {
  const memo = value.length <= MAX_MEMO_LENGTH;
  let text = memo ? PRINTABLE_SCALARS.get(value) : undefined;
  if (text === undefined && PRINTABLE.test(value)) {
    text = printableScalar(value) ?? null;
    if (memo) {
      if (PRINTABLE_SCALARS.size >= MAX_PRINTABLE_SCALARS) PRINTABLE_SCALARS.clear();
      PRINTABLE_SCALARS.set(value, text);
    }
  }
  if (text !== undefined) {
    if (text === null || (key && text.length > MAX_IMPLICIT_KEY)) throw new NeedsYaml();
    return text;
  }
  if (!key && LITERAL_BLOCK.test(value)) {
    return `|\n${indent}${value.slice(0, -1).replace(/\n+/g, (newlines) => newlines + indent)}`;
  }
  throw new NeedsYaml();
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Emits YAML for one document; objects met so far in `seen` (a repeated one would become an alias). */
class Emitter {
  private readonly seen = new Set<object>();

  /** `value` in a position whose context indentation is `indent` (after `key:` or `- `). */
  public value(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string':
        return scalarString(value, false, indent);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
        throw new NeedsYaml();
      case 'object':
        if (value === null) throw new NeedsYaml();
        if (this.seen.has(value)) throw new NeedsYaml();
        this.seen.add(value);
        if (Array.isArray(value)) return value.length === 0 ? '[]' : this.seq(value, indent);
        if (!isPlainObject(value)) throw new NeedsYaml();
        return this.map(value, indent);
      default:
        throw new NeedsYaml();
    }
  }

  /** A block map (`{}` when empty) whose first pair follows the current position; the others start at `indent`. */
  public map(map: Record<string, unknown>, indent: string): string {
    const keys = Object.keys(map);
    if (keys.length === 0) return '{}';
    const inner = `${indent}  `;
    let out = '';
    for (const key of keys) {
      const v = map[key];
      if (out) out += `\n${indent}`;
      out += `${scalarString(key, true, inner)}:`;
      const text = this.value(v, inner);
      out += typeof v === 'object' && v !== null && text !== '[]' && text !== '{}' ? `\n${inner}${text}` : ` ${text}`;
    }
    return out;
  }

  /** A non-empty block sequence, items at `indent`, their content one level deeper. */
  private seq(items: readonly unknown[], indent: string): string {
    const inner = `${indent}  `;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) throw new NeedsYaml();
      if (i > 0) out += `\n${indent}`;
      out += `- ${this.value(items[i], inner)}`;
    }
    return out;
  }
}

/** The YAML text of a document if it lies within the rules above, else undefined. */
function emitYaml(doc: unknown): string | undefined {
  try {
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && isPlainObject(doc)) {
      return `${new Emitter().map(doc, '')}\n`;
    }
  } catch (e) {
    if (!(e instanceof NeedsYaml)) throw e;
  }
  return undefined;
}

let yamlStringify: ((doc: unknown) => string) | undefined;

/** The document as cdk8s's `Yaml.stringify(doc)` writes it. */
export function toYaml(doc: unknown): string {
  const text = emitYaml(doc);
  if (text !== undefined) return text;
  // loaded on demand: the rendering path needs neither cdk8s's Yaml nor the yaml package otherwise
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlStringify ??= (d: unknown) => (require('cdk8s') as typeof import('cdk8s')).Yaml.stringify(d);
  return yamlStringify(doc);
}
