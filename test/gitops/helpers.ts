import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { Fleet, FleetCluster, renderFleetFiles } from '../../src';

import { chart as chartFacts } from '../support/bundle';

/** What a render writes: parsed documents by output folder, and the raw files. */
export interface Rendered {
  /** Documents by folder, e.g. `argocd`, `clusters/az1`, `flux`, `flux-kube-ovn/az1`. */
  readonly dirs: Record<string, any[]>;
  /** Every file with its text. */
  readonly files: Record<string, string>;
}

/**
 * Renders a fleet the way `npm run synth` does (validation, the deliveries' per-object annotations,
 * one file per object).
 */
export function render(fleet: Fleet): Rendered {
  const { files } = renderFleetFiles(fleet);
  const dirs: Record<string, any[]> = {};
  for (const f of files.filter((x) => x.file.endsWith('.k8s.yaml'))) {
    const dir = path.posix.dirname(f.file);
    (dirs[dir] ??= []).push(YAML.parse(f.content));
  }
  return { dirs, files: Object.fromEntries(files.map((f) => [f.file, f.content])) };
}

/** The one document of a kind and name in `docs`. */
export function doc(docs: readonly any[] | undefined, kind: string, name: string): any {
  const found = (docs ?? []).filter((d) => d.kind === kind && d.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length} among ${(docs ?? []).map((d) => `${d.kind}/${d.metadata?.name}`).join(', ')}`);
  return found[0];
}

/** What {@link foreignObject} puts besides apiVersion, kind and name. */
export interface ForeignObjectExtra {
  readonly namespace?: string;
  readonly spec?: any;
  readonly annotations?: Record<string, string>;
}

/**
 * An object another construct library would render (underlay, Submariner, Spiderpool), built
 * from its apiVersion and kind only: the delivery must handle it without knowing its class. On a
 * fleet cluster it is added with the user's own constructs (`addConstructs`), so it is created in
 * the cluster's chart when the cluster is built.
 */
export function foreignObject(target: Chart | FleetCluster, kind: string, apiVersion: string, name: string, extra: ForeignObjectExtra = {}): void {
  const add = (chart: Chart) => new ApiObject(chart, `${kind}-${name}`, {
    apiVersion,
    kind,
    metadata: { name, namespace: extra.namespace, annotations: extra.annotations },
    spec: extra.spec,
  });
  if (target instanceof FleetCluster) target.addConstructs((chart) => add(chart));
  else add(target);
}

/** Every leaf path of nested values, e.g. `networking.ENABLE_ECMP`, with its value. */
export function leaves(values: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [[prefix, values]];
  return Object.entries(values).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The JSON type of every key of a pinned chart's values.yaml (`networking.ENABLE_ECMP` -> `boolean`), from its facts. */
export function chartValueTypes(chart: string): Readonly<Record<string, string>> {
  return chartFacts(chart).values;
}

/** The value at a dotted path, or undefined when any segment is missing. */
export function at(values: any, dotted: string): unknown {
  return dotted.split('.').reduce((v, k) => (v !== null && typeof v === 'object' && k in v ? v[k] : undefined), values);
}
