import * as fs from 'fs';
import * as path from 'path';
import { builtinKind, builtinSuggestions, editDistance } from './builtin-kinds';
import { type Crd, CrdCatalog, type CrdSource } from './crd-catalog';
import { CrdSchemas } from './crd-schemas';
import { metadataProblems } from './metadata';
import { documentLocation, type Finding, finding, type ValidationProblem } from './problem';
import { BundleCatalog, defaultSchemaDir } from './schema-bundle';
import { CLUSTER_SCOPED_BUILTIN_KINDS, scopeProblems } from './scope';
import { listFiles, parseYamlDocuments } from './yaml-files';

export interface ManifestValidatorOptions {
  /**
   * Folder of CRD YAML files (searched recursively), e.g. the pinned upstream CRDs. When given alone it is the only
   * source of custom resource schemas; with `schemaDir` it is looked up first.
   * @default none: the schema bundle
   */
  readonly crdDir?: string;
  /**
   * Folder of a schema bundle (`index.json` and `<group>/<kind>_<version>.json`, as `npm run regenerate` writes).
   * @default the bundle shipped with this package (`schemas/`), unless `crdDir` is given
   */
  readonly schemaDir?: string;
  /**
   * Top-level folders of a rendered output that hold no Kubernetes manifests and are skipped by
   * validateDirectory: `hosts/` (run specifications of IC database hosts, e.g. compose files) and
   * `argocd-submariner/` (Helm wrapper charts: Chart.yaml and values.yaml, rendered by Helm, not applied).
   * @default ['hosts', 'argocd-submariner']
   */
  readonly nonManifestDirs?: string[];
}

export interface DirectoryResult {
  readonly problems: ValidationProblem[];
  /** documents read (a `kind: List` counts once), parse errors included, empty ones not */
  readonly documents: number;
  /** .yaml/.yml files read */
  readonly files: number;
}

/** A document to validate: where it is, and (from validateDirectory) its file and index there. */
export interface LocatedDocument {
  readonly location: string;
  readonly doc: unknown;
  readonly file?: string;
  readonly index?: number;
}

/** How documents of one apiVersion+kind are checked, or why they cannot be. */
type Resolution =
  | { readonly check: (doc: Record<string, unknown>) => Finding[]; readonly namespaced: boolean }
  | { readonly problem: Finding };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Group of an apiVersion: `apps/v1` -> `apps`, core `v1` -> ``. */
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Checks manifests as the API server would before applying them: built-in kinds against kubernetes-models
 * (Kubernetes 1.33), custom resources against their CRD's structural schema (strict: unknown fields are errors),
 * scope, minimal ObjectMeta rules and duplicates. Every problem is one line with its document and field.
 */
export class ManifestValidator {
  private readonly sources: CrdSource[];
  private readonly schemas = new CrdSchemas();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly nonManifestDirs: ReadonlySet<string>;

  /** Throws (one line, with the fix) when a CRD folder or schema bundle cannot be read. */
  constructor(options: ManifestValidatorOptions = {}) {
    this.nonManifestDirs = new Set(options.nonManifestDirs ?? ['hosts', 'argocd-submariner']);
    this.sources = [];
    if (options.crdDir !== undefined) {
      const dir = path.resolve(options.crdDir);
      if (!isDirectory(dir)) throw new Error(`CRD folder not found: ${dir}`);
      this.sources.push(new CrdCatalog(dir));
    }
    if (options.schemaDir !== undefined || options.crdDir === undefined) {
      this.sources.push(new BundleCatalog(path.resolve(options.schemaDir ?? defaultSchemaDir())));
    }
  }

  /** CRD files that were skipped (unparsable YAML, duplicate definitions); filled as CRDs are loaded. */
  get warnings(): readonly string[] {
    return this.sources.flatMap((s) => s.warnings);
  }

  /** schema + scope problems of one document; location is used as the location of each problem */
  validateDocument(doc: unknown, location: string): ValidationProblem[] {
    return this.documentFindings(doc).map((f) => ({ location, ...f }));
  }

