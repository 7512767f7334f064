// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { Broker as BrokerResource } from '../../imports/broker-submariner.io';
import { Cidr } from '../net';
import { addWarnings, checkDnsLabel, ClusterNetwork, clusterLabel, describeValue, duplicates, tryCidr } from '../rules';
import { checkApiServerAddress } from './api-server';
import { BrokerComponent } from './cable-driver';
import {
  BrokerCredentialStore, checkCredentialStore, memberRemoteKey, ResolvedCredentialStore, resolveCredentialStore,
} from './credential-store';
import { CHART_CRDS_WARNING, SubmarinerOperator, SubmarinerOperatorOptions } from './operator';
import { PushSecret } from './push-secret';

/** subctl's defaults for `deploy-broker`. */
export const BROKER_NAMESPACE = 'submariner-k8s-broker';
export const BROKER_NAME = 'submariner-broker';
export const BROKER_CLUSTER_ROLE = 'submariner-k8s-broker-cluster';
export const DEFAULT_GLOBALNET_CIDR_RANGE = '242.0.0.0/8';
export const DEFAULT_GLOBALNET_CLUSTER_SIZE = 65536;

/** Props of {@link SubmarinerBroker}. */
export interface SubmarinerBrokerProps {
  /**
   * The broker cluster's Kubernetes API server as member clusters reach it, `host:port` without a
   * scheme (it becomes every member's `brokerK8sApiServer`), e.g. `10.6.168.73:6443`.
   */
  readonly apiServer: string;
  /**
   * Namespace of the broker objects (`brokerK8sRemoteNamespace` of every member).
   * @default 'submariner-k8s-broker'
   */
  readonly namespace?: string;
  /**
   * Broker components (`--components`).
   * @default [BrokerComponent.SERVICE_DISCOVERY, BrokerComponent.CONNECTIVITY]
   */
  readonly components?: BrokerComponent[];
  /**
   * Globalnet (`--globalnet`): lets clusters with overlapping CIDRs connect through global IPs.
   * Every member then needs a static `globalCidr` (subctl's allocation has no declarative form).
   * @default false
   */
  readonly globalnetEnabled?: boolean;
  /**
   * Range global CIDRs are taken from (`--globalnet-cidr-range`); rendered even with globalnet off,
   * as subctl does.
   * @default '242.0.0.0/8'
   */
  readonly globalnetCidrRange?: string;
  /**
   * Default size of a member's global CIDR (`--globalnet-cluster-size`).
   * @default 65536
   */
  readonly defaultGlobalnetClusterSize?: number;
  /**
   * Custom DNS domains for service discovery (`--custom-domains`).
   * @default - none
   */
  readonly defaultCustomDomains?: string[];
  /**
   * Operator settings. The operator also runs in the broker cluster (as subctl does): at start-up
   * it installs the broker-side CRDs (clusters, endpoints, gateways, MCS ServiceImport/Export).
   * @default - operator 0.18.1 from quay.io/submariner, CRDs preinstalled
   */
  readonly operator?: SubmarinerOperatorOptions;
  /**
   * Cluster IDs of the member clusters: per member the broker keeps a ServiceAccount
   * `cluster-<clusterID>`, its RoleBinding and a token Secret. More with {@link SubmarinerBroker.addMember}.
   * The fleet lists every cluster whose join names this broker.
   * @default - none
   */
  readonly members?: string[];
  /**
   * The cluster the broker runs in (named in messages).
   * @default - the chart's id names it
   */
  readonly cluster?: Pick<ClusterNetwork, 'name'>;
  /**
   * The secret store the member credentials travel through, with no manual copy: per member a `PushSecret`
   * publishes the member's token and the broker CA there, and the members read them back
   * ({@link BrokerCredentialStore}). Members then need no `brokerToken`/`brokerCa` of their own.
   * @default - none: every member gives its `brokerToken` and `brokerCa`
   */
  readonly credentialStore?: BrokerCredentialStore;
  /**
   * The delivery installs the broker side from the `submariner-k8s-broker` chart (its CRDs and the Role
   * `submariner-k8s-broker-cluster` the members are bound to) and the operator from the `submariner-operator` chart
   * on the members: the broker then renders neither the Role nor the operator, nor the Broker CR (nothing the
   * delivery installs reads it, and neither chart renders one). The fleet sets it when it has a delivery.
   * @default false
   */
  readonly installedFromChart?: boolean;
}

