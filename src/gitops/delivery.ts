import { checkDnsLabel, ClusterNetwork } from '../rules';
import type { ConvergenceAssumptions } from '../validate/convergence';
import type { FolderSummary } from './folder';
import type { DeliveredSubmariner } from './submariner-chart';
import { checkKubeOvnChart, KubeOvnInstallOptions, KubeOvnInstallProps } from './kube-ovn-chart';
import { checkUrlCredentials, maskUrlCredentials } from './url-credentials';

/** Options shared by {@link ArgoCdDelivery} and {@link FluxDelivery}. */
export interface GitOpsDeliveryOptions {
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
  /**
   * What exists before the bootstrap and is not delivered by the fleet, for the convergence check
   * (`npm run validate`, written to `dist/convergence.json`): CRDs (`group/Kind`, `group/*` or `plural.group`, e.g.
   * `external-secrets.io/*` when External Secrets Operator is installed first), Secrets (`namespace/name`) and
   * argocd-vault-plugin paths (`path`, `path#key`, `path/*`) filled outside the fleet. The delivery tool's own CRDs and
   * Spiderpool's on Spiderpool clusters are always declared.
   * @default - nothing beyond those
   */
  readonly preinstalled?: ConvergenceAssumptions;
}

/** A cluster as the deliveries see it: resolved by the fleet, its folder already rendered. */
export interface DeliveredCluster {
  readonly name: string;
  readonly network: ClusterNetwork;
  /** Delivery level: 0 without dependencies, else one more than the deepest dependency. */
  readonly level: number;
  /** Clusters to deliver first (IC database, Submariner broker hosts), sorted. */
  readonly dependsOn: readonly string[];
  /** The rendered cluster folder. */
  readonly folder: FolderSummary;
  /** The cluster is connected with OVN-IC (the kube-ovn chart then runs ovn-ic-controller). */
  readonly interconnected: boolean;
  /** Submariner installed from its upstream charts on this cluster (broker and/or member). */
  readonly submariner?: DeliveredSubmariner;
  /**
   * The nodes labelled by the partial Node manifests of `<dist>/nodes/<cluster>/`, sorted; none: no such folder.
   * @default - none
   */
  readonly nodes?: readonly string[];
}

/** The repository folder of a cluster's partial Node manifests, e.g. `dist/nodes/az1`. */
export function nodesFolder(distPath: string, cluster: string): string {
  return `${distPath}/nodes/${cluster}`;
}

/** The repository folder of a cluster's manifests, e.g. `dist/clusters/az1`. */
export function clusterFolder(distPath: string, cluster: string): string {
  return `${distPath}/clusters/${cluster}`;
}

/** Checks the props every delivery takes; messages without a prefix. */
export function checkDeliveryProps(props: GitOpsDeliveryOptions, distPath: string): string[] {
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
    if (options?.chart) errors.push(...checkKubeOvnChart(field, options.chart), ...checkUrlCredentials(`${field}.repoUrl`, options.chart.repoUrl, 'Helm chart'));
  }
  if (!props.revision || /\s/.test(props.revision)) {
    errors.push(`revision "${props.revision}" is not a branch, tag or commit; give e.g. main`);
  }
  if (distPath === '' || distPath.startsWith('/') || distPath.endsWith('/') || distPath.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    errors.push(`distPath "${distPath}" must be a relative folder inside the repository without ".", ".." or a trailing "/", e.g. dist`);
  }
  errors.push(...checkPreinstalled(props.preinstalled));
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

/** Checks {@link GitOpsDeliveryOptions.preinstalled}; messages without a prefix. */
export function checkPreinstalled(preinstalled: ConvergenceAssumptions | undefined): string[] {
  const errors: string[] = [];
  const perCluster = Object.entries(preinstalled?.clusterCrds ?? {}).flatMap(([cluster, crds]) => (Array.isArray(crds) ? crds : [crds]).map((c) => [`clusterCrds.${cluster}`, c]));
  for (const [field, crd] of [...(preinstalled?.crds ?? []).map((c) => ['crds', c]), ...perCluster]) {
    if (!/^([a-z0-9][-a-z0-9.]*\/([A-Z][A-Za-z0-9]*|\*)|[a-z0-9][-a-z0-9]*\.[-a-z0-9.]+)$/.test(String(crd))) {
      errors.push(`preinstalled.${field}: "${crd}" is not group/Kind, group/* or plural.group; give e.g. external-secrets.io/* or submariners.submariner.io`);
    }
  }
  for (const secret of preinstalled?.secrets ?? []) {
    if (!/^([a-z0-9][-a-z0-9]*|\*)\/[a-z0-9][-a-z0-9.]*$/.test(String(secret))) {
      errors.push(`preinstalled.secrets: "${secret}" is not namespace/name; give e.g. submariner-operator/submariner-broker-secret`);
    }
  }
  for (const p of preinstalled?.vaultPaths ?? []) {
    if (typeof p !== 'string' || p === '' || /[\s<>]/.test(p)) errors.push(`preinstalled.vaultPaths: "${p}" is not a secret-store path; give e.g. secret/data/submariner/*`);
  }
  return errors;
}

/**
 * The bootstrap step about node labels: which clusters the delivery labels (partial Node manifests of
 * `<dist>/nodes/<cluster>/`, `unit` names what applies them) and what is left to do by hand elsewhere.
 */
export function nodeLabelNote(clusters: readonly DeliveredCluster[], unit: (cluster: string) => string): string {
  const labelled = clusters.filter((c) => (c.nodes ?? []).length > 0).map((c) => c.name);
  const byHand = clusters.filter((c) => (c.nodes ?? []).length === 0 && c.network.cni?.isKubeOvn).map((c) => c.name);
  const done = labelled.length > 0
    ? `Node labels: the nodes of ${labelled.map((c) => `\`${c}\``).join(', ')} are labelled by ${unit('<cluster>')} from \`nodes/<cluster>/\` (\`kube-ovn/role=master\` on \`masterNodes\`, \`submariner.io/gateway=true\` on a Submariner member's gateway nodes; never pruned or deleted). `
    : '';
  const todo = byHand.length > 0
    ? `Label the master nodes of ${byHand.map((c) => `\`${c}\``).join(', ')} \`kube-ovn/role=master\` by hand or at provisioning (ovn-central and ovn-ic-server are pinned to them; give \`masterNodes\` to have them labelled), and the Submariner gateway nodes of clusters without \`nodes/<cluster>/\` \`submariner.io/gateway=true\`. `
    : '';
  return `2. ${done}${todo}Give the gateway nodes their names as listed above.`;
}
