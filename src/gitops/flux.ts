import { Construct } from 'constructs';
import { GitRepository, GitRepositorySpecRef } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecValuesFromKind } from '../../imports/helmrelease-helm.toolkit.fluxcd.io';
import { HelmRepository } from '../../imports/helmrepository-source.toolkit.fluxcd.io';
import {
  Kustomization, KustomizationSpec, KustomizationSpecDeletionPolicy, KustomizationSpecHealthChecks, KustomizationSpecSourceRefKind,
} from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { DELIVERY_STAGE, FLUX_PRUNE, OPERANDS_STAGE } from './annotations';
import {
  checkDeliveryProps, checkNamespace, clusterFolder, DeliveredCluster, GitOpsDeliveryOptions, nodeLabelNote, nodesFolder,
} from './delivery';
import { KubeOvnChart, KubeOvnInstallProps, resolveKubeOvnInstall, ResolvedKubeOvnInstall } from './kube-ovn-chart';
import { KUBE_OVN_NAMESPACE, KUBE_OVN_RELEASE, KubeOvnInstallation } from './kube-ovn-installation';
import { sortedUnique } from './objects';
import { DeliveredSubmariner, fluxOperatorValues, SUBMARINER_RELEASES } from './submariner-chart';
import { ExternalSecret } from '../submariner/external-secret';
import {
  BROKER_CHART, brokerChartValues, OPERATOR_CHART, SUBMARINER_CHART_REPO, SUBMARINER_CHART_VERSION,
} from '../submariner/operator-chart';

/** Options of a Flux delivery (`Fleet.deliverWithFlux`). */
export interface FluxDeliveryOptions extends GitOpsDeliveryOptions {
  /**
   * Namespace of the Flux objects in the management cluster.
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * Name of the GitRepository of the fleet repository.
   * @default 'ovn-ic-fleet'
   */
  readonly sourceName?: string;
  /**
   * How often the Kustomizations reconcile.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * Secret (in `namespace`) with the credentials of the fleet repository (`username`/`password`, or
   * `identity`/`known_hosts` for SSH): the GitRepository's `spec.secretRef`. Credentials never go into
   * `repoUrl`.
   * @default - none (a public repository)
   */
  readonly secretRef?: string;
  /**
   * Secret (in `namespace`) with the credentials of the Kube-OVN chart repository: `spec.secretRef` of
   * every HelmRepository.
   * @default - none (a public chart repository)
   */
  readonly chartSecretRef?: string;
}

/** Props of {@link FluxDelivery}. */
export interface FluxDeliveryProps extends FluxDeliveryOptions {
  /** The clusters to deliver, sorted by name, with their rendered folders. */
  readonly clusters: readonly DeliveredCluster[];
  /**
   * Render each cluster's objects (its Kustomizations under this construct as `<id>/<cluster>`, its
   * HelmReleases and credentials in the `releases` scopes). The fleet renderer passes false and builds a
   * {@link FluxClusterDelivery} per cluster in charts of its own, written and dropped with the cluster.
   * @default true
   */
  readonly clusterObjects?: boolean;
}

/** The Secret (in the Flux namespace, key `value`) holding the kubeconfig of a fleet cluster. */
export function kubeConfigSecretName(cluster: string): string {
  return `${cluster}-kubeconfig`;
}

/**
 * The problem of an object Flux cannot deliver: Flux applies argocd-vault-plugin placeholders
 * verbatim (it has no such plugin). `object` is `Kind "ns/name"`.
 */
export function vaultPlaceholderProblem(cluster: string, object: string): string {
  return `cluster "${cluster}", ${object}: holds argocd-vault-plugin placeholders (<path:...>), which Flux would apply verbatim; deliver this fleet with Argo CD and the plugin, or source the secret another way (External Secrets, an existing Secret)`;
}