/**
 * What a member needs to know about its broker (plain data, the broker's props with defaults):
 * {@link SubmarinerBroker.connection}, or {@link brokerConnection} of the broker's props.
 */
export interface BrokerConnection {
  /** `brokerK8sApiServer`. */
  readonly apiServer: string;
  /** `brokerK8sRemoteNamespace`. */
  readonly namespace: string;
  readonly components: readonly BrokerComponent[];
  readonly globalnetEnabled: boolean;
  readonly globalnetCidrRange: string;
  /** The broker's credential store, defaults filled in. */
  readonly credentialStore?: ResolvedCredentialStore;
}

/** The connection data of a broker with these props (subctl's defaults filled in). */
export function brokerConnection(props: SubmarinerBrokerProps): BrokerConnection {
  return {
    apiServer: props.apiServer,
    namespace: props.namespace ?? BROKER_NAMESPACE,
    components: [...(props.components ?? [BrokerComponent.SERVICE_DISCOVERY, BrokerComponent.CONNECTIVITY])],
    globalnetEnabled: props.globalnetEnabled ?? false,
    globalnetCidrRange: props.globalnetCidrRange ?? DEFAULT_GLOBALNET_CIDR_RANGE,
    credentialStore: resolveCredentialStore(props.credentialStore, props.cluster?.name ?? props.namespace ?? BROKER_NAMESPACE),
  };
}

/** True when members of the broker get the connectivity component (gateways, the Submariner CR). */
export function hasConnectivity(broker: Pick<BrokerConnection, 'components'>): boolean {
  return broker.components.includes(BrokerComponent.CONNECTIVITY);
}

/** True when Lighthouse service discovery runs. */
export function hasServiceDiscovery(broker: Pick<BrokerConnection, 'components'>): boolean {
  return broker.components.includes(BrokerComponent.SERVICE_DISCOVERY);
}

/** The objects the broker keeps for one member cluster. */
export class BrokerMember extends Construct {
  public readonly serviceAccountName: string;
  /** The fixed-name token Secret the token controller fills with `token`, `ca.crt`, `namespace`. */
  public readonly tokenSecretName: string;
  /** The ServiceAccount. */
  public readonly resource: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, broker: Pick<BrokerConnection, 'namespace' | 'credentialStore'>, public readonly clusterId: string) {
    super(scope, id);
    const ns = broker.namespace;
    this.serviceAccountName = `cluster-${clusterId}`;
    this.tokenSecretName = `cluster-${clusterId}-token`;
    this.resource = new k8s.KubeServiceAccount(this, 'Resource', { metadata: { name: this.serviceAccountName, namespace: ns } });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: `${this.serviceAccountName}-${BROKER_CLUSTER_ROLE}`, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: BROKER_CLUSTER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: ns }],
    });
    // subctl uses generateName; GitOps needs a fixed name, the token controller fills the data
    new k8s.KubeSecret(this, 'TokenSecret', {
      metadata: {
        name: this.tokenSecretName,
        namespace: ns,
        annotations: { 'kubernetes.io/service-account.name': this.serviceAccountName },
      },
      type: 'kubernetes.io/service-account-token',
    });
    const store = broker.credentialStore;
    if (store) {
      // the token and the CA the token controller wrote, published for this member alone (deletionPolicy Delete:
      // removing the member removes its credentials from the store, and deleting its ServiceAccount revokes the token)
      const remoteKey = memberRemoteKey(store, clusterId);
      new PushSecret(this, 'PushSecret', {
        metadata: {
          name: `${this.serviceAccountName}-credentials`,
          namespace: ns,
          annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
        },
        spec: {
          secretStoreRefs: [{ name: store.store.name, kind: store.store.kind ?? 'SecretStore' }],
          selector: { secret: { name: this.tokenSecretName } },
          refreshInterval: store.refreshInterval,
          updatePolicy: 'Replace',
          deletionPolicy: 'Delete',
          data: [
            { match: { secretKey: 'token', remoteRef: { remoteKey, property: 'token' } } },
            { match: { secretKey: 'ca.crt', remoteRef: { remoteKey, property: 'ca' } } },
          ],
        },
      });
    }
  }
}

const CRUD = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'];

