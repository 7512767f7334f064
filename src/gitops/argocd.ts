import { Construct } from 'constructs';
import { Application, ApplicationSpec, ApplicationSpecSource, ApplicationSpecSyncPolicy } from '../../imports/application-argoproj.io';
import { AppProject, AppProjectSpec } from '../../imports/appproject-argoproj.io';
import { addWarnings } from '../rules';
import { toYaml } from '../synthesis/yaml';
import { ARGOCD_RESOURCES_FINALIZER, ARGOCD_SYNC_WAVE } from './annotations';
import {
  ARGOCD_FEATURES, ArgoCdFeature, ArgoCdVersion, argoCdVersionOf, DEFAULT_ARGOCD_VERSION, parseArgoCdVersion, sinceText, supports,
} from './argocd-version';
import { ApplicationSet, ApplicationSetApplicationsSync, ApplicationSetGenerator } from './application-set';
import {
  checkDeliveryProps, checkNamespace, clusterFolder, DeliveredCluster, GitOpsDeliveryOptions, nodeLabelNote, nodesFolder,
} from './delivery';
import { KubeOvnInstallProps, resolveKubeOvnInstall, ResolvedKubeOvnInstall } from './kube-ovn-chart';
import { KUBE_OVN_NAMESPACE, KUBE_OVN_RELEASE, KubeOvnInstallation } from './kube-ovn-installation';
import { sortedUnique } from './objects';
import { argoCdOperatorValues, DeliveredSubmariner, SUBMARINER_RELEASES } from './submariner-chart';
import type { RenderedFile } from '../synthesis/files';
import {
  BROKER_CHART, brokerChartValues, OPERATOR_CHART, SUBMARINER_CHART_REPO, SUBMARINER_CHART_VERSION,
} from '../submariner/operator-chart';

/** How the cluster folders become Argo CD Applications. */
export class ArgoCdApplicationMode {
  /**
   * One Application per cluster, rendered here. Applications carry sync waves, so an app of apps
   * over `dist/argocd` brings up the cluster running the IC database first.
   */
  public static readonly APPLICATIONS = new ArgoCdApplicationMode('applications');
  /** One ApplicationSet whose list generator names the fleet's clusters. */
  public static readonly APPLICATION_SET_LIST = new ArgoCdApplicationMode('application-set-list');
  /** One ApplicationSet whose git generator finds the cluster folders (`<dist>/clusters/*`) itself. */
  public static readonly APPLICATION_SET_GIT = new ArgoCdApplicationMode('application-set-git');

  private constructor(public readonly name: string) {}
}

/** Options of an Argo CD delivery (`Fleet.deliverWithArgoCd`). */
export interface ArgoCdDeliveryOptions extends GitOpsDeliveryOptions {
  /**
   * Argo CD's namespace; Applications, ApplicationSets and AppProjects live there.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * AppProject of the cluster-folder Applications; the Kube-OVN installs use `<project>-kube-ovn`.
   * @default 'ovn-ic-fleet'
   */
  readonly project?: string;
  /**
   * Applications or an ApplicationSet for the cluster folders.
   * @default ArgoCdApplicationMode.APPLICATIONS
   */
  readonly applicationMode?: ArgoCdApplicationMode;
  /**
   * Namespace for namespaced objects that name none (`spec.destination.namespace`).
   * @default 'kube-system'
   */
  readonly destinationNamespace?: string;
  /**
   * The config management plugin that fills argocd-vault-plugin placeholders (`<path:...>`):
   * cluster folders holding any are synced through it instead of as a plain directory.
   * @default 'argocd-vault-plugin'
   */
  readonly vaultPlugin?: string;
  /**
   * The config management plugin that renders a Helm chart and then fills its argocd-vault-plugin placeholders
   * (argocd-vault-plugin's documented Helm variant: `helm dependency build`, then
   * `helm template "$ARGOCD_ENV_RELEASE_NAME" -n "$ARGOCD_APP_NAMESPACE" . | argocd-vault-plugin generate -`).
   * The members' submariner-operator installs use it when their values hold placeholders: Argo CD's own Helm
   * source cannot run the plugin.
   * @default 'argocd-vault-plugin-helm'
   */
  readonly vaultHelmPlugin?: string;
  /**
   * The Argo CD version that syncs the fleet, `major.minor` or `major.minor.patch` (e.g. '3.1',
   * '2.13.4'). Below a feature's minimum version the delivery renders what that version
   * understands instead and says so in a warning: `Prune=false,Delete=false` instead of the confirm
   * options (< 2.14), `helm.values` instead of `helm.valuesObject` (< 2.8); below 2.12 the
   * per-resource `Force=true` of ovn-ic-config is ignored (a warning names the manual step).
   * @default DEFAULT_ARGOCD_VERSION ('3.5', the Argo CD release whose CRDs the package is checked against)
   */
  readonly argoCdVersion?: string;
}

