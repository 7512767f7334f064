// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { Submariner as SubmarinerResource } from '../../imports/submariner-submariner.io';
import { Cidr, parseCidrList } from '../net';
import { addWarnings, checkBoolean, checkDnsLabel, ClusterNetwork, clusterLabel, Cni, describeValue, tryCidr } from '../rules';
import { BrokerConnection, hasConnectivity, hasServiceDiscovery } from './broker';
import { CableDriver } from './cable-driver';
import { ConnectivityCheck, ConnectivityCheckOptions } from './connectivity-check';
import { CHART_CRDS_WARNING, OPERATOR_NAMESPACE, SUBMARINER_REPOSITORY, SUBMARINER_VERSION, SubmarinerOperator, SubmarinerOperatorOptions } from './operator';
import { OperatorChartRelease, operatorChartRelease } from './operator-chart';
import { SecretSource } from './secret-source';

/** Name subctl gives the member's copy of its broker token Secret; the operator keeps it in sync. */
export const BROKER_SECRET_NAME = 'submariner-broker-secret';
/** Name subctl gives the IPsec PSK Secret (key `psk`, raw bytes). */
export const PSK_SECRET_NAME = 'submariner-ipsec-psk';

/** Props of {@link SubmarinerJoin}. */
export interface SubmarinerJoinProps {
  /**
   * The broker this cluster joins: a {@link SubmarinerBroker} (or its `connection`), or the same data
   * for a broker rendered elsewhere.
   */
  readonly broker: BrokerConnection;
  /**
   * Token of this cluster's broker ServiceAccount `cluster-<clusterID>` (the `token` of the broker's
   * `cluster-<clusterID>-token` Secret), for `brokerK8sApiServerToken`. The operator builds its
   * broker client from this inline field. Installed from the chart (`installedFromChart`), the delivery feeds it
   * into the chart's `broker.token` (Flux: a Secret through `valuesFrom`; Argo CD: an inline source); otherwise it
   * must be an inline source (`SecretSource.argocdVaultPlugin` or, explicitly, `plainText`).
   * @default - from the broker's credential store (required when the broker has none)
   */
  readonly brokerToken?: SecretSource;
  /**
   * The broker API server's CA, base64-encoded PEM as in the token Secret's `ca.crt` data, for
   * `brokerK8sCA`. Like the token.
   * @default - from the broker's credential store (required when the broker has none)
   */
  readonly brokerCa?: SecretSource;
  /**
   * IPsec PSK, the same in every cluster: the base64 text that goes into `ceIPSecPSK` (subctl:
   * base64 of 48 random bytes). Libreswan can read it from a Secret (`ceIPSecPSKSecret`, key
   * `psk`, raw bytes); WireGuard only reads the inline field. Not used by vxlan.
   * @default - none (required for libreswan and wireguard)
   */
  readonly psk?: SecretSource;
  /**
   * Cable driver.
   * @default CableDriver.LIBRESWAN
   */
  readonly cableDriver?: CableDriver;
  /**
   * Cluster ID (`--clusterid`): a DNS-1123 label, unique among the broker's members.
   * @default - the cluster name
   */
  readonly clusterId?: string;
  /**
   * The single pod CIDR Submariner routes (`--clustercidr`). Spiderpool pools must sit inside it.
   * @default - the cluster's pod CIDR
   */
  readonly clusterCidr?: string;
  /**
   * Service CIDR (`--servicecidr`).
   * @default - the cluster's service CIDR
   */
  readonly serviceCidr?: string;
  /**
   * Global CIDR of this cluster when the broker has globalnet on: a static allocation inside the
   * broker's globalnet range (subctl allocates it imperatively).
   * @default - none (required with globalnet)
   */
  readonly globalCidr?: string;
  /**
   * NAT traversal (`--natt`): gateways reach each other through their public IPs.
   * @default true
   */
  readonly natEnabled?: boolean;
  /**
   * IPsec NAT-T UDP port (`--nattport`), also the gateway's host port.
   * @default 4500
   */
  readonly nattPort?: number;
  /**
   * Encapsulate IPsec in UDP even without NAT (`--force-udp-encaps`).
   * @default false
   */
  readonly forceUdpEncaps?: boolean;
  /**
   * Prefer this cluster's gateway as the IPsec server (`--preferred-server`, libreswan).
   * @default false
   */
  readonly preferredServer?: boolean;
  /**
   * Gateway connection health check (`--health-check`). On Spiderpool macvlan clusters nodes hold
   * no address of the cluster CIDR, and the gateway crashes at start with the check on, so there it
   * defaults to off and `true` is rejected.
   * @default - false for Spiderpool macvlan clusters, true otherwise
   */
  readonly healthCheck?: boolean;
  /**
   * Seconds between health-check pings (`--health-check-interval`).
   * @default 1
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Lost pings before a connection counts as down (`--health-check-max-packet-loss-count`).
   * @default 5
   */
  readonly healthCheckMaxPacketLossCount?: number;
  /**
   * Skip verifying the broker API server's certificate (`--check-broker-certificate=false`).
   * @default false
   */
  readonly brokerInsecure?: boolean;
  /**
   * Verbose component logs (`--pod-debug`, `--ipsec-debug`).
   * @default false
   */
  readonly debug?: boolean;
  /** The cluster joining. */
  readonly cluster: ClusterNetwork;
  /**
   * Operator settings.
   * @default - operator 0.18.1 from quay.io/submariner, CRDs preinstalled
   */
  readonly operator?: SubmarinerOperatorOptions;
  /**
   * The delivery installs the operator, its CRDs and the Submariner CR from the `submariner-operator` chart
   * ({@link SubmarinerJoin.chartRelease} holds the values): the join then renders only the `submariner-operator`
   * Namespace. The fleet sets it when it has a delivery.
   * @default false
   */
  readonly installedFromChart?: boolean;
}