/** A `$patch: delete` with a target: kustomize drops every object the target selects. */
function dropObjects(annotationSelector: string) {
  return {
    patch: ['$patch: delete', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: dropped-by-selector', ''].join('\n'),
    target: { annotationSelector },
  };
}

/** Kube-OVN installed on one cluster by a Flux HelmRelease of the kube-ovn chart. */
export class FluxKubeOvnRelease extends KubeOvnInstallation {
  public readonly resource: HelmRelease;

  constructor(scope: Construct, id: string, cluster: DeliveredCluster, install: ResolvedKubeOvnInstall, delivery: FluxSettings) {
    super(scope, id, cluster, install, 'Flux');
    this.resource = new HelmRelease(this, 'Resource', {
      metadata: {
        name: `${cluster.name}-kube-ovn`,
        namespace: delivery.namespace,
        // removing it from Git must not uninstall the CNI
        annotations: { [FLUX_PRUNE]: 'disabled' },
      },
      spec: {
        interval: '30m',
        releaseName: KUBE_OVN_RELEASE,
        targetNamespace: KUBE_OVN_NAMESPACE,
        storageNamespace: KUBE_OVN_NAMESPACE,
        kubeConfig: { secretRef: { name: kubeConfigSecretName(cluster.name), key: 'value' } },
        chart: {
          spec: {
            chart: install.chart.chart,
            version: install.chart.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: delivery.helmRepositoryName(install.chart.repoUrl), namespace: delivery.namespace },
          },
        },
        install: { remediation: { retries: 3 } },
        upgrade: { remediation: { retries: 3 } },
        values: this.values,
      },
    });
  }
}

/**
 * The settings of a Flux delivery with their defaults applied: what the fleet-wide objects and each
 * cluster's objects ({@link FluxClusterDelivery}) are rendered from.
 */
export class FluxSettings {
  public readonly repoUrl: string;
  public readonly revision: string;
  public readonly distPath: string;
  public readonly namespace: string;
  public readonly sourceName: string;
  public readonly interval: string;
  public readonly secretRef?: string;
  public readonly chartSecretRef?: string;
  public readonly kubeOvn: KubeOvnInstallProps;

  constructor(options: FluxDeliveryOptions) {
    this.repoUrl = options.repoUrl;
    this.revision = options.revision;
    this.distPath = options.distPath ?? 'dist';
    this.namespace = options.namespace ?? 'flux-system';
    this.sourceName = options.sourceName ?? 'ovn-ic-fleet';
    this.interval = options.interval ?? '10m';
    this.secretRef = options.secretRef;
    this.chartSecretRef = options.chartSecretRef;
    this.kubeOvn = options.kubeOvn ?? {};
  }

  /** The HelmRepository name of a chart repository: `kube-ovn` for the upstream one, else with a hash of the URL. */
  public helmRepositoryName(repoUrl: string): string {
    return repoUrl === KubeOvnChart.DEFAULT.repoUrl ? 'kube-ovn' : `kube-ovn-${shortHash(repoUrl)}`;
  }

  /** Fields every Kustomization shares; `path` is the folder in the repository. */
  public common(path: string): Pick<KustomizationSpec, 'interval' | 'retryInterval' | 'path' | 'prune' | 'sourceRef'> {
    return {
      interval: this.interval,
      retryInterval: '1m',
      path: `./${path}`,
      prune: true,
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: this.sourceName },
    };
  }
}

/** Props of {@link FluxClusterDelivery}. */
export interface FluxClusterDeliveryProps {
  /** The delivery's settings: `FluxDelivery.settings`, or `new FluxSettings(options)` for the options of the fleet. */
  readonly settings: FluxSettings;
  /** The cluster, its folder already rendered. */
  readonly cluster: DeliveredCluster;
  /**
   * The scope of `dist/<dir>/<cluster>/` (`dir` is {@link FluxDelivery.RELEASES_DIR} or {@link FluxDelivery.SUBMARINER_DIR}),
   * where the cluster's HelmReleases go (asked for only when there is one).
   */
  readonly releases: (dir: string) => Construct;
}

/**
 * One cluster's Flux objects: the Kustomizations `<cluster>-nodes`, `<cluster>-kube-ovn` (with the HelmRelease of
 * the kube-ovn chart in `releases`), `<cluster>`, `<cluster>-operands` and `<cluster>-submariner` (with the
 * Submariner HelmReleases and credentials in `releases`; see {@link FluxDelivery}). Its id is the cluster's name;
 * {@link FluxDelivery} creates one per cluster, or the fleet renderer does, one cluster at a time. Problems of the
 * cluster's chart values are reported on `scope` (the delivery's path), as `FluxDelivery: ...` like the delivery's own.
 */
export class FluxClusterDelivery extends Construct {
  private readonly settings: FluxSettings;

