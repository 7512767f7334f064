import { type Finding, finding, joinPath } from './problem';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The ObjectMeta rules the API server applies to every kind, minimally: CRD schemas cannot describe
 * metadata, and GitOps output must name every object (no generateName). Messages use ajv's wording so that
 * the same finding from kubernetes-models collapses into one line.
 */
export function metadataProblems(doc: Record<string, unknown>): Finding[] {
  const m = doc.metadata;
  if (m === undefined) return [finding('', "must have required property 'metadata'")];
  if (!isObject(m)) return [finding('metadata', 'must be object')];
  const out: Finding[] = [];
  if (m.name === undefined) out.push(finding('metadata', "must have required property 'name'"));
  else if (typeof m.name !== 'string') out.push(finding('metadata.name', 'must be string'));
  else if (m.name === '') out.push(finding('metadata.name', 'must not be empty'));
  if (m.namespace !== undefined && typeof m.namespace !== 'string') out.push(finding('metadata.namespace', 'must be string'));
  for (const field of ['labels', 'annotations']) {
    const path = `metadata.${field}`;
    const map = m[field];
    if (map === undefined) continue;
    if (!isObject(map)) out.push(finding(path, 'must be object'));
    else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') out.push(finding(joinPath(path, k), 'must be string'));
  }
  return out;
}
