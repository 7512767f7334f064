import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SpiderMultusConfig as SpiderMultusConfigResource } from '../../imports/multusconfig-spiderpool.spidernet.io';
import { Cidr } from '../net';
import { IConstruct } from 'constructs';
import { addWarnings, ChartRegistry, checkDnsLabel, checkDnsSubdomain, ClusterNetwork, clusterLabel, compareCodeUnits } from '../rules';
import { annotationsProblems, checkBool, checkString, isRecord, labelsProblems, labelValueProblem, nameProblem, show } from './checks';
import { BondConfig, CNI_BLOCK_FIELDS, CNI_BLOCKS, CniConfig, CniType } from './cni-config';
import { COORDINATOR_FIELDS, CoordinatorMode, CoordinatorOptions, coordinatorProblems, parseHijackCidr, renderCoordinator } from './coordinator';
import { extraSpecProblems, mergeExtraSpec } from './extra-spec';
import { SpiderIpPool, SpiderIpPoolProps } from './ip-pool';


/** Multus annotation that makes a NetworkAttachmentDefinition the pod's primary network (`eth0`). */
export const DEFAULT_NETWORK_ANNOTATION = 'v1.multus-cni.io/default-network';

/**
 * Annotations of a SpiderMultusConfig that Spiderpool v1.2.2 reads (pkg/constant/k8s.go): the name of the
 * NetworkAttachmentDefinition it generates, its CNI version, the name inside the CNI config, and the groups
 * of the RDMA / network resource injection of the pod webhook.
 */
export const MULTUS_CONFIG_ANNOTATIONS = {
  netAttachDefName: 'multus.spidernet.io/cr-name',
  cniVersion: 'multus.spidernet.io/cni-version',
  cniConfigName: 'cni.spidernet.io/cniconfig-name',
  rdmaResourceInject: 'cni.spidernet.io/rdma-resource-inject',
  networkResourceInject: 'cni.spidernet.io/network-resource-inject',
} as const;

/** CNI versions the generated NetworkAttachmentDefinition may declare (cmd/spiderpool/cmd/cni_types.go SupportCNIVersions). */
export const SUPPORTED_CNI_VERSIONS: readonly string[] = ['0.3.0', '0.3.1', '0.4.0', '1.0.0'];

/** A Linux bond over several macvlan masters. */
export type MacvlanBond = BondConfig;

