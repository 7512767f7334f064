import { clusterNetworkOf } from '../fleet/cluster-network';
import type { Fleet } from '../fleet/fleet';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { checkDnsLabel, Problem } from '../rules';
import { KubeOvnInstallOptions, KubeOvnInstallProps } from './kube-ovn-chart';
import { renderedObjects } from './objects';
import { checkUrlCredentials, maskUrlCredentials } from './url-credentials';

/** Props shared by {@link ArgoCdDelivery} and {@link FluxDelivery}. */
export interface GitOpsDeliveryProps {
  /** The Git repository the rendered `dist/` folder is committed to. */
  readonly repoUrl: string;
  /** Branch, tag or commit the clusters follow. */
  readonly revision: string;
  /**
   * Where the render output sits in the repository (`npm run synth` writes `dist/`).
   * @default 'dist'
   */
  readonly distPath?: string;
  /**
   * Installation of Kube-OVN itself (the kube-ovn Helm chart) on the fleet's Kube-OVN clusters.
   * @default - installed on every Kube-OVN cluster with the default options
   */
  readonly kubeOvn?: KubeOvnInstallProps;
  /**
   * API groups whose CRDs an operator in the cluster folder installs at runtime (their objects get
   * `SkipDryRunOnMissingResource=true`, and Flux applies them in a second step).
   * @default DEFAULT_OPERATOR_MANAGED_CRD_GROUPS (submariner.io, multicluster.x-k8s.io)
   */
  readonly operatorManagedCrdGroups?: string[];
}

/** The repository folder of a cluster's manifests, e.g. `dist/clusters/az1`. */
export function clusterFolder(distPath: string, cluster: string): string {
  return `${distPath}/clusters/${cluster}`;
}

/** Checks the props every delivery takes; messages without a prefix. */
export function checkDeliveryProps(props: GitOpsDeliveryProps, distPath: string): string[] {
  const errors: string[] = [];
  if (!/^(https?|ssh):\/\/[^\s]+$|^[\w.-]+@[\w.-]+:[^\s]+$/.test(props.repoUrl ?? '')) {
    errors.push(`repoUrl "${maskUrlCredentials(String(props.repoUrl))}" is not a Git URL; give e.g. https://git.example.com/platform/fleet.git or git@host:org/repo.git`);
  }
  errors.push(...checkUrlCredentials('repoUrl', props.repoUrl, 'Git'));
  const charts: Array<[string, KubeOvnInstallOptions | undefined]> = [
    ['kubeOvn.chart', props.kubeOvn],
    ...Object.entries(props.kubeOvn?.clusters ?? {}).map(([name, o]): [string, KubeOvnInstallOptions] => [`kubeOvn.clusters.${name}.chart`, o]),
  ];
  for (const [field, options] of charts) {
    if (options?.chart) errors.push(...checkUrlCredentials(`${field}.repoUrl`, options.chart.repoUrl, 'Helm chart'));
  }
  if (!props.revision || /\s/.test(props.revision)) {
    errors.push(`revision "${props.revision}" is not a branch, tag or commit; give e.g. main`);
  }
  if (distPath === '' || distPath.startsWith('/') || distPath.endsWith('/') || distPath.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    errors.push(`distPath "${distPath}" must be a relative folder inside the repository without ".", ".." or a trailing "/", e.g. dist`);
  }
  for (const group of props.operatorManagedCrdGroups ?? []) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(group) || !group.includes('.')) {
      errors.push(`operatorManagedCrdGroups: "${group}" is not an API group; give e.g. submariner.io`);
    }
  }
  return errors;
}

/** A namespace (or another DNS-label name) of the delivery objects. */
export function checkNamespace(field: string, value: string, max = 63): string[] {
  const e = checkDnsLabel(value, max);
  return e ? [`${field} ${e}`] : [];
}