/**
 * The Submariner broker, in one cluster of the fleet: what `subctl deploy-broker` creates, minus
 * the imperative parts. The namespace, the `Broker` CR, the Role `submariner-k8s-broker-cluster`
 * every member is bound to, the `submariner-globalnet-info` ConfigMap, and per member cluster a
 * ServiceAccount `cluster-<clusterID>`, its RoleBinding and a fixed-name token Secret. The operator
 * runs here too. Members join with {@link connection}.
 */
export class SubmarinerBroker extends Construct implements BrokerConnection {
  public readonly apiServer: string;
  public readonly namespace: string;
  public readonly components: readonly BrokerComponent[];
  public readonly globalnetEnabled: boolean;
  public readonly globalnetCidrRange: string;
  /** The Broker CR (none when installed from the charts). */
  public readonly resource?: BrokerResource;
  /** The operator (none when installed from the charts: the members' operator chart runs it). */
  public readonly operator?: SubmarinerOperator;
  public readonly credentialStore?: ResolvedCredentialStore;
  public readonly installedFromChart: boolean;
  /** The cluster, when given. */
  public readonly cluster?: Pick<ClusterNetwork, 'name'>;
  private readonly memberScope: Construct;
  private readonly memberIds: string[] = [];
  private readonly memberObjects = new Map<string, BrokerMember>();

