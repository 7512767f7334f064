import { checkImage, KubeOvnImage } from '../kube-ovn/image';
import { kubeOvnUnderlayValues } from '../kube-ovn/install-underlay';
import { netStackOf } from '../kube-ovn/net-stack';
import { Cidr, IpFamily, parseCidrList } from '../net';
import { ClusterNetwork, Cni, describeValue } from '../rules';

/** Props of {@link KubeOvnChart.of}. */
export interface KubeOvnChartProps {
  /**
   * Helm repository URL.
   * @default 'https://kubeovn.github.io/kube-ovn/'
   */
  readonly repoUrl?: string;
  /**
   * Chart name in the repository.
   * @default 'kube-ovn'
   */
  readonly chart?: string;
  /** Chart version, e.g. `v1.13.15` (the kube-ovn chart's versions carry the `v`). */
  readonly version: string;
  /**
   * The Kube-OVN release the chart installs (`appVersion` without `v`).
   * @default - the version without a leading `v`
   */
  readonly appVersion?: string;
}

/** The Kube-OVN Helm chart that installs the CNI itself. */
export class KubeOvnChart {
  /** The chart this package's values were checked against (`charts/kube-ovn` at v1.13.15). */
  public static readonly V1_13_15 = KubeOvnChart.of({ version: 'v1.13.15' });
  /** The default chart. */
  public static readonly DEFAULT = KubeOvnChart.V1_13_15;

  /** Another version or a mirror of the chart repository. */
  public static of(props: KubeOvnChartProps): KubeOvnChart {
    // JavaScript callers have no type checker: bad props are kept and reported by the delivery
    // (checkKubeOvnChart), never a TypeError here
    props = props ?? ({} as KubeOvnChartProps);
    return new KubeOvnChart(
      props.repoUrl ?? 'https://kubeovn.github.io/kube-ovn/',
      props.chart ?? 'kube-ovn',
      props.version,
      props.appVersion ?? (typeof props.version === 'string' ? props.version.replace(/^v/, '') : props.version),
    );
  }

  private constructor(
    public readonly repoUrl: string,
    public readonly chart: string,
    public readonly version: string,
    public readonly appVersion: string,
  ) {}
}

/** Problems of a chart made from JavaScript input (`field` names it, e.g. `kubeOvn.chart`); messages without a prefix. */
export function checkKubeOvnChart(field: string, chart: KubeOvnChart): string[] {
  const errors: string[] = [];
  const text = (name: keyof KubeOvnChartProps, value: unknown, example: string) => {
    if (typeof value !== 'string' || value === '' || /\s/.test(value)) {
      errors.push(`${field}.${name} must be a non-empty string without spaces, e.g. ${example}, got ${JSON.stringify(value) ?? String(value)}; pass it to KubeOvnChart.of`);
    }
  };
  text('version', chart.version, "'v1.13.15'");
  // without a version the appVersion derived from it is missing too: one message says it
  if (typeof chart.version === 'string') text('appVersion', chart.appVersion, "'1.13.15'");
  text('chart', chart.chart, "'kube-ovn'");
  text('repoUrl', chart.repoUrl, "'https://kubeovn.github.io/kube-ovn/'");
  return errors;
}

/**
 * How a cluster's centralized gateways share traffic (seed 001): one active node with failover,
 * or every gateway at once. Sets the chart's `networking.ENABLE_ECMP` (kube-ovn-controller
 * `--enable-ecmp`).
 */
export class GatewayHa {
  /** One active gateway; kube-ovn-controller moves traffic to another on failure. Kube-OVN's default. */
  public static readonly ACTIVE_BACKUP = new GatewayHa('active-backup', false);
  /** All gateways carry traffic, hashed by source IP. */
  public static readonly ECMP = new GatewayHa('ecmp', true);

  private constructor(public readonly name: string, public readonly enableEcmp: boolean) {}
}

/** Encapsulation between nodes (`networking.TUNNEL_TYPE`). */
export class TunnelType {
  public static readonly GENEVE = new TunnelType('geneve');
  public static readonly VXLAN = new TunnelType('vxlan');
  /** Needs an OVS kernel module built with STT. */
  public static readonly STT = new TunnelType('stt');

  private constructor(public readonly value: string) {}
}

