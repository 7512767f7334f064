import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Yaml } from 'cdk8s';
import { Fleet, FleetValidationError } from './fleet';

/** What a render wrote. */
export interface RenderResult {
  readonly files: number;
  readonly warnings: string[];
}

/** A rendered document and the file it goes to, relative to the output folder. */
export interface RenderedFile {
  readonly file: string;
  readonly content: string;
}

/** Characters that are safe in a file name on every platform and in Argo CD/Flux paths. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
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

/** Renders the manifests of one chart into files under `dir`; refuses two objects in one file. */
export function renderChart(chart: Chart, dir: string): RenderedFile[] {
  const files = new Map<string, string>();
  const errors: string[] = [];
  // toJson resolves Lazy values and applies JSON patches; one chart per App keeps it linear
  for (const obj of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
    const doc = obj.toJson();
    const file = path.posix.join(dir, fileNameOf(doc));
    if (files.has(file)) {
      errors.push(`[${obj.node.path}] ${doc.kind} "${doc.metadata.name}" would overwrite ${file}; another object of this kind has the same name${doc.metadata.namespace ? ' and namespace' : ''}, rename one of them`);
      continue;
    }
    files.set(file, Yaml.stringify(doc));
  }
  if (errors.length > 0) throw new FleetValidationError(errors);
  return [...files].map(([file, content]) => ({ file, content }));
}

/** Every file of the fleet's output, validated first; throws {@link FleetValidationError} on any problem. */
export function renderFleetFiles(fleet: Fleet): { files: RenderedFile[]; warnings: string[] } {
  const problems = fleet.validate();
  if (problems.errors.length > 0) throw new FleetValidationError(problems.errors, problems.warnings);
  const files: RenderedFile[] = [];
  const errors: string[] = [];
  const charts = [
    ...fleet.clusters.map((c) => ({ dir: `clusters/${c.name}`, chart: c.chart as Chart })),
    ...fleet.outputCharts,
  ];
  for (const { dir, chart } of charts) {
    try {
      files.push(...renderChart(chart, dir));
    } catch (e) {
      if (!(e instanceof FleetValidationError)) throw e;
      errors.push(...e.errors);
    }
  }
  if (errors.length > 0) throw new FleetValidationError(errors, problems.warnings);
  // produced last: a summary file may describe what was rendered
  files.push(...fleet.files.map(({ file, produce }) => ({ file, content: produce() })));
  return { files, warnings: problems.warnings };
}

/**
 * Renders the fleet into `outdir` atomically: everything is written to a staging folder next to
 * it and swapped in only when the whole render succeeded, so a bad input never leaves `outdir`
 * partial, empty or stale.
 */
export function renderFleet(fleet: Fleet, outdir: string): RenderResult {
  const { files, warnings } = renderFleetFiles(fleet);
  const target = path.resolve(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}-staging-`));
  try {
    for (const f of files) {
      const full = path.join(staging, f.file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, f.content);
    }
    const old = `${staging}-old`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return { files: files.length, warnings };
}