/**
 * Which clusters must be delivered before which: a cluster whose OVN-IC config points at an IC
 * database run by another fleet cluster waits for that cluster; a Submariner member waits for the
 * cluster that runs the broker (when exactly one does). Found generically: InterconnectedCluster
 * from this package, Submariner objects by kind.
 */
export function clusterDependencies(fleet: Fleet): Map<string, string[]> {
  const deps = new Map<string, Set<string>>(fleet.clusters.map((c) => [c.name, new Set<string>()]));
  for (const ic of fleet.findAll(InterconnectedCluster)) {
    const server = ic.icDatabase.server;
    const host = server ? clusterNetworkOf(server)?.name : undefined;
    if (host && host !== ic.cluster.name && deps.has(host)) deps.get(ic.cluster.name)?.add(host);
  }
  const brokers: string[] = [];
  const members: string[] = [];
  for (const c of fleet.clusters) {
    const refs = renderedObjects(c.chart).map((o) => o.ref).filter((r) => r.apiGroup === 'submariner.io');
    if (refs.some((r) => r.kind === 'Broker')) brokers.push(c.name);
    if (refs.some((r) => r.kind === 'Submariner')) members.push(c.name);
  }
  if (brokers.length === 1) {
    for (const m of members.filter((x) => x !== brokers[0])) deps.get(m)?.add(brokers[0]);
  }
  return new Map([...deps].map(([name, set]) => [name, [...set].sort()]));
}

/**
 * Delivery level of every cluster: 0 without dependencies, else one more than its deepest
 * dependency. Clusters on a dependency cycle are reported and get level 0.
 */
export function deliveryLevels(deps: ReadonlyMap<string, readonly string[]>): { levels: Map<string, number>; cycles: string[] } {
  const levels = new Map<string, number>();
  const cycles = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) {
      cycles.add(name);
      return 0;
    }
    visiting.add(name);
    const level = Math.max(-1, ...(deps.get(name) ?? []).map(visit)) + 1;
    visiting.delete(name);
    levels.set(name, cycles.has(name) ? 0 : level);
    return levels.get(name)!;
  };
  for (const name of [...deps.keys()].sort()) visit(name);
  return { levels, cycles: [...cycles].sort() };
}

/** Fleet check: dependency cycles between clusters cannot be ordered. */
export function checkDeliveryOrder(fleet: Fleet): { errors: Problem[] } {
  const deps = clusterDependencies(fleet);
  const { cycles } = deliveryLevels(deps);
  return {
    errors: cycles.map((name) => ({
      scope: fleet.cluster(name)!.chart,
      message: `cluster "${name}" depends on itself through ${deps.get(name)!.map((d) => `"${d}"`).join(', ')} (IC database or Submariner broker hosts); the delivery cannot order the clusters, run the IC database and the broker in clusters that do not depend on the others`,
    })),
  };
}

/**
 * Fleet check: Argo CD and Flux read every YAML file under a synced folder as a Kubernetes
 * manifest, so extra files (README.md, notes) must stay outside them.
 */
export function checkSyncedFolders(fleet: Fleet, synced: readonly string[]): { errors: Problem[] } {
  const errors: Problem[] = [];
  const anchor = fleet.outputCharts[0]?.chart ?? fleet.clusters[0]?.chart;
  for (const { file } of fleet.files) {
    const folder = synced.find((dir) => file === dir || file.startsWith(`${dir}/`));
    if (folder && anchor) {
      errors.push({ scope: anchor, message: `file "${file}" is not a Kubernetes manifest but lies in "${folder}/", which Argo CD or Flux applies; write it outside the synced folders (e.g. at the top of the output folder)` });
    }
  }
  return { errors };
}

/** Registers the fleet checks every delivery needs (once per fleet, whichever delivery comes first). */
export function addDeliveryChecks(fleet: Fleet): void {
  fleet.addCheck('gitops/delivery-order', checkDeliveryOrder);
  fleet.addCheck('gitops/synced-folders', (f) => checkSyncedFolders(f, ['clusters', ...f.outputCharts.map((o) => o.dir)]));
}
