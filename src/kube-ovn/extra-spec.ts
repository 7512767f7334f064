import { schemaProblemsAt } from '../validate/validator';
import { describeValue, isRecord } from './spec-values';

/**
 * The rendered JSON of an L1 with `extraSpec` fields after the typed ones (keys sorted). The generated L1 renders
 * only the fields of its own schema (toJson_<Kind>Props), so a JSON patch on it would be dropped: an L1 subclass
 * calls this from its toJson. Keys a typed prop covers are left out here and reported by {@link checkExtraSpec}.
 */
export function mergeExtraSpec(json: any, extra: unknown, typed: Readonly<Record<string, string>>): any {
  if (!isRecord(extra)) return json;
  const keys = Object.keys(extra).filter((k) => !(k in typed) && extra[k] !== undefined).sort();
  if (keys.length === 0) return json;
  return { ...json, spec: { ...json.spec, ...Object.fromEntries(keys.map((k) => [k, extra[k]])) } };
}

/** The object an extraSpec belongs to: its kind, name and rendered spec (typed and extra fields). */
export interface ExtraSpecTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Read by {@link checkExtraSpec} only when extraSpec has fields of its own (see {@link kubeOvnExtraSpecTarget}). */
  readonly spec: unknown;
}

/**
 * The target of a Kube-OVN (kubeovn.io/v1) L1's extraSpec, its spec rendered from `resource` when read: `toJson()`
 * resolves and sanitizes the whole object, a cost worth paying only when there are extra fields to check.
 */
export function kubeOvnExtraSpecTarget(kind: string, name: string, resource: { toJson(): any }): ExtraSpecTarget {
  return new RenderedOnRead(kind, name, resource);
}

class RenderedOnRead implements ExtraSpecTarget {
  public readonly apiVersion = 'kubeovn.io/v1';

  constructor(public readonly kind: string, public readonly name: string, private readonly resource: { toJson(): any }) {}

  public get spec(): unknown {
    return this.resource.toJson().spec;
  }
}

/**
 * The problems of `extraSpec`: not an object, a key a typed prop covers (the prop's rules apply, so the prop is
 * the way to set it), and whatever the CRD schema of the bundle (schemas/, the one `npm run validate` uses)
 * rejects in the extra fields; only the extra fields are validated, the typed ones have their own rules.
 */
export function checkExtraSpec(extra: unknown, typed: Readonly<Record<string, string>>, object: ExtraSpecTarget): string[] {
  if (extra === undefined) return [];
  if (!isRecord(extra)) return [`extraSpec must be an object of spec fields, e.g. { someField: true }, got ${describeValue(extra)}`];
  const errors: string[] = [];
  const keys: string[] = [];
  for (const [key, value] of Object.entries(extra)) {
    if (key in typed) errors.push(`extraSpec.${key} is a field the props cover; set it with the prop ${typed[key]} so its rules apply`);
    else if (value !== undefined) keys.push(key);
  }
  if (keys.length === 0) return errors;
  // the whole object as rendered (typed fields + extra ones), but only what concerns an extra field is reported:
  // the typed fields have their own rules
  const doc = { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.name }, spec: object.spec };
  for (const p of schemaProblemsAt(doc, keys.map((k) => `spec.${k}`))) {
    errors.push(`extraSpec: ${p.message} (the ${object.kind} CRD schema, schemas/${object.apiVersion.split('/')[0]}); fix or remove the field`);
  }
  return errors;
}
