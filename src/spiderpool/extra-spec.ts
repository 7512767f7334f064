import { ManifestValidator } from '../validate';
import { isRecord, show } from './checks';

let validator: ManifestValidator | undefined;

/** The validator on the schema bundle shipped with the package (read once, schemas compiled on first use). */
function bundleValidator(): ManifestValidator {
  validator ??= new ManifestValidator();
  return validator;
}

/**
 * The escape hatch: spec fields the typed props do not (yet) cover, merged into the rendered spec. They
 * stay checked: a key the typed props render is refused (set the typed prop), and the whole document is
 * validated against the CRD's structural schema from the schema bundle (src/validate), so an unknown or
 * mistyped field is an error at synth rather than pruned or refused by the API server.
 */
export function mergeExtraSpec(spec: Record<string, unknown>, extra: unknown): Record<string, unknown> {
  if (!isRecord(extra)) return spec;
  const merged = { ...spec };
  for (const [k, v] of Object.entries(extra)) if (!(k in spec)) merged[k] = v;
  return merged;
}

/**
 * Problems of `extraSpec`: not an object, keys the typed props set, and schema findings of the rendered
 * document `doc` that concern the extra keys.
 */
export function extraSpecProblems(extra: unknown, typedSpec: Record<string, unknown>, doc: unknown, typedKeys: readonly string[]): string[] {
  if (extra === undefined) return [];
  if (!isRecord(extra)) return [`extraSpec must be an object of spec fields, got ${show(extra)}`];
  const errors: string[] = [];
  const keys = Object.keys(extra);
  for (const k of keys) {
    if (k in typedSpec || typedKeys.includes(k)) errors.push(`extraSpec.${k} is a field the typed props set; use the typed prop instead of extraSpec`);
  }
  const own = keys.filter((k) => !(k in typedSpec) && !typedKeys.includes(k));
  if (own.length === 0) return errors;
  for (const p of bundleValidator().validateDocument(doc, 'extraSpec')) {
    if (own.some((k) => p.path === `spec.${k}` || p.path.startsWith(`spec.${k}.`) || p.path.startsWith(`spec.${k}[`))) {
      errors.push(`extraSpec: ${p.message} (the CRD schema refuses it; fix the value or drop the field)`);
    }
  }
  return errors;
}
