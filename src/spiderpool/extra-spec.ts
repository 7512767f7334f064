import { joinPath, schemaProblemsAt } from '../validate';
import { isRecord, show } from './checks';

/**
 * The escape hatch: spec fields the typed props do not (yet) cover, merged into the rendered spec (objects
 * merged key by key, e.g. `{ coordinator: { newField: 1 } }` adds to the coordinator block). They stay
 * checked: a value the typed props render is refused (set the typed prop), and the whole document is
 * validated against the CRD's structural schema from the schema bundle (src/validate), so an unknown or
 * mistyped field is an error at synth rather than pruned or refused by the API server.
 */
export function mergeExtraSpec(spec: Record<string, unknown>, extra: unknown): Record<string, unknown> {
  if (!isRecord(extra)) return spec;
  const merged: Record<string, unknown> = { ...spec };
  for (const [k, v] of Object.entries(extra)) {
    const typed = merged[k];
    if (typed === undefined) merged[k] = v;
    else if (isRecord(typed) && isRecord(v)) merged[k] = mergeExtraSpec(typed, v);
  }
  return merged;
}

/** Paths (`spec.coordinator.x`) of the extra values, and of those the typed spec already sets. */
function extraPaths(typed: unknown, extra: Record<string, unknown>, at: string, own: string[], clashes: string[]): void {
  for (const [k, v] of Object.entries(extra)) {
    const path = joinPath(at, k);
    const t = isRecord(typed) ? typed[k] : undefined;
    if (t === undefined) own.push(path);
    else if (isRecord(t) && isRecord(v)) extraPaths(t, v, path, own, clashes);
    else clashes.push(path);
  }
}

/**
 * Problems of `extraSpec`: not an object, values the typed props set or cover (`typedPaths`, e.g.
 * `spec.gateway`), and the schema findings of the rendered document `doc` that concern the extra values.
 */
export function extraSpecProblems(extra: unknown, typedSpec: Record<string, unknown>, doc: unknown, typedPaths: ReadonlySet<string>): string[] {
  if (extra === undefined) return [];
  if (!isRecord(extra)) return [`extraSpec must be an object of spec fields, got ${show(extra)}`];
  const found: string[] = [];
  const clashes: string[] = [];
  extraPaths(typedSpec, extra, 'spec', found, clashes);
  // a field the typed props cover goes through the typed prop (and its checks) even when it is unset
  const own = found.filter((p) => !typedPaths.has(p));
  clashes.push(...found.filter((p) => typedPaths.has(p)));
  const errors = clashes.map((p) => `extraSpec: ${p} is a field of the typed props; set the typed prop instead of extraSpec (it is checked there)`);
  for (const p of schemaProblemsAt(doc, own)) errors.push(`extraSpec: ${p.message}; the CRD schema refuses it, fix the value or drop the field`);
  return errors;
}
