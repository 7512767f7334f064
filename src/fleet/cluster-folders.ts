import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdClusterDelivery, ArgoCdDelivery, ArgoCdSettings } from '../gitops/argocd';
import type { DeliveredCluster } from '../gitops/delivery';
import { FolderSummary, prepareFolder } from '../gitops/folder';
import { FluxClusterDelivery, FluxDelivery, FluxSettings } from '../gitops/flux';
import { hasVaultPlaceholders } from '../gitops/objects';
import { DeliveredSubmariner, deliveredSubmariner, DeliveredSubmarinerFacts, submarinerFacts } from '../gitops/submariner-chart';
import { collectProblems, collectWarningsOf } from '../rules';
import { synthesizeChart } from '../synthesis/files';
import { toYaml } from '../synthesis/yaml';
import { SubmarinerBroker } from '../submariner/broker';
import { SubmarinerJoin } from '../submariner/join';
import { buildCluster, buildNodes, NODES_DIR } from './build';
import { BrokerModel, SubmarinerMembership } from './model';
import type { ResolvedCluster, ResolvedFleet } from './resolve';

/** A file's content: the text, or its chunks in order (a large file is never one string). */
export type FileContent = string | { readonly chunks: () => Iterable<string> };

/** Receives the rendered files in output order. */
export type FileSink = (file: string, content: FileContent) => void;

/** Errors and warnings, each `[construct path] message`. */
export interface Problems {
  readonly errors: string[];
  readonly warnings: string[];
}
export const emptyProblems = (): Problems => ({ errors: [], warnings: [] });

/**
 * The problems of a cluster's delivery objects, by where one delivery chart for the whole fleet would report them:
 * after the fleet-wide delivery objects' problems, Argo CD's first, then Flux's folders, releases, Submariner.
 */
export interface DeliveryProblems {
  readonly argoCd: Problems;
  readonly fluxFolders: Problems;
  readonly fluxReleases: Problems;
  readonly fluxSubmariner: Problems;
}
export const DELIVERY_PROBLEM_ORDER = ['argoCd', 'fluxFolders', 'fluxReleases', 'fluxSubmariner'] as const;

/** What rendering one cluster gives the rest of the render (besides its files): plain data, which crosses threads. */
export interface ClusterOutcome {
  /** Of its folder and its node labels, in render order. */
  readonly problems: ReadonlyProblems;
  /** Of its delivery objects. */
  readonly delivery: { readonly [K in keyof DeliveryProblems]: ReadonlyProblems };
  readonly folder: FolderSummary;
  /** What the fleet-wide delivery objects need of its Submariner install (its own delivery objects had the release). */
  readonly submariner?: DeliveredSubmarinerFacts;
  readonly nodes: readonly string[];
}

/** Problems as an outcome keeps them. */
export interface ReadonlyProblems {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}
const hasAny = (p: ReadonlyProblems) => p.errors.length > 0 || p.warnings.length > 0;
const NO_PROBLEMS: ReadonlyProblems = Object.freeze({ errors: Object.freeze([]), warnings: Object.freeze([]) });
const NO_DELIVERY_PROBLEMS = Object.freeze({ argoCd: NO_PROBLEMS, fluxFolders: NO_PROBLEMS, fluxReleases: NO_PROBLEMS, fluxSubmariner: NO_PROBLEMS });
const NO_NODES: readonly string[] = Object.freeze([]);

/** The cluster as the deliveries see it: its resolved slice and what its rendered folder holds. */
export function deliveredClusterOf(cluster: ResolvedCluster, outcome: Pick<ClusterOutcome, 'folder' | 'submariner' | 'nodes'>): DeliveredCluster {
  return {
    name: cluster.name,
    network: cluster.network,
    level: cluster.level,
    dependsOn: cluster.dependsOn,
    folder: outcome.folder,
    interconnected: cluster.interconnection !== undefined,
    submariner: outcome.submariner,
    nodes: outcome.nodes,
  };
}

/**
 * A chart rendered into `<outdir>/<dir>/` beside the clusters (the delivery objects), with its own
 * App; the renderer collects its warnings (they are not printed while it is validated).
 */
export function outputChart(dir: string): Chart {
  const chart = new Chart(new App({ outdir: dir }), dir);
  collectWarningsOf(chart);
  return chart;
}

/**
 * Renders cluster folders one at a time: builds the cluster's chart from its resolved slice, validates it, applies
 * the deliveries' per-object rules, writes its files, its node labels and its delivery objects, and drops it. One per
 * thread of a render; once it has seen a problem it writes nothing more (the render fails anyway).
 */
export class ClusterFolders {
  /** Files written into the delivery folders shared by every cluster (argocd/, flux/): a second one is a problem. */
  public readonly deliveryFiles = new Set<string>();
  /** Files written. */
  public files = 0;
  private failed: boolean;
  private readonly tools: Parameters<typeof prepareFolder>[2];
  private readonly argoSettings?: ArgoCdSettings;
  private readonly fluxSettings?: FluxSettings;

  /** `failed`: a problem was found before (nothing is written then). */
  constructor(resolved: ResolvedFleet, private readonly emit: FileSink, failed: boolean) {
    this.failed = failed;
    const { argoCd, flux } = resolved.delivery;
    const groups = argoCd?.operatorManagedCrdGroups ?? flux?.operatorManagedCrdGroups;
    this.tools = { argoCd: argoCd !== undefined, flux: flux !== undefined, operatorManagedCrdGroups: groups, argoCdVersion: argoCd?.argoCdVersion };
    this.argoSettings = argoCd && new ArgoCdSettings(argoCd);
    this.fluxSettings = flux && new FluxSettings(flux);
  }

