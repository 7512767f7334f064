import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * A chart's registries, kept on the chart itself (not in a WeakMap keyed by the chart): a registry holds its members,
 * which hold the chart, and V8's young-generation collector keeps the values of a WeakMap alive while it cannot see
 * that their key is garbage; only full collections can. Every cluster's construct tree then outlived its render and
 * was copied into the old generation (measured: 60% of what building a cluster allocates).
 */
const REGISTRIES = Symbol('cdk8s-ovn-ic.chart-registries');
type WithRegistries = { [REGISTRIES]?: Map<Function, ChartRegistry> };

/**
 * Rules that compare the objects of one chart (= one cluster) with each other: members register on
 * construction, the problems are computed once per synth for all of them (O(n log n) instead of
 * pairwise per member) and handed out per construct by its own validation.
 */
export abstract class ChartRegistry {
  /** The registry of `type` for the chart `scope` belongs to, created on first use. */
  protected static registryOf<R extends ChartRegistry>(scope: IConstruct, type: new (chart: Chart) => R): R {
    const chart = Chart.of(scope);
    const byType = ((chart as unknown as WithRegistries)[REGISTRIES] ??= new Map());
    let registry = byType.get(type);
    if (!registry) byType.set(type, (registry = new type(chart)));
    return registry as R;
  }

  private problems?: Map<IConstruct, string[]>;

  constructor(protected readonly chart: Chart) {}

  /** Problems of one member, each without the member's label. */
  public problemsFor(member: IConstruct): string[] {
    this.problems ??= this.compute();
    return this.problems.get(member) ?? [];
  }

  /** Call when members change, so the next validation recomputes. */
  protected changed(): void {
    this.problems = undefined;
  }

  /** All problems, keyed by the member they are reported on. */
  protected abstract compute(): Map<IConstruct, string[]>;
}