  constructor(scope: Construct, id: string, props: FluxClusterDeliveryProps) {
    super(scope, id);
    const { settings, cluster } = props;
    this.settings = settings;
    const install = resolveKubeOvnInstall(cluster.network, settings.kubeOvn);
    const dependsOn = [...cluster.dependsOn];
    const nodes = (cluster.nodes ?? []).length > 0 ? `${cluster.name}-nodes` : undefined;
    if (nodes) {
      // the labels first: the kube-ovn chart's ovn-central and the folder's ovn-ic-server select on kube-ovn/role=master
      new Kustomization(this, 'Nodes', {
        metadata: { name: nodes, namespace: settings.namespace },
        spec: {
          ...settings.common(nodesFolder(settings.distPath, cluster.name)),
          kubeConfig: { secretRef: { name: kubeConfigSecretName(cluster.name), key: 'value' } },
          prune: false,
          wait: true,
          timeout: '5m',
          // deleting this Kustomization never deletes a Node
          deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
        },
      });
    }
    if (install.enabled) {
      new FluxKubeOvnRelease(props.releases(FluxDelivery.RELEASES_DIR), 'KubeOvn', cluster, install, settings);
      new Kustomization(this, 'KubeOvn', {
        metadata: { name: `${cluster.name}-kube-ovn`, namespace: settings.namespace },
        spec: {
          ...settings.common(`${settings.distPath}/${FluxDelivery.RELEASES_DIR}/${cluster.name}`),
          wait: true,
          timeout: '15m',
          // deleting this Kustomization must not uninstall the CNI
          deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
          dependsOn: nodes ? [{ name: nodes }] : undefined,
        },
      });
      dependsOn.unshift(`${cluster.name}-kube-ovn`);
    } else if (nodes) {
      dependsOn.unshift(nodes);
    }
    // the workloads of the folder: the Kustomization is Ready once they are, so clusters depending on
    // it (e.g. on its IC database) wait for them
    const healthChecks: KustomizationSpecHealthChecks[] = cluster.folder.workloads.map((w) => ({ apiVersion: 'apps/v1', kind: w.kind, name: w.name, namespace: w.namespace }));
    const operands = cluster.folder.operands;
    new Kustomization(this, 'Folder', {
      metadata: { name: cluster.name, namespace: settings.namespace },
      spec: {
        ...settings.common(clusterFolder(settings.distPath, cluster.name)),
        kubeConfig: { secretRef: { name: kubeConfigSecretName(cluster.name), key: 'value' } },
        dependsOn: dependsOn.length > 0 ? dependsOn.map((name) => ({ name })) : undefined,
        healthChecks: healthChecks.length > 0 ? healthChecks : undefined,
        timeout: '5m',
        deletionPolicy: KustomizationSpecDeletionPolicy.MIRROR_PRUNE,
        patches: operands ? [dropObjects(`${DELIVERY_STAGE}=${OPERANDS_STAGE}`)] : undefined,
      },
    });
    if (operands) {
      new Kustomization(this, 'Operands', {
        metadata: { name: `${cluster.name}-operands`, namespace: settings.namespace },
        spec: {
          ...settings.common(clusterFolder(settings.distPath, cluster.name)),
          kubeConfig: { secretRef: { name: kubeConfigSecretName(cluster.name), key: 'value' } },
          dependsOn: [{ name: cluster.name }],
          timeout: '5m',
          deletionPolicy: KustomizationSpecDeletionPolicy.MIRROR_PRUNE,
          patches: [dropObjects(`${DELIVERY_STAGE}!=${OPERANDS_STAGE}`)],
        },
      });
    }
    if (cluster.submariner) {
      const errors = this.renderSubmariner(props.releases(FluxDelivery.SUBMARINER_DIR), cluster, cluster.submariner);
      if (errors.length > 0) scope.node.addValidation({ validate: () => errors.map((e) => `FluxDelivery: ${e}`) });
      new Kustomization(this, 'Submariner', {
        metadata: { name: `${cluster.name}-submariner`, namespace: settings.namespace },
        spec: {
          ...settings.common(`${settings.distPath}/${FluxDelivery.SUBMARINER_DIR}/${cluster.name}`),
          // after the cluster folder (the Namespaces, the broker's member tokens and PushSecrets), which itself waits
          // for the clusters it depends on, among them the broker's
          dependsOn: [{ name: cluster.name }],
          wait: true,
          timeout: '15m',
          // deleting this Kustomization must not uninstall Submariner
          deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
        },
      });
    }
  }

