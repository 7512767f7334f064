import { ApiObject, JsonPatch } from 'cdk8s';
import { ManifestValidator } from '../validate/validator';
import { describeValue, isRecord } from './spec-values';

let validator: ManifestValidator | undefined;

/** The validator over the shipped schema bundle, created on first use (the schema of a kind is read once). */
function bundleValidator(): ManifestValidator {
  validator ??= new ManifestValidator();
  return validator;
}

/** Escapes a key for a JSON pointer (RFC 6901). */
function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Adds `extraSpec` fields to a rendered object (after the typed ones, keys sorted) unless a typed prop covers the
 * field; keys the props cover are left out and reported by {@link checkExtraSpec}.
 */
export function addExtraSpec(resource: ApiObject, extra: unknown, typed: Readonly<Record<string, string>>): void {
  if (!isRecord(extra)) return;
  for (const key of Object.keys(extra).sort()) {
    if (key in typed || extra[key] === undefined) continue;
    resource.addJsonPatch(JsonPatch.add(`/spec/${pointerKey(key)}`, extra[key]));
  }
}

/**
 * The problems of `extraSpec`: not an object, a key a typed prop covers (the prop's rules apply, so the prop is
 * the way to set it), and whatever the CRD schema of the bundle (schemas/, the one `npm run validate` uses)
 * rejects in the extra fields; only the extra fields are validated, the typed ones have their own rules.
 */
export function checkExtraSpec(extra: unknown, typed: Readonly<Record<string, string>>, object: { apiVersion: string; kind: string; name: string }): string[] {
  if (extra === undefined) return [];
  if (!isRecord(extra)) return [`extraSpec must be an object of spec fields, e.g. { someField: true }, got ${describeValue(extra)}`];
  const errors: string[] = [];
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    if (key in typed) errors.push(`extraSpec.${key} is a field the props cover; set it with the prop ${typed[key]} so its rules apply`);
    else if (value !== undefined) spec[key] = value;
  }
  if (Object.keys(spec).length === 0) return errors;
  const doc = { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.name }, spec };
  for (const p of bundleValidator().validateDocument(doc, object.kind)) {
    if (!p.path.startsWith('spec')) continue; // the name has its own rule
    errors.push(`extraSpec: ${p.message} (the ${object.kind} CRD schema, schemas/${object.apiVersion.split('/')[0]}); fix or remove the field`);
  }
  return errors;
}