  /**
   * validateDocument for each + duplicate objects (same apiVersion group/kind/namespace/name) within the set. The
   * items of a `kind: List` are validated as documents of their own, located `<location> items[<i>]`.
   */
  validateSet(docs: ReadonlyArray<LocatedDocument>): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const seen = new Map<string, string>();
    const at = (d: LocatedDocument, f: Finding): ValidationProblem => ({
      location: d.location,
      ...f,
      ...(d.file === undefined ? {} : { file: d.file, index: d.index }),
    });
    for (const d of unwrapLists(docs, problems)) {
      for (const f of this.documentFindings(d.doc)) problems.push(at(d, f));
      const id = identity(d.doc);
      if (id === undefined) continue;
      const first = seen.get(id.key);
      if (first === undefined) seen.set(id.key, d.location);
      else problems.push(at(d, finding('metadata.name', `duplicate object: ${id.text} is also defined at ${first}`)));
    }
    return problems;
  }

  /**
   * Validates every .yaml/.yml file below `dir`. Duplicates are looked for per destination: each
   * `clusters/<name>/` folder is applied to its own cluster, every other top-level folder (argocd/, flux/, ...)
   * and the files directly in `dir` form one set each. A folder with no document is a problem ("nothing to
   * validate"), not a success.
   */
  validateDirectory(dir: string): DirectoryResult {
    const { files, others } = this.manifestFiles(dir);
    const { problems, documents } = this.validateFileSets(dir, destinationSets(files));
    return directoryResult(dir, files, others, problems, documents);
  }

  /** The .yaml/.yml files below `dir` that validateDirectory reads, and how many other files it ignores. */
  manifestFiles(dir: string): { readonly files: string[]; readonly others: number } {
    const all = listFiles(dir).filter((f) => !this.nonManifestDirs.has(f.split('/')[0]) || !f.includes('/'));
    const files = all.filter((f) => /\.ya?ml$/i.test(f));
    return { files, others: all.length - files.length };
  }

  /** Validates the files of each set (paths relative to `dir`), duplicates looked for within a set. */
  validateFileSets(dir: string, sets: ReadonlyArray<readonly string[]>): { problems: ValidationProblem[]; documents: number } {
    const problems: ValidationProblem[] = [];
    let documents = 0;
    for (const set of sets) {
      // one set at a time: only its documents are kept while it is checked
      const entries: LocatedDocument[] = [];
      for (const file of set) {
        for (const parsed of parseYamlDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
          documents++;
          if ('error' in parsed) {
            problems.push({ location: `${file}#${parsed.index}`, file, index: parsed.index, path: '', message: `YAML parse error: ${parsed.error}` });
          } else {
            entries.push({ location: documentLocation(file, parsed.index, parsed.doc), doc: parsed.doc, file, index: parsed.index });
          }
        }
      }
      problems.push(...this.validateSet(entries));
    }
    return { problems, documents };
  }

  private documentFindings(doc: unknown): Finding[] {
    if (!isObject(doc)) return [finding('', 'not a Kubernetes object: expected a mapping with apiVersion and kind')];
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return [finding('', 'not a Kubernetes object: apiVersion and kind must be non-empty strings')];
    }
    const findings = metadataProblems(doc);
    const resolution = this.resolve(apiVersion, kind);
    if ('problem' in resolution) {
      findings.push(resolution.problem);
    } else {
      findings.push(...resolution.check(doc));
      if (isObject(doc.metadata)) findings.push(...scopeProblems(kind, resolution.namespaced, doc.metadata.namespace));
    }
    const seen = new Set<string>();
    return findings.filter((f) => !seen.has(f.message) && seen.add(f.message));
  }

  private resolve(apiVersion: string, kind: string): Resolution {
    const key = `${apiVersion} ${kind}`;
    let resolution = this.resolutions.get(key);
    if (!resolution) {
      resolution = this.resolveUncached(apiVersion, kind);
      this.resolutions.set(key, resolution);
    }
    return resolution;
  }

  private find(group: string, kind: string): Crd | undefined {
    for (const s of this.sources) {
      const crd = s.find(group, kind);
      if (crd) return crd;
    }
    return undefined;
  }

  private hasGroup(group: string): boolean {
    return this.sources.some((s) => s.hasGroup(group));
  }

  private resolveUncached(apiVersion: string, kind: string): Resolution {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group ? group.length + 1 : 0);
    let crd = group === '' ? undefined : this.find(group, kind); // the core group is never a CRD's
    if (!crd && !this.hasGroup(group)) {
      const builtin = builtinKind(apiVersion, kind);
      if (builtin) return { check: (doc) => builtin.validate(doc), namespaced: !CLUSTER_SCOPED_BUILTIN_KINDS.has(kind) };
      this.sources.forEach((s) => s.loadAll()); // a lazy source's quick text match may have missed a CRD
      crd = group === '' ? undefined : this.find(group, kind);
    }
    if (!crd) return { problem: this.unknownKind(apiVersion, group, kind) };
    const v = crd.versions.get(version);
    if (!v || !v.served) {
      const served = [...crd.versions.values()].filter((x) => x.served).map((x) => `${group}/${x.name}`);
      return { problem: finding('apiVersion', `${apiVersion} is not a served version of ${kind} (served: ${served.join(', ')})`) };
    }
    try {
      const check = this.schemas.checker(crd, version);
      return { check, namespaced: crd.namespaced };
    } catch (e) {
      // a setup problem (e.g. a format we do not implement), reported on every document it stops us checking
      return { problem: finding('', `cannot check this document: ${(e as Error).message}`) };
    }
  }

  private unknownKind(apiVersion: string, group: string, kind: string): Finding {
    if (this.hasGroup(group)) {
      const known = [...new Set(this.sources.flatMap((s) => s.kindsOf(group)))].sort(compare);
      const close = known.filter((k) => editDistance(k.toLowerCase(), kind.toLowerCase()) <= 2);
      const hint = close.length > 0 ? `; did you mean ${close.join(' or ')}?` : '';
      return finding('kind', `no CRD defines kind ${kind} in group ${group} (known kinds: ${known.join(', ')})${hint}`);
    }
    const skippedFiles = this.warnings.map((w) => w.split(':')[0]);
    const skipped = skippedFiles.length ? `; skipped CRD files: ${skippedFiles.join(', ')}` : '';
    const sources = this.sources.map((s) => s.description).join(' or ');
    const suggestions = builtinSuggestions(apiVersion, kind);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : '';
    return finding('kind', `no schema for ${apiVersion} ${kind} (neither a built-in kind nor a CRD in ${sources}${skipped})${hint}`);
  }
}