/** Props of {@link SpiderMultusConfig}. */
export interface SpiderMultusConfigProps {
  /**
   * Object name; the controller creates a NetworkAttachmentDefinition of the same name (unless
   * `netAttachDefName` names another).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the config and of its NetworkAttachmentDefinition.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * The CNI and its settings (`spec.cniType` and its block), e.g. `CniConfig.sriov({ resourceName: ... })`.
   * @default - macvlan from the shorthand `master`/`vlanId`/`bond`/`mtu`
   */
  readonly cni?: CniConfig;
  /**
   * Shorthand for `cni: CniConfig.macvlan({ master, ... })`: host interfaces macvlan attaches to
   * (`macvlan.master`); two or more need a `bond`. Leave unset when `cni` is given.
   * @default - none (give `cni` instead)
   */
  readonly master?: string[];
  /**
   * Macvlan shorthand: VLAN tag (0 = untagged); with a tag the master becomes `<master>.<vlanId>`.
   * @default 0
   */
  readonly vlanId?: number;
  /**
   * Macvlan shorthand: bond over the masters; required with two or more masters.
   * @default - none
   */
  readonly bond?: MacvlanBond;
  /**
   * Macvlan shorthand: MTU of the pod interface (0 = the master's).
   * @default - the master's MTU
   */
  readonly mtu?: number;
  /**
   * Pools pods of this network take addresses from (split into `ippools.ipv4`/`ipv6` by family).
   * Pools added with {@link SpiderMultusConfig.addIpPool} are appended.
   * @default - none (the cluster's default pools)
   */
  readonly ippools?: SpiderIpPool[];
  /**
   * Run the coordinator plugin after the CNI (routes to the host, hijackCIDR). Custom CNIs never run it.
   * @default - true; false for a custom CNI
   */
  readonly enableCoordinator?: boolean;
  /**
   * Coordinator settings.
   * @default - mode auto, tunePodRoutes true, hijackCIDR the peers' CIDRs
   */
  readonly coordinator?: CoordinatorOptions;
  /**
   * Shorthand for `coordinator.mode`.
   * @default CoordinatorMode.AUTO
   */
  readonly coordinatorMode?: CoordinatorMode;
  /**
   * Shorthand for `coordinator.tunePodRoutes`; always rendered, because the webhook and the CRD default
   * it differently.
   * @default true
   */
  readonly tunePodRoutes?: boolean;
  /**
   * The pod and service CIDRs of every other cluster joined to the same Submariner broker as this
   * cluster (their global CIDRs with globalnet): `coordinator.hijackCIDR` routes them through the host,
   * so Submariner carries that traffic. The fleet computes them from its brokers' members.
   * @default - none
   */
  readonly peerCidrs?: string[];
  /**
   * Shorthand for `coordinator.hijackCidrs`: CIDRs routed through the host besides `peerCidrs`.
   * @default - none
   */
  readonly additionalHijackCidrs?: string[];
  /**
   * Leave IP addresses to the CNI itself (`spec.disableIPAM`): no Spiderpool IPAM, pools unused.
   * @default false
   */
  readonly disableIpam?: boolean;
  /**
   * CNI plugins chained after the main one (`spec.chainCNIJsonData`): JSON text or objects, each a CNI
   * plugin configuration with a `type`.
   * @default - none
   */
  readonly chainCniJsonData?: Array<string | Record<string, unknown>>;
  /**
   * Name of the generated NetworkAttachmentDefinition (annotation `multus.spidernet.io/cr-name`).
   * Immutable once created.
   * @default - the config's name
   */
  readonly netAttachDefName?: string;
  /**
   * CNI version of the generated configuration (annotation `multus.spidernet.io/cni-version`): 0.3.0,
   * 0.3.1, 0.4.0 or 1.0.0.
   * @default - '0.3.1'
   */
  readonly cniVersion?: string;
  /**
   * `name` inside the generated CNI configuration (annotation `cni.spidernet.io/cniconfig-name`).
   * @default - the NetworkAttachmentDefinition's name
   */
  readonly cniConfigName?: string;
  /**
   * Group of RDMA resource injection (annotation `cni.spidernet.io/rdma-resource-inject`): pods with the
   * same annotation get this network's RDMA resource. Needs an RDMA resource name and pools.
   * @default - no injection
   */
  readonly rdmaResourceInject?: string;
  /**
   * Group of network resource injection (annotation `cni.spidernet.io/network-resource-inject`). With a
   * resource name it needs pools.
   * @default - no injection
   */
  readonly networkResourceInject?: string;
  /**
   * Further annotations of the config (copied to the NetworkAttachmentDefinition by the controller).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Spec fields the typed props do not cover, merged into `spec` and checked against the CRD schema at
   * synth. Fields the props set are refused here.
   * @default - none
   */
  readonly extraSpec?: Record<string, unknown>;
  /**
   * The cluster the config belongs to (named in messages, passed to pools added here).
   * @default - the chart's id names it
   */
  readonly cluster?: ClusterNetwork;
  /**
   * Labels of the config, passed down to pools added with `addIpPool`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Which spec field each prop sets (test/spiderpool/crd-coverage.test.ts checks that every field of the CRD
 * schema is reachable); `cni` sets cniType, customCNI and the block of the cniType.
 * @internal
 */
export const MULTUS_CONFIG_FIELDS = {
  cni: ['cniType', 'customCNI', ...CNI_BLOCKS], master: ['macvlan'], vlanId: ['macvlan'], bond: ['macvlan'], mtu: ['macvlan'], ippools: [],
  enableCoordinator: ['enableCoordinator'], coordinator: ['coordinator'], coordinatorMode: ['coordinator'], tunePodRoutes: ['coordinator'],
  peerCidrs: ['coordinator'], additionalHijackCidrs: ['coordinator'], disableIpam: ['disableIPAM'], chainCniJsonData: ['chainCNIJsonData'],
  name: [], namespace: [], netAttachDefName: [], cniVersion: [], cniConfigName: [], rdmaResourceInject: [], networkResourceInject: [],
  annotations: [], extraSpec: [], cluster: [], labels: [],
} as const satisfies Record<keyof SpiderMultusConfigProps, readonly string[]>;

/** Spec fields the typed props cover (extraSpec may not set them). */
const TYPED_PATHS: ReadonlySet<string> = new Set([
  ...['cniType', 'customCNI', 'enableCoordinator', 'disableIPAM', 'chainCNIJsonData'].map((f) => `spec.${f}`),
  ...Object.values(COORDINATOR_FIELDS).map((f) => `spec.coordinator.${f}`),
  ...CNI_BLOCKS.flatMap((b) => Object.values(CNI_BLOCK_FIELDS[b as keyof typeof CNI_BLOCK_FIELDS]).map((f) => `spec.${b}.${f}`)),
]);

function sortCidrs(cidrs: Cidr[]): Cidr[] {
  const unique = new Map(cidrs.map((c) => [c.toString(), c]));
  return [...unique.values()].sort((a, b) => {
    if (a.family !== b.family) return a.family < b.family ? -1 : 1;
    if (a.network !== b.network) return a.network < b.network ? -1 : 1;
    return a.prefix - b.prefix;
  });
}

/** Keys sorted recursively (code units), undefined values dropped: the rendered spec is deterministic. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(compareCodeUnits)) if (value[k] !== undefined) out[k] = sorted(value[k]);
  return out;
}

/** The L1 object with the spec this construct computes (all cniTypes, extra fields) instead of the L1's mapping. */
class MultusConfigObject extends SpiderMultusConfigResource {
  constructor(scope: Construct, id: string, metadata: Record<string, unknown>, private readonly spec: () => Record<string, unknown>) {
    super(scope, id, { metadata });
  }

