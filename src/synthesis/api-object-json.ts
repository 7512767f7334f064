import { sortKeys } from './sort-keys';
import {
  ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver,
} from 'cdk8s';

/**
 * A faster `ApiObject.toJson()` that gives the same document for objects made of plain data, and
 * calls cdk8s's own `toJson()` for every other object.
 *
 * What cdk8s does (node_modules/cdk8s/lib, version {@link VERIFIED_CDK8S}):
 *
 * - api-object.js `toJson()`: `data = { ...props, metadata: this.metadata.toJson() }`, then
 *   `sanitizeValue(resolve([], data, this), { sortKeys })` (sortKeys unless `CDK8S_DISABLE_SORT`),
 *   then `JsonPatch.apply(json, ...patches)`, then the keys reordered: apiVersion, kind, metadata
 *   first, each `if (k in patched)`; any error is rethrown as `Failed serializing construct at path ...`.
 * - metadata.js `toJson()`: `sanitizeValue(resolve([], { ..._additionalAttributes, name, namespace,
 *   annotations, finalizers, ownerReferences, labels }, apiObject), { filterEmptyArrays: true,
 *   filterEmptyObjects: true })` (keys sorted: sortKeys defaults to true).
 * - resolve.js `resolve(key, value, obj)`: returns null and undefined as they are; otherwise asks
 *   each resolver of `App.of(obj).resolvers` (app.js: the root construct's; an App has the user's
 *   `resolvers` first, then LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver) and
 *   resolves a replaced value again; else maps arrays, copies objects whose `constructor == Object`
 *   entry by entry (`Object.entries`), and returns anything else as it is. LazyResolver replaces
 *   `instanceof Lazy` values by `produce()`, ImplicitTokenResolver values with a `resolve` function
 *   by its result, NumberStringUnionResolver a value whose `constructor !== Object` and whose
 *   `value` is a number or string by `{ value }` (IntOrString, Quantity).
 * - _util.js `sanitizeValue(v, options)`: null and undefined become undefined, other non-objects
 *   stay, arrays are mapped (dropped when empty with filterEmptyArrays), an object whose
 *   `constructor.name` is not `Object` throws, other objects are copied with their keys sorted
 *   (`Object.keys(obj).sort()`), entries that sanitize to null/undefined left out, and dropped when
 *   nothing is left with filterEmptyObjects.
 * - json-patch.js `JsonPatch.apply(doc)` with no patches: fast-json-patch `applyPatch(doc, [])`
 *   returns `doc` itself (core.js: it clones only with `mutateDocument` false).
 *
 * So for a value made only of strings, numbers, booleans, null/undefined, arrays (prototype
 * Array.prototype, no holes, no own `resolve`/`value`) and objects with prototype Object.prototype
 * (no own `constructor`, no `__proto__` key, no `resolve` function) — and IntOrString-like class
 * instances (no `resolve`, not a Lazy, a number/string `value`), which become `{ value }` — no
 * resolver of the default three replaces anything but those instances, `resolve` is a deep copy
 * and `sanitize(resolve(v))` is computed here in one pass ({@link plainJson}) without the copy,
 * the key paths and the resolution contexts. The metadata part is such a sanitized value already,
 * so the outer resolve/sanitize copies it unchanged: it is used as it is.
 *
 * Anything else — a Lazy, a token, a function, a Date, a prototype-less object, JSON patches, custom
 * resolvers, `CDK8S_DISABLE_SORT`, a metadata object whose toJson is not cdk8s's, another cdk8s
 * version — makes {@link dispatchToJson} call the original `toJson()`, from scratch: the plain pass
 * never runs user code (no producer, no resolve function), so giving up half-way has no effect.
 * Values are read as data (an accessor property is read again by the original).
 */

/** The cdk8s versions whose sources (listed above) this file was checked against. */
export const VERIFIED_CDK8S: readonly string[] = ['2.70.106'];

const ORIGINAL_TO_JSON = ApiObject.prototype.toJson;
const METADATA_TO_JSON = ApiObjectMetadataDefinition.prototype.toJson;
const LAZY_RESOLVE = LazyResolver.prototype.resolve;
const TOKEN_RESOLVE = ImplicitTokenResolver.prototype.resolve;
const UNION_RESOLVE = NumberStringUnionResolver.prototype.resolve;
const DEFAULT_HAS_INSTANCE = Function.prototype[Symbol.hasInstance];
// the classes, read once: cdk8s's index re-exports them through getters
const LAZY = Lazy;
const METADATA_CLASS = ApiObjectMetadataDefinition;
const LAZY_RESOLVER = LazyResolver;
const TOKEN_RESOLVER = ImplicitTokenResolver;
const UNION_RESOLVER = NumberStringUnionResolver;
const APP = App;