  /** A problem was found: nothing more is written. */
  public get hasFailed(): boolean {
    return this.failed;
  }

  /** A problem was found elsewhere: write nothing more. */
  public fail(): void {
    this.failed = true;
  }

  /** Writes a file unless a problem was found. */
  public write(file: string, content: FileContent): void {
    if (this.failed) return;
    this.files++;
    this.emit(file, content);
  }

  public render(cluster: ResolvedCluster): ClusterOutcome {
    const problems = emptyProblems();
    const collect = (root: Construct) => this.note(problems, collectProblems(root));
    const chart = buildCluster(cluster);
    collect(chart.node.root);
    const objects = synthesizeChart(chart, `clusters/${cluster.name}`, problems.errors);
    const prepared = prepareFolder(cluster.name, objects.map((o) => o.doc), this.tools, hasVaultPlaceholders);
    problems.warnings.push(...prepared.warnings);
    this.failed ||= problems.errors.length > 0;
    for (const o of objects) this.write(o.file, toYaml(o.doc));
    const nodesChart = buildNodes(cluster);
    const nodes: string[] = [];
    if (nodesChart) {
      collect(nodesChart.node.root);
      for (const o of synthesizeChart(nodesChart, `${NODES_DIR}/${cluster.name}`, problems.errors)) {
        nodes.push(String(o.doc.metadata.name));
        this.failed ||= problems.errors.length > 0;
        this.write(o.file, toYaml(o.doc));
      }
    }
    const submariner = submarinerOf(chart, cluster.join?.brokerCluster);
    const delivery = this.renderDelivery(deliveredClusterOf(cluster, { folder: prepared.summary, submariner, nodes }));
    // kept for every cluster until the fleet-wide files: the facts only, and the empty parts shared
    return {
      problems: hasAny(problems) ? problems : NO_PROBLEMS,
      delivery: DELIVERY_PROBLEM_ORDER.some((k) => hasAny(delivery[k])) ? delivery : NO_DELIVERY_PROBLEMS,
      folder: prepared.summary,
      submariner: submariner && submarinerFacts(submariner),
      nodes: nodes.length > 0 ? nodes : NO_NODES,
    };
  }

  /** The cluster's own delivery objects, each chart validated and written into the shared delivery folders. */
  private renderDelivery(d: DeliveredCluster): DeliveryProblems {
    const delivery: DeliveryProblems = { argoCd: emptyProblems(), fluxFolders: emptyProblems(), fluxReleases: emptyProblems(), fluxSubmariner: emptyProblems() };
    if (this.argoSettings && ArgoCdClusterDelivery.isNeeded(this.argoSettings, d)) {
      const scope = outputChart(ArgoCdDelivery.OUTPUT_DIR);
      const objects = new ArgoCdClusterDelivery(new Construct(scope, 'ArgoCd'), d.name, { settings: this.argoSettings, cluster: d });
      this.renderChart(delivery.argoCd, ArgoCdDelivery.OUTPUT_DIR, scope);
      for (const f of objects.files()) this.write(f.file, f.content);
    }
    if (this.fluxSettings) {
      const scope = outputChart(FluxDelivery.OUTPUT_DIR);
      // the cluster's HelmReleases by folder (flux-kube-ovn, flux-submariner), each a chart of its own
      const releases = new Map<string, Chart>();
      const releasesIn = (dir: string) => releases.get(dir) ?? releases.set(dir, outputChart(`${dir}/${d.name}`)).get(dir)!;
      new FluxClusterDelivery(new Construct(scope, 'Flux'), d.name, { settings: this.fluxSettings, cluster: d, releases: releasesIn });
      this.renderChart(delivery.fluxFolders, FluxDelivery.OUTPUT_DIR, scope);
      const release = releases.get(FluxDelivery.RELEASES_DIR);
      if (release) this.renderChart(delivery.fluxReleases, `${FluxDelivery.RELEASES_DIR}/${d.name}`, release);
      const submariner = releases.get(FluxDelivery.SUBMARINER_DIR);
      if (submariner) this.renderChart(delivery.fluxSubmariner, `${FluxDelivery.SUBMARINER_DIR}/${d.name}`, submariner);
    }
    return delivery;
  }

  /** Validates a delivery chart and writes its objects into `dir` (files other charts took there are problems). */
  public renderChart(problems: Problems, dir: string, chart: Chart): void {
    this.note(problems, collectProblems(chart.node.root));
    const objects = synthesizeChart(chart, dir, problems.errors, this.deliveryFiles);
    this.failed ||= problems.errors.length > 0;
    for (const o of objects) this.write(o.file, toYaml(o.doc));
  }

  private note(into: Problems, found: Problems): void {
    into.errors.push(...found.errors);
    into.warnings.push(...found.warnings);
    this.failed ||= found.errors.length > 0;
  }
}

/** What the deliveries install of Submariner from its charts on a built cluster (its join's and broker's data). */
function submarinerOf(chart: Chart, brokerCluster: string | undefined): DeliveredSubmariner | undefined {
  const join = chart.node.tryFindChild(SubmarinerMembership.ID);
  const broker = chart.node.tryFindChild(BrokerModel.ID);
  const operator = join instanceof SubmarinerJoin && join.installedFromChart ? join.chartRelease : undefined;
  const brokerNamespace = broker instanceof SubmarinerBroker && broker.installedFromChart ? broker.namespace : undefined;
  if (!operator && !brokerNamespace) return undefined;
  return deliveredSubmariner(chart.node.id, operator, operator ? brokerCluster : undefined, brokerNamespace);
}