  public override toJson(): any {
    const json = super.toJson();
    return { ...json, spec: sorted(this.spec()) };
  }
}

/**
 * The webhook's rule between the configs of one cluster (validateAnnotation checkNetAttachDef): a
 * NetworkAttachmentDefinition managed by one SpiderMultusConfig cannot be taken over by another, so no two
 * configs of a namespace may generate the same name (their own name or `netAttachDefName`).
 */
class NetAttachDefRegistry extends ChartRegistry {
  public static of(scope: IConstruct): NetAttachDefRegistry {
    return ChartRegistry.registryOf(scope, NetAttachDefRegistry);
  }

  private readonly configs: SpiderMultusConfig[] = [];

  public add(config: SpiderMultusConfig): void {
    this.configs.push(config);
    this.changed();
  }

  protected compute(): Map<IConstruct, string[]> {
    const result = new Map<IConstruct, string[]>();
    const first = new Map<string, SpiderMultusConfig>();
    for (const c of this.configs) {
      const key = c.networkName;
      const owner = first.get(key);
      if (!owner) {
        first.set(key, c);
        continue;
      }
      result.set(c, [...(result.get(c) ?? []), `generates NetworkAttachmentDefinition ${key}, which SpiderMultusConfig "${owner.namespace}/${owner.configName}" already manages; Spiderpool's webhook rejects the second ("already exists and is managed by SpiderMultusConfig"), give one another netAttachDefName`]);
    }
    return result;
  }
}

/**
 * A Spiderpool `SpiderMultusConfig` (namespaced) for underlay pods, any `cniType` (macvlan, ipvlan, vlan,
 * sriov, ovs, ib-sriov, ipoib, custom). The controller renders the NetworkAttachmentDefinition from it, so
 * that is never rendered here. The coordinator's `hijackCIDR` is computed from the Submariner peers of the
 * cluster. Every field is checked at synth with Spiderpool v1.2.2's MultusConfig webhook rules, judged
 * after its mutating webhook's defaults.
 */
export class SpiderMultusConfig extends Construct {
  public readonly configName: string;
  public readonly namespace: string;
  public readonly resource: SpiderMultusConfigResource;
  /** The CNI (the macvlan shorthand resolved). */
  public readonly cni: CniConfig;
  private readonly pools: SpiderIpPool[];
  private readonly labels?: Record<string, string>;
  private readonly props: SpiderMultusConfigProps;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;