/** Props of {@link ArgoCdDelivery}. */
export interface ArgoCdDeliveryProps extends ArgoCdDeliveryOptions {
  /** The clusters to deliver, sorted by name, with their rendered folders. */
  readonly clusters: readonly DeliveredCluster[];
  /**
   * Render each cluster's objects (its Applications, its wrapper chart: {@link ArgoCdClusterDelivery}) under this construct,
   * as `<id>/<cluster>`. The fleet renderer passes false and builds an {@link ArgoCdClusterDelivery}
   * per cluster in a chart of its own, written and dropped with the cluster, so the delivery objects
   * of a large fleet are never all in memory.
   * @default true
   */
  readonly clusterObjects?: boolean;
}

/** Waves of the objects in `dist/argocd`, for an app of apps over that folder. */
export const ARGOCD_APP_WAVES = {
  /** AppProjects exist before the Applications that name them. */
  projects: -20,
  /** Node labels (`<cluster>-nodes`): the Kube-OVN masters' label before the chart schedules ovn-central. */
  nodes: -15,
  /** Kube-OVN itself (and its CRDs) before the cluster folders that use them. */
  kubeOvn: -10,
  /** Cluster folders: `10 × level`, where a cluster's level is one more than the clusters it depends on. */
  clusterStep: 10,
  /** The submariner-k8s-broker chart: after its cluster's folder (the broker Namespace, member tokens, PushSecrets). */
  submarinerBroker: 3,
  /**
   * The submariner-operator chart: after its cluster's folder and its broker's chart. A member's level is above its
   * broker cluster's, so every broker's objects come before the members that read their credentials.
   */
  submarinerOperator: 5,
} as const;

/** Kinds the submariner-operator and submariner-k8s-broker charts v0.18.1 render (templates/ and crds/). */
const SUBMARINER_CHART_KINDS = {
  cluster: [['apiextensions.k8s.io', 'CustomResourceDefinition'], ['rbac.authorization.k8s.io', 'ClusterRole'], ['rbac.authorization.k8s.io', 'ClusterRoleBinding']],
  namespaced: [
    ['', 'Secret'], ['', 'ServiceAccount'], ['apps', 'Deployment'], ['rbac.authorization.k8s.io', 'Role'], ['rbac.authorization.k8s.io', 'RoleBinding'],
    ['submariner.io', 'Submariner'],
  ],
} as const;

/**
 * Kinds the kube-ovn chart v1.13.15 renders (templates, including its Helm hooks), for the
 * `<project>-kube-ovn` AppProject. With `networking.ENABLE_SSL` the chart adds Secrets.
 */
const KUBE_OVN_CHART_KINDS = {
  cluster: [['apiextensions.k8s.io', 'CustomResourceDefinition'], ['rbac.authorization.k8s.io', 'ClusterRole'], ['rbac.authorization.k8s.io', 'ClusterRoleBinding']],
  namespaced: [['', 'ConfigMap'], ['', 'Service'], ['', 'ServiceAccount'], ['apps', 'DaemonSet'], ['apps', 'Deployment'], ['batch', 'Job'], ['rbac.authorization.k8s.io', 'RoleBinding']],
} as const;

const RETRY = { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } };

/**
 * {@link RETRY} as `argocd app create` flags (names from Argo CD's CLI reference,
 * docs/user-guide/commands/argocd_app_create.md at v3.5.1).
 */
const RETRY_FLAGS = `--sync-retry-limit ${RETRY.limit} --sync-retry-backoff-duration ${RETRY.backoff.duration} `
  + `--sync-retry-backoff-factor ${RETRY.backoff.factor} --sync-retry-backoff-max-duration ${RETRY.backoff.maxDuration}`;

/** The network-critical objects (safety.ts `isNetworkCritical`) as the README names them. */
const CRITICAL_OBJECTS = 'Network-critical objects (ovn-ic-config, the IC database Deployment ovn-ic-server, ProviderNetwork, Vlan, Subnet, '
  + 'Submariner, the broker\'s member ServiceAccounts and token Secrets, SpiderIPPool, SpiderMultusConfig, and the Namespaces holding any of them, '
  + 'e.g. submariner-operator)';

/**
 * The Chart.yaml of a member's wrapper chart: the upstream submariner-operator chart as its only dependency, so the
 * vault Helm plugin renders the upstream templates with the placeholder values of values.yaml (nested under the
 * dependency's name). Nothing of the upstream chart is copied: `helm dependency build` fetches it.
 */
function wrapperChart(cluster: string): Record<string, unknown> {
  return {
    apiVersion: 'v2',
    name: `${cluster}-submariner`,
    description: `submariner-operator ${SUBMARINER_CHART_VERSION} for ${cluster} with argocd-vault-plugin placeholders; generated by cdk8s-ovn-ic`,
    version: SUBMARINER_CHART_VERSION,
    dependencies: [{ name: OPERATOR_CHART, version: SUBMARINER_CHART_VERSION, repository: SUBMARINER_CHART_REPO }],
  };
}

/** Kube-OVN installed on one cluster by an Argo CD Application of the kube-ovn chart. */
export class ArgoCdKubeOvnApplication extends KubeOvnInstallation {
  public readonly resource: Application;

