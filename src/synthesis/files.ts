import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { withFastToJson } from './api-object-json';
import { toYaml } from './yaml';

/** Characters that are safe in a file name on every platform and in Argo CD/Flux paths. */
function safe(part: unknown): string {
  return String(part).replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * One file per object: `<Kind>.<name>.k8s.yaml`, or `<Kind>.<namespace>.<name>.k8s.yaml` for
 * namespaced objects. Unlike cdk8s's own layouts the name never gains a `0000-` prefix and the
 * namespace keeps same-named objects apart.
 */
export function fileNameOf(doc: { kind: string; metadata: { name?: string; namespace?: string } }): string {
  const parts = [doc.kind, doc.metadata.namespace, doc.metadata.name].filter((p): p is string => !!p);
  return `${parts.map(safe).join('.')}.k8s.yaml`;
}

/** A rendered document and the file it goes to, relative to the output folder. */
export interface RenderedFile {
  readonly file: string;
  readonly content: string;
}

/** An object of a chart as rendered: its document (`toJson()`, once) and where it came from. */
export interface SynthesizedObject {
  readonly path: string;
  readonly doc: any;
  readonly file: string;
}

/**
 * The objects of one chart, each synthesized once (`toJson()` resolves Lazy values and applies JSON
 * patches), in construct-tree order, with their files under `dir`. Two objects for one file are
 * reported in `errors` and the second is left out; `files` holds the files already taken (by other
 * charts written into the same folder). `toJson()` takes cdk8s's own path only for objects that are not plain
 * data ({@link withFastToJson}).
 */
export function synthesizeChart(chart: Chart, dir: string, errors: string[], files = new Set<string>()): SynthesizedObject[] {
  return withFastToJson(() => synthesizeObjects(chart, dir, errors, files));
}

function synthesizeObjects(chart: Chart, dir: string, errors: string[], files: Set<string>): SynthesizedObject[] {
  const result: SynthesizedObject[] = [];
  for (const obj of chart.node.findAll()) {
    if (!(obj instanceof ApiObject)) continue;
    let doc;
    try {
      doc = obj.toJson();
    } catch (e) {
      // a value of the wrong type from JavaScript (an object where a string goes): cdk8s cannot serialize it;
      // the construct's own validation names the field, this keeps the render going and says where
      const cause = e instanceof TypeError ? '' : ` (${(e as Error).message.replace(/^Failed serializing construct at path '[^']*' with name '[^']*': (Error: )?/, '')})`;
      errors.push(`[${obj.node.path}] cannot be rendered: a field holds a value of the wrong type${cause}; see the other problems of this path and pass the documented type`);
      continue;
    }
    if (typeof doc?.metadata?.name !== 'string' || doc.metadata.name === '') {
      errors.push(`[${obj.node.path}] cannot be rendered: its metadata.name is ${JSON.stringify(doc?.metadata?.name) ?? 'missing'}; give the object a name (a non-empty string)`);
      continue;
    }
    const file = path.posix.join(dir, fileNameOf({ kind: doc.kind, metadata: doc.metadata ?? {} }));
    if (files.has(file)) {
      errors.push(`[${obj.node.path}] ${doc.kind} "${doc.metadata?.name}" would overwrite ${file}; another object of this kind has the same name${doc.metadata?.namespace ? ' and namespace' : ''}, rename one of them`);
      continue;
    }
    files.add(file);
    result.push({ path: obj.node.path, doc, file });
  }
  return result;
}

/** The files of a chart's objects: what cdk8s would write, one object per file ({@link fileNameOf}). */
export function renderChart(chart: Chart, dir: string, errors: string[] = []): RenderedFile[] {
  return synthesizeChart(chart, dir, errors).map((o) => ({ file: o.file, content: toYaml(o.doc) }));
}