/** True when this cdk8s is one {@link VERIFIED_CDK8S} names (its classes carry their version, jsii's RTTI). */
export const FAST_TO_JSON_AVAILABLE = VERIFIED_CDK8S.includes(
  (ApiObject as unknown as Record<symbol, { version?: string } | undefined>)[Symbol.for('jsii.rtti')]?.version ?? '',
);

/** Thrown inside {@link plainJson} for a value that needs cdk8s itself. */
const NOT_PLAIN = { notPlain: true };

function isNumberOrString(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'string';
}

/**
 * `sanitizeValue(resolve(v))` for plain data, `filter` standing for `filterEmptyArrays` and
 * `filterEmptyObjects` both (metadata) or neither; throws {@link NOT_PLAIN} for anything else.
 */
function plainJson(v: unknown, filter: boolean): unknown {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      throw NOT_PLAIN;
  }
  const o = v as Record<string, unknown>;
  if (Array.isArray(o)) {
    if (Object.getPrototypeOf(o) !== Array.prototype || o.constructor !== Array || typeof o.resolve === 'function' || isNumberOrString(o.value)) {
      throw NOT_PLAIN;
    }
    const n = o.length;
    if (n === 0) return filter ? undefined : [];
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (!(i in o)) throw NOT_PLAIN;
      out.push(plainJson(o[i], filter));
    }
    return out;
  }
  if (Object.getPrototypeOf(o) === Object.prototype) {
    if (o.constructor !== Object || typeof o.resolve === 'function') throw NOT_PLAIN;
    const keys = sortKeys(Object.keys(o));
    const out: Record<string, unknown> = {};
    let empty = true;
    for (const k of keys) {
      if (k === '__proto__') throw NOT_PLAIN;
      const r = plainJson(o[k], filter);
      if (r !== undefined) {
        out[k] = r;
        empty = false;
      }
    }
    return filter && empty ? undefined : out;
  }
  // a class instance: NumberStringUnionResolver's `{ value }` (then resolved and sanitized as itself)
  if (o instanceof LAZY || typeof o.resolve === 'function' || o.constructor === Object) throw NOT_PLAIN;
  const value = o.value;
  if (isNumberOrString(value)) return { value };
  throw NOT_PLAIN;
}

/** The prototypes of the primitives: where `resolve` and `value` of a string, number or boolean come from. */
const PRIMITIVE_PROTOTYPES: readonly Record<string, unknown>[] = [String.prototype, Number.prototype, Boolean.prototype] as never;

/** Nothing in the process changes what the default resolvers and sanitizeValue do to plain data. */
function inertEnvironment(): boolean {
  if (process.env.CDK8S_DISABLE_SORT || LAZY[Symbol.hasInstance] !== DEFAULT_HAS_INSTANCE) return false;
  if (Object.prototype.constructor !== Object || Object.name !== 'Object') return false;
  if ('apiVersion' in Object.prototype || 'kind' in Object.prototype || 'metadata' in Object.prototype) return false;
  const types = (UNION_RESOLVER as unknown as { TYPES?: unknown }).TYPES;
  if (!Array.isArray(types) || types.length !== 2 || types[0] !== 'number' || types[1] !== 'string') return false;
  for (const p of PRIMITIVE_PROTOTYPES) if (typeof p.resolve === 'function' || isNumberOrString(p.value)) return false;
  return true;
}

/** The app's resolvers are the three defaults, unchanged. */
function defaultResolvers(obj: ApiObject): boolean {
  const resolvers = (APP.of(obj) as Partial<App>).resolvers;
  return Array.isArray(resolvers) && resolvers.length === 3
    && resolvers[0] instanceof LAZY_RESOLVER && resolvers[0].constructor === LAZY_RESOLVER && resolvers[0].resolve === LAZY_RESOLVE
    && resolvers[1] instanceof TOKEN_RESOLVER && resolvers[1].constructor === TOKEN_RESOLVER && resolvers[1].resolve === TOKEN_RESOLVE
    && resolvers[2] instanceof UNION_RESOLVER && resolvers[2].constructor === UNION_RESOLVER && resolvers[2].resolve === UNION_RESOLVE;
}

/** The internals of ApiObject and its metadata that cdk8s's toJson reads (private in its typings). */
interface ApiObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: unknown;
  readonly metadata: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly annotations?: unknown;
    readonly finalizers?: unknown;
    readonly ownerReferences?: unknown;
    readonly labels?: unknown;
    readonly _additionalAttributes: Record<string, unknown>;
  };
}