  constructor(scope: Construct, id: string, cluster: DeliveredCluster, install: ResolvedKubeOvnInstall, delivery: ArgoCdSettings) {
    super(scope, id, cluster, install, 'Argo CD');
    this.resource = new Application(this, 'Resource', {
      metadata: {
        name: `${cluster.name}-kube-ovn`,
        namespace: delivery.namespace,
        annotations: { [ARGOCD_SYNC_WAVE]: String(ARGOCD_APP_WAVES.kubeOvn) },
        // no resources finalizer: deleting this Application must leave the CNI running
      },
      spec: {
        project: delivery.kubeOvnProject,
        source: {
          repoUrl: install.chart.repoUrl,
          chart: install.chart.chart,
          targetRevision: install.chart.version,
          // Argo CD < 2.8 ignores valuesObject: the same values as a YAML string then
          helm: {
            releaseName: KUBE_OVN_RELEASE,
            ...(delivery.supports(ARGOCD_FEATURES.helmValuesObject) ? { valuesObject: this.values } : { values: toYaml(this.values) }),
          },
        },
        destination: { name: cluster.name, namespace: KUBE_OVN_NAMESPACE },
        // prune stays manual: a bad chart bump must not delete CRDs (and with them every Subnet)
        syncPolicy: {
          automated: { prune: false, selfHeal: true, allowEmpty: false },
          syncOptions: ['FailOnSharedResource=true'],
          retry: RETRY,
        },
      },
    });
  }
}

/**
 * The settings of an Argo CD delivery with their defaults applied: what the fleet-wide objects and
 * each cluster's objects ({@link ArgoCdClusterDelivery}) are rendered from.
 */
export class ArgoCdSettings {
  public readonly repoUrl: string;
  public readonly revision: string;
  public readonly distPath: string;
  public readonly namespace: string;
  /** AppProject of the cluster folders. */
  public readonly project: string;
  /** AppProject of the Kube-OVN installs. */
  public readonly kubeOvnProject: string;
  public readonly applicationMode: ArgoCdApplicationMode;
  public readonly destinationNamespace: string;
  public readonly vaultPlugin: string;
  public readonly vaultHelmPlugin: string;
  /** AppProject of the Submariner chart installs. */
  public readonly submarinerProject: string;
  /** The Argo CD version rendered for (the default when `argoCdVersion` is bad; that is an error). */
  public readonly argoCdVersion: ArgoCdVersion;
  public readonly kubeOvn: KubeOvnInstallProps;

  constructor(options: ArgoCdDeliveryOptions) {
    this.repoUrl = options.repoUrl;
    this.revision = options.revision;
    this.distPath = options.distPath ?? 'dist';
    this.namespace = options.namespace ?? 'argocd';
    this.project = options.project ?? 'ovn-ic-fleet';
    this.kubeOvnProject = `${this.project}-kube-ovn`;
    this.applicationMode = options.applicationMode ?? ArgoCdApplicationMode.APPLICATIONS;
    this.destinationNamespace = options.destinationNamespace ?? 'kube-system';
    this.vaultPlugin = options.vaultPlugin ?? 'argocd-vault-plugin';
    this.vaultHelmPlugin = options.vaultHelmPlugin ?? 'argocd-vault-plugin-helm';
    this.submarinerProject = `${this.project}-submariner`;
    this.kubeOvn = options.kubeOvn ?? {};
    this.argoCdVersion = argoCdVersionOf(options.argoCdVersion);
  }

  /** True when the target Argo CD understands `feature`. */
  public supports(feature: ArgoCdFeature): boolean {
    return supports(this.argoCdVersion, feature);
  }

  /**
   * The Application of a cluster folder: automated sync that never syncs an empty folder, prunes
   * last (network-critical objects wait for confirmation), retries while Kube-OVN's CRDs are still
   * arriving and fails rather than fight another Application over a shared object. A folder with
   * vault placeholders is rendered through the vault plugin, else read as plain manifests.
   */
  public folderApplicationSpec(destination: string, path: string, vault: boolean): ApplicationSpec {
    const syncPolicy: ApplicationSpecSyncPolicy = {
      automated: { prune: true, selfHeal: true, allowEmpty: false },
      syncOptions: ['FailOnSharedResource=true', 'PruneLast=true'],
      retry: RETRY,
    };
    const source: ApplicationSpecSource = {
      repoUrl: this.repoUrl,
      targetRevision: this.revision,
      path,
      ...(vault ? { plugin: { name: this.vaultPlugin } } : { directory: { recurse: false, include: '*.k8s.yaml' } }),
    };
    return {
      project: this.project,
      source,
      destination: { name: destination, namespace: this.destinationNamespace },
      syncPolicy,
    };
  }
}

/** Props of {@link ArgoCdClusterDelivery}. */
export interface ArgoCdClusterDeliveryProps {
  /** The delivery's settings: `ArgoCdDelivery.settings`, or `new ArgoCdSettings(options)` for the options of the fleet. */
  readonly settings: ArgoCdSettings;
  /** The cluster, its folder already rendered. */
  readonly cluster: DeliveredCluster;
}