/** How Kube-OVN is installed on a cluster. */
export interface KubeOvnInstallOptions {
  /**
   * Install Kube-OVN on the cluster through the delivery tool.
   * @default true for clusters whose CNI is Kube-OVN
   */
  readonly enabled?: boolean;
  /**
   * Gateway high availability.
   * @default GatewayHa.ACTIVE_BACKUP
   */
  readonly gatewayHa?: GatewayHa;
  /**
   * Tunnel protocol between nodes.
   * @default TunnelType.GENEVE
   */
  readonly tunnelType?: TunnelType;
  /**
   * Host NIC(s) for the container network (`networking.IFACE`): names or regular expressions,
   * comma-separated, e.g. `enp6s0f0,eth.*`.
   * @default - the NIC that holds the node's Kubernetes IP
   */
  readonly iface?: string;
  /**
   * The chart.
   * @default KubeOvnChart.DEFAULT
   */
  readonly chart?: KubeOvnChart;
}

/** Install options for every Kube-OVN cluster, with per-cluster overrides. */
export interface KubeOvnInstallProps extends KubeOvnInstallOptions {
  /**
   * Options of single clusters, by cluster name; they override the fleet-wide ones.
   * @default - none
   */
  readonly clusters?: { readonly [cluster: string]: KubeOvnInstallOptions };
}

/** The options in force for one cluster. */
export interface ResolvedKubeOvnInstall {
  readonly enabled: boolean;
  readonly gatewayHa: GatewayHa;
  readonly tunnelType: TunnelType;
  readonly iface?: string;
  readonly chart: KubeOvnChart;
}

/** Fleet-wide options overlaid with the cluster's own. */
export function resolveKubeOvnInstall(cluster: ClusterNetwork, given: KubeOvnInstallProps = {}): ResolvedKubeOvnInstall {
  // JavaScript may pass null or a non-object: no options then (the delivery reports the wrong type)
  const props: KubeOvnInstallProps = typeof given === 'object' && given !== null ? given : {};
  const clusters: unknown = props.clusters;
  const byCluster = typeof clusters === 'object' && clusters !== null
    ? (clusters as Record<string, KubeOvnInstallOptions | undefined>)[cluster.name]
    : undefined;
  const own: KubeOvnInstallOptions = typeof byCluster === 'object' && byCluster !== null ? byCluster : {};
  return {
    enabled: (cluster.cni ?? Cni.KUBE_OVN).isKubeOvn && (own.enabled ?? props.enabled ?? true),
    gatewayHa: own.gatewayHa ?? props.gatewayHa ?? GatewayHa.ACTIVE_BACKUP,
    tunnelType: own.tunnelType ?? props.tunnelType ?? TunnelType.GENEVE,
    iface: own.iface ?? props.iface,
    chart: own.chart ?? props.chart ?? KubeOvnChart.DEFAULT,
  };
}

/**
 * True when a delivery installs Kube-OVN on the cluster from the kube-ovn chart: the chart then
 * runs ovn-ic-controller (`func.ENABLE_IC`) for an interconnected cluster, so the package does not.
 */
export function kubeOvnInstalled(cluster: ClusterNetwork, deliveries: { readonly argoCd?: { readonly kubeOvn?: KubeOvnInstallProps }; readonly flux?: { readonly kubeOvn?: KubeOvnInstallProps } }): boolean {
  return [deliveries.argoCd, deliveries.flux].some((d) => d !== undefined && resolveKubeOvnInstall(cluster, d.kubeOvn).enabled);
}

/** Nested Helm values. */
export type ChartValues = { [key: string]: unknown };

