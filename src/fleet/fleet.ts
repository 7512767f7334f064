import { IConstruct } from 'constructs';
import { collectProblems, duplicates, Problem } from '../rules';
import { FleetCluster, FleetClusterProps } from './cluster';

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
  private readonly duplicateClusters: FleetCluster[] = [];
  private readonly checks = new Map<string, FleetCheck>();

  /** Adds a cluster; its constructs go into `cluster.chart`. */
  public addCluster(name: string, props: FleetClusterProps): FleetCluster {
    const cluster = new FleetCluster(this, name, props);
    if (this.clusterMap.has(name)) this.duplicateClusters.push(cluster);
    else this.clusterMap.set(name, cluster);
    return cluster;
  }

  /** The clusters sorted by name: output never depends on declaration order. */
  public get clusters(): FleetCluster[] {
    return [...this.clusterMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Looks a cluster up by name. */
  public cluster(name: string): FleetCluster | undefined {
    return this.clusterMap.get(name);
  }

  /** Registers a cross-cluster check once under `id` (constructs call this when first used). */
  public addCheck(id: string, check: FleetCheck): void {
    if (!this.checks.has(id)) this.checks.set(id, check);
  }

  /** Runs every construct validation of every cluster and the fleet checks. */
  public validate(): FleetProblems {
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const name of duplicates([...this.clusterMap.keys(), ...this.duplicateClusters.map((c) => c.name)])) {
      errors.push(`[${name}] cluster name "${name}" is used twice in the fleet; cluster names must be unique (they name the output folders)`);
    }
    for (const cluster of this.clusters) {
      const p = collectProblems(cluster.app);
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
    return this.clusters.flatMap((c) => c.chart.node.findAll().filter((x): x is T => x instanceof type));
  }
}