/**
 * One cluster's Argo CD objects: the Application of its folder (in {@link ArgoCdApplicationMode.APPLICATIONS}
 * mode), the Application of its node labels, the Application of the kube-ovn chart where the delivery installs
 * Kube-OVN and the Applications of the Submariner charts, with the member's wrapper chart ({@link files}). Its id
 * is the cluster's name; {@link ArgoCdDelivery} creates one per cluster, or the fleet renderer does, one cluster
 * at a time. Problems of the cluster's chart values are reported on `scope` (the delivery's path), as
 * `ArgoCdDelivery: ...` like the delivery's own.
 */
export class ArgoCdClusterDelivery extends Construct {
  /** True when the cluster has objects of its own in this delivery. */
  public static isNeeded(settings: ArgoCdSettings, cluster: DeliveredCluster): boolean {
    return settings.applicationMode === ArgoCdApplicationMode.APPLICATIONS || (cluster.nodes ?? []).length > 0 || cluster.submariner !== undefined
      || resolveKubeOvnInstall(cluster.network, settings.kubeOvn).enabled;
  }

  private readonly settings: ArgoCdSettings;
  private readonly extraFiles: RenderedFile[] = [];

  constructor(scope: Construct, id: string, props: ArgoCdClusterDeliveryProps) {
    super(scope, id);
    const { settings, cluster } = props;
    this.settings = settings;
    if (settings.applicationMode === ArgoCdApplicationMode.APPLICATIONS) {
      new Application(this, 'Application', {
        metadata: {
          name: cluster.name,
          namespace: settings.namespace,
          annotations: { [ARGOCD_SYNC_WAVE]: String(ARGOCD_APP_WAVES.clusterStep * cluster.level) },
          finalizers: [ARGOCD_RESOURCES_FINALIZER],
        },
        spec: settings.folderApplicationSpec(cluster.name, clusterFolder(settings.distPath, cluster.name), cluster.folder.vaultObjects.length > 0),
      });
    }
    if ((cluster.nodes ?? []).length > 0) this.renderNodesApplication(cluster);
    const install = resolveKubeOvnInstall(cluster.network, settings.kubeOvn);
    if (install.enabled) new ArgoCdKubeOvnApplication(this, 'KubeOvn', cluster, install, settings);
    if (cluster.submariner) {
      const errors = this.renderSubmariner(cluster, cluster.submariner);
      if (errors.length > 0) scope.node.addValidation({ validate: () => errors.map((e) => `ArgoCdDelivery: ${e}`) });
    }
  }

  /** Files beside the delivery objects: the member's wrapper chart for the vault Helm plugin (`argocd-submariner/<cluster>/`). */
  public files(): RenderedFile[] {
    return [...this.extraFiles];
  }

  /**
   * The Submariner charts on one cluster: the broker chart (where it runs a broker) and the operator chart (where it
   * joins one), each an Application after the cluster's folder. An operator whose values hold vault placeholders is
   * rendered through the vault Helm plugin from a wrapper chart in Git (the upstream chart as its one dependency);
   * the broker side never needs a placeholder.
   */
  private renderSubmariner(cluster: DeliveredCluster, submariner: DeliveredSubmariner): string[] {
    const wave = (step: number) => ({ [ARGOCD_SYNC_WAVE]: String(ARGOCD_APP_WAVES.clusterStep * cluster.level + step) });
    const syncPolicy: ApplicationSpecSyncPolicy = {
      // prune stays manual: a chart bump must not delete the CRDs (and with them the Submariner CR)
      automated: { prune: false, selfHeal: true, allowEmpty: false },
      syncOptions: ['FailOnSharedResource=true'],
      retry: RETRY,
    };
    const helm = (releaseName: string, values: Record<string, unknown>) => ({
      releaseName,
      ...(this.settings.supports(ARGOCD_FEATURES.helmValuesObject) ? { valuesObject: values } : { values: toYaml(values) }),
    });
    if (submariner.brokerNamespace) {
      new Application(this, 'SubmarinerBroker', {
        metadata: { name: `${cluster.name}-submariner-broker`, namespace: this.settings.namespace, annotations: wave(ARGOCD_APP_WAVES.submarinerBroker) },
        spec: {
          project: this.settings.submarinerProject,
          source: {
            repoUrl: SUBMARINER_CHART_REPO, chart: BROKER_CHART, targetRevision: SUBMARINER_CHART_VERSION,
            helm: helm(SUBMARINER_RELEASES.broker.release, brokerChartValues()),
          },
          destination: { name: cluster.name, namespace: submariner.brokerNamespace },
          syncPolicy,
        },
      });
    }
    if (!submariner.operator) return [];
    const { values, vault, errors } = argoCdOperatorValues(cluster.name, submariner.operator);
    const { release, namespace } = SUBMARINER_RELEASES.operator;
    let source: ApplicationSpecSource;
    if (vault) {
      const dir = `${ArgoCdDelivery.SUBMARINER_DIR}/${cluster.name}`;
      this.extraFiles.push(
        { file: `${dir}/Chart.yaml`, content: toYaml(wrapperChart(cluster.name)) },
        { file: `${dir}/values.yaml`, content: toYaml({ [OPERATOR_CHART]: values }) },
      );
      source = {
        repoUrl: this.settings.repoUrl, targetRevision: this.settings.revision, path: `${this.settings.distPath}/${dir}`,
        plugin: { name: this.settings.vaultHelmPlugin, env: [{ name: 'RELEASE_NAME', value: release }] },
      };
    } else {
      source = { repoUrl: SUBMARINER_CHART_REPO, chart: OPERATOR_CHART, targetRevision: SUBMARINER_CHART_VERSION, helm: helm(release, values) };
    }
    new Application(this, 'SubmarinerOperator', {
      metadata: { name: `${cluster.name}-submariner`, namespace: this.settings.namespace, annotations: wave(ARGOCD_APP_WAVES.submarinerOperator) },
      spec: { project: this.settings.submarinerProject, source, destination: { name: cluster.name, namespace }, syncPolicy },
    });
    return errors;
  }