function isMacvlan(cluster: ClusterNetwork): boolean {
  return cluster.cni === Cni.SPIDERPOOL_MACVLAN;
}

/**
 * Joins one cluster, whatever its CNI, to a {@link SubmarinerBroker}: what `subctl join` does,
 * declaratively. Renders the operator ({@link SubmarinerOperator}) and the `Submariner` CR with
 * every field the CRD requires and every choice explicit; registers the cluster with the broker,
 * which renders its ServiceAccount, RoleBinding and token Secret there.
 */
export class SubmarinerJoin extends Construct {
  public readonly cluster: ClusterNetwork;
  public readonly broker: BrokerConnection;
  public readonly clusterId: string;
  public readonly clusterCidr: string;
  public readonly serviceCidr: string;
  public readonly globalCidr?: string;
  public readonly cableDriver: CableDriver;
  public readonly healthCheck: boolean;
  /** The Submariner CR (none when installed from the chart). */
  public readonly resource?: SubmarinerResource;
  /** The hand-rendered operator (none when installed from the chart). */
  public readonly operator?: SubmarinerOperator;
  /** The operator chart's values for this cluster (what the delivery installs when `installedFromChart`). */
  public readonly chartRelease: OperatorChartRelease;
  public readonly installedFromChart: boolean;
  private check?: ConnectivityCheck;
  private readonly checkErrors: string[] = [];