  constructor(scope: Construct, id: string, props: SpiderMultusConfigProps) {
    super(scope, id);
    // JavaScript callers have no type checker: missing props are reported, not a crash
    props = isRecord(props) ? props : ({} as SpiderMultusConfigProps);
    this.props = props;
    this.configName = props.name ?? id;
    this.namespace = props.namespace ?? 'kube-system';
    this.pools = [...(Array.isArray(props.ippools) ? props.ippools : [])];
    this.labels = props.labels;
    this.cluster = props.cluster;
    this.cni = props.cni instanceof CniConfig ? props.cni
      : CniConfig.macvlan({ master: props.master as string[], vlanId: props.vlanId, bond: props.bond, mtu: props.mtu });

    this.resource = new MultusConfigObject(this, 'Resource', {
      name: this.configName, namespace: this.namespace, labels: props.labels, annotations: this.renderAnnotations(),
    }, () => mergeExtraSpec(this.renderSpec(), props.extraSpec));
    NetAttachDefRegistry.of(this).add(this);
    this.node.addValidation({ validate: () => this.validateConfig().map((e) => `${this.label}: ${e}`) });
    addWarnings(this, () => this.warnings().map((w) => `${this.label}: ${w}`));
  }

  /** Name of the NetworkAttachmentDefinition the controller creates. */
  public get netAttachDefName(): string {
    return typeof this.props.netAttachDefName === 'string' ? this.props.netAttachDefName : this.configName;
  }

  /** `<namespace>/<name>` of the NetworkAttachmentDefinition the controller creates. */
  public get networkName(): string {
    return `${this.namespace}/${this.netAttachDefName}`;
  }

  /** Pod annotations that make this network the pod's primary interface. */
  public podAnnotations(): Record<string, string> {
    return { [DEFAULT_NETWORK_ANNOTATION]: this.networkName };
  }

  /** The pools of this network. */
  public get ippools(): readonly SpiderIpPool[] {
    return [...this.pools];
  }

  /** Adds a pool for this network (cluster-scoped, labels passed down). */
  public addIpPool(id: string, props: SpiderIpPoolProps): SpiderIpPool {
    const pool = new SpiderIpPool(this, id, { cluster: this.cluster, ...props, labels: { ...this.labels, ...props?.labels } });
    this.pools.push(pool);
    return pool;
  }

  /** `coordinator.hijackCIDR`: the valid CIDRs given, deduplicated, sorted by address (invalid ones are reported). */
  public static hijackCidrs(cidrs: readonly string[]): string[] {
    const parsed: Cidr[] = [];
    for (const a of cidrs) {
      try {
        parsed.push(parseHijackCidr(a).cidr);
      } catch {
        // reported by validation
      }
    }
    return sortCidrs(parsed).map((c) => c.toString());
  }

  private get label(): string {
    // JSON quoting: a name from JavaScript may hold quotes or a newline; ordinary names read the same
    return `${clusterLabel(this, this.cluster)}, SpiderMultusConfig ${JSON.stringify(`${this.namespace}/${this.configName}`)}`;
  }

  /** The coordinator options with the shorthand props folded in. */
  private get coordinatorOptions(): CoordinatorOptions {
    const p = this.props;
    const c: CoordinatorOptions = isRecord(p.coordinator) ? p.coordinator : {};
    return {
      ...c,
      mode: c.mode ?? p.coordinatorMode,
      tunePodRoutes: c.tunePodRoutes ?? p.tunePodRoutes,
      hijackCidrs: [...listOf(c.hijackCidrs), ...listOf(p.additionalHijackCidrs)],
    };
  }

  /** Whether the coordinator block is rendered: never for custom (the mutating webhook drops it), else unless disabled. */
  private get rendersCoordinator(): boolean {
    if (this.cni.cniType === CniType.CUSTOM) return false;
    return this.props.enableCoordinator !== false || this.props.coordinator !== undefined;
  }

  private poolNames(): { ipv4: string[]; ipv6: string[] } {
    const named = this.cni.namedPools;
    const own = (version: 4 | 6) => this.pools.filter((p) => p.ipVersion === version).map((p) => p.poolName);
    const unique = (a: string[]) => [...new Set(a)];
    return { ipv4: unique([...own(4), ...named.ipv4]), ipv6: unique([...own(6), ...named.ipv6]) };
  }

