import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdClusterDelivery, ArgoCdDelivery, ArgoCdSettings } from '../gitops/argocd';
import { convergenceAssumptionsJson } from '../gitops/convergence-assumptions';
import type { DeliveredCluster } from '../gitops/delivery';
import { ASSUMPTIONS_FILE } from '../validate/convergence';
import { prepareFolder } from '../gitops/folder';
import { FluxClusterDelivery, FluxDelivery, FluxSettings } from '../gitops/flux';
import { hasVaultPlaceholders } from '../gitops/objects';
import { FLEET_README, ReadmeDelivery, renderFleetReadme } from '../gitops/readme';
import { FleetTopology, icDomainOf } from '../gitops/topology';
import { ExternalIcDatabase } from '../ovn-ic/external-ic-database';
import { icDomains } from '../ovn-ic/fleet-checks';
import { OVN_IC_RUNBOOK, renderOvnIcRunbook } from '../ovn-ic/runbook';
import { checkConstructId, Cni, collectProblems, collectWarningsOf, compareCodeUnits } from '../rules';
import { RenderedFile, synthesizeChart } from '../synthesis/files';
import { toYaml } from '../synthesis/yaml';
import { SubmarinerBroker } from '../submariner/broker';
import { SubmarinerJoin } from '../submariner/join';
import { checkLockOutsideOutput, frozenLockProblem, writeAddressLock } from './address-plan';
import { buildCluster, buildNodes, NODES_DIR } from './build';
import { HeapBudget } from './heap';
import { connectivityFileStreams, CONNECTIVITY_FLOWS_MD, StreamedFile } from './connectivity';
import { writeOutputFolder } from './output-folder';
import { BrokerModel, Fleet, SubmarinerMembership } from './model';
import { ResolvedFleet, resolveFleet } from './resolve';

export type { RenderedFile } from '../synthesis/files';
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
}

interface Problems {
  readonly errors: string[];
  readonly warnings: string[];
}
const emptyProblems = (): Problems => ({ errors: [], warnings: [] });

/** A file's content: the text, or its chunks in order (a large file is never one string). */
export type FileContent = string | { readonly chunks: () => Iterable<string> };

/** Receives the rendered files in output order. */
type FileSink = (file: string, content: FileContent) => void;

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
 * A chart rendered into `<outdir>/<dir>/` beside the clusters (the delivery objects), with its own
 * App; the renderer collects its warnings (they are not printed while it is validated).
 */
