import * as fs from 'fs';
import * as path from 'path';
import { listYamlFiles, parseYamlDocuments } from './yaml-files';

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: unknown;
}

export interface Crd {
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly versions: ReadonlyMap<string, CrdVersion>;
  readonly file: string;
}

/** Where CRDs come from: a folder of CRD YAML files, the schema bundle, or several of them in order. */
export interface CrdSource {
  /** e.g. `the CRDs in /x/crds` */
  readonly description: string;
  /** Files that could not be used; filled as CRDs are loaded. */
  readonly warnings: readonly string[];
  find(group: string, kind: string): Crd | undefined;
  hasGroup(group: string): boolean;
  kindsOf(group: string): string[];
  /** Loads everything a lazy source has not loaded yet. */
  loadAll(): void;
}

interface PendingFile {
  readonly file: string;
  readonly text: string;
}

/**
 * The CRDs of a folder, parsed on demand: parsing all of them costs ~0.9 s (the Argo CD ones are 1.8 MB), so a
 * lookup first parses only the files with a `group: <group>` line (those with a `kind: <Kind>` line first).
 * That text match is only a shortcut: `loadAll()` parses the rest before anyone concludes a kind is unknown.
 */
export class CrdCatalog implements CrdSource {
  private readonly warningList: string[] = [];
  private pending?: PendingFile[];
  private readonly groups = new Map<string, Map<string, Crd>>();

  constructor(readonly dir: string) {}

  get description(): string {
    return `the CRDs in ${this.dir}`;
  }

  /** Files that could not be used (e.g. YAML the `yaml` package rejects); they are skipped, not fatal. */
  get warnings(): readonly string[] {
    return this.warningList;
  }

  find(group: string, kind: string): Crd | undefined {
    const found = this.groups.get(group)?.get(kind);
    if (found || group === '') return found; // the core group is never a CRD's
    const mentions = (f: PendingFile, key: string, value: string) =>
      new RegExp(`^\\s*${key}:\\s*["']?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`, 'm').test(f.text);
    const candidates = this.files()
      .filter((f) => mentions(f, 'group', group))
      .sort((a, b) => Number(mentions(b, 'kind', kind)) - Number(mentions(a, 'kind', kind)));
    for (const f of candidates) {
      this.parse(f);
      const crd = this.groups.get(group)?.get(kind);
      if (crd) return crd;
    }
    return undefined;
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  kindsOf(group: string): string[] {
    return [...(this.groups.get(group)?.keys() ?? [])].sort();
  }

  loadAll(): void {
    for (const f of [...this.files()]) this.parse(f);
  }

  private files(): PendingFile[] {
    if (!this.pending) {
      if (!fs.existsSync(this.dir)) throw new Error(`CRD folder not found: ${this.dir}`);
      this.pending = listYamlFiles(this.dir).map((file) => ({
        file,
        text: fs.readFileSync(path.join(this.dir, file), 'utf8'),
      }));
    }
    return this.pending;
  }

  private parse(f: PendingFile): void {
    this.pending = this.pending!.filter((p) => p !== f);
    const docs = parseYamlDocuments(f.text);
    const broken = docs.find((d) => 'error' in d);
    if (broken && 'error' in broken) {
      this.warningList.push(`${f.file}: skipped, YAML parse error: ${broken.error}`);
      return;
    }
    for (const d of docs) {
      const crd = 'doc' in d ? toCrd(d.doc, f.file) : undefined;
      if (!crd) continue;
      const kinds = this.groups.get(crd.group) ?? new Map<string, Crd>();
      this.groups.set(crd.group, kinds);
      const existing = kinds.get(crd.kind);
      if (existing) this.warningList.push(`${f.file}: ${crd.group}/${crd.kind} already defined in ${existing.file}, ignored`);
      else kinds.set(crd.kind, crd);
    }
  }
}

function toCrd(doc: any, file: string): Crd | undefined {
  if (doc?.kind !== 'CustomResourceDefinition' || typeof doc.spec?.group !== 'string') return undefined;
  const versions = new Map<string, CrdVersion>();
  for (const v of doc.spec.versions ?? []) {
    versions.set(v.name, { name: v.name, served: v.served === true, schema: v.schema?.openAPIV3Schema });
  }
  return { group: doc.spec.group, kind: doc.spec.names?.kind, namespaced: doc.spec.scope !== 'Cluster', versions, file };
}
