import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from '../fleet/model';
import { type FleetSource, renderFleetInParallel } from '../fleet/parallel';
import { FleetValidationError, RenderResult, validateFleet } from '../fleet/render';
import { FleetFileProblem, formatFileProblem, loadFleetFileText, LoadedFleetFile, sortProblems } from './load';

/** True when `arg` names a fleet file (YAML or JSON) rather than a fleet module. */
export function isFleetFile(arg: string | undefined): boolean {
  return typeof arg === 'string' && /\.(ya?ml|json)$/i.test(arg);
}

/**
 * Reads and loads a fleet file. `file` is shown in messages as given; relative paths inside the file
 * (`crds.fromFiles`) are relative to its folder. Never throws: an unreadable file is a problem.
 */
export function readFleetFile(file: string, cwd: string = process.cwd(), read?: (text: string) => void): LoadedFleetFile {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    if (fs.statSync(full).isDirectory()) throw new Error('it is a folder');
    text = fs.readFileSync(full, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message;
    const message = `cannot read the fleet file (${why}); give the path of a fleet.yaml or fleet.json`;
    return { file, problems: [{ file, field: '', message }], locate: (p) => ({ file, field: '', message: p }) };
  }
  read?.(text);
  return loadFleetFileText(text, file, { baseDir: path.dirname(full) });
}

/** Every problem and warning of a fleet file: the file's own, then what the render finds, each at its place in the file. */
export interface FleetFileCheck {
  readonly errors: readonly FleetFileProblem[];
  readonly warnings: readonly FleetFileProblem[];
}

/**
 * The file's problems and the render's, all at once. A problem the render finds on a field the schema
 * already reports (a wrong type, a missing key, inside the field) is left out: the schema's message says it
 * first. Problems of an object as a whole are always kept.
 */
export function checkFleetFile(
  loaded: LoadedFleetFile,
  model?: { readonly errors: readonly string[]; readonly warnings: readonly string[] },
): FleetFileCheck {
  let found = model;
  if (!found && loaded.fleet) {
    try {
      found = validateFleet(loaded.fleet);
    } catch (e) {
      found = { errors: loaded.problems.length > 0 ? [] : [`the fleet cannot be rendered: ${(e as Error).message.split('\n')[0]}`], warnings: [] };
    }
  }
  const claimed = loaded.problems.map((p) => p.field).filter((f) => f !== '');
  const inside = (claim: string, field: string) => claim === field || claim.startsWith(`${field}.`) || claim.startsWith(`${field}[`);
  const covered = (p: FleetFileProblem) => p.field !== '' && !p.wholeObject && claimed.some((c) => inside(c, p.field));
  const errors = (found?.errors ?? []).map((e) => loaded.locate(e)).filter((p) => !covered(p));
  const warnings = (found?.warnings ?? []).map((w) => loaded.locate(w));
  return { errors: sortProblems([...loaded.problems, ...errors]), warnings: sortProblems(warnings) };
}

/**
 * A fleet builder for `runRender` and `plan`: loads the file and returns its fleet, or throws a
 * {@link FleetValidationError} with every problem at its place in the file. `format` turns the
 * problems the render itself finds into the same form.
 */
export function fleetFileBuild(file: string, cwd: string = process.cwd()): { build: () => Fleet; format: (problem: string) => string; source: () => FleetSource | undefined } {
  let loaded: LoadedFleetFile | undefined;
  let text: string | undefined;
  const build = () => {
    loaded = readFleetFile(file, cwd, (t) => (text = t));
    if (loaded.problems.length > 0 || !loaded.fleet) {
      const check = checkFleetFile(loaded);
      throw new FleetValidationError(check.errors.map(formatFileProblem), check.warnings.map(formatFileProblem));
    }
    return loaded.fleet;
  };
  // problems of the render are `[construct path] message`; the file's own are already placed
  const format = (problem: string) => (loaded && problem.startsWith('[') ? formatFileProblem(loaded.locate(problem)) : problem);
  // the render threads parse the text this thread read (not the file again: it may change meanwhile)
  const source = () => (text === undefined ? undefined : { module: __filename, export: 'fleetOfFileText', args: [text, file, path.dirname(path.resolve(cwd, file))] });
  return { build, format, source };
}

/** The fleet of a fleet file's text (a render thread's fleet source, see {@link fleetFileBuild}); throws on a problem. */
export function fleetOfFileText(text: string, file: string, baseDir: string): Fleet {
  const loaded = loadFleetFileText(text, file, { baseDir });
  if (loaded.problems.length > 0 || !loaded.fleet) throw new Error(`${file} has ${loaded.problems.length} problem(s); check it with validate ${file}`);
  return loaded.fleet;
}

/**
 * Renders a fleet file into `outdir` with the TypeScript path's atomic output: nothing is written unless
 * the whole fleet renders. Throws {@link FleetValidationError} with every problem placed in the file.
 */
export function renderFleetFile(file: string, outdir: string, cwd: string = process.cwd()): RenderResult {
  const { build, format, source } = fleetFileBuild(file, cwd);
  const fleet = build();
  try {
    const result = renderFleetInParallel(source()!, outdir, { fleet });
    return { ...result, warnings: result.warnings.map(format) };
  } catch (e) {
    if (e instanceof FleetValidationError) throw new FleetValidationError(e.errors.map(format), e.warnings.map(format));
    throw e;
  }
}