  /**
   * The Submariner charts of one cluster, applied in the management cluster: the broker chart's HelmRelease where it
   * runs a broker; where it joins one, the operator chart's HelmRelease (after its broker's) with the secret values
   * from an ExternalSecret through `valuesFrom` (helm-controller reads valuesFrom in the HelmRelease's namespace,
   * so the ExternalSecret sits beside it).
   */
  private renderSubmariner(scope: Construct, cluster: DeliveredCluster, submariner: DeliveredSubmariner): string[] {
    const release = (id: string, name: string, chart: string, releaseName: string, namespace: string, extra: Record<string, unknown>) => new HelmRelease(scope, id, {
      metadata: { name, namespace: this.settings.namespace, annotations: { [FLUX_PRUNE]: 'disabled' } },
      spec: {
        interval: '30m',
        releaseName,
        targetNamespace: namespace,
        storageNamespace: namespace,
        kubeConfig: { secretRef: { name: kubeConfigSecretName(cluster.name), key: 'value' } },
        chart: {
          spec: {
            chart, version: SUBMARINER_CHART_VERSION,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: FluxDelivery.SUBMARINER_REPOSITORY, namespace: this.settings.namespace },
          },
        },
        install: { remediation: { retries: 3 } },
        upgrade: { remediation: { retries: 3 } },
        ...extra,
      },
    });
    if (submariner.brokerNamespace) {
      release('SubmarinerBroker', `${cluster.name}-${BROKER_CHART}`, BROKER_CHART, SUBMARINER_RELEASES.broker.release, submariner.brokerNamespace, { values: brokerChartValues() });
    }
    if (!submariner.operator) return [];
    const { values, valuesFrom, credentials, errors } = fluxOperatorValues(cluster.name, submariner.operator);
    if (credentials) {
      new ExternalSecret(scope, 'SubmarinerCredentials', {
        metadata: { name: credentials.name, namespace: this.settings.namespace },
        spec: {
          refreshInterval: credentials.refreshInterval,
          secretStoreRef: credentials.store,
          target: { name: credentials.name, creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque', engineVersion: 'v2', data: credentials.template } },
          data: credentials.data,
        },
      });
    }
    const { release: releaseName, namespace } = SUBMARINER_RELEASES.operator;
    release('SubmarinerOperator', `${cluster.name}-${OPERATOR_CHART}`, OPERATOR_CHART, releaseName, namespace, {
      dependsOn: submariner.brokerCluster ? [{ name: `${submariner.brokerCluster}-${BROKER_CHART}` }] : undefined,
      values,
      valuesFrom: valuesFrom.length > 0 ? valuesFrom.map((v) => ({ ...v, kind: HelmReleaseSpecValuesFromKind.SECRET })) : undefined,
    });
    return errors;
  }
}

/**
 * Delivers the fleet with Flux from a management cluster that reaches every fleet cluster through
 * a kubeconfig Secret `<cluster>-kubeconfig`. Output:
 *
 * - `dist/flux/`: the GitRepository, the HelmRepository of the kube-ovn chart and per cluster
 *   the Kustomizations `<cluster>-kube-ovn` (applies the cluster's HelmRelease from
 *   `dist/flux-kube-ovn/<cluster>/` and waits for it), `<cluster>` (the cluster folder, after
 *   Kube-OVN and after the clusters it depends on) and, only when the folder holds objects whose
 *   CRD an operator installs at runtime, `<cluster>-operands` (those objects, after `<cluster>`).
 * - `dist/flux-kube-ovn/<cluster>/`: the HelmRelease of the kube-ovn chart.
 *
 * Flux has no sync waves. One Kustomization per folder suffices otherwise: kustomize-controller
 * applies the folder's CRDs, Namespaces and ClusterRoles first, then the rest in one server-side apply, and the
 * order that remains (ProviderNetwork → Vlan → Subnet, ovn-ic-config → ovn-ic-controller) is
 * reconciled by Kube-OVN's controllers, which retry until the object they refer to exists. The
 * orders that controllers cannot repair span clusters or tools, and are `dependsOn`.
 */