  private renderAnnotations(): Record<string, string> | undefined {
    const p = this.props;
    const out: Record<string, string> = { ...(isRecord(p.annotations) ? p.annotations : {}) };
    for (const [prop, key] of Object.entries(MULTUS_CONFIG_ANNOTATIONS)) {
      const v = (p as Record<string, unknown>)[prop];
      if (typeof v === 'string') out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private renderSpec(): Record<string, unknown> {
    const p = this.props;
    const custom = this.cni.cniType === CniType.CUSTOM;
    const spec: Record<string, unknown> = {
      cniType: this.cni.cniType,
      // the mutating webhook forces enableCoordinator false for custom: rendered so, no drift
      enableCoordinator: custom ? false : (p.enableCoordinator ?? true),
      customCNI: this.cni.customCni,
      disableIPAM: p.disableIpam,
      chainCNIJsonData: Array.isArray(p.chainCniJsonData) ? p.chainCniJsonData.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))) : undefined,
    };
    const block = this.cni.block;
    if (block) spec[block] = this.cni.renderBlock(this.poolNames());
    if (this.rendersCoordinator) {
      const hijack = SpiderMultusConfig.hijackCidrs([...listOf(p.peerCidrs), ...listOf(this.coordinatorOptions.hijackCidrs)]);
      spec.coordinator = renderCoordinator(this.coordinatorOptions, hijack);
    }
    return spec;
  }

  private validateConfig(): string[] {
    const p = this.props;
    const errors: string[] = [];
    for (const e of [nameProblem(this.configName, 'metadata.name', checkDnsSubdomain), nameProblem(this.namespace, 'metadata.namespace', checkDnsLabel)]) {
      if (e) errors.push(e);
    }
    const shorthand = (['master', 'vlanId', 'bond', 'mtu'] as const).filter((k) => p[k] !== undefined);
    if (p.cni !== undefined && !(p.cni instanceof CniConfig)) {
      errors.push(`cni must be made by a CniConfig factory (CniConfig.macvlan({ master: ['ens224'] }), .sriov(...), ...), got ${show(p.cni)}`);
    } else if (p.cni !== undefined && shorthand.length > 0) {
      errors.push(`${shorthand.join(', ')} ${shorthand.length === 1 ? 'is' : 'are'} the macvlan shorthand but cni is given; move ${shorthand.length === 1 ? 'it' : 'them'} into CniConfig.${p.cni.cniType === CniType.MACVLAN ? 'macvlan' : p.cni.cniType}({...})`);
    }
    errors.push(...this.cni.problems());
    errors.push(...NetAttachDefRegistry.of(this).problemsFor(this));
    errors.push(...this.coordinatorErrors());
    checkBool(errors, 'spec.enableCoordinator', p.enableCoordinator);
    checkBool(errors, 'spec.disableIPAM', p.disableIpam);
    errors.push(...chainProblems(p.chainCniJsonData));
    errors.push(...this.annotationErrors());
    if (p.ippools !== undefined && !Array.isArray(p.ippools)) errors.push(`ippools must be a list of SpiderIpPool constructs, got ${show(p.ippools)}`);
    const chart = Chart.of(this);
    const where = `spec.${this.cni.block ?? 'ippools'}.ippools`;
    for (const pool of this.pools) {
      if (!(pool instanceof SpiderIpPool)) {
        errors.push(`ippools lists ${show(pool)}, not a SpiderIpPool; pass pools made by new SpiderIpPool(...) or addIpPool`);
      } else if (Chart.of(pool) !== chart) {
        errors.push(`${where} names SpiderIPPool "${pool.poolName}" of another cluster; pools are per cluster, use one of this cluster`);
      }
    }
    if (this.cni.cniType === CniType.CUSTOM && this.pools.length > 0) {
      errors.push(`ippools are set but the cniType is custom, which has no pool field; name the pools in the custom CNI's own ipam section`);
    }
    errors.push(...labelsProblems(p.labels));
    if (p.extraSpec !== undefined) errors.push(...extraSpecProblems(p.extraSpec, this.renderSpec(), this.resource.toJson(), TYPED_PATHS));
    // validateCNIConfig checkExistedConfig: only the block of the cniType may be present
    for (const b of CNI_BLOCKS.filter((x) => x !== this.cni.block && isRecord(p.extraSpec) && p.extraSpec[x] !== undefined)) {
      errors.push(`extraSpec.${b} is the config of another cniType; Spiderpool's webhook rejects it ("the cniType ${this.cni.cniType} only supports ..."), drop it`);
    }
    if (this.cni.cniType !== CniType.CUSTOM && isRecord(p.extraSpec) && p.extraSpec.customCNI !== undefined) {
      errors.push(`extraSpec.customCNI is set but the cniType is ${this.cni.cniType}; Spiderpool's webhook rejects it, use CniConfig.custom(...) or drop it`);
    }
    return errors;
  }

