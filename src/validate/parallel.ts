import * as path from 'path';
import { canStartThread, startThread } from '../threads';
import { type ConvergenceAssumptions, checkConvergence, readAssumptions } from './convergence';
import type { ValidationProblem } from './problem';
import { allChartFacts, defaultSchemaDir, readBundleIndex } from './schema-bundle';
import { type DirectoryResult, ManifestValidator, type ManifestValidatorOptions, destinationSets, directoryResult } from './validator';

export interface ValidateDirectoryOptions extends ManifestValidatorOptions {
  /**
   * Threads to validate with, the calling one included: each takes whole destination sets (so duplicates are still
   * found), reads and parses its files and compiles the schemas it needs (~0.7 s for the kinds the package renders).
   * Worker threads need the built package (`lib/`); from the TypeScript sources one thread is used. Measured on the
   * N=1000 benchmark output (43 262 files) on 2 shared cores, a second thread did not pay for its start-up and
   * second schema compilation (V8's collector already uses the other core), hence the default; try 2 on an idle
   * machine with more cores.
   * @default 1
   */
  readonly threads?: number;
  /**
   * The convergence check of the deliveries in the folder (`argocd/`, `flux/`; see checkConvergence): what is declared
   * to exist before the bootstrap, added to the folder's own `convergence.json`; `false` skips the check.
   * @default {} (the folder's declarations and the defaults only)
   */
  readonly convergence?: ConvergenceAssumptions | false;
}

export interface DirectoryValidation extends DirectoryResult {
  /** CRD files that could not be used (see ManifestValidator.warnings), from every thread, without repeats */
  readonly warnings: readonly string[];
  /** threads used */
  readonly threads: number;
}

const WORKER = path.join(__dirname, 'worker.js');

/** What the worker gets, and what it sends back. */
export interface WorkerTask {
  readonly dir: string;
  readonly options: ManifestValidatorOptions;
  readonly sets: string[][];
}
export interface WorkerResult {
  readonly problems: ValidationProblem[];
  readonly documents: number;
  readonly warnings: string[];
}

/**
 * Validates every manifest below `dir` like `ManifestValidator.validateDirectory`, on up to `threads` threads, and
 * returns the counts the benchmark reports. Synchronous: the calling thread validates its share, then waits for the
 * others. Throws (one line) when the schemas cannot be read.
 */
export function validateDirectory(dir: string, options: ValidateDirectoryOptions = {}): DirectoryValidation {
  const validatorOptions: ManifestValidatorOptions = {
    ...(options.crdDir === undefined ? {} : { crdDir: path.resolve(options.crdDir) }),
    ...(options.schemaDir === undefined ? {} : { schemaDir: path.resolve(options.schemaDir) }),
    ...(options.nonManifestDirs === undefined ? {} : { nonManifestDirs: options.nonManifestDirs }),
  };
  const validator = new ManifestValidator(validatorOptions);
  const { files, others } = validator.manifestFiles(dir);
  const sets = destinationSets(files);
  const threads = Math.max(1, Math.min(threadCount(options.threads), sets.length));
  const chunks = partition(sets, threads);

  const workers = chunks.slice(1).map((sets) => startThread<WorkerTask, WorkerResult>(WORKER, { dir: path.resolve(dir), options: validatorOptions, sets }, 'a validation thread'));
  const problems: ValidationProblem[] = [];
  let documents = 0;
  const warnings = new Set<string>();
  try {
    const mine = validator.validateFileSets(dir, chunks[0] ?? []);
    problems.push(...mine.problems);
    documents += mine.documents;
    validator.warnings.forEach((w) => warnings.add(w));
    for (const w of workers) {
      const reply = w.result();
      if ('error' in reply) throw new Error(reply.error);
      const result = reply.result;
      problems.push(...result.problems);
      documents += result.documents;
      result.warnings.forEach((x) => warnings.add(x));
    }
  } finally {
    workers.forEach((w) => w.stop());
  }
  if (options.convergence !== false) problems.push(...convergenceProblems(dir, options.schemaDir, options.convergence ?? {}));
  return { ...directoryResult(dir, files, others, problems, documents), warnings: [...warnings], threads };
}

/** The convergence check with the folder's declarations, the caller's and the bundle's chart facts. */
function convergenceProblems(dir: string, schemaDir: string | undefined, extra: ConvergenceAssumptions): ValidationProblem[] {
  const bundle = schemaDir === undefined ? defaultSchemaDir() : path.resolve(schemaDir);
  const declared = readAssumptions(dir);
  const groups = readBundleIndex(bundle).groups;
  return checkConvergence(dir, {
    charts: allChartFacts(bundle),
    plural: (group, kind) => groups[group]?.[kind]?.names.plural,
    crds: [...(declared.crds ?? []), ...(extra.crds ?? [])],
    secrets: [...(declared.secrets ?? []), ...(extra.secrets ?? [])],
    vaultPaths: [...(declared.vaultPaths ?? []), ...(extra.vaultPaths ?? [])],
    clusterCrds: mergeClusterCrds(declared.clusterCrds, extra.clusterCrds),
  });
}

function mergeClusterCrds(a: ConvergenceAssumptions['clusterCrds'], b: ConvergenceAssumptions['clusterCrds']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of [a ?? {}, b ?? {}]) for (const [k, v] of Object.entries(m)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}

function threadCount(requested: number | undefined): number {
  if (requested === undefined) return 1;
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`threads must be a positive integer, got ${requested}`);
  return canStartThread(WORKER) ? requested : 1;
}

/** Sets into `n` chunks of about the same number of files (largest first into the smallest chunk). */
function partition(sets: string[][], n: number): string[][][] {
  const chunks = Array.from({ length: n }, () => ({ sets: [] as string[][], files: 0 }));
  for (const set of [...sets].sort((a, b) => b.length - a.length)) {
    const target = chunks.reduce((min, c) => (c.files < min.files ? c : min));
    target.sets.push(set);
    target.files += set.length;
  }
  return chunks.map((c) => c.sets);
}