/**
 * The documents with every `kind: List` replaced by its items (kubectl applies the items of a List, not the List).
 * What is wrong with the List itself goes into `problems`.
 */
function unwrapLists(docs: ReadonlyArray<LocatedDocument>, problems: ValidationProblem[]): LocatedDocument[] {
  const out: LocatedDocument[] = [];
  const visit = (d: LocatedDocument): void => {
    const doc = d.doc;
    if (!isObject(doc) || doc.kind !== 'List' || doc.apiVersion !== 'v1') {
      out.push(d);
      return;
    }
    const report = (f: Finding) => problems.push({ location: d.location, ...f, ...(d.file === undefined ? {} : { file: d.file, index: d.index }) });
    for (const key of Object.keys(doc)) if (!['apiVersion', 'kind', 'metadata', 'items'].includes(key)) report({ path: key, message: `unknown field "${key}"` });
    if (!Array.isArray(doc.items)) {
      report(finding('items', 'a List must have items: a list of Kubernetes objects'));
      return;
    }
    const base = d.location.replace(/ \(List[^)]*\)$/, '');
    doc.items.forEach((item, i) => {
      const what = documentLocation('', 0, item).replace(/^#0/, '');
      visit({ ...d, location: `${base} items[${i}]${what}`, doc: item });
    });
  };
  docs.forEach(visit);
  return out;
}

/**
 * The result of a folder: problems in file order, then document order (a document's own problems keep their
 * order: the sort is stable), and "nothing to validate" when there was no document.
 */
export function directoryResult(dir: string, files: readonly string[], others: number, problems: ValidationProblem[], documents: number): DirectoryResult {
  if (documents === 0) {
    const what = files.length > 0
      ? `${files.length} YAML file${files.length === 1 ? '' : 's'} but no document in them`
      : `no .yaml or .yml file in this folder (${others} other file${others === 1 ? '' : 's'})`;
    problems.push({ location: dir, path: '', message: `nothing to validate: ${what}; point at the rendered output folder` });
  }
  const position = new Map(files.map((f, i) => [f, i]));
  problems.sort((a, b) => (position.get(a.file ?? '') ?? -1) - (position.get(b.file ?? '') ?? -1) || (a.index ?? 0) - (b.index ?? 0));
  return { problems, documents, files: files.length };
}

/** Top-level folders whose subfolders each go to one cluster: `clusters/<name>/` and `nodes/<name>/` (its node labels). */
const PER_CLUSTER_DIRS = new Set(['clusters', 'nodes']);

/**
 * The files of each destination set, in file order: one per cluster (`clusters/<name>/` with `nodes/<name>/`), each
 * other top-level folder, the top level.
 */
export function destinationSets(files: readonly string[]): string[][] {
  const sets = new Map<string, string[]>();
  for (const file of files) {
    const parts = file.split('/');
    const key = PER_CLUSTER_DIRS.has(parts[0]) && parts.length > 2 ? `cluster ${parts[1]}` : parts.length > 1 ? parts[0] : '';
    const set = sets.get(key);
    if (set) set.push(file);
    else sets.set(key, [file]);
  }
  return [...sets.values()];
}

function identity(doc: unknown): { key: string; text: string } | undefined {
  if (!isObject(doc) || !isObject(doc.metadata) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return undefined;
  const { name, namespace } = doc.metadata;
  if (typeof name !== 'string') return undefined;
  const ns = typeof namespace === 'string' && namespace !== '' ? namespace : '';
  return {
    key: JSON.stringify([groupOf(doc.apiVersion), doc.kind, ns, name]),
    text: `${doc.kind} ${ns ? `${ns}/` : ''}${name}`,
  };
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

let bundleValidator: ManifestValidator | undefined;

/**
 * The schema problems of a rendered document that concern the given field paths (`spec.x`: the path itself or
 * anything below it), against the schema bundle shipped with the package (the one `npm run validate` uses; read
 * once, each kind's schema compiled on first use). For the construct escape hatches (`extraSpec`), whose typed
 * fields have rules of their own.
 */
export function schemaProblemsAt(doc: unknown, paths: readonly string[]): ValidationProblem[] {
  if (paths.length === 0) return [];
  bundleValidator ??= new ManifestValidator();
  return bundleValidator.validateDocument(doc, 'extraSpec')
    .filter((p) => paths.some((o) => p.path === o || p.path.startsWith(`${o}.`) || p.path.startsWith(`${o}[`)));
}