  private coordinatorErrors(): string[] {
    const p = this.props;
    const errors: string[] = [];
    if (p.coordinator !== undefined && !isRecord(p.coordinator)) errors.push(`spec.coordinator must be the coordinator options { mode?, hijackCidrs?, ... }, got ${show(p.coordinator)}`);
    const c = isRecord(p.coordinator) ? p.coordinator : {};
    const twice = ([['coordinatorMode', 'mode'], ['tunePodRoutes', 'tunePodRoutes'], ['additionalHijackCidrs', 'hijackCidrs']] as const)
      .filter(([short, long]) => p[short] !== undefined && c[long] !== undefined);
    for (const [short, long] of twice) errors.push(`${short} and coordinator.${long} are both set; keep one (${short} is the shorthand)`);
    const custom = this.cni.cniType === CniType.CUSTOM;
    const coordinatorGiven = p.coordinator !== undefined || p.coordinatorMode !== undefined || p.tunePodRoutes !== undefined || p.additionalHijackCidrs !== undefined;
    if (custom && (coordinatorGiven || p.enableCoordinator === true)) {
      // pkg/multuscniconfig/multusconfig_mutate.go: custom CNI -> CoordinatorConfig nil, EnableCoordinator false
      errors.push('the cniType is custom, for which Spiderpool\'s mutating webhook drops the coordinator and sets enableCoordinator false; drop the coordinator settings, or chain a coordinator in the custom CNI config');
    }
    errors.push(...coordinatorProblems(this.coordinatorOptions));
    // validateCoordinatorExtraCIDR (and the coordinator plugin's validateRoutes)
    const hijack = ([['peerCidrs', listOf(p.peerCidrs)], ['additionalHijackCidrs', listOf(p.additionalHijackCidrs)],
      ['coordinator.hijackCidrs', listOf(c.hijackCidrs)]] as const);
    for (const [field, list] of hijack) {
      const raw = field === 'peerCidrs' ? p.peerCidrs : field === 'additionalHijackCidrs' ? p.additionalHijackCidrs : c.hijackCidrs;
      if (raw !== undefined && !Array.isArray(raw)) errors.push(`${field} must be a list of CIDRs, e.g. ['10.243.0.0/18'], got ${show(raw)}`);
      (Array.isArray(raw) ? raw : []).forEach((v: unknown, i: number) => {
        if (typeof v !== 'string') errors.push(`${field}[${i}] must be a CIDR string, e.g. '10.243.0.0/18', got ${show(v)}`);
      });
      list.forEach((cidr, i) => {
        try {
          parseHijackCidr(cidr);
        } catch (e) {
          errors.push(`${field}[${i}]: ${(e as Error).message}`);
        }
      });
    }
    return errors;
  }

  private annotationErrors(): string[] {
    const p = this.props;
    const errors: string[] = [];
    errors.push(...annotationsProblems(p.annotations));
    for (const [prop, key] of Object.entries(MULTUS_CONFIG_ANNOTATIONS)) {
      const v = (p as Record<string, unknown>)[prop];
      checkString(errors, `${prop} (annotation ${key})`, v, false);
      if (v !== undefined && isRecord(p.annotations) && key in p.annotations) {
        errors.push(`annotations["${key}"] is also set by ${prop}; keep ${prop}`);
      }
    }
    // validateAnnotation: the custom net-attach-def name is a DNS-1123 subdomain; the CNI version one Spiderpool supports
    const anno = this.renderAnnotations() ?? {};
    const nad = anno[MULTUS_CONFIG_ANNOTATIONS.netAttachDefName];
    if (nad !== undefined) {
      const e = checkDnsSubdomain(nad);
      if (e) errors.push(`netAttachDefName (annotation ${MULTUS_CONFIG_ANNOTATIONS.netAttachDefName}) ${e}; Spiderpool's webhook rejects an invalid net-attach-def name`);
    }
    const version = anno[MULTUS_CONFIG_ANNOTATIONS.cniVersion];
    if (version !== undefined && !SUPPORTED_CNI_VERSIONS.includes(version)) {
      errors.push(`cniVersion (annotation ${MULTUS_CONFIG_ANNOTATIONS.cniVersion}) ${show(version)} is not supported by Spiderpool ("unsupported CNI version"); use one of ${SUPPORTED_CNI_VERSIONS.join(', ')}`);
    }
    // the mutating webhook copies the two inject annotations into labels: they must be label values
    const pools = this.poolNames();
    const poolCount = pools.ipv4.length + pools.ipv6.length;
    const type = this.cni.cniType;
    for (const which of ['rdmaResourceInject', 'networkResourceInject'] as const) {
      const key = MULTUS_CONFIG_ANNOTATIONS[which];
      const v = anno[key];
      if (v === undefined) continue;
      const e = labelValueProblem(v);
      if (e) errors.push(`${which} (annotation ${key}): ${e}; Spiderpool's mutating webhook copies it into a label`);
      if (type === CniType.OVS || type === CniType.CUSTOM) {
        errors.push(`${which} (annotation ${key}) is set but the cniType ${type} supports no resource injection (Spiderpool's webhook: "does not support RDMA resource or network resource injected"); drop it`);
        continue;
      }
      const resource = this.cni.resourceName;
      const resourceField = type === CniType.IPOIB ? 'master' : [CniType.SRIOV, CniType.IB_SRIOV].includes(type) ? 'resourceName' : 'rdmaResourceName';
      // ValidateRdmaResouce: the resource name is required; ValidateNetworkResouce: only with one; both need pools
      if (which === 'rdmaResourceInject' && resource === '') {
        errors.push(`${which} (annotation ${key}) needs spec.${this.cni.block}.${resourceField}; Spiderpool's webhook rejects it ("rdmaResourceName can not empty"), set ${resourceField}`);
      } else if (resource !== '' && poolCount === 0) {
        errors.push(`${which} (annotation ${key}) needs IP pools on this network; Spiderpool's webhook rejects it ("no any ippools configured"), add a pool with addIpPool or name one in ippools`);
      }
    }
    return errors;
  }

