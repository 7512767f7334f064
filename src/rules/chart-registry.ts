import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

const registries = new WeakMap<Chart, Map<Function, ChartRegistry>>();

/**
 * Rules that compare the objects of one chart (= one cluster) with each other: members register on
 * construction, the problems are computed once per synth for all of them (O(n log n) instead of
 * pairwise per member) and handed out per construct by its own validation.
 */
export abstract class ChartRegistry {
  /** The registry of `type` for the chart `scope` belongs to, created on first use. */
  protected static registryOf<R extends ChartRegistry>(scope: IConstruct, type: new (chart: Chart) => R): R {
    const chart = Chart.of(scope);
    let byType = registries.get(chart);
    if (!byType) registries.set(chart, (byType = new Map()));
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
