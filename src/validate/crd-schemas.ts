import Ajv, { _, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isIPv4, isIPv6 } from 'net';
import type { Crd } from './crd-catalog';
import { type Finding, formatAjvErrors } from './problem';

/**
 * ajv configured for Kubernetes structural schemas. Plain `new Ajv({ strict: false })` ignores unknown keywords
 * and formats and so accepts almost anything; here unknown keywords and formats throw at compile time instead,
 * so a CRD that uses something we do not understand is noticed rather than silently passed.
 */
export function createCrdAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strictSchema: true,
    strictNumbers: true,
    // CRD schemas are not written for ajv's stylistic checks (e.g. `required` naming preserved-unknown fields).
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Halves the compile time of the big Argo CD schemas (Application 0.3 -> 0.15 s, ApplicationSet 1.7 -> 0.9 s)
    // for ~15 us more per document: a run compiles each kind once but validates only a few thousand documents.
    code: { optimize: false },
  });
  // Only the formats the shared CRDs use; any other format fails compilation loudly. IP formats follow Go's
  // net.ParseIP/ParseCIDR, which the API server uses (Node's checks are close: no leading zeros, no octal).
  addFormats(ajv, ['date-time', 'byte']);
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => isIPv4(s) });
  ajv.addFormat('ipv6', { type: 'string', validate: isIPv6NoZone });
  ajv.addFormat('cidr', { type: 'string', validate: isCidr });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  // As a double, the int64 maximum 2^63-1 reads as 2^63: accept that, reject anything larger.
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n <= 2 ** 63 });

  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    error: { message: 'must be an integer or a string' },
    code(cxt) {
      if (cxt.schema === true) cxt.fail(_`!(typeof ${cxt.data} == "string" || Number.isInteger(${cxt.data}))`);
    },
  });
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    error: { message: 'must NOT have duplicate items (x-kubernetes-list-type: set)' },
    // `set` means unique items (scalars, so JSON text compares them); `map` (keyed by x-kubernetes-list-map-keys)
    // and `atomic` only steer server-side apply merging and are accepted unchecked.
    code(cxt) {
      if (cxt.schema === 'set') cxt.fail(_`new Set(${cxt.data}.map((x) => JSON.stringify(x))).size !== ${cxt.data}.length`);
    },
  });
  for (const keyword of [
    // Pruning is emulated by closeObjects() below, which reads this keyword.
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    // CEL rules are NOT evaluated (no CEL engine offline); the API server will still enforce them.
    'x-kubernetes-validations',
    // Not part of the CRD schema language (the API server drops them), but the Kube-OVN CRDs carry them.
    'x-kubernetes-patch-strategy',
    'x-kubernetes-patch-merge-key',
  ]) {
    ajv.addKeyword({ keyword });
  }
  return ajv;
}

function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  return m !== null && (isIPv4(m[1]) ? Number(m[2]) <= 32 : isIPv6NoZone(m[1]) && Number(m[2]) <= 128);
}

/** Go's net.ParseIP rejects zones (`fe80::1%eth0`), Node accepts them. */
function isIPv6NoZone(s: string): boolean {
  return isIPv6(s) && !s.includes('%');
}

type Schema = Record<string, any>;
const isSchema = (s: unknown): s is Schema => typeof s === 'object' && s !== null && !Array.isArray(s);

/**
 * Emulates the API server's pruning with strict field validation: an object schema that lists `properties`
 * admits no other field unless it says otherwise. Only the structural skeleton (properties, items,
 * additionalProperties) is closed; closing a branch of anyOf/allOf/oneOf/not would reject valid siblings.
 */
function closeObjects(s: unknown): void {
  if (!isSchema(s)) return;
  if (s['x-kubernetes-int-or-string'] === true && isIntOrStringAnyOf(s.anyOf)) {
    delete s.anyOf; // the keyword says it already; the anyOf only triples every error message
  }
  if (s['x-kubernetes-embedded-resource'] === true && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    s.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...s.properties };
  }
  // The API server defaults before it validates, so a required field with a default may be omitted. Dropping it
  // from `required` says that without writing defaults into the document (which would cost a copy of each one).
  // Structural schemas allow defaults only in this skeleton, never inside anyOf/allOf/oneOf/not.
  if (Array.isArray(s.required) && isSchema(s.properties)) {
    s.required = s.required.filter((name: string) => !(isSchema(s.properties[name]) && s.properties[name].default !== undefined));
    if (s.required.length === 0) delete s.required;
  }
  for (const sub of Object.values(s.properties ?? {})) closeObjects(sub);
  for (const sub of Array.isArray(s.items) ? s.items : [s.items]) closeObjects(sub);
  closeObjects(s.additionalProperties);
  if (isSchema(s.properties) && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    s.additionalProperties = false;
  }
}

function isIntOrStringAnyOf(anyOf: unknown): boolean {
  return Array.isArray(anyOf) && anyOf.every((b) => isSchema(b) && Object.keys(b).join() === 'type' && ['integer', 'string'].includes(b.type));
}

/**
 * The CRD's openAPIV3Schema, made strict. apiVersion/kind/metadata are always allowed at the top (many CRDs,
 * e.g. Kube-OVN's, do not list them). metadata keeps only the CRD's own constraints (the API server allows
 * just name/generateName ones, e.g. ProviderNetwork's maxLength 12) and is not closed: ObjectMeta is checked
 * separately by metadataProblems().
 */
export function strictCrdSchema(openAPIV3Schema: unknown): Schema {
  const root: Schema = structuredClone(isSchema(openAPIV3Schema) ? openAPIV3Schema : {});
  const metadata = isSchema(root.properties?.metadata) ? root.properties.metadata : { type: 'object' };
  if (isSchema(root.properties)) delete root.properties.metadata;
  closeObjects(root);
  if (isSchema(root.properties)) {
    root.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...root.properties, metadata };
  }
  return root;
}

/** Compiles each CRD version on first use: the Argo CD schemas take a while and most runs need few kinds. */
export class CrdSchemas {
  private readonly ajv = createCrdAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * The check of a version of a CRD (the version must exist). Throws when the schema does not compile (e.g. a
   * format we do not implement): the message names the kind and where its schema comes from.
   */
  checker(crd: Crd, version: string): (doc: unknown) => Finding[] {
    const key = `${crd.group}/${version}/${crd.kind}`;
    let validateFn = this.compiled.get(key);
    if (!validateFn) {
      try {
        validateFn = this.ajv.compile(strictCrdSchema(crd.versions.get(version)?.schema));
      } catch (e) {
        throw new Error(`cannot compile the schema of ${key} from ${crd.file}: ${(e as Error).message}`);
      }
      this.compiled.set(key, validateFn);
    }
    const fn = validateFn;
    return (doc) => (fn(doc) ? [] : formatAjvErrors(fn.errors ?? []));
  }

  /** Problems of `doc` against the given version of the CRD (the version must exist). */
  validate(crd: Crd, version: string, doc: unknown): Finding[] {
    return this.checker(crd, version)(doc);
  }
}
