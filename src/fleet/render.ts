import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdClusterDelivery, ArgoCdDelivery, ArgoCdSettings } from '../gitops/argocd';
import type { DeliveredCluster } from '../gitops/delivery';
import { prepareFolder } from '../gitops/folder';
import { FluxClusterDelivery, FluxDelivery, FluxSettings } from '../gitops/flux';
import { hasVaultPlaceholders } from '../gitops/objects';
import { FLEET_README, ReadmeDelivery, renderFleetReadme } from '../gitops/readme';
import { FleetTopology, icDomainOf } from '../gitops/topology';
import { ExternalIcDatabase } from '../ovn-ic/external-ic-database';
import { icDomains } from '../ovn-ic/fleet-checks';
import { OVN_IC_RUNBOOK, renderOvnIcRunbook } from '../ovn-ic/runbook';
import { collectProblems, collectWarningsOf, compareCodeUnits } from '../rules';
import { RenderedFile, synthesizeChart } from '../synthesis/files';
import { toYaml } from '../synthesis/yaml';
import { buildCluster } from './build';
import { HeapBudget } from './heap';
import { connectivityFileStreams, CONNECTIVITY_FLOWS_MD, StreamedFile } from './connectivity';
import { writeOutputFolder } from './output-folder';
import { Fleet } from './model';
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
function renderFleetInto(fleet: Fleet, emit: FileSink): { files: number; warnings: string[] } {
  const resolved = resolveFleet(fleet);
  const errors: string[] = [...resolved.errors];
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
  const later = { argoCd: emptyProblems(), fluxFolders: emptyProblems(), fluxReleases: emptyProblems() };
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
    const d: DeliveredCluster = {
      name: cluster.name,
      network: cluster.network,
      level: cluster.level,
      dependsOn: cluster.dependsOn,
      folder: prepared.summary,
      interconnected: cluster.interconnection !== undefined,
    };
    delivered.push(d);
    if (argoSettings && ArgoCdClusterDelivery.isNeeded(argoSettings, d)) {
      const scope = outputChart(ArgoCdDelivery.OUTPUT_DIR);
      new ArgoCdClusterDelivery(new Construct(scope, 'ArgoCd'), d.name, { settings: argoSettings, cluster: d });
      renderInto(later.argoCd, ArgoCdDelivery.OUTPUT_DIR, scope);
    }
    if (fluxSettings) {
      const scope = outputChart(FluxDelivery.OUTPUT_DIR);
      const releaseDir = `${FluxDelivery.RELEASES_DIR}/${d.name}`;
      let release: Chart | undefined;
      new FluxClusterDelivery(new Construct(scope, 'Flux'), d.name, { settings: fluxSettings, cluster: d, releases: () => (release ??= outputChart(releaseDir)) });
      renderInto(later.fluxFolders, FluxDelivery.OUTPUT_DIR, scope);
      if (release) renderInto(later.fluxReleases, releaseDir, release);
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
    readme.push({ title: 'Flux', bootstrap: delivery.bootstrapNotes() });
  }

  const extra: Array<RenderedFile | StreamedFile> = [];
  const hosts = new Chart(new App(), ExternalIcDatabase.OUTPUT_DIR);
  collectWarningsOf(hosts);
  for (const db of resolved.externalIcDatabases) new ExternalIcDatabase(hosts, db.id, db.props);
  collect(hosts);
  for (const db of hosts.node.children) if (db instanceof ExternalIcDatabase) extra.push(...db.files());
  if (resolved.icMembers.length > 0) extra.push({ file: OVN_IC_RUNBOOK, content: renderOvnIcRunbook(resolved.icMembers) });
  heap.check();
  const flows = errors.length === 0 ? connectivityFileStreams(resolved) : [];
  extra.push(...flows);
  heap.check();
  if (readme.length > 0) extra.push({ file: FLEET_README, content: renderFleetReadme(topologyOf(resolved), readme, flows.length > 0 ? CONNECTIVITY_FLOWS_MD : undefined) });
  if (errors.length === 0) extra.push({ file: FLEET_MODEL_FILE, chunks: () => snapshotChunks(resolved) }); // what `plan` compares
  for (const f of extra.sort((a, b) => compareCodeUnits(a.file, b.file))) {
    heap.check();
    write(f.file, 'content' in f ? f.content : { chunks: () => heap.checked(f.chunks()) });
  }

  heap.finish();
  if (errors.length > 0) throw new FleetValidationError(errors, warnings);
  return { files, warnings };
}

/** Errors and warnings of a fleet, each `[construct path] message`. */
export interface FleetProblems {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Every problem of the fleet, found by rendering it without writing anything. */
export function validateFleet(fleet: Fleet): FleetProblems {
  try {
    return { errors: [], warnings: renderFleetInto(fleet, () => undefined).warnings };
  } catch (e) {
    if (e instanceof FleetValidationError) return { errors: e.errors, warnings: e.warnings };
    throw e;
  }
}

/** Every file of the fleet's output, validated first; throws {@link FleetValidationError} on any problem. */
export function renderFleetFiles(fleet: Fleet): { files: RenderedFile[]; warnings: string[] } {
  const files: RenderedFile[] = [];
  const { warnings } = renderFleetInto(fleet, (file, content) => files.push({ file, content: typeof content === 'string' ? content : [...content.chunks()].join('') }));
  return { files, warnings };
}

/**
 * Renders the fleet into `outdir` atomically ({@link writeOutputFolder}): the folder is checked first,
 * everything is written into a staging folder as it is rendered and swapped in only when the whole
 * render succeeded, so a bad input never leaves `outdir` partial, empty or stale.
 */
export function renderFleet(fleet: Fleet, outdir: string): RenderResult {
  let warnings: string[] = [];
  const written = writeOutputFolder(outdir, (emit) => {
    warnings = renderFleetInto(fleet, emit).warnings;
  });
  return { files: written.files, warnings: [...warnings, ...written.warnings] };
}
