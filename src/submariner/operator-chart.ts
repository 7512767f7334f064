import type { BrokerConnection } from './broker';
import { ChartSecretKey, ChartSecretValue, CHART_SECRET_PATHS, memberRemoteKey } from './credential-store';
import type { SecretSource } from './secret-source';

/**
 * The upstream Submariner Helm charts (github.com/submariner-io/submariner-charts v0.18.1, published at
 * https://submariner-io.github.io/submariner-charts/charts). Their Chart.yaml says `version: 0.0.0` in Git (the
 * release Makefile sets the version at package time), so `.Chart.AppVersion` is empty in a source checkout: every image
 * tag is given explicitly (`submariner.images.tag`, `operator.image.tag`), never left to the chart's default.
 */
export const SUBMARINER_CHART_REPO = 'https://submariner-io.github.io/submariner-charts/charts';
/** Version of both charts this package's values are checked against. */
export const SUBMARINER_CHART_VERSION = '0.18.1';
/** The operator chart and its release. The release name must contain the chart name: the chart's fullname (Deployment,
 * operator ServiceAccount, Role) is then `submariner-operator` (templates/_helpers.tpl `submariner.fullname`). */
export const OPERATOR_CHART = 'submariner-operator';
export const OPERATOR_RELEASE = 'submariner-operator';
/** The broker chart and its release: fullname `submariner-k8s-broker`, Role `submariner-k8s-broker-cluster`. */
export const BROKER_CHART = 'submariner-k8s-broker';
export const BROKER_RELEASE = 'submariner-k8s-broker';

/** Nested Helm values. */
export type SubmarinerChartValues = { [key: string]: unknown };

/** What a member's operator chart release needs, derived from its join (plain data). */
export interface OperatorChartRelease {
  /** The values without the secret ones. Keys are the chart's own (submariner-operator/values.yaml v0.18.1). */
  readonly values: SubmarinerChartValues;
  /** The secret values (token, CA, PSK when the cable driver encrypts), each with where it comes from. */
  readonly secrets: readonly ChartSecretValue[];
}

/** The join's settings the operator chart takes (the SubmarinerJoin's resolved props). */
export interface OperatorChartInput {
  readonly broker: BrokerConnection;
  readonly clusterId: string;
  readonly clusterCidr: string;
  readonly serviceCidr: string;
  readonly globalCidr?: string;
  readonly cableDriver: string;
  readonly usesPsk: boolean;
  readonly natEnabled: boolean;
  readonly nattPort: number;
  readonly forceUdpEncaps: boolean;
  readonly healthCheck: boolean;
  readonly debug: boolean;
  readonly brokerInsecure: boolean;
  readonly serviceDiscovery: boolean;
  readonly repository: string;
  readonly version: string;
  readonly brokerToken?: SecretSource;
  readonly brokerCa?: SecretSource;
  readonly psk?: SecretSource;
}

/**
 * The operator chart's values for one member. Every key is read by a template of the v0.18.1 chart
 * (templates/submariner.yaml renders the Submariner CR from `broker.*`, `ipsec.*`, `submariner.*`;
 * templates/operator-deployment.yaml the operator image from `operator.image.*`; templates/rbac.yaml reads
 * `broker.globalnet` for the globalnet RBAC); a test checks each against the chart facts and with `helm template`.
 * The chart has no key for `ceIPSecPreferredServer`, `brokerK8sSecret`, `ceIPSecPSKSecret`, `airGappedDeployment`,
 * and fixes `connectionHealthCheck.intervalSeconds: 1` and `maxPacketLossCount: 5`.
 */
export function operatorChartRelease(input: OperatorChartInput): OperatorChartRelease {
  const values: SubmarinerChartValues = {
    broker: {
      server: input.broker.apiServer,
      namespace: input.broker.namespace,
      insecure: input.brokerInsecure,
      globalnet: input.broker.globalnetEnabled,
    },
    submariner: {
      clusterId: input.clusterId,
      clusterCidr: input.clusterCidr,
      serviceCidr: input.serviceCidr,
      ...(input.globalCidr !== undefined ? { globalCidr: input.globalCidr } : {}),
      cableDriver: input.cableDriver,
      // the chart's default is false, subctl's --natt default true: always explicit
      natEnabled: input.natEnabled,
      loadBalancerEnabled: false,
      debug: input.debug,
      serviceDiscovery: input.serviceDiscovery,
      healthcheckEnabled: input.healthCheck,
      images: { repository: input.repository, tag: input.version },
    },
    ipsec: { debug: input.debug, forceUDPEncaps: input.forceUdpEncaps, natPort: input.nattPort },
    operator: { image: { repository: `${input.repository}/submariner-operator`, tag: input.version, pullPolicy: 'IfNotPresent' } },
  };
  const store = input.broker.credentialStore;
  const secret = (key: ChartSecretKey, source: SecretSource | undefined): ChartSecretValue => {
    const fromStore = store && (key === 'psk'
      ? { ref: store, remoteKey: store.pskRemoteKey, property: 'psk' }
      : { ref: store, remoteKey: memberRemoteKey(store, input.clusterId), property: key });
    return { key, path: CHART_SECRET_PATHS[key], source, store: source ? undefined : fromStore, base64: key === 'ca' };
  };
  const secrets = [secret('token', input.brokerToken), secret('ca', input.brokerCa)];
  if (input.usesPsk) secrets.push(secret('psk', input.psk));
  return { values, secrets };
}

/**
 * The broker chart's values: its CRDs (crds/, always installed) and the Role `submariner-k8s-broker-cluster`
 * (templates/rbac.yaml). `serviceAccounts.client.create: false`: the chart's one shared client ServiceAccount and its
 * token would let every member act as every other and could not be revoked for one member; the package renders a
 * ServiceAccount, RoleBinding and token Secret per member instead. The chart's RoleBinding then binds the Role to
 * the broker namespace's `default` ServiceAccount (templates/_helpers.tpl `clientServiceAccountName`), which no pod
 * uses: the namespace runs no pods (pod security `restricted`).
 */
export function brokerChartValues(): SubmarinerChartValues {
  return { rbac: { create: true }, crd: { create: true }, serviceAccounts: { client: { create: false } } };
}