/** Recursively merges `override` into a copy of `base` (objects merge, everything else replaces). */
export function deepMerge(base: ChartValues, override: ChartValues): ChartValues {
  const result: ChartValues = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is ChartValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/** The default subnet's gateway(s) as Kube-OVN picks them: the first address of each CIDR. */
export function defaultGateways(cidrs: readonly Cidr[]): string {
  return cidrs.map((c) => c.at(1n).text).join(',');
}

/**
 * The kube-ovn chart values for a cluster, derived from the fleet model. Keys are the chart's own
 * (`charts/kube-ovn/values.yaml`); Helm silently ignores unknown keys, so a test checks every key
 * rendered here against that file.
 *
 * - `MASTER_NODES`: the master IPs; the chart sets ovn-central's and kube-ovn-controller's replicas
 *   to their count (there is no `replicaCount` key).
 * - `func.ENABLE_IC`: the cluster is interconnected (OVN-IC); the chart then runs ovn-ic-controller.
 * - `networking.NET_STACK` and the CIDRs in the `ipv4`, `ipv6` or `dual_stack` block it selects.
 * - `networking.ENABLE_ECMP`, `TUNNEL_TYPE`, `IFACE` from the install options.
 * - `global.registry`/`images`: the cluster's Kube-OVN image, so the chart's components and the
 *   ones this package renders (ovn-ic-server) run the same build.
 */
export function kubeOvnChartValues(cluster: ClusterNetwork, install: ResolvedKubeOvnInstall, interconnected: boolean): ChartValues {
  const image = cluster.kubeOvnImage ?? KubeOvnImage.DEFAULT;
  const pod = parseCidrList(cluster.podCidr);
  const service = parseCidrList(cluster.serviceCidr);
  const join = parseCidrList(cluster.joinCidr);
  const networking: ChartValues = {
    ENABLE_ECMP: install.gatewayHa.enableEcmp,
    TUNNEL_TYPE: install.tunnelType.value,
  };
  if (install.iface !== undefined) networking.IFACE = install.iface;

  const values: ChartValues = {
    MASTER_NODES: cluster.masterNodeIps.join(','),
    global: {
      registry: { address: image.registry },
      images: { kubeovn: { repository: image.repository, tag: image.tag } },
    },
    func: { ENABLE_IC: interconnected },
    networking,
  };
  const stack = pod && netStackOf(pod);
  if (pod && stack) {
    networking.NET_STACK = stack;
    const block: ChartValues = { POD_CIDR: cluster.podCidr, POD_GATEWAY: defaultGateways(pod) };
    if (service) block.SVC_CIDR = cluster.serviceCidr;
    if (join) block.JOIN_CIDR = cluster.joinCidr;
    values[stack] = block;
  }
  // install-time underlay: NETWORK_TYPE=vlan and the physical POD_GATEWAY win over the overlay defaults
  return deepMerge(values, kubeOvnUnderlayValues(cluster));
}

/** A Subnet the fleet renders in a cluster, for the install checks: its name, CIDRs and gateway. */
export interface DeclaredSubnet {
  readonly name: string;
  readonly cidrBlock: string;
  readonly cidrs: readonly Cidr[];
  /** `spec.gateway` as rendered (given, or the first address of each CIDR). */
  readonly gateway?: string;
}

/**
 * Checks of one cluster's install: Raft quorum size, families agreeing across the CIDRs the chart
 * takes, Subnets in Git that restate Kube-OVN's own default or join subnet, and chart/image skew.
 * Pod/service/join overlaps are the cluster's own check. Returns errors and warnings without a prefix.
 */
export function checkKubeOvnInstall(cluster: ClusterNetwork, install: ResolvedKubeOvnInstall, values: ChartValues, subnets: readonly DeclaredSubnet[]): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const masters = cluster.masterNodeIps.length;
  if (masters > 5) {
    errors.push(`MASTER_NODES lists ${masters} masters; ovn-central's Raft databases take 1, 3 or 5 members (every write waits for a majority), label at most 5 nodes kube-ovn/role=master and list their IPs`);
  } else if (masters > 0 && masters % 2 === 0) {
    warnings.push(`MASTER_NODES lists ${masters} masters; ${masters} Raft members tolerate no more failures than ${masters - 1}, use an odd number (1, 3 or 5)`);
  }

  const pod = parseCidrList(cluster.podCidr);
  const stack = pod && netStackOf(pod);
  if (pod && stack) {
    const families = sortedFamilies(pod);
    for (const [field, text] of [['serviceCidr', cluster.serviceCidr], ['joinCidr', cluster.joinCidr]] as const) {
      const cidrs = parseCidrList(text);
      if (!cidrs) continue;
      const own = sortedFamilies(cidrs);
      if (own.join() !== families.join()) {
        errors.push(`${field} "${text}" is ${own.join('+')} but podCidr "${cluster.podCidr}" makes networking.NET_STACK ${stack}; give ${field} one CIDR per family of podCidr (${families.join('+')})`);
      }
    }
    errors.push(...checkImplicitSubnets(subnets, values, stack));
  }

  if (install.iface !== undefined) errors.push(...checkIface(install.iface));
  const image = cluster.kubeOvnImage ?? KubeOvnImage.DEFAULT;
  // the chart renders it as global.images.kubeovn into every Kube-OVN pod
  errors.push(...checkImage(image, 'kubeOvnImage'));
  if (String(image.tag).replace(/^v/, '') !== install.chart.appVersion) {
    warnings.push(`the kube-ovn chart ${install.chart.version} installs Kube-OVN ${install.chart.appVersion}, but the cluster's Kube-OVN image is ${image.uri}; the chart's templates may not fit that image, use the chart of the same release`);
  }
  return { errors, warnings };
}