  private warnings(): string[] {
    const p = this.props;
    const out: string[] = [];
    const peers = listOf(p.peerCidrs);
    if (peers.length > 0 && !this.rendersCoordinator) {
      out.push(`the coordinator is ${this.cni.cniType === CniType.CUSTOM ? 'not run for a custom CNI' : 'disabled (enableCoordinator false)'}, so the Submariner peers' CIDRs (${peers.join(', ')}) are not routed through the host: pods of this network cannot reach the other clusters through Submariner`);
    }
    if (p.enableCoordinator === false && p.coordinator !== undefined) out.push('coordinator settings are given but enableCoordinator is false; the coordinator plugin does not run, so they have no effect');
    const c = isRecord(p.coordinator) ? p.coordinator : {};
    for (const [field, list] of [['additionalHijackCidrs', listOf(p.additionalHijackCidrs)], ['coordinator.hijackCidrs', listOf(c.hijackCidrs)]] as const) {
      list.forEach((cidr, i) => {
        try {
          const h = parseHijackCidr(cidr);
          if (h.hostBits) out.push(`${field}[${i}] "${cidr}" has host bits set; the coordinator routes ${h.cidr}, rendered so (write ${h.cidr})`);
        } catch {
          // an error
        }
      });
    }
    if (p.disableIpam === true && this.poolNames().ipv4.length + this.poolNames().ipv6.length > 0) {
      out.push('disableIPAM is true but pools are set: Spiderpool leaves the pools out of the generated CNI configuration, pods get no address from them');
    }
    return out;
  }
}

function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * `chainCNIJsonData`: each a CNI plugin configuration (validateCNIConfig: libcni.ConfFromBytes, which needs
 * JSON with a non-empty string `type`).
 */
function chainProblems(chain: unknown): string[] {
  if (chain === undefined) return [];
  if (!Array.isArray(chain)) return [`spec.chainCNIJsonData must be a list of CNI plugin configurations, got ${show(chain)}`];
  const errors: string[] = [];
  chain.forEach((c: unknown, i: number) => {
    const at = `spec.chainCNIJsonData[${i}]`;
    let conf: unknown = c;
    if (typeof c === 'string') {
      try {
        conf = JSON.parse(c);
      } catch (e) {
        errors.push(`${at} is not valid JSON (${(e as Error).message}); Spiderpool's webhook rejects it, fix the text or pass an object`);
        return;
      }
    }
    if (!isRecord(conf)) {
      errors.push(`${at} must be a CNI plugin configuration object, e.g. {"type":"tuning"}, got ${show(c)}`);
    } else if (typeof conf.type !== 'string' || conf.type === '') {
      errors.push(`${at} has no "type"; Spiderpool's webhook rejects it ("missing 'type'"), name the plugin, e.g. {"type":"tuning",...}`);
    }
  });
  return errors;
}
