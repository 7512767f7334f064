import type { FleetFileProblem } from './load';
import { DataPath, fieldPath, SourceMap } from './locate';
import { deref, ErrorObject, SchemaNode, schemaAt } from './schema';

/** The data path of an Ajv `instancePath` (`/clusters/az1/peerRoutes/0`), with list indices as numbers. */
function segmentsOf(instancePath: string, data: unknown): DataPath {
  if (instancePath === '') return [];
  const out: Array<string | number> = [];
  let value: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(value) && /^\d+$/.test(s) ? Number(s) : undefined;
    out.push(index ?? s);
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

function valueAt(data: unknown, segments: DataPath): unknown {
  let value = data;
  for (const s of segments) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[s] : undefined;
  return value;
}

/** A value for a message; never the value of a secret. */
function show(value: unknown, segments: DataPath): string {
  if (segments.includes('plainText') && segments[segments.length - 1] !== 'iUnderstandThisIsWrittenToGit') return 'a value (not shown: it is a secret)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'null',
};

/** The first sentence of a schema description, as a hint. */
function hint(node: SchemaNode | undefined): string {
  const d = node?.description;
  if (!d) return '';
  const first = d.split(/(?<=\.)\s/)[0].replace(/\.$/, '');
  return ` (${first})`;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (d <= Math.max(2, Math.floor(c.length / 4)) && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** What a union accepts, for a message: `"kube-ovn", "ovn-kubernetes" or a mapping { of }`. */
function describeBranch(schema: SchemaNode, branch: SchemaNode): string {
  const b = deref(schema, branch);
  if (b?.enum) return quoted(b.enum);
  if (b?.const !== undefined) return JSON.stringify(b.const);
  if (b?.properties) return `a mapping { ${Object.keys(b.properties).join(', ')} }`;
  return TYPE_NAMES[String(b?.type)] ?? 'another value';
}

/**
 * The fleet file's schema errors as problems at their place in the file, each with what is wrong and the fix.
 * A failed union (`anyOf`) is one problem: the errors of the branch the value is meant for when the value is a
 * mapping and one branch takes mappings, else what the union accepts.
 */
export function schemaErrors(errors: readonly ErrorObject[], data: unknown, schema: SchemaNode, source: SourceMap, file: string): FleetFileProblem[] {
  // Ajv reports a failed union's branch errors just before the union's own error, at its value or below it
  const branchOf = new Map<ErrorObject, ErrorObject>();
  errors.forEach((e, i) => {
    if (e.keyword !== 'anyOf') return;
    const under = (x: ErrorObject) => x.instancePath === e.instancePath || x.instancePath.startsWith(`${e.instancePath}/`);
    for (let j = i - 1; j >= 0 && under(errors[j]) && !branchOf.has(errors[j]); j--) branchOf.set(errors[j], e);
  });
  const out: FleetFileProblem[] = [];
  for (const e of errors) {
    const union = branchOf.get(e);
    if (union) {
      // kept only when the value is a mapping meant for the union's one mapping branch
      const value = valueAt(data, segmentsOf(union.instancePath, data));
      const branches = (union.parentSchema as SchemaNode | undefined)?.anyOf ?? [];
      const objects = branches.map((b, i) => ({ b, i })).filter(({ b }) => deref(schema, b)?.type === 'object');
      const isMapping = value !== null && typeof value === 'object' && !Array.isArray(value);
      if (!isMapping || objects.length !== 1) continue;
      const { b, i } = objects[0];
      const ref = b.$ref ? `${b.$ref}/` : undefined;
      if (!(e.schemaPath.startsWith(`${union.schemaPath}/${i}/`) || (ref && e.schemaPath.startsWith(ref)))) continue;
    }
    if (e.keyword === 'anyOf') {
      const segments = segmentsOf(e.instancePath, data);
      const value = valueAt(data, segments);
      const branches = (e.parentSchema as SchemaNode | undefined)?.anyOf ?? [];
      const isMapping = value !== null && typeof value === 'object' && !Array.isArray(value);
      if (isMapping && branches.filter((b) => deref(schema, b)?.type === 'object').length === 1) continue; // the branch's own errors say it
      const accepted = branches.map((b) => describeBranch(schema, b));
      const suggestion = typeof value === 'string' ? closest(value, branches.flatMap((b) => (deref(schema, b)?.enum ?? []).map(String))) : undefined;
      const either = accepted.length > 1 ? `${accepted.slice(0, -1).join(', ')} or ${accepted[accepted.length - 1]}` : accepted.join('');
      out.push(problem(source, file, segments, 'value', `must be ${either}, `
        + `got ${show(value, segments)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`));
      continue;
    }
    out.push(one(e, data, schema, source, file));
  }
  return out;
}

function problem(source: SourceMap, file: string, segments: DataPath, prefer: 'key' | 'value', message: string): FleetFileProblem {
  return { file, position: source.positionOf(segments, prefer), field: fieldPath(segments), message };
}

function one(e: ErrorObject, data: unknown, schema: SchemaNode, source: SourceMap, file: string): FleetFileProblem {
  const segments = segmentsOf(e.instancePath, data);
  const value = valueAt(data, segments);
  const here = schemaAt(schema, segments);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys(here?.properties ?? {});
      const suggestion = closest(key, known);
      return problem(source, file, [...segments, key], 'key', `unknown key "${key}"; ${suggestion ? `did you mean "${suggestion}"? ` : ''}`
        + `the keys here are ${known.join(', ')}`);
    }
    case 'required': {
      const key = String(p.missingProperty);
      const message = `${key} is required${hint(deref(schema, here?.properties?.[key]))}; add it`;
      return { ...problem(source, file, segments, 'key', message), field: fieldPath([...segments, key]) };
    }
    case 'type': {
      const expected = String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return problem(source, file, segments, 'value', `must be ${expected}, got ${show(value, segments)}${hint(here)}`);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const suggestion = typeof value === 'string' ? closest(value, allowed.map(String)) : undefined;
      const meant = suggestion ? `; did you mean "${suggestion}"?` : '';
      return problem(source, file, segments, 'value', `must be one of ${quoted(allowed)}, got ${show(value, segments)}${meant}`);
    }
    case 'const':
      return problem(source, file, segments, 'value', `must be ${JSON.stringify(p.allowedValue)}, got ${show(value, segments)}${hint(here)}`);
    case 'minProperties':
    case 'maxProperties': {
      const keys = Object.keys(here?.properties ?? {});
      const limit = Number(p.limit);
      if (keys.length > 0 && here?.properties && limit === 1) {
        const given = value !== null && typeof value === 'object' ? Object.keys(value as object) : [];
        const got = given.length > 0 ? given.join(', ') : 'none';
        return problem(source, file, segments, 'value', `give exactly one of ${keys.join(', ')}, got ${got}`);
      }
      const bound = e.keyword === 'minProperties' ? 'at least' : 'at most';
      const what = segments[segments.length - 1] === 'clusters' ? 'add at least one cluster' : `give ${bound} ${limit} key${limit === 1 ? '' : 's'}`;
      return problem(source, file, segments, 'value', `${e.keyword === 'minProperties' ? 'is empty' : 'has too many keys'}; ${what}`);
    }
    default:
      return problem(source, file, segments, 'value', `${e.message ?? 'is invalid'}, got ${show(value, segments)}`);
  }
}
