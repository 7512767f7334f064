import * as crypto from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { sharedSummary } from '../gitops/folder';
import { canStartThread, startThread, SyncThread } from '../threads';
import { ClusterFolders, ClusterOutcome, DELIVERY_PROBLEM_ORDER } from './cluster-folders';
import { HeapBudget } from './heap';
import { Fleet } from './model';
import { stagingSink } from './output-folder';
import { connectivityFileStreams } from './connectivity';
import { ClusterRendering, inThisThread, modelFiles, RenderedClusters, renderFleet, RenderFleetOptions, RenderResult, renderToFolder, writeFiles } from './render';
import { ResolvedFleet, resolveFleet } from './resolve';

/**
 * Where the threads of a parallel render get the fleet: a module whose export builds it. Every thread builds its
 * own copy (a fleet holds functions and class instances, which do not cross threads), so the export must build
 * the same fleet each time it is called with the same arguments.
 */
export interface FleetSource {
  /** The module, `require`d in each thread: an absolute path (e.g. from `require.resolve`) or a package name. */
  readonly module: string;
  /** The name of the function the module exports that returns the {@link Fleet}. */
  readonly export: string;
  /**
   * The function's arguments; plain data (they are copied into each thread).
   * @default []
   */
  readonly args?: readonly unknown[];
}

/** Options of {@link renderFleetInParallel}. */
export interface ParallelRenderOptions extends RenderFleetOptions {
  /**
   * Threads that render clusters, the calling one included; fewer when the fleet is small (one per
   * {@link CLUSTERS_PER_THREAD} clusters) and one where worker threads cannot run (the TypeScript sources
   * under ts-jest: worker threads run the built JavaScript in `lib/`). Each thread holds its own copy of the model,
   * so memory grows with the threads. The default keeps one core for the calling thread's file writer thread and
   * V8's collector and compiler threads: measured on 2 cores (bench/RESULTS.md), one render thread keeps both busy,
   * and 2 render threads were slower (N = 8000: 34.1 s against 26.7 s) at 451 MB peak RSS against 285 MB.
   * @default - one less than the machine's available parallelism, at least 1 and at most 4
   */
  readonly threads?: number;
  /**
   * The fleet the source builds, when the caller has built it already (from the same source): it is not built again
   * in the calling thread.
   * @default - built from the source
   */
  readonly fleet?: Fleet;
}

/** Below this many clusters per thread a thread does not pay for its start-up (module load, fleet, resolve). */
export const CLUSTERS_PER_THREAD = 150;
/** Clusters a thread takes at a time from the shared counter (the threads take turns until none are left). */
const BATCH = 8;
const WORKER = path.join(__dirname, `render-thread${path.extname(__filename)}`);