function outputChart(dir: string): Chart {
  const chart = new Chart(new App({ outdir: dir }), dir);
  collectWarningsOf(chart);
  return chart;
}

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
  options: RenderFleetOptions = {},
): { files: number; warnings: string[]; resolved: ResolvedFleet } {
  const resolved = resolveFleet(fleet);
  const errors: string[] = [...resolved.errors];
  // with other problems the lock's changes are not meaningful yet (and nothing is written anyway)
  const frozen = options.frozenLock && resolved.addressPlan && errors.length === 0
    && frozenLockProblem(resolved.addressPlan, options.frozenLockReason ?? 'frozenLock');
  if (frozen) errors.push(frozen);
  const warnings: string[] = [...resolved.warnings];
  let files = 0;
  const write: FileSink = (file, content) => {
    if (errors.length > 0) return;
    files++;
    emit(file, content);
  };
  const collect = (root: Construct) => {
    const p = collectProblems(root);
    errors.push(...p.errors);
    warnings.push(...p.warnings);
  };
  const { argoCd, flux } = resolved.delivery;
  const groups = argoCd?.operatorManagedCrdGroups ?? flux?.operatorManagedCrdGroups;
  const tools = { argoCd: argoCd !== undefined, flux: flux !== undefined, operatorManagedCrdGroups: groups, argoCdVersion: argoCd?.argoCdVersion };

  // each cluster's delivery objects are built, validated and written right after its folder, in
  // charts of their own (same paths and files as one chart for the fleet); their problems are kept
  // and reported after the fleet-wide delivery objects', in the order one chart would give them
  const argoSettings = argoCd && new ArgoCdSettings(argoCd);
  const fluxSettings = flux && new FluxSettings(flux);
  const deliveryFiles = new Set<string>();
  const later = { argoCd: emptyProblems(), fluxFolders: emptyProblems(), fluxReleases: emptyProblems(), fluxSubmariner: emptyProblems() };
  const renderInto = (problems: Problems, dir: string, chart: Chart) => {
    const p = collectProblems(chart.node.root);
    problems.errors.push(...p.errors);
    problems.warnings.push(...p.warnings);
    for (const o of synthesizeChart(chart, dir, problems.errors, deliveryFiles)) write(o.file, toYaml(o.doc));
  };

  const delivered: DeliveredCluster[] = [];
  const heap = new HeapBudget();
  for (const cluster of resolved.clusters) {
    heap.check();
    const chart = buildCluster(cluster);
    collect(chart.node.root);
    const objects = synthesizeChart(chart, `clusters/${cluster.name}`, errors);
    const prepared = prepareFolder(cluster.name, objects.map((o) => o.doc), tools, hasVaultPlaceholders);
    warnings.push(...prepared.warnings);
    for (const o of objects) write(o.file, toYaml(o.doc));
    const nodesChart = buildNodes(cluster);
    const nodes: string[] = [];
    if (nodesChart) {
      collect(nodesChart.node.root);
      for (const o of synthesizeChart(nodesChart, `${NODES_DIR}/${cluster.name}`, errors)) {
        nodes.push(String(o.doc.metadata.name));
        write(o.file, toYaml(o.doc));
      }
    }
    const d: DeliveredCluster = {
      name: cluster.name,
      network: cluster.network,
      level: cluster.level,
      dependsOn: cluster.dependsOn,
      folder: prepared.summary,
      interconnected: cluster.interconnection !== undefined,
      submariner: submarinerOf(chart, cluster.join?.brokerCluster),
      nodes,
    };
    delivered.push(d);
    if (argoSettings && ArgoCdClusterDelivery.isNeeded(argoSettings, d)) {
      const scope = outputChart(ArgoCdDelivery.OUTPUT_DIR);
      const delivery = new ArgoCdClusterDelivery(new Construct(scope, 'ArgoCd'), d.name, { settings: argoSettings, cluster: d });
      renderInto(later.argoCd, ArgoCdDelivery.OUTPUT_DIR, scope);
      for (const f of delivery.files()) write(f.file, f.content);
    }
    if (fluxSettings) {
      const scope = outputChart(FluxDelivery.OUTPUT_DIR);
      // the cluster's HelmReleases by folder (flux-kube-ovn, flux-submariner), each a chart of its own
      const releases = new Map<string, Chart>();
      const releasesIn = (dir: string) => releases.get(dir) ?? releases.set(dir, outputChart(`${dir}/${d.name}`)).get(dir)!;
      new FluxClusterDelivery(new Construct(scope, 'Flux'), d.name, { settings: fluxSettings, cluster: d, releases: releasesIn });
      renderInto(later.fluxFolders, FluxDelivery.OUTPUT_DIR, scope);
      const release = releases.get(FluxDelivery.RELEASES_DIR);
      if (release) renderInto(later.fluxReleases, `${FluxDelivery.RELEASES_DIR}/${d.name}`, release);
      const submariner = releases.get(FluxDelivery.SUBMARINER_DIR);
      if (submariner) renderInto(later.fluxSubmariner, `${FluxDelivery.SUBMARINER_DIR}/${d.name}`, submariner);
    }
  }

  heap.check();
  const readme: ReadmeDelivery[] = [];
  const report = (p: Problems) => {
    errors.push(...p.errors);
    warnings.push(...p.warnings);
  };
  if (argoCd) {
    const chart = outputChart(ArgoCdDelivery.OUTPUT_DIR);
    const delivery = new ArgoCdDelivery(chart, 'ArgoCd', { ...argoCd, clusters: delivered, clusterObjects: false });
    renderInto({ errors, warnings }, ArgoCdDelivery.OUTPUT_DIR, chart);
    heap.check();
    report(later.argoCd);
    readme.push({ title: 'Argo CD', bootstrap: delivery.bootstrapNotes() });
  }
  if (flux) {
    const chart = outputChart(FluxDelivery.OUTPUT_DIR);
    const delivery = new FluxDelivery(chart, 'Flux', { ...flux, clusters: delivered, clusterObjects: false }, () => chart);
    renderInto({ errors, warnings }, FluxDelivery.OUTPUT_DIR, chart);
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
  collect(hosts);
  for (const db of hosts.node.children) if (db instanceof ExternalIcDatabase) extra.push(...db.files());
  if (resolved.icMembers.length > 0) extra.push({ file: OVN_IC_RUNBOOK, content: renderOvnIcRunbook(resolved.icMembers) });
  heap.check();
  const flows = errors.length === 0 ? connectivityFileStreams(resolved) : [];
  extra.push(...flows);
  heap.check();
  if (argoCd || flux) {
    const assumed = resolved.clusters.map((c) => ({ network: c.network, spiderpool: c.network.cni === Cni.SPIDERPOOL_MACVLAN || c.multusConfigs.length > 0 }));
    extra.push({ file: ASSUMPTIONS_FILE, content: convergenceAssumptionsJson({ argoCd, flux }, assumed) });
  }
  if (readme.length > 0) extra.push({ file: FLEET_README, content: renderFleetReadme(topologyOf(resolved), readme, flows.length > 0 ? CONNECTIVITY_FLOWS_MD : undefined) });
  if (errors.length === 0) extra.push({ file: FLEET_MODEL_FILE, chunks: () => snapshotChunks(resolved) }); // what `plan` compares
  for (const f of extra.sort((a, b) => compareCodeUnits(a.file, b.file))) {
    heap.check();
    write(f.file, 'content' in f ? f.content : { chunks: () => heap.checked(f.chunks()) });
  }

  heap.finish();
  if (errors.length > 0) throw new FleetValidationError(errors, warnings);
  return { files, warnings, resolved };
}

/** What the deliveries install of Submariner from its charts on a built cluster (its join's and broker's data). */
function submarinerOf(chart: Chart, brokerCluster: string | undefined): DeliveredCluster['submariner'] {
  const join = chart.node.tryFindChild(SubmarinerMembership.ID);
  const broker = chart.node.tryFindChild(BrokerModel.ID);
  const operator = join instanceof SubmarinerJoin && join.installedFromChart ? join.chartRelease : undefined;
  const brokerNamespace = broker instanceof SubmarinerBroker && broker.installedFromChart ? broker.namespace : undefined;
  if (!operator && !brokerNamespace) return undefined;
  return { operator, brokerCluster: operator ? brokerCluster : undefined, brokerNamespace };
}

/** Errors and warnings of a fleet, each `[construct path] message`. */
export interface FleetProblems {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Every problem of the fleet, found by rendering it without writing anything (not even the address lock). */
export function validateFleet(fleet: Fleet, options: Pick<RenderFleetOptions, 'frozenLock' | 'frozenLockReason'> = {}): FleetProblems {
  try {
    return { errors: [], warnings: renderFleetInto(fleet, () => undefined, options).warnings };
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
  const { warnings } = renderFleetInto(fleet, (file, content) => files.push({ file, content: typeof content === 'string' ? content : [...content.chunks()].join('') }));
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
  let warnings: string[] = [];
  if (options.writeLock !== false) checkLockOutsideOutput(fleet._addressPlan?.lockFile, outdir);
  const written = writeOutputFolder(outdir, (emit) => {
    const result = renderFleetInto(fleet, emit, options);
    warnings = result.warnings;
    const plan = result.resolved.addressPlan;
    // frozen: a change failed above; a lock that only differs in formatting is left as it is
    if (plan && options.writeLock !== false && !options.frozenLock) writeAddressLock(plan);
  });
  return { files: written.files, warnings: [...warnings, ...written.warnings] };
}
