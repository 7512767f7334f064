import { App, Chart } from 'cdk8s';
import { ArgoCdDelivery } from '../gitops/argocd';
import { convergenceAssumptionsJson } from '../gitops/convergence-assumptions';
import type { DeliveredCluster } from '../gitops/delivery';
import { ASSUMPTIONS_FILE } from '../validate/convergence';
import { FluxDelivery } from '../gitops/flux';
import { FLEET_README, fleetReadmeChunks, ReadmeDelivery } from '../gitops/readme';
import { FleetTopology, icDomainOf } from '../gitops/topology';
import { ExternalIcDatabase } from '../ovn-ic/external-ic-database';
import { icDomains } from '../ovn-ic/fleet-checks';
import { OVN_IC_RUNBOOK, ovnIcRunbookChunks } from '../ovn-ic/runbook';
import { checkConstructId, Cni, collectProblems, collectWarningsOf, compareCodeUnits } from '../rules';
import { RenderedFile } from '../synthesis/files';
import { checkLockOutsideOutput, frozenLockProblem, writeAddressLock } from './address-plan';
import {
  ClusterFolders, ClusterOutcome, DELIVERY_PROBLEM_ORDER, deliveredClusterOf, DeliveryProblems, emptyProblems, FileSink, ReadonlyProblems,
  outputChart,
} from './cluster-folders';
import { HeapBudget } from './heap';
import { connectivityFileStreams, CONNECTIVITY_FLOWS_MD, StreamedFile } from './connectivity';
import { writeOutputFolder } from './output-folder';
import { Fleet } from './model';
import { ResolvedFleet, resolveFleet } from './resolve';

export type { RenderedFile } from '../synthesis/files';
export type { FileContent } from './cluster-folders';
import { FLEET_MODEL_FILE, snapshotChunks } from './snapshot';

