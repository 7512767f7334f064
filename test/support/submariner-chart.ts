/**
 * Values of the upstream Submariner charts (submariner-io/submariner-charts v0.18.1) derived from what the package
 * renders today: its Submariner CR, its operator Deployment and the Broker CR. The lead moves this mapping into src/
 * when Submariner is delivered from its charts (issue 12, "Submariner from its upstream charts"); until then it
 * lives here so that the tests can render the charts with the real helm.
 *
 * Source of every key: submariner-operator/templates/submariner.yaml (the Submariner CR the chart renders),
 * templates/operator-deployment.yaml, templates/rbac.yaml and values.yaml of the v0.18.1 chart.
 */

import { leaves } from '../gitops/helpers';

/** Submariner CR spec field (dotted) -> operator chart values key, as templates/submariner.yaml writes them. */
const SPEC_TO_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['brokerK8sApiServer', 'broker.server'],
  ['brokerK8sApiServerToken', 'broker.token'],
  ['brokerK8sCA', 'broker.ca'],
  ['brokerK8sRemoteNamespace', 'broker.namespace'],
  ['brokerK8sInsecure', 'broker.insecure'],
  ['ceIPSecDebug', 'ipsec.debug'],
  ['ceIPSecForceUDPEncaps', 'ipsec.forceUDPEncaps'],
  ['ceIPSecIKEPort', 'ipsec.ikePort'],
  ['ceIPSecNATTPort', 'ipsec.natPort'],
  ['ceIPSecPSK', 'ipsec.psk'],
  ['clusterCIDR', 'submariner.clusterCidr'],
  ['clusterID', 'submariner.clusterId'],
  ['colorCodes', 'submariner.colorCodes'],
  ['debug', 'submariner.debug'],
  ['loadBalancerEnabled', 'submariner.loadBalancerEnabled'],
  ['natEnabled', 'submariner.natEnabled'],
  ['repository', 'submariner.images.repository'],
  // `version: {{ default .Chart.AppVersion .Values.submariner.images.tag }}`; the chart's Chart.yaml at the tag has no
  // appVersion (version 0.0.0, set when the chart is released), so the tag is always given explicitly
  ['version', 'submariner.images.tag'],
  ['serviceCIDR', 'submariner.serviceCidr'],
  ['globalCIDR', 'submariner.globalCidr'],
  ['serviceDiscoveryEnabled', 'submariner.serviceDiscovery'],
  ['cableDriver', 'submariner.cableDriver'],
  ['connectionHealthCheck.enabled', 'submariner.healthcheckEnabled'],
  ['coreDNSCustomConfig.configMapName', 'submariner.coreDNSCustomConfig.configMapName'],
  ['coreDNSCustomConfig.namespace', 'submariner.coreDNSCustomConfig.namespace'],
];

/** Fields the chart's template writes with a fixed value: expressible only when the package's value is that one. */
const FIXED_BY_CHART: Readonly<Record<string, unknown>> = {
  'broker': 'k8s',
  'connectionHealthCheck.intervalSeconds': 1,
  'connectionHealthCheck.maxPacketLossCount': 5,
};

/** CR `imageOverrides` component -> key of the chart's top-level `images` map (templates/submariner.yaml). */
const IMAGE_OVERRIDES: Readonly<Record<string, string>> = {
  'submariner-operator': 'submariner-operator',
  'submariner-gateway': 'submariner-gateway',
  'submariner-routeagent': 'submariner-route-agent',
  'submariner-globalnet': 'submariner-globalnet',
  'submariner-networkplugin-syncer': 'submariner-networkplugin-syncer',
  'submariner-lighthouse-agent': 'lighthouse-agent',
  'submariner-lighthouse-coredns': 'lighthouse-coredns',
};

/** A chart release: where it goes, its values, and what of the package's objects it cannot say. */
export interface ChartRelease {
  readonly release: string;
  readonly namespace: string;
  readonly values: Record<string, any>;
  /** Fields (dotted paths) of the package's objects the chart cannot express, with the package's value. */
  readonly unexpressed: Record<string, unknown>;
}

function set(target: Record<string, any>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let at = target;
  for (const k of keys.slice(0, -1)) at = at[k] ??= {};
  at[keys[keys.length - 1]] = value;
}

/**
 * The submariner-operator chart release for one member cluster.
 * @param submariner the cluster's Submariner CR (dist/clusters/<cluster>/Submariner.*.yaml)
 * @param operator the cluster's submariner-operator Deployment: its image gives `operator.image.*`
 * @param broker the Broker CR (in the broker cluster): `globalnetEnabled` gives `broker.globalnet`, which the chart
 *   reads only to grant the globalnet RBAC
 */
export function operatorChartRelease(submariner: any, operator: any, broker?: any): ChartRelease {
  const values: Record<string, any> = {};
  const unexpressed: Record<string, unknown> = {};
  const mapped = new Map(SPEC_TO_VALUES);
  for (const [field, value] of leaves(submariner.spec ?? {})) {
    const key = mapped.get(field);
    const image = /^imageOverrides\.(.+)$/.exec(field)?.[1];
    if (key) set(values, key, value);
    else if (image && IMAGE_OVERRIDES[image]) set(values, `images.${IMAGE_OVERRIDES[image]}`, value);
    else if (field in FIXED_BY_CHART && FIXED_BY_CHART[field] === value) continue;
    else if (field === 'namespace' && value === submariner.metadata?.namespace) continue; // spec.namespace: {{ .Release.Namespace }}
    else unexpressed[field] = value;
  }
  // The chart writes the CR with `namespace: submariner-operator` whatever the release namespace.
  if (submariner.metadata?.namespace !== 'submariner-operator') unexpressed['metadata.namespace'] = submariner.metadata?.namespace;
  if (submariner.metadata?.name !== 'submariner') unexpressed['metadata.name'] = submariner.metadata?.name;

  const c = (operator.spec?.template?.spec?.containers ?? []).find((x: any) => x.name === 'submariner-operator');
  const image = /^(.+):([^:/]+)$/.exec(c?.image ?? '');
  if (!image) throw new Error(`operator Deployment ${operator.metadata?.name}: container submariner-operator has no image with a tag (${c?.image})`);
  set(values, 'operator.image.repository', image[1]);
  set(values, 'operator.image.tag', image[2]);
  if (c.imagePullPolicy) set(values, 'operator.image.pullPolicy', c.imagePullPolicy);
  set(values, 'broker.globalnet', broker?.spec?.globalnetEnabled === true);
  return { release: 'submariner-operator', namespace: submariner.metadata?.namespace, values, unexpressed };
}

/**
 * The submariner-k8s-broker chart release for the broker cluster: its only input is the namespace (the Broker CR's,
 * which every member's `brokerK8sRemoteNamespace` must name). The chart renders no Broker CR, so the Broker's spec
 * stays with the package.
 */
export function brokerChartRelease(broker: any, members: readonly any[]): ChartRelease {
  const namespace = broker.metadata?.namespace;
  const wrong = members.filter((m) => m.spec?.brokerK8sRemoteNamespace !== namespace);
  if (wrong.length) {
    throw new Error(`Submariner ${wrong.map((m) => m.spec?.clusterID).join(', ')}: brokerK8sRemoteNamespace is not the Broker's namespace ${namespace}`);
  }
  const unexpressed = Object.fromEntries(leaves(broker.spec ?? {}).map(([k, v]) => [`Broker.spec.${k}`, v]));
  return { release: 'submariner-k8s-broker', namespace, values: {}, unexpressed };
}