/** Builds the fleet of a source (in the calling thread or a render thread); throws a one-line error naming the source. */
export function loadFleet(source: FleetSource): Fleet {
  const where = `the fleet source ${source.module}#${source.export}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = (require(source.module) as Record<string, unknown>)[source.export];
  if (typeof build !== 'function') throw new Error(`${where} is not a function the module exports; export a function that returns the Fleet`);
  const fleet: unknown = build(...(source.args ?? []));
  if (!(fleet instanceof Fleet)) throw new Error(`${where} returned ${fleet === null ? 'null' : typeof fleet}, not a Fleet; return the Fleet it builds`);
  return fleet;
}

/**
 * Renders the fleet the source builds into `outdir` like {@link renderFleet} (same files, same bytes, same
 * problems, same atomic swap), its clusters rendered by several threads at once. The threads start as soon as
 * the calling thread has built the fleet; each builds and resolves it, then waits for the calling thread's
 * go (the staging folder); then all take clusters a few at a time and write their folders and delivery objects
 * into the staging folder, one thread having written the model's own files first; the calling thread then
 * writes the fleet-wide files. Memory: each thread holds its own copy of the model and one cluster at a time.
 * A fleet with a problem is rendered again in one thread, so the problems are reported exactly as
 * {@link renderFleet} reports them.
 */
export function renderFleetInParallel(source: FleetSource, outdir: string, options: ParallelRenderOptions = {}): RenderResult {
  const requested = options.threads ?? Math.max(1, Math.min(os.availableParallelism() - 1, 4));
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`threads must be a positive integer, got ${requested}`);
  const fleet = options.fleet ?? loadFleet(source);
  const count = canStartThread(WORKER) ? Math.min(requested, Math.ceil(fleet.clusters.length / CLUSTERS_PER_THREAD)) : 1;
  if (count < 2) return renderFleet(fleet, outdir, options);
  const threads = new RenderThreads(source, count - 1);
  try {
    const rendering = (staging: string): ClusterRendering => (resolved, folders, heap) => {
      // with a problem in the model nothing is written anyway: one thread finds them all
      if (folders.hasFailed) {
        threads.close();
        return inThisThread(resolved, folders, heap);
      }
      return threads.render({ staging, fingerprint: fingerprintOf(resolved), counter: new SharedArrayBuffer(8) }, resolved, folders, heap);
    };
    return renderToFolder(fleet, outdir, options, rendering) ?? renderFleet(fleet, outdir, options);
  } finally {
    threads.close();
  }
}

/** What a render thread gets when it starts. */
export interface RenderThreadTask {
  readonly source: FleetSource;
}

/** What a render thread gets once the calling thread has resolved the fleet and created the staging folder. */
export interface RenderThreadGo {
  readonly staging: string;
  /** The calling thread's resolved clusters (their names), which the thread's copy must match. */
  readonly fingerprint: string;
  /** Int32 [next cluster index, stop]: shared by all threads of the render. */
  readonly counter: SharedArrayBuffer;
  /** This thread writes the {@link modelFiles} first (one thread does, while the others render clusters). */
  readonly modelFiles: boolean;
}

/** What a render thread replies: its clusters' outcomes, by index; or that it found a problem, or was cancelled. */
export type RenderThreadResult =
  | { readonly status: 'problem' | 'cancelled' }
  | { readonly status: 'done'; readonly outcomes: ReadonlyArray<readonly [number, WireOutcome]>; readonly files: number; readonly deliveryFiles: readonly string[] };

/** A cluster's outcome as it crosses threads: Subnets without their parsed CIDRs (see sharedSummary). */
type WireOutcome = Omit<ClusterOutcome, 'folder'> & { readonly folder: Parameters<typeof sharedSummary>[0] };

function toWire(o: ClusterOutcome): WireOutcome {
  return {
    ...o,
    folder: { ...o.folder, subnets: o.folder.subnets.map((s) => ({ name: s.name, cidrBlock: s.cidrBlock, gateway: s.gateway })) },
  };
}

function fromWire(o: WireOutcome): ClusterOutcome {
  return { ...o, folder: sharedSummary(o.folder) };
}

const hasErrors = (o: ClusterOutcome) => o.problems.errors.length > 0 || DELIVERY_PROBLEM_ORDER.some((k) => o.delivery[k].errors.length > 0);

function fingerprintOf(resolved: ResolvedFleet): string {
  return crypto.createHash('sha256').update(resolved.clusters.map((c) => c.name).join('\n')).digest('hex');
}

/** Takes clusters from the shared counter, `BATCH` at a time, until none are left or a thread asked all to stop. */
function takeClusters(counter: SharedArrayBuffer, total: number, render: (index: number) => boolean): void {
  const shared = new Int32Array(counter);
  while (Atomics.load(shared, 1) === 0) {
    const start = Atomics.add(shared, 0, BATCH);
    if (start >= total) return;
    for (let i = start; i < Math.min(start + BATCH, total); i++) {
      if (!render(i)) {
        Atomics.store(shared, 1, 1);
        return;
      }
    }
  }
}

/** The calling thread's side: the started threads, sent their go, and their outcomes gathered in cluster order. */
class RenderThreads {
  private readonly started: Array<SyncThread<RenderThreadResult>>;
  private open = true;

  constructor(source: FleetSource, count: number) {
    this.started = Array.from({ length: count }, () => startThread<RenderThreadTask, RenderThreadResult>(WORKER, { source }, 'a render thread'));
  }

  /**
   * Sends the threads their go, renders clusters in this thread as well, then gathers every outcome; undefined when
   * any thread found a problem (the render is then done again in one thread).
   */
  public render(go: Omit<RenderThreadGo, 'modelFiles'>, resolved: ResolvedFleet, folders: ClusterFolders, heap: HeapBudget): RenderedClusters | undefined {
    const outcomes: ClusterOutcome[] = new Array(resolved.clusters.length);
    let problem = false;
    let mine = 0;
    let others = 0;
    try {
      this.started.forEach((t, i) => t.send({ ...go, modelFiles: i === 0 }));
      takeClusters(go.counter, resolved.clusters.length, (i) => {
        heap.check();
        outcomes[i] = folders.render(resolved.clusters[i]);
        mine++;
        problem ||= hasErrors(outcomes[i]);
        return !problem;
      });
      for (const reply of this.results()) {
        if ('error' in reply) throw new Error(reply.error);
        const result = reply.result;
        if (result.status !== 'done') {
          problem = true;
          continue;
        }
        folders.files += result.files;
        if (result.outcomes.length > 0) others++;
        for (const [i, o] of result.outcomes) outcomes[i] = fromWire(o);
        for (const file of result.deliveryFiles) {
          // two clusters' delivery objects for one file: rendered again in one thread, which names them
          if (folders.deliveryFiles.has(file)) problem = true;
          folders.deliveryFiles.add(file);
        }
      }
    } finally {
      // a thread still running must stop writing into the staging folder before the caller removes it
      Atomics.store(new Int32Array(go.counter), 1, 1);
      this.close();
    }
    return problem ? undefined : { outcomes, threads: (mine > 0 ? 1 : 0) + others, modelFilesWritten: true };
  }

  /** Every thread's reply (each thread is stopped once it replied). */
  private results(): Array<ReturnType<SyncThread<RenderThreadResult>['result']>> {
    this.open = false;
    return this.started.map((t) => {
      const reply = t.result();
      t.stop();
      return reply;
    });
  }

  /** Cancels the threads that did not get their go, waits for all and stops them (once). */
  public close(): void {
    if (!this.open) return;
    for (const t of this.started) t.send({ cancel: true });
    this.results();
  }
}

/**
 * A render thread's side (src/fleet/render-thread.ts): builds and resolves the fleet, waits for its go (or its
 * cancellation), checks its fleet is the calling thread's, writes the model files if it is the first thread, then
 * renders the clusters it takes. A cluster that has a problem, or throws, stops every thread: the
 * calling thread renders the fleet again on its own and reports (or throws) exactly what a one-thread render does.
 */
export function renderThreadShare(task: RenderThreadTask, receive: () => unknown): RenderThreadResult {
  const resolved = resolveFleet(loadFleet(task.source));
  const go = receive() as RenderThreadGo | { cancel: true };
  if ('cancel' in go) return { status: 'cancelled' };
  if (fingerprintOf(resolved) !== go.fingerprint) {
    throw new Error(`the fleet source ${task.source.module}#${task.source.export} built another fleet in a render thread than in the calling thread (other clusters); it must build the same fleet on every call`);
  }
  const folders = new ClusterFolders(resolved, stagingSink(go.staging), false);
  const heap = new HeapBudget();
  const outcomes: Array<readonly [number, WireOutcome]> = [];
  // from here on whatever fails (a problem, an exception, a file that cannot be written) is done again in one thread
  let problem = false;
  try {
    if (go.modelFiles) writeFiles(modelFiles(resolved, connectivityFileStreams(resolved)), (file, content) => folders.write(file, content), heap);
    takeClusters(go.counter, resolved.clusters.length, (i) => {
      heap.check();
      const outcome = folders.render(resolved.clusters[i]);
      problem = hasErrors(outcome);
      outcomes.push([i, toWire(outcome)]);
      return !problem;
    });
  } catch {
    problem = true;
    Atomics.store(new Int32Array(go.counter), 1, 1);
  }
  heap.finish();
  return problem ? { status: 'problem' } : { status: 'done', outcomes, files: folders.files, deliveryFiles: [...folders.deliveryFiles] };
}