/** Thrown when a fleet cannot be rendered; `errors` holds every problem found. */
export class FleetValidationError extends Error {
  constructor(public readonly errors: string[], public readonly warnings: string[] = []) {
    super(`the fleet has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    this.name = 'FleetValidationError';
  }
}

/** What a render wrote. */
export interface RenderResult {
  readonly files: number;
  readonly warnings: string[];
  /** Threads that rendered clusters (1 but for {@link renderFleetInParallel}). */
  readonly threads: number;
}

/** What {@link renderFleetInto} rendered, with the resolved fleet. */
interface RenderedFleet extends RenderResult {
  readonly resolved: ResolvedFleet;
}

/** Options of {@link renderFleet} (and the address lock of {@link validateFleet}). */
export interface RenderFleetOptions {
  /**
   * The address lock is frozen (CI): a render that would add, release or drop an allocation fails,
   * naming them, instead of changing the lock (as `npm ci` does with package-lock.json).
   * @default false
   */
  readonly frozenLock?: boolean;
  /**
   * Why the lock is frozen, for the message (`--frozen-lock`, `CI=true`).
   * @default 'frozenLock'
   */
  readonly frozenLockReason?: string;
  /**
   * Write the updated address lock after a successful render; false renders with the allocations
   * but leaves the lock file as it is (`plan` renders so).
   * @default true
   */
  readonly writeLock?: boolean;
}

/** The topology the README draws, from the resolved model. */
function topologyOf(resolved: ResolvedFleet): FleetTopology {
  const domains = [...icDomains(resolved.icMembers).values()].map((members) => icDomainOf(members[0].icDatabase, members
    .map((m) => ({ cluster: m.cluster, azName: m.azName, gatewayNodes: m.gatewayNodes }))
    .sort((a, b) => compareCodeUnits(a.cluster, b.cluster))));
  return {
    clusters: resolved.clusters.map((c) => c.network),
    icDomains: domains,
    submariner: resolved.clustersets.map((s) => ({
      brokerCluster: s.brokerCluster,
      namespace: s.namespace,
      members: s.members.map((m) => ({ cluster: m.cluster, clusterId: m.clusterId, cableDriver: m.cableDriver.name })).sort((a, b) => compareCodeUnits(a.cluster, b.cluster)),
    })),
  };
}

/**
 * How the clusters of a render are rendered: in this thread, or by worker threads as well ({@link renderFleetInParallel}).
 * Gets the resolved fleet and the render's {@link ClusterFolders}; returns each cluster's outcome, in cluster order,
 * or undefined when the render must be done again in one thread to report its problems exactly.
 */
export type ClusterRendering = (resolved: ResolvedFleet, folders: ClusterFolders, heap: HeapBudget) => RenderedClusters | undefined;

/** The outcomes of every cluster, in cluster order, and how many threads rendered them. */
export interface RenderedClusters {
  readonly outcomes: readonly ClusterOutcome[];
  readonly threads: number;
  /** Another thread wrote the {@link modelFiles}. */
  readonly modelFilesWritten?: boolean;
}

/**
 * The files that depend on the resolved model alone (not on any cluster's render): the runbook, the firewall
 * flows and `fleet-model.json` (what `plan` compares), the last two streamed. Written only when the fleet has
 * no problem (`flows` is {@link connectivityFileStreams} of the fleet).
 */
export function modelFiles(resolved: ResolvedFleet, flows: readonly StreamedFile[]): Array<RenderedFile | StreamedFile> {
  return [
    ...(resolved.icMembers.length > 0 ? [{ file: OVN_IC_RUNBOOK, chunks: () => ovnIcRunbookChunks(resolved.icMembers) }] : []),
    ...flows,
    { file: FLEET_MODEL_FILE, chunks: () => snapshotChunks(resolved) },
  ];
}

/** Writes files in code-unit order of their paths, after a heap collection, with a heap check before each file and each chunk. */
export function writeFiles(files: Array<RenderedFile | StreamedFile>, write: FileSink, heap: HeapBudget): void {
  heap.collect();
  for (const f of files.sort((a, b) => compareCodeUnits(a.file, b.file))) {
    heap.check();
    write(f.file, 'content' in f ? f.content : { chunks: () => heap.checked(f.chunks()) });
  }
}

/** Every cluster in this thread, one at a time. */
export const inThisThread: ClusterRendering = (resolved, folders, heap) => ({
  outcomes: resolved.clusters.map((cluster) => {
    heap.check();
    return folders.render(cluster);
  }),
  threads: 1,
});

/**
 * Renders the fleet, one cluster at a time: resolve the model, then per cluster build its chart from
 * its slice, validate it, apply the deliveries' per-object rules, write its files and drop it; then
 * the delivery objects, the README, the runbook and the host files. Memory is bounded by the largest
 * cluster, not the fleet. Once a problem is found nothing more is emitted, but every cluster is still
 * validated, so all problems are reported at once ({@link FleetValidationError}).
 */
function renderFleetInto(
  fleet: Fleet,
  emit: FileSink,
  options: RenderFleetOptions,
  rendering: ClusterRendering,
  heap: HeapBudget,
): RenderedFleet | undefined {
  const resolved = resolveFleet(fleet);
  const errors: string[] = [...resolved.errors];
  // with other problems the lock's changes are not meaningful yet (and nothing is written anyway)
  const frozen = options.frozenLock && resolved.addressPlan && errors.length === 0
    && frozenLockProblem(resolved.addressPlan, options.frozenLockReason ?? 'frozenLock');
  if (frozen) errors.push(frozen);
  const warnings: string[] = [...resolved.warnings];
  const report = (p: ReadonlyProblems) => {
    errors.push(...p.errors);
    warnings.push(...p.warnings);
  };
  const folders = new ClusterFolders(resolved, emit, errors.length > 0);
  const { argoCd, flux } = resolved.delivery;

  // each cluster's delivery objects are built, validated and written right after its folder, in
  // charts of their own (same paths and files as one chart for the fleet); their problems are kept
  // and reported after the fleet-wide delivery objects', in the order one chart would give them
  const rendered = rendering(resolved, folders, heap);
  if (!rendered) return undefined;
  const delivered: DeliveredCluster[] = [];
  const later: DeliveryProblems = { argoCd: emptyProblems(), fluxFolders: emptyProblems(), fluxReleases: emptyProblems(), fluxSubmariner: emptyProblems() };
  rendered.outcomes.forEach((outcome, i) => {
    report(outcome.problems);
    for (const key of DELIVERY_PROBLEM_ORDER) {
      later[key].errors.push(...outcome.delivery[key].errors);
      later[key].warnings.push(...outcome.delivery[key].warnings);
    }
    delivered.push(deliveredClusterOf(resolved.clusters[i], outcome));
  });
  if (errors.length > 0) folders.fail();

  // the clusters' charts are garbage now
  heap.collect();
  const readme: ReadmeDelivery[] = [];
  if (argoCd) {
    const chart = outputChart(ArgoCdDelivery.OUTPUT_DIR);
    const delivery = new ArgoCdDelivery(chart, 'ArgoCd', { ...argoCd, clusters: delivered, clusterObjects: false });
    folders.renderChart({ errors, warnings }, ArgoCdDelivery.OUTPUT_DIR, chart);
    heap.check();
    report(later.argoCd);
    readme.push({ title: 'Argo CD', bootstrap: delivery.bootstrapNotes() });
  }
  if (flux) {
    const chart = outputChart(FluxDelivery.OUTPUT_DIR);
    const delivery = new FluxDelivery(chart, 'Flux', { ...flux, clusters: delivered, clusterObjects: false }, () => chart);
    folders.renderChart({ errors, warnings }, FluxDelivery.OUTPUT_DIR, chart);
    heap.check();
    report(later.fluxFolders);
    report(later.fluxReleases);
    report(later.fluxSubmariner);
    readme.push({ title: 'Flux', bootstrap: delivery.bootstrapNotes() });
  }

  const extra: Array<RenderedFile | StreamedFile> = [];
  const hosts = new Chart(new App(), ExternalIcDatabase.OUTPUT_DIR);
  collectWarningsOf(hosts);
  for (const db of resolved.externalIcDatabases) {
    const idError = checkConstructId(db.id);
    if (idError) errors.push(`[${ExternalIcDatabase.OUTPUT_DIR}] addExternalIcDatabase: the id ${idError} (it is the construct id)`);
    else new ExternalIcDatabase(hosts, db.id, db.props);
  }
  report(collectProblems(hosts));
  for (const db of hosts.node.children) if (db instanceof ExternalIcDatabase) extra.push(...db.files());
  heap.check();
  // written by this thread, or by a render thread (then only whether there are flows matters here, for the README)
  let hasFlows = false;
  if (errors.length === 0) {
    const flows = connectivityFileStreams(resolved);
    hasFlows = flows.length > 0;
    if (!rendered.modelFilesWritten) extra.push(...modelFiles(resolved, flows));
  }
  heap.check();
  if (argoCd || flux) {
    const assumed = resolved.clusters.map((c) => ({ network: c.network, spiderpool: c.network.cni === Cni.SPIDERPOOL_MACVLAN || c.multusConfigs.length > 0 }));
    extra.push({ file: ASSUMPTIONS_FILE, content: convergenceAssumptionsJson({ argoCd, flux }, assumed) });
  }
  if (readme.length > 0) extra.push({ file: FLEET_README, chunks: () => fleetReadmeChunks(topologyOf(resolved), readme, hasFlows ? CONNECTIVITY_FLOWS_MD : undefined) });
  if (errors.length > 0) folders.fail();
  writeFiles(extra, (file, content) => folders.write(file, content), heap);

  if (errors.length > 0) throw new FleetValidationError(errors, warnings);
  return { files: folders.files, warnings, threads: rendered.threads, resolved };
}

/** Errors and warnings of a fleet, each `[construct path] message`. */
export interface FleetProblems {
  readonly errors: string[];
  readonly warnings: string[];
}

/** {@link renderFleetInto} in this thread (it always gives a result). */
function renderHere(fleet: Fleet, emit: FileSink, options: RenderFleetOptions = {}): RenderedFleet {
  return withHeapBudget((heap) => renderFleetInto(fleet, emit, options, inThisThread, heap)!);
}

/**
 * Runs a render with a {@link HeapBudget}, and its last collection once the render is done and what it held (the
 * resolved model, the outcomes) is garbage: V8 then sizes its next limit from what the caller keeps, so a second
 * render in the same process does not build its model on top of the first one's.
 */
function withHeapBudget<T>(render: (heap: HeapBudget) => T): T {
  const heap = new HeapBudget();
  try {
    return render(heap);
  } finally {
    heap.finish();
  }
}

/** Every problem of the fleet, found by rendering it without writing anything (not even the address lock). */
export function validateFleet(fleet: Fleet, options: Pick<RenderFleetOptions, 'frozenLock' | 'frozenLockReason'> = {}): FleetProblems {
  try {
    return { errors: [], warnings: renderHere(fleet, () => undefined, options).warnings };
  } catch (e) {
    if (e instanceof FleetValidationError) return { errors: e.errors, warnings: e.warnings };
    throw e;
  }
}

/**
 * Every file of the fleet's output, validated first; throws {@link FleetValidationError} on any problem.
 * The address lock is read, never written.
 */
export function renderFleetFiles(fleet: Fleet): { files: RenderedFile[]; warnings: string[] } {
  const files: RenderedFile[] = [];
  const { warnings } = renderHere(fleet, (file, content) => files.push({ file, content: typeof content === 'string' ? content : [...content.chunks()].join('') }));
  return { files, warnings };
}

/**
 * Renders the fleet into `outdir` atomically ({@link writeOutputFolder}): the folder is checked first,
 * everything is written into a staging folder as it is rendered and swapped in only when the whole
 * render succeeded, so a bad input never leaves `outdir` partial, empty or stale. The updated address
 * lock is written (atomically) once the whole render succeeded, just before the output folder is
 * swapped: the output never holds an allocation the lock does not.
 */
export function renderFleet(fleet: Fleet, outdir: string, options: RenderFleetOptions = {}): RenderResult {
  return renderToFolder(fleet, outdir, options, () => inThisThread)!;
}

/** Thrown inside the staging callback when the clusters must be rendered again in one thread. */
class RenderAgain extends Error {}

/**
 * {@link renderFleet} with the clusters rendered by `rendering` (given the staging folder); undefined when it
 * asked for the render to be done again in one thread (nothing was written then: the staging folder is dropped).
 */
export function renderToFolder(fleet: Fleet, outdir: string, options: RenderFleetOptions, rendering: (staging: string) => ClusterRendering): RenderResult | undefined {
  let warnings: string[] = [];
  let files = 0;
  let threads = 1;
  if (options.writeLock !== false) checkLockOutsideOutput(fleet._addressPlan?.lockFile, outdir);
  let written;
  try {
    written = withHeapBudget((heap) => writeOutputFolder(outdir, (emit, staging) => {
      const result = renderFleetInto(fleet, emit, options, rendering(staging), heap);
      if (!result) throw new RenderAgain();
      ({ warnings, files, threads } = result);
      const plan = result.resolved.addressPlan;
      // once every file is staged; frozen: a change failed above; a lock that only differs in formatting is left as it is
      if (plan && options.writeLock !== false && !options.frozenLock) return () => writeAddressLock(plan);
      return undefined;
    }));
  } catch (e) {
    if (e instanceof RenderAgain) return undefined;
    throw e;
  }
  return { files, warnings: [...warnings, ...written.warnings], threads };
}
