import { type AjvLikeError, formatAjvErrors, joinPath, unknownField } from './problem';

/** A kubernetes-models class: `new X(doc)` copies the document, `validate()` throws a ValidationError. */
interface ModelClass {
  new (data: object): object;
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

export interface BuiltinKind {
  /** Problem messages of `doc` (an object with this kind's apiVersion and kind). */
  validate(doc: object): string[];
}

const cache = new Map<string, BuiltinKind | undefined>();

/** The kubernetes-models 4.5.1 (Kubernetes 1.33) schema of a built-in kind, or undefined if it has none. */
export function builtinKind(apiVersion: string, kind: string): BuiltinKind | undefined {
  const key = `${apiVersion} ${kind}`;
  if (!cache.has(key)) cache.set(key, load(apiVersion, kind));
  return cache.get(key);
}

function load(apiVersion: string, kind: string): BuiltinKind | undefined {
  // The document chooses the module path: only let well-formed names reach require().
  if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return undefined;
  }
  const id = `kubernetes-models/${apiVersion}/${kind}`;
  let model: ModelClass | undefined;
  try {
    model = require(id)[kind];
  } catch (e) {
    // Only "no such kind"; a broken installation (a missing dependency of the module) must not pass silently.
    // Node refuses paths outside the package's "exports" map (ERR_PACKAGE_PATH_NOT_EXPORTED); other resolvers
    // (jest's) look for the file (MODULE_NOT_FOUND).
    const { code, message } = e as NodeJS.ErrnoException;
    if (code === 'MODULE_NOT_FOUND' && message.includes(`'${id}'`)) return undefined;
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' && message.includes(`'./${apiVersion}/${kind}'`)) return undefined;
    throw e;
  }
  // Sub-structures such as apps/v1/DeploymentSpec are modules too, but not top-level kinds.
  if (typeof model !== 'function' || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  const Model = model;
  return {
    validate(doc: object): string[] {
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

  unknownFields(value: unknown, path: string): string[] {
    if (typeof value !== 'object' || value === null) return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => this.unknownFields(v, joinPath(path, i)));
    const read = this.reads.get(value);
    const judge = read !== undefined && read.size > 0 && !this.enumerated.has(value);
    return Object.entries(value).flatMap(([k, v]) =>
      judge && !read.has(k) && !NEVER_READ.test(k) ? [unknownField(path, k)] : this.unknownFields(v, joinPath(path, k)),
    );
  }
}