/** The keys api-object.js writes first. */
const HEAD_KEYS = ['apiVersion', 'kind', 'metadata'] as const;

/** Own fields of ApiObjectMetadataDefinition that its toJson writes over `_additionalAttributes`' entries. */
const METADATA_FIELDS = ['name', 'namespace', 'annotations', 'finalizers', 'ownerReferences', 'labels'] as const;

/**
 * metadata.js `toJson()` for plain data: `{ ..._additionalAttributes, name, namespace, annotations,
 * finalizers, ownerReferences, labels }` resolved and sanitized with both filters, without building
 * that object first.
 */
function metadataJson(m: ApiObjectInternals['metadata']): unknown {
  const extra = m._additionalAttributes;
  if (typeof extra !== 'object' || extra === null) throw NOT_PLAIN;
  const keys = Object.keys(extra);
  for (const f of METADATA_FIELDS) if (!keys.includes(f)) keys.push(f);
  sortKeys(keys);
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const k of keys) {
    if (k === '__proto__') throw NOT_PLAIN;
    const r = plainJson((METADATA_FIELDS as readonly string[]).includes(k) ? m[k as typeof METADATA_FIELDS[number]] : extra[k], true);
    if (r !== undefined) {
      out[k] = r;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/** The document of a plain-data object, or undefined when cdk8s's own toJson is needed. */
export function plainObjectJson(obj: ApiObject): Record<string, unknown> | undefined {
  try {
    const { props, patches, metadata: m } = obj as unknown as ApiObjectInternals;
    if (!FAST_TO_JSON_AVAILABLE || !Array.isArray(patches) || patches.length !== 0) return undefined;
    if (typeof props !== 'object' || props === null || !((m as unknown) instanceof METADATA_CLASS)) return undefined;
    if ((m as unknown as ApiObjectMetadataDefinition).toJson !== METADATA_TO_JSON) return undefined;
    if (!inertEnvironment() || !defaultResolvers(obj)) return undefined;
    // api-object.js sorts the keys of `{ ...props, metadata }` (sanitizeValue), then copies apiVersion,
    // kind and metadata first and the others after them in that order (`k in patched`: own keys here,
    // Object.prototype holds none of the three, see inertEnvironment)
    const metadata = metadataJson(m);
    const keys = sortKeys(Object.keys(props));
    const result: Record<string, unknown> = {};
    for (const k of HEAD_KEYS) {
      const r = k === 'metadata' ? metadata : keys.includes(k) ? plainJson(props[k], false) : undefined;
      if (r !== undefined) result[k] = r;
    }
    for (const k of keys) {
      if (k === '__proto__') return undefined;
      if ((HEAD_KEYS as readonly string[]).includes(k)) continue;
      const r = plainJson(props[k], false);
      if (r !== undefined) result[k] = r;
    }
    return result;
  } catch {
    return undefined;
  }
}

/** How many {@link withFastToJson} calls are running (nested calls count). */
let active = 0;

/**
 * `ApiObject.prototype.toJson` once {@link withFastToJson} ran: cdk8s's own toJson, except inside
 * withFastToJson where plain-data objects take the fast path. It stays installed: writing the
 * prototype on every call would throw away V8's optimized code of every ApiObject class each time
 * (measured: most of the gain lost); a counter switches it instead.
 */
function dispatchToJson(this: ApiObject): any {
  if (active > 0) {
    const fast = plainObjectJson(this);
    if (fast !== undefined) return fast;
  }
  return ORIGINAL_TO_JSON.call(this);
}

/**
 * Runs `fn` with a fast path of `ApiObject.prototype.toJson` for plain-data objects (same documents,
 * same errors: see the top of this file). Generated L1s (`toJson() { const resolved =
 * super.toJson(); ... }`) reach it through `super`, so it has to be on the prototype: the first call
 * installs {@link dispatchToJson} there, which gives cdk8s's own results outside withFastToJson. With
 * an unverified cdk8s, or when some other code replaced `ApiObject.prototype.toJson` first, nothing
 * changes.
 */
export function withFastToJson<T>(fn: () => T): T {
  if (!FAST_TO_JSON_AVAILABLE) return fn();
  if (ApiObject.prototype.toJson === ORIGINAL_TO_JSON) ApiObject.prototype.toJson = dispatchToJson;
  active++;
  try {
    return fn();
  } finally {
    active--;
  }
}

/** cdk8s's own `ApiObject.prototype.toJson` (for tests that compare with it). */
export const CDK8S_TO_JSON = ORIGINAL_TO_JSON;