  constructor(scope: Construct, id: string, props: SubmarinerBrokerProps) {
    super(scope, id);
    const connection = brokerConnection(props);
    this.apiServer = connection.apiServer;
    this.namespace = connection.namespace;
    this.components = connection.components;
    this.globalnetEnabled = connection.globalnetEnabled;
    this.globalnetCidrRange = connection.globalnetCidrRange;
    this.credentialStore = connection.credentialStore;
    this.installedFromChart = props.installedFromChart ?? false;
    this.cluster = props.cluster;
    const clusterSize = props.defaultGlobalnetClusterSize ?? DEFAULT_GLOBALNET_CLUSTER_SIZE;
    const ns = this.namespace;

    // only CRs, RBAC and token Secrets live here, no pods: the strictest profile fits
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    if (!this.installedFromChart) this.resource = new BrokerResource(this, 'Resource', {
      metadata: {
        name: BROKER_NAME,
        namespace: ns,
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: {
        components: this.components.map((c) => c.name),
        globalnetEnabled: this.globalnetEnabled,
        globalnetCidrRange: this.globalnetCidrRange,
        defaultGlobalnetClusterSize: clusterSize,
        defaultCustomDomains: props.defaultCustomDomains,
      },
    });
    // submariner-k8s-broker v0.18.1 templates/rbac.yaml renders this Role (same name, release submariner-k8s-broker);
    // its rules lack secrets and serviceaccounts, which only the operator's broker secret syncer needs, and the
    // chart's Submariner CR never sets brokerK8sSecret (operator controllers/submariner/submariner_controller.go
    // setupSecretSyncer runs only when it is set)
    if (!this.installedFromChart) new k8s.KubeRole(this, 'MemberRole', {
      metadata: { name: BROKER_CLUSTER_ROLE, namespace: ns },
      rules: [
        { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints'], verbs: CRUD },
        { apiGroups: ['submariner.io'], resources: ['brokers'], verbs: ['get', 'list'] },
        { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports', 'serviceimports/status'], verbs: CRUD },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices', 'endpointslices/restricted'], verbs: CRUD },
        // the operator syncs the member's token Secret into its own brokerK8sSecret
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
      ],
    });
    new k8s.KubeConfigMap(this, 'GlobalnetInfo', {
      metadata: { name: 'submariner-globalnet-info', namespace: ns, labels: { component: 'submariner-globalnet' } },
      data: {
        globalnetEnabled: String(this.globalnetEnabled),
        clusterinfo: '[]',
        ...(this.globalnetEnabled ? { globalnetCidrRange: JSON.stringify(this.globalnetCidrRange), globalnetClusterSize: String(clusterSize) } : {}),
      },
    });
    this.memberScope = new Construct(this, 'Members');
    if (!this.installedFromChart) this.operator = SubmarinerOperator.of(this, props.operator);
    for (const id of props.members ?? []) this.addMember(id);

    this.node.addValidation({ validate: () => this.validateBroker(props) });
    addWarnings(this, () => [
      ...(this.memberIds.length < 2 ? [`only ${this.memberIds.length} cluster(s) joined; Submariner connects two or more, add a SubmarinerJoin per cluster`] : []),
      ...(this.installedFromChart && props.operator?.crds !== undefined ? [CHART_CRDS_WARNING] : []),
    ].map((w) => `${this.label}: ${w}`));
  }

  /** What members need to join: apiServer, namespace, components, globalnet. */
  public get connection(): BrokerConnection {
    return {
      apiServer: this.apiServer, namespace: this.namespace, components: this.components, globalnetEnabled: this.globalnetEnabled,
      globalnetCidrRange: this.globalnetCidrRange, credentialStore: this.credentialStore,
    };
  }

  /** Cluster IDs of the members, in the order they were added. */
  public get members(): readonly string[] {
    return [...this.memberIds];
  }

  /** The broker-side objects of a member, by cluster ID. */
  public memberFor(clusterId: string): BrokerMember | undefined {
    return this.memberObjects.get(clusterId);
  }

  /**
   * Adds a member cluster by its cluster ID. A second member with the same ID gets no second set
   * of objects and is reported.
   */
  public addMember(clusterId: string): SubmarinerBroker {
    this.memberIds.push(clusterId);
    if (typeof clusterId === 'string' && clusterId !== '' && !this.memberObjects.has(clusterId)) {
      this.memberObjects.set(clusterId, new BrokerMember(this.memberScope, clusterId, this, clusterId));
    }
    return this;
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, SubmarinerBroker`;
  }

  private validateBroker(props: SubmarinerBrokerProps): string[] {
    const errors: string[] = [];
    if (this.credentialStore) errors.push(...checkCredentialStore('credentialStore', this.credentialStore));
    const apiError = checkApiServerAddress(this.apiServer);
    if (apiError) errors.push(`apiServer ${apiError}`);
    const nsError = checkDnsLabel(this.namespace);
    if (nsError) errors.push(`namespace ${nsError}`);
    if (this.components.length === 0) errors.push('components is empty; give connectivity and/or service-discovery (subctl\'s default is both)');
    if (new Set(this.components).size !== this.components.length) errors.push('components lists a component twice; list each once');
    this.components.forEach((c, i) => {
      if (!(c instanceof BrokerComponent)) errors.push(`components[${i}] must be BrokerComponent.CONNECTIVITY or BrokerComponent.SERVICE_DISCOVERY, got ${JSON.stringify(c)}`);
    });
    const range = tryCidr(this.globalnetCidrRange, 'globalnetCidrRange', errors);
    if (range && range.family !== 'IPv4') errors.push(`globalnetCidrRange ${range} is IPv6; globalnet allocates IPv4 only (default 242.0.0.0/8)`);
    errors.push(...checkGlobalnetClusterSize(props.defaultGlobalnetClusterSize, range));
    this.memberIds.forEach((id, i) => {
      const e = checkDnsLabel(id);
      if (e) errors.push(`members[${i}]: cluster ID ${e}`);
    });
    for (const d of duplicates(this.memberIds)) {
      errors.push(`members lists cluster ID "${d}" more than once; each member cluster needs its own cluster ID (it names the ServiceAccount cluster-<clusterID>), give each joined cluster its own clusterId`);
    }
    return errors.map((e) => `${this.label}: ${e}`);
  }
}

/**
 * `defaultGlobalnetClusterSize`: global IPs per member cluster. submariner-operator v0.18.1
 * `pkg/discovery/globalnet/globalnet.go` GetValidClusterSize (what subctl deploy-broker runs) rounds the size
 * up to a power of two (nextPowerOf2, on a uint32) and rejects it above half the globalnet range. Here the
 * size is rendered as given, so it must already be that power of two; the maths is BigInt (no 32-bit
 * wrap-around: 2^32 is not 0).
 */
export function checkGlobalnetClusterSize(size: unknown, range: Cidr | undefined): string[] {
  if (size === undefined) return [];
  const field = 'defaultGlobalnetClusterSize (--globalnet-cluster-size)';
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    return [`${field} must be a positive integer number of global IPs per cluster, got ${describeValue(size)}; subctl's default is 65536`];
  }
  const n = BigInt(size);
  let power = 1n;
  while (power < n) power <<= 1n;
  if (power !== n) return [`${field} must be a power of two (subctl rounds it up to ${power}), got ${size}; use ${power}`];
  if (range && range.family === 'IPv4' && n > range.size / 2n) {
    return [`${field} ${size} is more than half the globalnet range ${range} (${range.size} addresses); subctl's GetValidClusterSize allows at most ${range.size / 2n}, use a smaller size or a larger range`];
  }
  return [];
}