  /**
   * The Application of a cluster's node labels (`<dist>/nodes/<cluster>/`), in its own wave before Kube-OVN
   * (ovn-central, ovn-ic-controller and ovn-ic-server select on `kube-ovn/role=master`). Server-side apply,
   * never prune, and no resources finalizer: deleting this Application never deletes a Node.
   */
  private renderNodesApplication(cluster: DeliveredCluster): void {
    new Application(this, 'Nodes', {
      metadata: { name: `${cluster.name}-nodes`, namespace: this.settings.namespace, annotations: { [ARGOCD_SYNC_WAVE]: String(ARGOCD_APP_WAVES.nodes) } },
      spec: {
        project: this.settings.project,
        source: { repoUrl: this.settings.repoUrl, targetRevision: this.settings.revision, path: nodesFolder(this.settings.distPath, cluster.name), directory: { recurse: false, include: '*.k8s.yaml' } },
        destination: { name: cluster.name, namespace: this.settings.destinationNamespace },
        syncPolicy: {
          automated: { prune: false, selfHeal: true, allowEmpty: false },
          // server-side apply comes from each Node's own sync options (never app-wide: see ovn-ic-config)
          syncOptions: ['FailOnSharedResource=true'],
          retry: RETRY,
        },
      },
    });
  }
}

/**
 * Delivers the fleet with Argo CD: the rendered objects go to `dist/argocd/`.
 *
 * - AppProject `<project>` allows exactly the kinds the cluster folders hold, the fleet repository
 *   and each cluster's namespaces; `<project>-kube-ovn` allows the kube-ovn chart's kinds.
 * - Per cluster an Application syncing `<dist>/clusters/<cluster>/` to the Argo CD cluster named
 *   like the fleet cluster (or one ApplicationSet), and per Kube-OVN cluster an Application of the
 *   kube-ovn chart with values from the fleet model.
 * - The objects of the cluster folders carry their sync waves and safety options ({@link prepareFolder}).
 */
export class ArgoCdDelivery extends Construct {
  /** The output folder (`dist/argocd`). */
  public static readonly OUTPUT_DIR = 'argocd';
  /** The output folder of the members' wrapper charts (`dist/argocd-submariner/<cluster>`). */
  public static readonly SUBMARINER_DIR = 'argocd-submariner';

  /** The settings with their defaults, shared with each cluster's {@link ArgoCdClusterDelivery}. */
  public readonly settings: ArgoCdSettings;
  private readonly clusters: readonly DeliveredCluster[];
  private readonly clusterDeliveries: ArgoCdClusterDelivery[] = [];

  constructor(scope: Construct, id: string, props: ArgoCdDeliveryProps) {
    super(scope, id);
    this.clusters = props.clusters;
    this.settings = new ArgoCdSettings(props);
    const version = parseArgoCdVersion(props.argoCdVersion ?? DEFAULT_ARGOCD_VERSION);

    this.node.addValidation({
      validate: () => [
        ...checkDeliveryProps(props, this.settings.distPath),
        ...checkNamespace('namespace', this.settings.namespace),
        ...checkNamespace('destinationNamespace', this.settings.destinationNamespace),
        ...(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(this.settings.vaultPlugin) ? [] : [`vaultPlugin "${this.settings.vaultPlugin}" is not a plugin name; give the name of the ConfigManagementPlugin, e.g. argocd-vault-plugin`]),
        ...(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(this.settings.vaultHelmPlugin) ? [] : [`vaultHelmPlugin "${this.settings.vaultHelmPlugin}" is not a plugin name; give the name of the ConfigManagementPlugin, e.g. argocd-vault-plugin-helm`]),
        // the Kube-OVN project appends "-kube-ovn" (9 characters) to the name
        ...checkNamespace('project', this.settings.project, 63 - '-kube-ovn'.length),
        ...(typeof version === 'string' ? [version] : []),
      ].map((e) => `ArgoCdDelivery: ${e}`),
    });
    addWarnings(this, () => (typeof version === 'string' ? [] : this.versionWarnings()));

    this.build(props.clusterObjects ?? true);
  }