/**
 * `networking.IFACE`: kube-ovn-cni's `--iface` (Kube-OVN v1.13.15 pkg/daemon/config.go findInterface: a NIC
 * name, else the comma-separated entries joined into one Go regexp). The chart writes it unquoted into
 * the DaemonSet args (`- --iface={{ .Values.networking.IFACE }}`), so whitespace or a line break would
 * end the argument or add YAML; no NIC name has either.
 */
export function checkIface(iface: unknown): string[] {
  const field = 'iface (networking.IFACE)';
  if (typeof iface !== 'string' || iface === '') {
    return [`${field} must be a non-empty string of NIC names or regular expressions, comma-separated, e.g. 'enp6s0f0,eth.*', got ${describeValue(iface)}`];
  }
  const bad = /[\s\u0000-\u001f\u007f]/u.exec(iface);
  if (bad) return [`${field} ${JSON.stringify(iface)} contains whitespace or a control character (U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which no NIC name has and which would split the kube-ovn-cni argument; remove it, e.g. 'enp6s0f0,eth.*'`];
  const errors: string[] = [];
  iface.split(',').forEach((entry, i) => {
    if (entry === '') errors.push(`${field} "${iface}": entry ${i} is empty; separate NIC names with single commas`);
    else {
      try {
        new RegExp(entry);
      } catch {
        errors.push(`${field} "${iface}": entry "${entry}" is no valid regular expression; kube-ovn-cni compiles each entry as one`);
      }
    }
  });
  return errors;
}

function sortedFamilies(cidrs: readonly Cidr[]): IpFamily[] {
  return [...new Set(cidrs.map((c) => c.family))].sort();
}

/**
 * Kube-OVN creates the default subnet (`networking.DEFAULT_SUBNET`, ovn-default) from POD_CIDR and
 * POD_GATEWAY and the join subnet (`networking.NODE_SUBNET`) from JOIN_CIDR. A Subnet of the same
 * name in Git must say the same, or Argo CD/Flux and kube-ovn-controller overwrite each other.
 */
function checkImplicitSubnets(subnets: readonly DeclaredSubnet[], values: ChartValues, stack: string): string[] {
  const errors: string[] = [];
  const networking = (values.networking ?? {}) as ChartValues;
  const block = (values[stack] ?? {}) as ChartValues;
  const defaultName = String(networking.DEFAULT_SUBNET ?? 'ovn-default');
  const joinName = String(networking.NODE_SUBNET ?? 'join');
  for (const s of subnets) {
    let expected: { cidr: unknown; gateway?: unknown; key: string } | undefined;
    if (s.name === defaultName) expected = { cidr: block.POD_CIDR, gateway: block.POD_GATEWAY, key: 'POD_CIDR' };
    else if (s.name === joinName) expected = { cidr: block.JOIN_CIDR, key: 'JOIN_CIDR' };
    if (!expected || expected.cidr === undefined || s.cidrs.length === 0) continue;
    const want = parseCidrList(String(expected.cidr)) ?? [];
    if (s.cidrs.map(String).join(',') !== want.map(String).join(',')) {
      errors.push(`Subnet "${s.name}" has cidrBlock ${s.cidrBlock} but the kube-ovn chart creates it from ${stack}.${expected.key} ${expected.cidr} (the cluster's ${expected.key === 'POD_CIDR' ? 'podCidr' : 'joinCidr'}); make them equal or drop the Subnet from the fleet`);
      continue;
    }
    const gateway = s.gateway;
    if (expected.gateway !== undefined && gateway !== undefined && gateway !== expected.gateway) {
      errors.push(`Subnet "${s.name}" has gateway ${gateway} but the kube-ovn chart sets ${stack}.POD_GATEWAY ${expected.gateway}; use ${expected.gateway}`);
    }
  }
  return errors;
}