  constructor(scope: Construct, id: string, props: SubmarinerJoinProps) {
    super(scope, id);
    // JavaScript callers have no type checker: without the cluster there is nothing to render
    const cluster = props?.cluster;
    if (typeof cluster?.name !== 'string') {
      throw new Error(`SubmarinerJoin at ${this.node.path} needs a cluster: pass props.cluster (its name, podCidr, serviceCidr, masterNodeIps, gatewayNodes, cni), got ${cluster === undefined ? 'none' : JSON.stringify(cluster)}`);
    }
    if (typeof props.broker !== 'object' || props.broker === null) {
      throw new Error(`SubmarinerJoin at ${this.node.path} needs a broker: pass props.broker (a SubmarinerBroker, its connection, or brokerConnection(props) for a broker rendered elsewhere)`);
    }
    this.cluster = cluster;
    this.broker = props.broker;
    this.clusterId = props.clusterId ?? cluster.name;
    this.clusterCidr = props.clusterCidr ?? cluster.podCidr;
    this.serviceCidr = props.serviceCidr ?? cluster.serviceCidr;
    this.globalCidr = props.globalCidr;
    this.cableDriver = props.cableDriver ?? CableDriver.LIBRESWAN;
    this.healthCheck = props.healthCheck ?? !isMacvlan(cluster);
    this.installedFromChart = props.installedFromChart ?? false;
    const debug = props.debug ?? false;
    // a value that is no SecretSource (JavaScript) renders nothing; the validation reports it
    const psk = this.cableDriver.usesPsk ? asSource(props.psk) : undefined;
    this.chartRelease = operatorChartRelease({
      broker: this.broker,
      clusterId: this.clusterId,
      clusterCidr: this.clusterCidr,
      serviceCidr: this.serviceCidr,
      globalCidr: this.globalCidr,
      cableDriver: this.cableDriver.name,
      usesPsk: this.cableDriver.usesPsk,
      natEnabled: props.natEnabled ?? true,
      nattPort: props.nattPort ?? 4500,
      forceUdpEncaps: props.forceUdpEncaps ?? false,
      healthCheck: this.healthCheck,
      debug,
      brokerInsecure: props.brokerInsecure ?? false,
      serviceDiscovery: hasServiceDiscovery(this.broker),
      repository: props.operator?.repository ?? SUBMARINER_REPOSITORY,
      version: props.operator?.version ?? SUBMARINER_VERSION,
      brokerToken: asSource(props.brokerToken),
      brokerCa: asSource(props.brokerCa),
      psk,
    });
    if (this.installedFromChart) {
      // the chart creates no Namespace; the gateway and route agent the operator starts need `privileged`
      new k8s.KubeNamespace(this, 'Namespace', {
        metadata: { name: OPERATOR_NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      });
    }
    const native = this.installedFromChart ? undefined : this.renderNative(props, psk, debug);
    this.operator = native?.operator;
    this.resource = native?.resource;

    this.node.addValidation({ validate: () => [...this.checkErrors, ...this.validateJoin(props)].map((e) => `${this.label}: ${e}`) });
    addWarnings(this, () => this.warnings(props).map((w) => `${this.label}: ${w}`));
  }

  /** The operator and the Submariner CR rendered natively (no delivery installs the chart). */
  private renderNative(props: SubmarinerJoinProps, psk: SecretSource | undefined, debug: boolean): { operator: SubmarinerOperator; resource: SubmarinerResource } {
    const operator = SubmarinerOperator.of(this, props.operator);

    const pskSecret = psk?._bind(this, 'PskSecret', {
      namespace: OPERATOR_NAMESPACE,
      secretName: PSK_SECRET_NAME,
      key: 'psk',
      // the provider holds the base64 text of ceIPSecPSK; the Secret holds the raw bytes, as subctl's
      decodingStrategy: 'Base64',
    });

    const resource = new SubmarinerResource(this, 'Resource', {
      metadata: {
        name: 'submariner',
        namespace: OPERATOR_NAMESPACE,
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: {
        broker: 'k8s',
        brokerK8SApiServer: this.broker.apiServer,
        brokerK8SApiServerToken: asSource(props.brokerToken)?._inline('token'),
        brokerK8SCa: asSource(props.brokerCa)?._inline('ca'),
        brokerK8SInsecure: props.brokerInsecure ?? false,
        brokerK8SRemoteNamespace: this.broker.namespace,
        brokerK8SSecret: BROKER_SECRET_NAME,
        cableDriver: this.cableDriver.name,
        ceIpSecDebug: debug,
        ceIpSecForceUdpEncaps: props.forceUdpEncaps ?? false,
        ceIpSecNattPort: props.nattPort ?? 4500,
        ceIpSecPreferredServer: props.preferredServer ?? false,
        ceIpSecPsk: psk?._inline('psk'),
        ceIpSecPskSecret: pskSecret,
        clusterCidr: this.clusterCidr,
        clusterId: this.clusterId,
        connectionHealthCheck: {
          enabled: this.healthCheck,
          intervalSeconds: props.healthCheckIntervalSeconds ?? 1,
          maxPacketLossCount: props.healthCheckMaxPacketLossCount ?? 5,
        },
        debug,
        globalCidr: this.globalCidr,
        airGappedDeployment: false,
        loadBalancerEnabled: false,
        namespace: OPERATOR_NAMESPACE,
        natEnabled: props.natEnabled ?? true,
        repository: operator.repository,
        serviceCidr: this.serviceCidr,
        serviceDiscoveryEnabled: hasServiceDiscovery(this.broker),
        version: operator.version,
      },
    });
    return { operator, resource };
  }

  /** The parsed cluster CIDR, when it is one valid CIDR. */
  public get clusterCidrs(): Cidr[] {
    return parseCidrList(this.clusterCidr) ?? [];
  }

  /** The parsed service CIDR, when it is one valid CIDR. */
  public get serviceCidrs(): Cidr[] {
    return parseCidrList(this.serviceCidr) ?? [];
  }

  /** The parsed global CIDR, when set and valid. */
  public get globalCidrs(): Cidr[] {
    return this.globalCidr === undefined ? [] : parseCidrList(this.globalCidr) ?? [];
  }

  /** The connectivity check, once added. */
  public get connectivityCheck(): ConnectivityCheck | undefined {
    return this.check;
  }

  /**
   * Adds the optional connectivity check: a test app and Service in this cluster, and an Argo CD
   * PostSync Job that reaches the test pod and Service of every peer in `options.peers`. A second
   * call is reported (one check per cluster) and returns the first.
   */
  public addConnectivityCheck(options: ConnectivityCheckOptions): ConnectivityCheck {
    if (this.check) {
      this.checkErrors.push('addConnectivityCheck is called twice; a cluster has one connectivity check, add it once');
      return this.check;
    }
    this.check = new ConnectivityCheck(this, 'ConnectivityCheck', { ...options, join: this });
    return this.check;
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, SubmarinerJoin`;
  }

  private validateJoin(props: SubmarinerJoinProps): string[] {
    const errors: string[] = [];
    const idError = typeof this.clusterId === 'string' ? checkDnsLabel(this.clusterId) : `must be a string, got ${JSON.stringify(this.clusterId)}`;
    if (idError) errors.push(`clusterId ${idError} (subctl requires a DNS-1123 label; it names the broker ServiceAccount cluster-<clusterID>)`);
    for (const [field, value] of [['clusterCidr', this.clusterCidr], ['serviceCidr', this.serviceCidr]] as const) {
      const parts = String(value).split(',');
      if (parts.length !== 1) {
        errors.push(`${field} "${value}" lists ${parts.length} CIDRs; Submariner ${this.operator?.version ?? props.operator?.version ?? SUBMARINER_VERSION} routes exactly one ${field === 'clusterCidr' ? 'cluster' : 'service'} CIDR, pass ${field} with the one to connect`);
      } else {
        tryCidr(value, field, errors);
      }
    }
    if (!hasConnectivity(this.broker)) {
      errors.push(`the broker has no connectivity component (components: ${this.broker.components.join(', ')}); the Submariner CR and gateways need it, add BrokerComponent.CONNECTIVITY to the broker`);
    }
    // the operator builds its broker client from the inline fields ("TODO Read the secret", operator v0.18.1
    // controllers/submariner/submariner_controller.go setupSecretSyncer); installed from the chart, the delivery fills
    // the chart's values, and checks there which sources it can feed in
    const store = this.broker.credentialStore;
    for (const [field, crField, source] of [['brokerToken', 'brokerK8sApiServerToken', props.brokerToken], ['brokerCa', 'brokerK8sCA', props.brokerCa]] as const) {
      if (!source) {
        if (!store) errors.push(`${field} is missing; give the source of spec.${crField}, or give the broker a credentialStore (the broker publishes every member's token and CA there)`);
        else if (!this.installedFromChart) errors.push(`${field} is not given and comes from the broker's credential store, which only the chart delivery reads (Argo CD or Flux); deliver the fleet, or give ${field} as SecretSource.argocdVaultPlugin(...)`);
        continue;
      }
      if (!(source instanceof SecretSource)) {
        errors.push(`${field} must be a SecretSource, e.g. SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: '${crField === 'brokerK8sCA' ? 'ca' : 'token'}' }), got ${describeValue(source)}`);
        continue;
      }
      errors.push(...source._problems(field));
      if (source.isSecretBacked && !this.installedFromChart) {
        errors.push(`${field} is ${source}, but the submariner operator builds its broker client from the inline spec.${crField}, which a Kubernetes Secret cannot fill; use SecretSource.argocdVaultPlugin(...) (or an acknowledged plainText)`);
      }
    }
    if (this.cableDriver.usesPsk) {
      if (!props.psk) {
        if (!store) errors.push(`psk is missing; cable driver ${this.cableDriver} encrypts with the IPsec PSK, give the same SecretSource in every cluster (or give the broker a credentialStore holding it)`);
        else if (!this.installedFromChart) errors.push(`psk is not given and comes from the broker's credential store, which only the chart delivery reads; deliver the fleet, or give psk`);
      } else if (!(props.psk instanceof SecretSource)) {
        errors.push(`psk must be a SecretSource, e.g. SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }), got ${describeValue(props.psk)}`);
      } else {
        errors.push(...props.psk._problems('psk'));
        if (props.psk.isSecretBacked && !this.cableDriver.readsPskSecret && !this.installedFromChart) {
          errors.push(`psk is ${props.psk}, but cable driver ${this.cableDriver} reads only the inline spec.ceIPSecPSK and ignores ceIPSecPSKSecret; use SecretSource.argocdVaultPlugin(...) or switch to CableDriver.LIBRESWAN`);
        }
      }
    }
    if (this.installedFromChart) {
      // submariner-operator v0.18.1 templates/submariner.yaml: no key for ceIPSecPreferredServer, fixed health-check timing
      const fixed: Array<[string, unknown, unknown]> = [
        ['preferredServer', props.preferredServer, false], ['healthCheckIntervalSeconds', props.healthCheckIntervalSeconds, 1],
        ['healthCheckMaxPacketLossCount', props.healthCheckMaxPacketLossCount, 5],
      ];
      for (const [field, value, chartValue] of fixed) {
        if (value !== undefined && value !== chartValue) {
          errors.push(`${field} is ${value}, but the submariner-operator chart ${'0.18.1'} renders the Submariner CR with ${chartValue} and has no values key for it; leave ${field} unset`);
        }
      }
    }
    if (props.healthCheck === true && isMacvlan(this.cluster)) {
      errors.push('connectionHealthCheck.enabled is true, but this is a Spiderpool macvlan cluster: its nodes hold no address of the cluster CIDR, so the gateway fails at start ("error getting CNI Interface IP address ... Please disable the health check") and crash-loops. Leave healthCheck unset (false here) or give the gateway nodes an address in the cluster CIDR and pass the cluster as another CNI');
    }
    const port = props.nattPort ?? 4500;
    if (!Number.isSafeInteger(port) || port < 1 || port > 65535) errors.push(`nattPort must be a UDP port 1-65535, got ${port}; the default is 4500`);
    // the Submariner CRD's integers (uint64) and booleans: a float, 1e21 or a string from JavaScript fails its schema
    for (const [field, v] of [['healthCheckIntervalSeconds', props.healthCheckIntervalSeconds], ['healthCheckMaxPacketLossCount', props.healthCheckMaxPacketLossCount]] as const) {
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) errors.push(`${field} must be a positive integer, got ${v}`);
    }
    for (const field of ['natEnabled', 'forceUdpEncaps', 'preferredServer', 'healthCheck', 'brokerInsecure', 'debug'] as const) {
      const e = props[field] === undefined ? undefined : checkBoolean(props[field], field);
      if (e) errors.push(e);
    }
    if (this.broker.globalnetEnabled) {
      if (this.globalCidr === undefined) {
        errors.push(`the broker has globalnet on, but globalCidr is not set; give this cluster a static global CIDR inside ${this.broker.globalnetCidrRange} (subctl allocates it imperatively)`);
      } else {
        const g = tryCidr(this.globalCidr, 'globalCidr', errors);
        let range: Cidr | undefined;
        try {
          range = Cidr.parse(this.broker.globalnetCidrRange);
        } catch {
          // the broker reports it
        }
        if (g && range && !range.containsCidr(g)) errors.push(`globalCidr ${g} is outside the broker's globalnet range ${range}; choose a block inside it`);
      }
    } else if (this.globalCidr !== undefined) {
      errors.push(`globalCidr ${this.globalCidr} is set but the broker has globalnet off; remove globalCidr or enable globalnet on the broker`);
    }
    return errors;
  }