export class FluxDelivery extends Construct {
  /** The output folder of the Flux objects (`dist/flux`). */
  public static readonly OUTPUT_DIR = 'flux';
  /** The output folder of the per-cluster HelmReleases (`dist/flux-kube-ovn/<cluster>`). */
  public static readonly RELEASES_DIR = 'flux-kube-ovn';
  /** The output folder of the per-cluster Submariner HelmReleases and credentials (`dist/flux-submariner/<cluster>`). */
  public static readonly SUBMARINER_DIR = 'flux-submariner';
  /** The HelmRepository of the Submariner charts. */
  public static readonly SUBMARINER_REPOSITORY = 'submariner';

  /** The settings with their defaults, shared with each cluster's {@link FluxClusterDelivery}. */
  public readonly settings: FluxSettings;
  private readonly clusters: readonly DeliveredCluster[];

  /**
   * `scope` is the construct tree of `dist/flux/`; `releases(cluster, dir)` gives the scope of
   * `dist/<dir>/<cluster>/` (`flux-kube-ovn`, `flux-submariner`), where the cluster's HelmReleases go.
   */
  constructor(scope: Construct, id: string, props: FluxDeliveryProps, releases: (cluster: string, dir: string) => Construct) {
    super(scope, id);
    this.clusters = props.clusters;
    this.settings = new FluxSettings(props);

    this.node.addValidation({
      validate: () => [
        ...checkDeliveryProps(props, this.settings.distPath),
        ...checkNamespace('namespace', this.settings.namespace),
        ...checkNamespace('sourceName', this.settings.sourceName),
        ...[['secretRef', this.settings.secretRef], ['chartSecretRef', this.settings.chartSecretRef]].flatMap(([field, name]) => (name === undefined || /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) && name.length <= 253 ? []
          : [`${field} "${name}" is not a Secret name; give lowercase letters, digits, '-' and '.', e.g. fleet-repo-credentials`])),
        ...(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(this.settings.interval) ? [] : [`interval "${this.settings.interval}" is not a duration; give e.g. 10m`]),
        ...this.clusters.flatMap((c) => c.folder.vaultObjects.map((o) => vaultPlaceholderProblem(c.name, o))),
      ].map((e) => `FluxDelivery: ${e}`),
    });
    this.build(releases, props.clusterObjects ?? true);
  }

  /** The HelmRepository name of a chart repository: `kube-ovn` for the upstream one, else with a hash of the URL. */
  public helmRepositoryName(repoUrl: string): string {
    return this.settings.helmRepositoryName(repoUrl);
  }

  /** The GitRepository ref for the revision: a commit SHA, a full ref name, or a branch. */
  private gitRef(): GitRepositorySpecRef {
    if (/^[0-9a-f]{40}$/.test(this.settings.revision)) return { commit: this.settings.revision };
    if (this.settings.revision.startsWith('refs/')) return { name: this.settings.revision };
    return { branch: this.settings.revision };
  }

  private build(releases: (cluster: string, dir: string) => Construct, clusterObjects: boolean): void {
    new GitRepository(this, 'Source', {
      metadata: { name: this.settings.sourceName, namespace: this.settings.namespace },
      spec: { url: this.settings.repoUrl, ref: this.gitRef(), interval: '1m', secretRef: this.settings.secretRef === undefined ? undefined : { name: this.settings.secretRef } },
    });
    const installs = this.clusters
      .map((cluster) => ({ cluster, install: resolveKubeOvnInstall(cluster.network, this.settings.kubeOvn) }))
      .filter((x) => x.install.enabled);
    for (const repoUrl of sortedUnique(installs.map((x) => x.install.chart.repoUrl))) {
      new HelmRepository(this, `ChartRepository-${this.helmRepositoryName(repoUrl)}`, {
        metadata: { name: this.helmRepositoryName(repoUrl), namespace: this.settings.namespace },
        spec: { url: repoUrl, interval: '1h', secretRef: this.settings.chartSecretRef === undefined ? undefined : { name: this.settings.chartSecretRef } },
      });
    }
    if (this.clusters.some((c) => c.submariner)) {
      new HelmRepository(this, 'SubmarinerCharts', {
        metadata: { name: FluxDelivery.SUBMARINER_REPOSITORY, namespace: this.settings.namespace },
        spec: { url: SUBMARINER_CHART_REPO, interval: '1h' },
      });
    }

    if (!clusterObjects) return;
    for (const cluster of this.clusters) {
      new FluxClusterDelivery(this, cluster.name, { settings: this.settings, cluster, releases: (dir) => releases(cluster.name, dir) });
    }
  }

  /** The README's bootstrap steps for this delivery. */
  public bootstrapNotes(): string[] {
    const submariner = this.clusters.filter((c) => c.submariner);
    const stores = sortedUnique(submariner.flatMap((c) => c.submariner!.credentialStores));
    return [
      '0. Versions (minimums from the API versions rendered; the manifests are checked against kustomize-controller v1.9.4, source-controller v1.9.1 and helm-controller v1.6.3, not run on a cluster): Flux 2.3 or later (`helm.toolkit.fluxcd.io/v2`, `source.toolkit.fluxcd.io/v1` HelmRepository)'
        + (submariner.length > 0 ? ', External Secrets Operator 0.16 or later (`external-secrets.io/v1` ExternalSecret with template engine v2, `v1alpha1` PushSecret; checked against ESO v2.9.0\'s CRDs)' : '') + '.',
      ...(submariner.length > 0 ? [
        `0a. Install External Secrets Operator in the management cluster and in every broker cluster (${submariner.filter((c) => c.submariner!.brokerNamespace).map((c) => `\`${c.name}\``).join(', ')}), with the secret store ${stores.map((x) => `\`${x}\``).join(', ')} in both: the broker's PushSecrets write each member's token and CA to it, and the ExternalSecret \`<cluster>-submariner-credentials\` in \`${this.settings.namespace}\` reads them back for the HelmRelease's \`valuesFrom\` (helm-controller reads valuesFrom in the HelmRelease's namespace). Store the IPsec PSK once at the broker's \`pskRemoteKey\` (property \`psk\`, e.g. \`openssl rand -base64 48\`).`,
      ] : []),
      `1. In the management cluster, store each cluster's kubeconfig as Secret \`<cluster>-kubeconfig\` (key \`value\`) in \`${this.settings.namespace}\`: ${this.clusters.map((c) => `\`${kubeConfigSecretName(c.name)}\``).join(', ')}.`,
      nodeLabelNote(this.clusters, (c) => `the Kustomizations \`${c}-nodes\` (before \`${c}-kube-ovn\` and \`${c}\`)`),
      `3. Bootstrap Flux in the management cluster as usual, on a path outside \`${this.settings.distPath}/\` (every render replaces that folder), then let it apply \`./${this.settings.distPath}/${FluxDelivery.OUTPUT_DIR}\`: \`flux create source git ${this.settings.sourceName} --url=${this.settings.repoUrl} --branch=${this.settings.revision}\` and \`flux create kustomization ${this.settings.sourceName} --source=GitRepository/${this.settings.sourceName} --path=./${this.settings.distPath}/${FluxDelivery.OUTPUT_DIR} --prune=true --interval=${this.settings.interval}\` (the GitRepository in that folder then takes over the one created by hand). Do not point a Kustomization at \`./${this.settings.distPath}\` itself: Flux reads folders recursively, and the HelmReleases under \`${FluxDelivery.RELEASES_DIR}/\` and the cluster folders are applied by their own Kustomizations.`,
      `4. Flux then reconciles per cluster: \`<cluster>-kube-ovn\` (the kube-ovn HelmRelease, waited for), then \`<cluster>\` (the cluster folder, after \`<cluster>-kube-ovn\` and after the clusters it depends on, e.g. the one running the IC database), then \`<cluster>-operands\` where a folder has objects whose CRD an operator installs, then on a Submariner cluster \`<cluster>-submariner\` (\`./${this.settings.distPath}/${FluxDelivery.SUBMARINER_DIR}/<cluster>\`: the submariner-k8s-broker HelmRelease on a broker cluster, the member's ExternalSecret and its submariner-operator HelmRelease, which waits for its broker's HelmRelease).`,
      '5. Network-critical objects carry `kustomize.toolkit.fluxcd.io/prune: disabled`: removing them from Git leaves them in the cluster until deleted by hand.',
    ];
  }
}

/** 8 hex digits of FNV-1a: a stable, short suffix for names derived from URLs. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