  /** True when the target Argo CD understands `feature`. */
  public supports(feature: ArgoCdFeature): boolean {
    return supports(this.settings.argoCdVersion, feature);
  }

  /** One warning per feature the target Argo CD lacks and the delivery uses: what is rendered instead and what it means. */
  private versionWarnings(): string[] {
    const v = `Argo CD ${this.settings.argoCdVersion.text}`;
    const warnings: string[] = [];
    const lacks = (f: ArgoCdFeature) => `${v} does not know ${f.name} (new in Argo CD ${sinceText(f)})`;
    const guarded = this.clusters.filter((c) => c.folder.guardedObjects > 0);
    if (!this.supports(ARGOCD_FEATURES.confirmRemoval) && guarded.length > 0) {
      const count = guarded.reduce((n, c) => n + c.folder.guardedObjects, 0);
      warnings.push(`${lacks(ARGOCD_FEATURES.confirmRemoval)}: the ${count} network-critical objects of `
        + `${guarded.map((c) => c.name).join(', ')} get Prune=false,Delete=false instead, so Argo CD never prunes them nor deletes them with their Application: removing one from the fleet `
        + `(or deleting the Application) leaves it running until a person deletes it by hand (kubectl delete); upgrade Argo CD to ${sinceText(ARGOCD_FEATURES.confirmRemoval)} `
        + 'or later to confirm removals in Argo CD instead');
    }
    const forced = this.clusters.flatMap((c) => c.folder.forcedObjects.map((o) => `${o} in ${c.name}`));
    if (!this.supports(ARGOCD_FEATURES.resourceForce) && forced.length > 0) {
      warnings.push(`${lacks(ARGOCD_FEATURES.resourceForce)}: it stays on ${forced.join(', ')} (older versions ignore it), but a sync cannot recreate `
        + 'these immutable objects: after a change to one, delete it by hand in its cluster (e.g. `kubectl -n kube-system delete configmap ovn-ic-config`) '
        + `and sync again, else the sync fails and is retried; upgrade Argo CD to ${sinceText(ARGOCD_FEATURES.resourceForce)} or later to have the sync recreate them`);
    }
    const labelled = this.clusters.filter((c) => (c.nodes ?? []).length > 0).map((c) => `${c.name}-nodes`);
    if (!this.supports(ARGOCD_FEATURES.serverSideApply) && labelled.length > 0) {
      warnings.push(`${lacks(ARGOCD_FEATURES.serverSideApply)}: the partial Node manifests of ${labelled.join(', ')} are applied client-side instead, `
        + 'which also only adds their labels to the existing Nodes (nothing else is in the manifest), but records them in a last-applied annotation '
        + `rather than as server-side field ownership; upgrade Argo CD to ${sinceText(ARGOCD_FEATURES.serverSideApply)} or later for server-side apply`);
    }
    const charts = this.clusters.filter((c) => resolveKubeOvnInstall(c.network, this.settings.kubeOvn).enabled).map((c) => `${c.name}-kube-ovn`);
    if (!this.supports(ARGOCD_FEATURES.helmValuesObject) && charts.length > 0) {
      warnings.push(`${lacks(ARGOCD_FEATURES.helmValuesObject)}: the Applications ${charts.join(', ')} carry the same chart values as the YAML string `
        + 'spec.source.helm.values instead; the chart renders the same, only the values are one string in the Application '
        + `(upgrade Argo CD to ${sinceText(ARGOCD_FEATURES.helmValuesObject)} or later for valuesObject)`);
    }
    return warnings;
  }

  private build(clusterObjects: boolean): void {
    const installs = this.clusters
      .map((cluster) => ({ cluster, install: resolveKubeOvnInstall(cluster.network, this.settings.kubeOvn) }))
      .filter((x) => x.install.enabled);
    this.renderFleetProject();
    if (installs.length > 0) this.renderKubeOvnProject(installs.map((x) => x.cluster), installs.map((x) => x.install.chart.repoUrl));
    if (this.settings.applicationMode !== ArgoCdApplicationMode.APPLICATIONS) this.renderApplicationSet();
    const submariner = this.clusters.filter((c) => c.submariner);
    if (submariner.length > 0) this.renderSubmarinerProject(submariner);
    if (!clusterObjects) return;
    for (const cluster of this.clusters) {
      if (ArgoCdClusterDelivery.isNeeded(this.settings, cluster)) this.clusterDeliveries.push(new ArgoCdClusterDelivery(this, cluster.name, { settings: this.settings, cluster }));
    }
  }

  /** Files beside the delivery objects: the members' wrapper charts for the vault Helm plugin (none without `clusterObjects`). */
  public files(): RenderedFile[] {
    return this.clusterDeliveries.flatMap((d) => d.files());
  }