  private warnings(props: SubmarinerJoinProps): string[] {
    const warnings: string[] = [];
    for (const [field, source] of [['brokerToken', props.brokerToken], ['brokerCa', props.brokerCa], ['psk', props.psk]] as const) {
      if (source?.isPlainText) warnings.push(`${field} is SecretSource.plainText: the secret is written to dist/ and Git history; prefer argocdVaultPlugin or externalSecret`);
    }
    if (props.psk && !this.cableDriver.usesPsk) warnings.push(`psk is given but cable driver ${this.cableDriver} does not encrypt; it is not rendered`);
    if ((this.cluster.gatewayNodes ?? []).length === 0 && hasConnectivity(this.broker)) {
      warnings.push('the cluster lists no gateway nodes; list them in the cluster\'s gatewayNodes (labelled submariner.io/gateway=true by the fleet\'s '
        + 'node manifests) or label at least one node at provisioning time, or no gateway starts');
    }
    if (this.installedFromChart && props.operator?.crds !== undefined) warnings.push(CHART_CRDS_WARNING);
    return warnings;
  }
}

/** The value when it is a SecretSource (JavaScript may pass anything; the validation reports the rest). */
function asSource(value: unknown): SecretSource | undefined {
  return value instanceof SecretSource ? value : undefined;
}
