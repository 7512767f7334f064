import * as path from 'path';
import { Chart } from 'cdk8s';
import { Fleet, FleetValidationError } from './fleet';
import { writeOutputFolder } from './output-folder';
import { apiObjectsOf, releaseText, synthesize, withSynthesis } from './synthesis';

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

/** Receives the rendered files in output order. */
type FileSink = (file: string, content: string) => void;

/**
 * Renders the objects of one chart, each once (`toJson()` resolves Lazy values and applies JSON
 * patches; one chart per App keeps it linear), into files under `dir`. Two objects for one file are
 * reported in `errors`; nothing more is emitted once there are errors.
 */
function renderChartInto(chart: Chart, dir: string, emit: FileSink, errors: string[]): void {
  const files = new Set<string>();
  for (const obj of apiObjectsOf(chart)) {
    const doc = synthesize(obj);
    const file = path.posix.join(dir, fileNameOf({ kind: doc.kind, metadata: doc }));
    if (files.has(file)) {
      errors.push(`[${obj.node.path}] ${doc.kind} "${doc.name}" would overwrite ${file}; another object of this kind has the same name${doc.namespace ? ' and namespace' : ''}, rename one of them`);
      continue;
    }
    files.add(file);
    if (errors.length === 0) emit(file, doc.yaml!);
    releaseText(obj);
  }
}

/** Renders the manifests of one chart into files under `dir`; refuses two objects in one file. */
export function renderChart(chart: Chart, dir: string): RenderedFile[] {
  const files: RenderedFile[] = [];
  const errors: string[] = [];
  renderChartInto(chart, dir, (file, content) => files.push({ file, content }), errors);
  if (errors.length > 0) throw new FleetValidationError(errors);
  return files;
}

/**
 * Validates the fleet and emits every file of its output in order: the clusters (sorted), the
 * output charts (sorted by folder), then the extra files. Throws {@link FleetValidationError} on
 * any problem, before emitting anything when validation fails.
 */
function renderFleetInto(fleet: Fleet, emit: FileSink): { files: number; warnings: string[] } {
  // preparers change the tree; the synthesis starts once they are done
  fleet.prepare();
  return withSynthesis(() => {
    const problems = fleet.validate();
    if (problems.errors.length > 0) throw new FleetValidationError(problems.errors, problems.warnings);
    const errors: string[] = [];
    let files = 0;
    const count: FileSink = (file, content) => {
      files++;
      emit(file, content);
    };
    for (const c of fleet.clusters) renderChartInto(c.chart, `clusters/${c.name}`, count, errors);
    for (const { dir, chart } of fleet.outputCharts) renderChartInto(chart, dir, count, errors);
    if (errors.length > 0) throw new FleetValidationError(errors, problems.warnings);
    // produced last: a summary file may describe what was rendered
    for (const { file, produce } of fleet.files) count(file, produce());
    return { files, warnings: problems.warnings };
  });
}

/** Every file of the fleet's output, validated first; throws {@link FleetValidationError} on any problem. */
export function renderFleetFiles(fleet: Fleet): { files: RenderedFile[]; warnings: string[] } {
  const files: RenderedFile[] = [];
  const { warnings } = renderFleetInto(fleet, (file, content) => files.push({ file, content }));
  return { files, warnings };
}

/**
 * Renders the fleet into `outdir` atomically (see {@link writeOutputFolder}): the folder is checked
 * first, everything is written to a staging folder as it is rendered and swapped in only when the
 * whole render succeeded, so a bad input never leaves `outdir` partial, empty, stale or mixed.
 */
export function renderFleet(fleet: Fleet, outdir: string): RenderResult {
  let warnings: string[] = [];
  const written = writeOutputFolder(outdir, (emit) => {
    warnings = renderFleetInto(fleet, emit).warnings;
  });
  return { files: written.files, warnings: [...warnings, ...written.warnings] };
}
