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
import { checkDeliveryProps, checkNamespace, clusterFolder, DeliveredCluster, GitOpsDeliveryOptions } from './delivery';
import { KubeOvnInstallProps, resolveKubeOvnInstall, ResolvedKubeOvnInstall } from './kube-ovn-chart';
import { KUBE_OVN_NAMESPACE, KUBE_OVN_RELEASE, KubeOvnInstallation } from './kube-ovn-installation';
import { sortedUnique } from './objects';

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
   * Render each cluster's objects (its Application, its Kube-OVN Application) under this construct,
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
  /** Kube-OVN itself (and its CRDs) before the cluster folders that use them. */
  kubeOvn: -10,
  /** Cluster folders: `10 × level`, where a cluster's level is one more than the clusters it depends on. */
  clusterStep: 10,
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
  readonly settings: ArgoCdSettings;
  /** The cluster, its folder already rendered. */
  readonly cluster: DeliveredCluster;
}

/**
 * One cluster's Argo CD objects: the Application of its folder (in {@link ArgoCdApplicationMode.APPLICATIONS}
 * mode) and the Application of the kube-ovn chart where the delivery installs Kube-OVN. Its id is the
 * cluster's name; {@link ArgoCdDelivery} creates one per cluster, or the fleet renderer does, one
 * cluster at a time.
 */
export class ArgoCdClusterDelivery extends Construct {
  /** True when the cluster has objects of its own in this delivery. */
  public static isNeeded(settings: ArgoCdSettings, cluster: DeliveredCluster): boolean {
    return settings.applicationMode === ArgoCdApplicationMode.APPLICATIONS || resolveKubeOvnInstall(cluster.network, settings.kubeOvn).enabled;
  }

  constructor(scope: Construct, id: string, props: ArgoCdClusterDeliveryProps) {
    super(scope, id);
    const { settings, cluster } = props;
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
    const install = resolveKubeOvnInstall(cluster.network, settings.kubeOvn);
    if (install.enabled) new ArgoCdKubeOvnApplication(this, 'KubeOvn', cluster, install, settings);
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

  /** The settings with their defaults, shared with each cluster's {@link ArgoCdClusterDelivery}. */
  public readonly settings: ArgoCdSettings;
  private readonly clusters: readonly DeliveredCluster[];

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
    if (!clusterObjects) return;
    for (const cluster of this.clusters) {
      if (ArgoCdClusterDelivery.isNeeded(this.settings, cluster)) new ArgoCdClusterDelivery(this, cluster.name, { settings: this.settings, cluster });
    }
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
    return [
      `1. Register every cluster in Argo CD under its fleet name (the Application destination is the cluster name): \`argocd cluster add <kube-context> --name <cluster>\` for ${this.clusters.map((c) => `\`${c.name}\``).join(', ')}.`,
      '2. Label the master nodes of each Kube-OVN cluster `kube-ovn/role=master` (ovn-central and ovn-ic-server are pinned to them) and give the gateway nodes their names as listed above.',
      `3. Restore the Application health check in \`argocd-cm\` (\`resource.customizations.health.argoproj.io_Application\`) so an app of apps waits for each wave; then create the app of apps over \`${dir}\`: \`argocd app create ${this.settings.project}-root --project default --repo ${this.settings.repoUrl} --revision ${this.settings.revision} --path ${dir} --dest-name in-cluster --dest-namespace ${this.settings.namespace} --sync-policy automated ${RETRY_FLAGS}\` (the retry with backoff keeps one app that is not yet healthy from stopping every later wave).`,
      `4. Argo CD then applies, in waves: the AppProjects (${ARGOCD_APP_WAVES.projects}), Kube-OVN on every Kube-OVN cluster (${ARGOCD_APP_WAVES.kubeOvn}), the cluster folders of clusters that others depend on (0: e.g. the one running the IC database), then the rest (10, 20, ...). Inside a cluster folder the objects follow their sync waves (see docs/gitops.md): namespaces, CRDs, RBAC, config, the IC database, operators, ProviderNetworks, Vlans, Subnets, ovn-ic-config, ovn-ic-controller, Submariner.`,
      this.supports(ARGOCD_FEATURES.confirmRemoval)
        ? `5. ${CRITICAL_OBJECTS} wait for a human before Argo CD prunes or deletes them: "Confirm Pruning" in the UI, the CLI, or the annotation \`argocd.argoproj.io/deletion-approved: <timestamp>\` on the Application.`
        : `5. ${CRITICAL_OBJECTS} carry \`Prune=false,Delete=false\` (Argo CD ${this.settings.argoCdVersion.text} has no confirm options): Argo CD never prunes or deletes them; remove one by hand with kubectl after removing it from the fleet.`,
    ];
  }
}
