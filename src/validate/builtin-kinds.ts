import * as fs from 'fs';
import * as path from 'path';
import { type AjvLikeError, type Finding, formatAjvErrors, joinPath, unknownField } from './problem';

/** A kubernetes-models class: `new X(doc)` copies the document, `validate()` throws a ValidationError. */
interface ModelClass {
  new (data: object): object;
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

export interface BuiltinKind {
  /** Problems of `doc` (an object with this kind's apiVersion and kind). */
  validate(doc: object): Finding[];
}

const cache = new Map<string, BuiltinKind | undefined>();

/** The kubernetes-models 4.5.1 (Kubernetes 1.33) schema of a built-in kind, or undefined if it has none. */
export function builtinKind(apiVersion: string, kind: string): BuiltinKind | undefined {
  const key = `${apiVersion} ${kind}`;
  if (!cache.has(key)) cache.set(key, load(apiVersion, kind));
  return cache.get(key);
}

function load(apiVersion: string, kind: string): BuiltinKind | undefined {
  // The document chooses the module path: only let well-formed names reach the file system and require().
  if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return undefined;
  }
  // Whether the kind exists is a question for the file system, never a failed require(): that would confuse a
  // typo'd kind (`ConfigMapp`) with a broken installation. Node also refuses paths outside the "exports" map.
  if (!fs.existsSync(path.join(modelsDir(), apiVersion, `${kind}.js`))) return undefined;
  const model: ModelClass | undefined = require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  // Sub-structures such as apps/v1/DeploymentSpec are modules too, but not top-level kinds.
  if (typeof model !== 'function' || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  const Model = model;
  return {
    validate(doc: object): Finding[] {
      const instance = new Model(doc);
      const reads = new ReadTracker();
      let errors: AjvLikeError[] = [];
      try {
        Model.prototype.validate.call(reads.wrap(instance));
      } catch (e) {
        if (!Array.isArray((e as { errors?: unknown }).errors)) throw e;
        errors = (e as { errors: AjvLikeError[] }).errors;
      }
      return [...formatAjvErrors(errors), ...reads.unknownFields(instance, '')];
    },
  };
}

/**
 * kubernetes-models' generator drops the properties named `description` and `x-kubernetes-*` (PriorityClass,
 * JSONSchemaProps) from the compiled code, so those are never read: never report them. Checked against the
 * .d.ts files of 4.5.1: they are the only declared property names the compiled code never reads.
 */
const NEVER_READ = /^(description|x-kubernetes-.*)$/;

/**
 * kubernetes-models ships its schemas only as ajv-compiled code, which does not reject unknown fields (the
 * API server does, with kubectl's strict field validation). The compiled code reads every declared property
 * of an object (allErrors mode, present or not) and enumerates the keys only of maps. So we validate through
 * a Proxy that records those reads: a key that exists but was never read is an unknown field. Objects whose
 * keys were enumerated (maps such as labels) or of which nothing was read (free-form JSON, e.g. a CRD's
 * `default` values) are not judged. This covers every level, not just the top level and `spec`.
 */
class ReadTracker {
  private readonly reads = new WeakMap<object, Set<string>>();
  private readonly enumerated = new WeakSet<object>();
  private readonly proxies = new WeakMap<object, object>();

  wrap<T>(value: T): T {
    if (typeof value !== 'object' || value === null) return value;
    const existing = this.proxies.get(value);
    if (existing) return existing as T;
    const read = new Set<string>();
    this.reads.set(value, read);
    const note = (key: string | symbol) => typeof key === 'string' && read.add(key);
    const proxy = new Proxy(value, {
      get: (t, key, receiver) => (note(key), this.wrap(Reflect.get(t, key, receiver))),
      has: (t, key) => (note(key), Reflect.has(t, key)),
      getOwnPropertyDescriptor: (t, key) => (note(key), Reflect.getOwnPropertyDescriptor(t, key)),
      ownKeys: (t) => (this.enumerated.add(t), Reflect.ownKeys(t)),
    });
    this.proxies.set(value, proxy);
    return proxy;
  }

  unknownFields(value: unknown, path: string): Finding[] {
    if (typeof value !== 'object' || value === null) return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => this.unknownFields(v, joinPath(path, i)));
    const read = this.reads.get(value);
    const judge = read !== undefined && read.size > 0 && !this.enumerated.has(value);
    return Object.entries(value).flatMap(([k, v]) =>
      judge && !read.has(k) && !NEVER_READ.test(k) ? [unknownField(path, k)] : this.unknownFields(v, joinPath(path, k)),
    );
  }
}

let modelsRoot: string | undefined;
/** The installed kubernetes-models package folder. */
function modelsDir(): string {
  return (modelsRoot ??= path.dirname(require.resolve('kubernetes-models')));
}

/**
 * Where a kind that has no schema under `apiVersion` may have been meant: the built-in kinds of the same
 * apiVersion at most two edits away (`ConfigMapp` -> `ConfigMap`), or the apiVersions that have this kind
 * (`v1 Deployment` -> `apps/v1`). Used only for messages, so only when a kind is unknown.
 */
export function builtinSuggestions(apiVersion: string, kind: string): string[] {
  const root = modelsDir();
  const versions: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    if (/^v\d+((alpha|beta)\d+)?$/.test(entry.name)) versions.push(entry.name);
    else for (const v of fs.readdirSync(path.join(root, entry.name), { withFileTypes: true })) if (v.isDirectory()) versions.push(`${entry.name}/${v.name}`);
  }
  const elsewhere = versions.filter((v) => v !== apiVersion && builtinKind(v, kind)).sort();
  if (elsewhere.length > 0) return elsewhere.map((v) => `${v} ${kind}`);
  const dir = path.join(root, apiVersion);
  if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .filter((k) => editDistance(k.toLowerCase(), kind.toLowerCase()) <= 2 && builtinKind(apiVersion, k))
    .sort()
    .map((k) => `${apiVersion} ${k}`);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
