import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { collectProblems, duplicates, Problem } from '../rules';
import { FleetCluster, FleetClusterProps } from './cluster';
import { descendantsOfType, withSynthesis } from './synthesis';

/** A check across clusters; runs once per synth, after every construct exists. */
export type FleetCheck = (fleet: Fleet) => { errors: Problem[]; warnings?: Problem[] };

/** Errors and warnings of a whole fleet, each `[construct path] message`. */
export interface FleetProblems {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Thrown when a fleet cannot be rendered; `errors` holds every problem found. */
export class FleetValidationError extends Error {
  constructor(public readonly errors: string[], public readonly warnings: string[] = []) {
    super(`the fleet has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    this.name = 'FleetValidationError';
  }
}

/**
 * The clusters whose pod networks are connected, each rendered by its own cdk8s App into
 * `clusters/<name>/`. Rules that span clusters (overlapping CIDRs, unique names) are fleet checks.
 */
export class Fleet {
  private readonly clusterMap = new Map<string, FleetCluster>();
  private sortedClusters?: FleetCluster[];
  private readonly duplicateClusters: FleetCluster[] = [];
  private readonly checks = new Map<string, FleetCheck>();
  private readonly extraCharts = new Map<string, Chart>();
  private readonly extraFiles = new Map<string, () => string>();
  private readonly preparers = new Map<string, (fleet: Fleet) => void>();
  private prepared = false;

  /** Adds a cluster; its constructs go into `cluster.chart`. */
  public addCluster(name: string, props: FleetClusterProps): FleetCluster {
    const cluster = new FleetCluster(this, name, props);
    if (this.clusterMap.has(name)) this.duplicateClusters.push(cluster);
    else this.clusterMap.set(name, cluster);
    this.sortedClusters = undefined;
    return cluster;
  }

  /** The clusters sorted by name: output never depends on declaration order. */
  public get clusters(): FleetCluster[] {
    this.sortedClusters ??= [...this.clusterMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...this.sortedClusters];
  }

  /** Looks a cluster up by name. */
  public cluster(name: string): FleetCluster | undefined {
    return this.clusterMap.get(name);
  }

  /**
   * A chart rendered into `<outdir>/<dir>/` beside the clusters, e.g. `argocd` for the Argo CD
   * objects that deliver the cluster folders. Same dir, same chart.
   */
  public addOutputChart(dir: string): Chart {
    let chart = this.extraCharts.get(dir);
    if (!chart) {
      chart = new Chart(new App({ outdir: dir }), dir);
      this.extraCharts.set(dir, chart);
    }
    return chart;
  }

  /** Extra charts by output folder, sorted. */
  public get outputCharts(): Array<{ dir: string; chart: Chart }> {
    return [...this.extraCharts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dir, chart]) => ({ dir, chart }));
  }

  /**
   * A file that is not a Kubernetes manifest (e.g. `README.md`), at a path relative to the output
   * folder. Keep such files outside `clusters/` so Argo CD and Flux never read them.
   */
  public addFile(file: string, produce: () => string): void {
    this.extraFiles.set(file, produce);
  }

  /** Extra files by path, sorted. */
  public get files(): Array<{ file: string; produce: () => string }> {
    return [...this.extraFiles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, produce]) => ({ file, produce }));
  }

  /**
   * Registers, once under `id`, work that must see the finished fleet before it is validated and
   * rendered (e.g. annotating every object with its sync wave). Runs in id order.
   */
  public addPreparer(id: string, prepare: (fleet: Fleet) => void): void {
    if (!this.preparers.has(id)) this.preparers.set(id, prepare);
  }

  /** Runs the preparers (once). Called by validate() and the renderer. */
  public prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    for (const id of [...this.preparers.keys()].sort()) this.preparers.get(id)!(this);
  }

  /** Registers a cross-cluster check once under `id` (constructs call this when first used). */
  public addCheck(id: string, check: FleetCheck): void {
    if (!this.checks.has(id)) this.checks.set(id, check);
  }

  /** Runs every construct validation of every cluster and the fleet checks. */
  public validate(): FleetProblems {
    this.prepare();
    return withSynthesis(() => this.check());
  }

  private check(): FleetProblems {
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const name of duplicates([...this.clusterMap.keys(), ...this.duplicateClusters.map((c) => c.name)])) {
      errors.push(`[${name}] cluster name "${name}" is used twice in the fleet; cluster names must be unique (they name the output folders)`);
    }
    for (const app of [...this.clusters.map((c) => c.app), ...this.outputCharts.map((o) => o.chart.node.scope!)]) {
      const p = collectProblems(app);
      errors.push(...p.errors);
      warnings.push(...p.warnings);
    }
    const format = (p: Problem) => `[${p.scope.node.path}] ${p.message}`;
    for (const id of [...this.checks.keys()].sort()) {
      const result = this.checks.get(id)!(this);
      errors.push(...result.errors.map(format));
      warnings.push(...(result.warnings ?? []).map(format));
    }
    return { errors, warnings };
  }

  /** Every construct of a given class in every cluster, in cluster order. */
  public findAll<T extends IConstruct>(type: abstract new (...args: any[]) => T): T[] {
    return this.clusters.flatMap((c) => descendantsOfType(c.chart, type));
  }
}
