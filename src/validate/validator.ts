import * as fs from 'fs';
import * as path from 'path';
import { builtinKind } from './builtin-kinds';
import { CrdCatalog } from './crd-catalog';
import { CrdSchemas } from './crd-schemas';
import { metadataProblems } from './metadata';
import { documentLocation, type ValidationProblem } from './problem';
import { CLUSTER_SCOPED_BUILTIN_KINDS, scopeProblems } from './scope';
import { listYamlFiles, parseYamlDocuments } from './yaml-files';

export interface ManifestValidatorOptions {
  /**
   * folder holding the CRD YAML files (searched recursively).
   * @default process.env.OVN_IC_CRD_DIR ?? '../shared/crds' resolved against process.cwd()
   */
  readonly crdDir?: string;
  /**
   * Top-level folders of a rendered output that hold no Kubernetes manifests and are skipped by
   * validateDirectory: `hosts/` (run specifications of IC database hosts, e.g. compose files).
   * @default ['hosts']
   */
  readonly nonManifestDirs?: string[];
}

export interface DirectoryResult {
  readonly problems: ValidationProblem[];
  readonly documents: number;
  readonly files: number;
}

/** How documents of one apiVersion+kind are checked, or why they cannot be. */
type Resolution =
  | { readonly check: (doc: Record<string, unknown>) => string[]; readonly namespaced: boolean }
  | { readonly problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Group of an apiVersion: `apps/v1` -> `apps`, core `v1` -> ``. */
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

export class ManifestValidator {
  readonly crdDir: string;
  private readonly crds: CrdCatalog;
  private readonly schemas = new CrdSchemas();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly nonManifestDirs: ReadonlySet<string>;

  constructor(options: ManifestValidatorOptions = {}) {
    this.nonManifestDirs = new Set(options.nonManifestDirs ?? ['hosts']);
    this.crdDir = path.resolve(options.crdDir ?? process.env.OVN_IC_CRD_DIR ?? '../shared/crds');
    this.crds = new CrdCatalog(this.crdDir);
  }

  /** CRD files that were skipped (unparsable YAML, duplicate definitions); filled as CRDs are loaded. */
  get warnings(): readonly string[] {
    return this.crds.warnings;
  }

  /** schema + scope problems of one document; location is used as the prefix of each problem */
  validateDocument(doc: unknown, location: string): ValidationProblem[] {
    const problem = (message: string): ValidationProblem => ({ location, message });
    if (!isObject(doc)) return [problem('not a Kubernetes object: expected a mapping with apiVersion and kind')];
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return [problem('not a Kubernetes object: apiVersion and kind must be non-empty strings')];
    }
    const messages = metadataProblems(doc);
    const resolution = this.resolve(apiVersion, kind);
    if ('problem' in resolution) {
      messages.push(resolution.problem);
    } else {
      messages.push(...resolution.check(doc));
      if (isObject(doc.metadata)) messages.push(...scopeProblems(kind, resolution.namespaced, doc.metadata.namespace));
    }
    return [...new Set(messages)].map(problem);
  }

  /** validateDocument for each + duplicate objects (same apiVersion group/kind/namespace/name) within the set */
  validateSet(docs: ReadonlyArray<{ location: string; doc: unknown }>): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const seen = new Map<string, string>();
    for (const { location, doc } of docs) {
      problems.push(...this.validateDocument(doc, location));
      const id = identity(doc);
      if (id === undefined) continue;
      const first = seen.get(id.key);
      if (first === undefined) seen.set(id.key, location);
      else problems.push({ location, message: `duplicate object: ${id.text} is also defined at ${first}` });
    }
    return problems;
  }

  /**
   * Validates every .yaml/.yml file below `dir`. Duplicates are looked for per destination: each
   * `clusters/<name>/` folder is applied to its own cluster, every other top-level folder (argocd/, flux/, ...)
   * and the files directly in `dir` form one set each.
   */
  validateDirectory(dir: string): DirectoryResult {
    const files = listYamlFiles(dir).filter((f) => !this.nonManifestDirs.has(f.split('/')[0]) || !f.includes('/'));
    const sets = new Map<string, number[]>(); // set -> positions of its files in `files`
    files.forEach((file, position) => {
      const parts = file.split('/');
      const setKey = parts[0] === 'clusters' && parts.length > 2 ? `clusters/${parts[1]}` : parts.length > 1 ? parts[0] : '';
      const set = sets.get(setKey);
      if (set) set.push(position);
      else sets.set(setKey, [position]);
    });
    const problems: ValidationProblem[] = [];
    const order = new Map<string, number>(); // location -> position in the files, to report in file order
    // one set at a time: only its documents are kept while it is checked
    for (const positions of sets.values()) {
      const set: Array<{ location: string; doc: unknown }> = [];
      for (const position of positions) {
        const file = files[position];
        for (const parsed of parseYamlDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
          const location = 'error' in parsed ? `${file}#${parsed.index}` : documentLocation(file, parsed.index, parsed.doc);
          order.set(location, position * 1e6 + parsed.index);
          if ('error' in parsed) problems.push({ location, message: `YAML parse error: ${parsed.error}` });
          else set.push({ location, doc: parsed.doc });
        }
      }
      problems.push(...this.validateSet(set));
    }
    problems.sort((a, b) => order.get(a.location)! - order.get(b.location)!); // stable: a document's own order stays
    return { problems, documents: order.size, files: files.length };
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

  private resolveUncached(apiVersion: string, kind: string): Resolution {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group ? group.length + 1 : 0);
    let crd = this.crds.find(group, kind);
    if (!crd && !this.crds.hasGroup(group)) {
      const builtin = builtinKind(apiVersion, kind);
      if (builtin) return { check: (doc) => builtin.validate(doc), namespaced: !CLUSTER_SCOPED_BUILTIN_KINDS.has(kind) };
      this.crds.loadAll(); // the quick text match may have missed a CRD: be sure before calling it unknown
      crd = this.crds.find(group, kind);
    }
    if (!crd) {
      if (this.crds.hasGroup(group)) {
        return { problem: `no CRD defines kind ${kind} in group ${group} (known kinds: ${this.crds.kindsOf(group).join(', ')})` };
      }
      const skipped = this.crds.warnings.length ? `; skipped CRD files: ${this.crds.warnings.map((w) => w.split(':')[0]).join(', ')}` : '';
      return { problem: `no schema for ${apiVersion} ${kind} (neither a built-in kind nor a CRD in ${this.crdDir}${skipped})` };
    }
    const v = crd.versions.get(version);
    if (!v || !v.served) {
      const served = [...crd.versions.values()].filter((x) => x.served).map((x) => `${group}/${x.name}`);
      return { problem: `${apiVersion} is not a served version of ${kind} (served: ${served.join(', ')})` };
    }
    const found = crd;
    return { check: (doc) => this.schemas.validate(found, version, doc), namespaced: found.namespaced };
  }
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