  private renderSubmarinerProject(clusters: readonly DeliveredCluster[]): void {
    const destinations = clusters.flatMap((c) => [
      ...(c.submariner!.brokerNamespace ? [{ name: c.name, namespace: c.submariner!.brokerNamespace }] : []),
      ...(c.submariner!.member ? [{ name: c.name, namespace: SUBMARINER_RELEASES.operator.namespace }] : []),
    ]);
    this.renderProject('SubmarinerProject', this.settings.submarinerProject, 'Submariner installed from its upstream Helm charts; generated by cdk8s-ovn-ic', {
      sourceRepos: sortedUnique([SUBMARINER_CHART_REPO, this.settings.repoUrl]),
      destinations,
      clusterResourceWhitelist: SUBMARINER_CHART_KINDS.cluster.map(([group, kind]) => ({ group, kind })),
      namespaceResourceWhitelist: SUBMARINER_CHART_KINDS.namespaced.map(([group, kind]) => ({ group, kind })),
    });
  }

  private renderApplicationSet(): void {
    const git = this.settings.applicationMode === ArgoCdApplicationMode.APPLICATION_SET_GIT;
    const param = git ? '{{.path.basename}}' : '{{.cluster}}';
    const generator: ApplicationSetGenerator = git
      ? { git: { repoUrl: this.settings.repoUrl, revision: this.settings.revision, directories: [{ path: clusterFolder(this.settings.distPath, '*') }] } }
      : { list: { elements: this.clusters.map((c) => ({ cluster: c.name })) } };
    new ApplicationSet(this, 'ApplicationSet', {
      metadata: { name: this.settings.project, namespace: this.settings.namespace, annotations: { [ARGOCD_SYNC_WAVE]: '0' } },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [generator],
        // a cluster folder vanishing from Git (or the list) must not delete the cluster's network
        syncPolicy: { preserveResourcesOnDeletion: true, applicationsSync: ApplicationSetApplicationsSync.CREATE_UPDATE },
        template: {
          metadata: { name: param, finalizers: [ARGOCD_RESOURCES_FINALIZER] },
          // one template for all folders: the plugin passes manifests without placeholders through unchanged
          spec: this.settings.folderApplicationSpec(param, git ? '{{.path.path}}' : clusterFolder(this.settings.distPath, param), this.clusters.some((c) => c.folder.vaultObjects.length > 0)),
        },
      },
    });
  }

  /** The AppProject of the cluster folders: exactly the kinds and namespaces they render. */
  private renderFleetProject(): void {
    const clusterKinds = new Set<string>();
    const namespacedKinds = new Set<string>();
    const destinations: Array<{ name: string; namespace: string }> = [];
    for (const cluster of this.clusters) {
      if ((cluster.nodes ?? []).length > 0) clusterKinds.add('/Node');
      cluster.folder.clusterKinds.forEach((k) => clusterKinds.add(k));
      cluster.folder.namespacedKinds.forEach((k) => namespacedKinds.add(k));
      const namespaces = [this.settings.destinationNamespace, ...cluster.folder.namespaces];
      destinations.push(...sortedUnique(namespaces).map((namespace) => ({ name: cluster.name, namespace })));
    }
    const toRestriction = (key: string) => ({ group: key.slice(0, key.lastIndexOf('/')), kind: key.slice(key.lastIndexOf('/') + 1) });
    const namespaced = sortedUnique(namespacedKinds).map(toRestriction);
    this.renderProject('Project', this.settings.project, 'Cluster folders of the OVN-IC fleet; generated by cdk8s-ovn-ic', {
      sourceRepos: [this.settings.repoUrl],
      destinations,
      clusterResourceWhitelist: sortedUnique(clusterKinds).map(toRestriction),
      // an empty namespaced whitelist would allow every kind: deny all instead
      ...(namespaced.length > 0 ? { namespaceResourceWhitelist: namespaced } : { namespaceResourceBlacklist: [{ group: '*', kind: '*' }] }),
    });
  }

  private renderKubeOvnProject(clusters: readonly DeliveredCluster[], repos: readonly string[]): void {
    this.renderProject('KubeOvnProject', this.settings.kubeOvnProject, 'Kube-OVN installed from the kube-ovn Helm chart; generated by cdk8s-ovn-ic', {
      sourceRepos: sortedUnique(repos),
      destinations: clusters.map((c) => ({ name: c.name, namespace: KUBE_OVN_NAMESPACE })),
      clusterResourceWhitelist: KUBE_OVN_CHART_KINDS.cluster.map(([group, kind]) => ({ group, kind })),
      namespaceResourceWhitelist: KUBE_OVN_CHART_KINDS.namespaced.map(([group, kind]) => ({ group, kind })),
    });
  }

  private renderProject(id: string, name: string, description: string, spec: AppProjectSpec): void {
    new AppProject(this, id, {
      metadata: {
        name,
        namespace: this.settings.namespace,
        annotations: { [ARGOCD_SYNC_WAVE]: String(ARGOCD_APP_WAVES.projects) },
        // Argo CD keeps a project while Applications still use it
        finalizers: [ARGOCD_RESOURCES_FINALIZER],
      },
      spec: { description, ...spec },
    });
  }

  /** The README's bootstrap steps for this delivery. */
  public bootstrapNotes(): string[] {
    const dir = `${this.settings.distPath}/${ArgoCdDelivery.OUTPUT_DIR}`;
    const submariner = this.clusters.filter((c) => c.submariner);
    const vault = submariner.some((c) => c.submariner!.argoCdVault) || this.clusters.some((c) => c.folder.vaultObjects.length > 0);
    return [
      `0. Versions (minimums from the features rendered, not run on a cluster): Argo CD ${sinceText(ARGOCD_FEATURES.confirmRemoval)} or later (rendered for ${this.settings.argoCdVersion.text}; older versions get the fallbacks the render warned about)`
        + (submariner.length > 0 ? `, External Secrets Operator 0.16 or later in ${submariner.map((c) => `\`${c.name}\``).join(', ')} (\`v1alpha1\` PushSecret; checked against ESO v2.9.0's CRDs)` : '')
        + (vault ? ', argocd-vault-plugin 1.13 or later as sidecar config management plugins (the `base64encode` modifier)' : '') + '.',
      ...(submariner.length > 0 ? [
        `0a. Install External Secrets Operator in every Submariner cluster and create the secret store each broker names (\`${sortedUnique(submariner.flatMap((c) => c.submariner!.credentialStores)).join('`, `')}\`) there: the broker cluster's PushSecrets write each member's token and the broker CA to it; with Vault, a KV v2 engine whose mount the broker's \`credentialStore.vaultKvMount\` names. Store the IPsec PSK once at the broker's \`pskRemoteKey\` (property \`psk\`, e.g. \`openssl rand -base64 48\`).`,
      ] : []),
      ...(vault ? [
        `0b. Register the config management plugins: \`${this.settings.vaultPlugin}\` (\`argocd-vault-plugin generate ./\` on a folder) and \`${this.settings.vaultHelmPlugin}\` (init: \`helm dependency build\`; generate: \`helm template "$ARGOCD_ENV_RELEASE_NAME" -n "$ARGOCD_APP_NAMESPACE" . | argocd-vault-plugin generate -\`), both with read access to the Vault the store writes to. The members' Submariner Applications render \`${this.settings.distPath}/${ArgoCdDelivery.SUBMARINER_DIR}/<cluster>\` (the upstream submariner-operator chart as a dependency) through \`${this.settings.vaultHelmPlugin}\`.`,
      ] : []),
      `1. Register every cluster in Argo CD under its fleet name (the Application destination is the cluster name): \`argocd cluster add <kube-context> --name <cluster>\` for ${this.clusters.map((c) => `\`${c.name}\``).join(', ')}.`,
      nodeLabelNote(this.clusters, (c) => `the \`${c}-nodes\` Applications (wave ${ARGOCD_APP_WAVES.nodes}, before Kube-OVN)`),
      `3. Restore the Application health check in \`argocd-cm\` (\`resource.customizations.health.argoproj.io_Application\`) so an app of apps waits for each wave; then create the app of apps over \`${dir}\`: \`argocd app create ${this.settings.project}-root --project default --repo ${this.settings.repoUrl} --revision ${this.settings.revision} --path ${dir} --dest-name in-cluster --dest-namespace ${this.settings.namespace} --sync-policy automated ${RETRY_FLAGS}\` (the retry with backoff keeps one app that is not yet healthy from stopping every later wave).`,
      `4. Argo CD then applies, in waves: the AppProjects (${ARGOCD_APP_WAVES.projects}), the node labels (${ARGOCD_APP_WAVES.nodes}), Kube-OVN on every Kube-OVN cluster (${ARGOCD_APP_WAVES.kubeOvn}), the cluster folders of clusters that others depend on (0: e.g. the one running the IC database), then the rest (10, 20, ...); `
        + `on a Submariner cluster its folder's wave + ${ARGOCD_APP_WAVES.submarinerBroker} installs the submariner-k8s-broker chart (\`<cluster>-submariner-broker\`) and + ${ARGOCD_APP_WAVES.submarinerOperator} the submariner-operator chart (\`<cluster>-submariner\`): the broker's folder (member tokens, PushSecrets) and its chart need no placeholder and come before every member, whose placeholders read what the PushSecrets wrote (until then the sync fails and is retried). Inside a cluster folder the objects follow their sync waves (see docs/gitops.md): namespaces, CRDs, RBAC, config, the IC database, operators, ProviderNetworks, Vlans, Subnets, ovn-ic-config, ovn-ic-controller, Submariner.`,
      this.supports(ARGOCD_FEATURES.confirmRemoval)
        ? `5. ${CRITICAL_OBJECTS} wait for a human before Argo CD prunes or deletes them: "Confirm Pruning" in the UI, the CLI, or the annotation \`argocd.argoproj.io/deletion-approved: <timestamp>\` on the Application.`
        : `5. ${CRITICAL_OBJECTS} carry \`Prune=false,Delete=false\` (Argo CD ${this.settings.argoCdVersion.text} has no confirm options): Argo CD never prunes or deletes them; remove one by hand with kubectl after removing it from the fleet.`,
    ];
  }
}
