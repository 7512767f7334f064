import { parseYamlDocuments } from '../validate/yaml-files';
import { maskFieldChange } from './secrets';

/** Rendered output as relative POSIX path -> content. */
export type FileMap = ReadonlyMap<string, string>;

/** Identity of a Kubernetes object. */
export interface ManifestRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One changed value, by path (`data.az-name`, `spec.template.spec.containers[name=x].env[name=TS_NUM].value`). */
export interface FieldChange {
  readonly path: string;
  /** undefined when the field is new. */
  readonly before?: unknown;
  /** undefined when the field was removed. */
  readonly after?: unknown;
  /** True when secret values in `before`/`after` are replaced by `<secret>` (see ./secrets). */
  readonly masked?: boolean;
}

export type ChangeAction = 'added' | 'changed' | 'removed';

/** An object that appears, disappears or changes. */
export interface ObjectChange {
  readonly action: ChangeAction;
  readonly ref: ManifestRef;
  /** File in the after-state (before-state for removed objects). */
  readonly file: string;
  /** Field-level changes (changed objects only). */
  readonly fields: readonly FieldChange[];
  readonly before?: Record<string, any>;
  readonly after?: Record<string, any>;
}

/** A file that is not a Kubernetes manifest (runbooks, host run specifications). */
export interface FileChange {
  readonly action: ChangeAction;
  readonly file: string;
  readonly before?: string;
  readonly after?: string;
}

/** Everything that changes in one output folder (`clusters/az1`, `hosts/ic-db-1`, `argocd`, ...). */
export interface FolderDiff {
  readonly folder: string;
  /** added/removed when the whole folder appears or disappears. */
  readonly status: ChangeAction;
  readonly objects: readonly ObjectChange[];
  readonly files: readonly FileChange[];
}

/** The objects and other files of one output tree, by folder. */
export interface OutputIndex {
  readonly folders: ReadonlyMap<string, FolderIndex>;
}

export interface FolderIndex {
  readonly objects: ReadonlyMap<string, { readonly ref: ManifestRef; readonly doc: Record<string, any>; readonly file: string }>;
  readonly files: ReadonlyMap<string, string>;
}

/** `clusters/<name>` and `hosts/<name>` are folders of their own; any other top-level folder is one. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return '.';
  if ((parts[0] === 'clusters' || parts[0] === 'hosts') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

/** `Kind namespace/name` or `Kind name`. */
export function refText(ref: ManifestRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits rendered files into Kubernetes objects (YAML documents with apiVersion, kind and a name) and other files. */
export function indexOutput(files: FileMap): OutputIndex {
  const folders = new Map<string, { objects: Map<string, any>; files: Map<string, string> }>();
  for (const file of [...files.keys()].sort()) {
    const content = files.get(file)!;
    const folder = folderOf(file);
    const entry = folders.get(folder) ?? { objects: new Map(), files: new Map() };
    folders.set(folder, entry);
    const manifests: Array<{ ref: ManifestRef; doc: Record<string, any> }> = [];
    let other = !/\.ya?ml$/i.test(file);
    if (!other) {
      for (const parsed of parseYamlDocuments(content)) {
        const doc = 'doc' in parsed ? parsed.doc : undefined;
        if (isObject(doc) && typeof doc.apiVersion === 'string' && typeof doc.kind === 'string' && isObject(doc.metadata) && typeof doc.metadata.name === 'string') {
          manifests.push({ ref: { apiVersion: doc.apiVersion, kind: doc.kind, namespace: doc.metadata.namespace, name: doc.metadata.name }, doc });
        } else {
          other = true; // e.g. a compose file: compared as a file
        }
      }
    }
    if (other) {
      entry.files.set(file, content);
      continue;
    }
    for (const m of manifests) {
      entry.objects.set(`${groupOf(m.ref.apiVersion)}/${m.ref.kind}/${m.ref.namespace ?? ''}/${m.ref.name}`, { ...m, file });
    }
  }
  return { folders };
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keyPath(path: string, key: string): string {
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : `["${key}"]`;
  return path === '' ? part : part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

/** Arrays of objects with unique string `name`s are matched by name, not position. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== 'string' || map.has(item.name)) return undefined;
    map.set(item.name, item);
  }
  return map;
}

/** Field-level differences between two values, in a stable order. `status` is ignored at the top. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, p: string): void => {
    if (deepEqual(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (p === '' && key === 'status') continue;
        walk(a[key], b[key], keyPath(p, key));
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const na = namedItems(a);
      const nb = namedItems(b);
      if (na && nb) {
        for (const name of [...new Set([...na.keys(), ...nb.keys()])]) walk(na.get(name), nb.get(name), `${p}[name=${name}]`);
        return;
      }
      if (a.length === b.length) {
        a.forEach((item, i) => walk(item, b[i], `${p}[${i}]`));
        return;
      }
    }
    out.push({ path: p, before: a, after: b });
  };
  walk(before, after, path);
  return out;
}

/** Compares two rendered outputs folder by folder. */
export function diffOutputs(before: OutputIndex, after: OutputIndex): FolderDiff[] {
  const result: FolderDiff[] = [];
  const names = [...new Set([...before.folders.keys(), ...after.folders.keys()])].sort();
  const empty: FolderIndex = { objects: new Map(), files: new Map() };
  for (const folder of names) {
    const b = before.folders.get(folder) ?? empty;
    const a = after.folders.get(folder) ?? empty;
    const objects: ObjectChange[] = [];
    for (const key of [...new Set([...b.objects.keys(), ...a.objects.keys()])].sort()) {
      const ob = b.objects.get(key);
      const oa = a.objects.get(key);
      if (ob && !oa) objects.push({ action: 'removed', ref: ob.ref, file: ob.file, fields: [], before: ob.doc });
      else if (!ob && oa) objects.push({ action: 'added', ref: oa.ref, file: oa.file, fields: [], after: oa.doc });
      else if (ob && oa && !deepEqual(ob.doc, oa.doc)) {
        // secret values never reach the plan: masked here, where the field diff is made
        const fields = diffFields(ob.doc, oa.doc).map((f) => maskFieldChange(oa.ref, f));
        if (fields.length > 0) objects.push({ action: 'changed', ref: oa.ref, file: oa.file, fields, before: ob.doc, after: oa.doc });
      }
    }
    const files: FileChange[] = [];
    for (const file of [...new Set([...b.files.keys(), ...a.files.keys()])].sort()) {
      const fb = b.files.get(file);
      const fa = a.files.get(file);
      if (fb !== undefined && fa === undefined) files.push({ action: 'removed', file, before: fb });
      else if (fb === undefined && fa !== undefined) files.push({ action: 'added', file, after: fa });
      else if (fb !== fa) files.push({ action: 'changed', file, before: fb, after: fa });
    }
    if (objects.length === 0 && files.length === 0) continue;
    const status: ChangeAction = !before.folders.has(folder) ? 'added' : !after.folders.has(folder) ? 'removed' : 'changed';
    result.push({ folder, status, objects, files });
  }
  return result;
}
