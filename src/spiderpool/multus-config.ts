import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  SpiderMultusConfig as SpiderMultusConfigResource, SpiderMultusConfigSpecCniType, SpiderMultusConfigSpecCoordinatorMode,
} from '../../imports/multusconfig-spiderpool.spidernet.io';
import { Cidr } from '../net';
import { checkBoolean, checkDnsLabel, checkDnsSubdomain, ClusterNetwork, clusterLabel, duplicates, tryCidr } from '../rules';
import { SpiderIpPool, SpiderIpPoolProps } from './ip-pool';

/** Multus annotation that makes a NetworkAttachmentDefinition the pod's primary network (`eth0`). */
export const DEFAULT_NETWORK_ANNOTATION = 'v1.multus-cni.io/default-network';

/** A Linux bond over several macvlan masters. */
export interface MacvlanBond {
  /** Name of the bond interface Spiderpool creates, e.g. `bond0`. */
  readonly name: string;
  /** Bonding mode 0-6 (e.g. 1 active-backup, 4 802.3ad). */
  readonly mode: number;
  /**
   * Extra bonding options, e.g. `primary=ens224`.
   * @default - none
   */
  readonly options?: string;
}

/** The coordinator mode (how the coordinator plugin wires the pod to the host). */
export enum CoordinatorMode {
  AUTO = 'auto',
  UNDERLAY = 'underlay',
  OVERLAY = 'overlay',
  DISABLED = 'disabled',
}

/** Props of {@link SpiderMultusConfig}. */
export interface SpiderMultusConfigProps {
  /**
   * Object name; the controller creates a NetworkAttachmentDefinition of the same name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the config and of its NetworkAttachmentDefinition.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /** Host interfaces macvlan attaches to (`macvlan.master`); two or more need a `bond`. */
  readonly master: string[];
  /**
   * VLAN tag (0 = untagged); with a tag the master becomes `<master>.<vlanId>`.
   * @default 0
   */
  readonly vlanId?: number;
  /**
   * Bond over the masters; required with two or more masters.
   * @default - none
   */
  readonly bond?: MacvlanBond;
  /**
   * MTU of the pod interface.
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
   * Coordinator mode.
   * @default CoordinatorMode.AUTO
   */
  readonly coordinatorMode?: CoordinatorMode;
  /**
   * Let the coordinator tune pod routes (`coordinator.tunePodRoutes`); always rendered, because the
   * webhook and the CRD default it differently.
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
   * CIDRs routed through the host besides `peerCidrs`.
   * @default - none
   */
  readonly additionalHijackCidrs?: string[];
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

/** Interface names: 1-15 characters, no '/', ':' or whitespace (Linux IFNAMSIZ). */
function checkInterfaceName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 15 || /[\s/:]/.test(name)) {
    return `"${name}" is not a network interface name (1-15 characters, no '/', ':' or spaces)`;
  }
  return undefined;
}

function sortCidrs(cidrs: Cidr[]): Cidr[] {
  const unique = new Map(cidrs.map((c) => [c.toString(), c]));
  return [...unique.values()].sort((a, b) => {
    if (a.family !== b.family) return a.family < b.family ? -1 : 1;
    if (a.network !== b.network) return a.network < b.network ? -1 : 1;
    return a.prefix - b.prefix;
  });
}

/**
 * A Spiderpool `SpiderMultusConfig` for macvlan underlay pods (namespaced). The controller renders
 * the NetworkAttachmentDefinition of the same name from it, so that is never rendered here. The
 * coordinator's `hijackCIDR` is computed from the Submariner peers of the cluster.
 */
export class SpiderMultusConfig extends Construct {
  public readonly configName: string;
  public readonly namespace: string;
  public readonly resource: SpiderMultusConfigResource;
  private readonly pools: SpiderIpPool[];
  private readonly labels?: Record<string, string>;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;

  constructor(scope: Construct, id: string, props: SpiderMultusConfigProps) {
    super(scope, id);
    // JavaScript callers have no type checker: missing props are reported, not a crash
    props = props ?? ({} as SpiderMultusConfigProps);
    this.configName = props.name ?? id;
    this.namespace = props.namespace ?? 'kube-system';
    this.pools = [...(props.ippools ?? [])];
    this.labels = props.labels;
    this.cluster = props.cluster;
    const poolNames = (version: 4 | 6) => this.pools.filter((p) => p.ipVersion === version).map((p) => p.poolName);

    this.resource = new SpiderMultusConfigResource(this, 'Resource', {
      metadata: { name: this.configName, namespace: this.namespace, labels: props.labels },
      spec: {
        cniType: SpiderMultusConfigSpecCniType.MACVLAN,
        enableCoordinator: true,
        macvlan: {
          master: Array.isArray(props.master) ? props.master : [], // a non-list is reported by the validation
          vlanId: props.vlanId ?? 0,
          mtu: props.mtu,
          bond: props.bond && { name: props.bond.name, mode: props.bond.mode, options: props.bond.options },
          ippools: Lazy.any({
            produce: () => {
              const [v4, v6] = [poolNames(4), poolNames(6)];
              return v4.length + v6.length === 0 ? undefined : { ipv4: v4.length ? v4 : undefined, ipv6: v6.length ? v6 : undefined };
            },
          }),
        },
        coordinator: {
          mode: (props.coordinatorMode ?? CoordinatorMode.AUTO) as unknown as SpiderMultusConfigSpecCoordinatorMode,
          tunePodRoutes: props.tunePodRoutes ?? true,
          hijackCidr: SpiderMultusConfig.hijackCidrs([...(props.peerCidrs ?? []), ...(props.additionalHijackCidrs ?? [])]),
        },
      },
    });
    this.node.addValidation({ validate: () => this.validateConfig(props).map((e) => `${this.label}: ${e}`) });
  }

  /** `<namespace>/<name>` of the NetworkAttachmentDefinition the controller creates. */
  public get networkName(): string {
    return `${this.namespace}/${this.configName}`;
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
        parsed.push(Cidr.parse(a));
      } catch {
        // reported by validation
      }
    }
    return sortCidrs(parsed).map((c) => c.toString());
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, SpiderMultusConfig "${this.namespace}/${this.configName}"`;
  }

  private validateConfig(props: SpiderMultusConfigProps): string[] {
    const errors: string[] = [];
    const tuneError = props.tunePodRoutes === undefined ? undefined : checkBoolean(props.tunePodRoutes, 'spec.coordinator.tunePodRoutes');
    if (tuneError) errors.push(tuneError);
    const nameError = checkDnsSubdomain(this.configName);
    if (nameError) errors.push(`metadata.name ${nameError}`);
    const nsError = checkDnsLabel(this.namespace);
    if (nsError) errors.push(`metadata.namespace ${nsError}`);
    const master = Array.isArray(props.master) ? props.master : [];
    if (!Array.isArray(props.master)) {
      errors.push(`spec.macvlan.master must list the host interfaces macvlan attaches to, e.g. ['ens224'], got ${JSON.stringify(props.master)}`);
    } else if (master.length === 0) {
      errors.push('spec.macvlan.master is empty; name the host interface macvlan attaches to, e.g. ens224');
    }
    master.forEach((m, i) => {
      const e = checkInterfaceName(m);
      if (e) errors.push(`spec.macvlan.master[${i}] ${e}`);
    });
    for (const d of duplicates(master)) errors.push(`spec.macvlan.master lists "${d}" twice; list each interface once`);
    const vlan = props.vlanId ?? 0;
    if (!Number.isInteger(vlan) || vlan < 0 || vlan > 4094) errors.push(`spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got ${vlan}`);
    if (master.length >= 2 && !props.bond) {
      errors.push(`spec.macvlan.master lists ${master.length} interfaces (${master.join(', ')}) but no bond; Spiderpool needs a bond to use several masters, set bond { name: 'bond0', mode: 1 } or keep one master`);
    }
    if (props.bond) {
      const e = checkInterfaceName(props.bond.name);
      if (e) errors.push(`spec.macvlan.bond.name ${e}`);
      if (!Number.isInteger(props.bond.mode) || props.bond.mode < 0 || props.bond.mode > 6) {
        errors.push(`spec.macvlan.bond.mode must be a Linux bonding mode 0-6, got ${props.bond.mode}`);
      }
    }
    if (props.mtu !== undefined && (!Number.isInteger(props.mtu) || props.mtu < 68 || props.mtu > 65535)) {
      errors.push(`spec.macvlan.mtu must be an integer 68-65535, got ${props.mtu}`);
    }
    // The SpiderMultusConfig CRD (Spiderpool v1.2.2 charts/spiderpool/crds/
    // spiderpool.spidernet.io_spidermultusconfigs.yaml, spec.coordinator.mode) has enum auto, underlay, overlay,
    // disabled; the API server rejects any other value before the webhook (coordinatormanager ValidateCoordinatorSpec) runs.
    const modes = Object.values(CoordinatorMode) as string[];
    if (props.coordinatorMode !== undefined && !modes.includes(props.coordinatorMode as string)) {
      errors.push(`spec.coordinator.mode must be one of ${modes.join(', ')} (CoordinatorMode), got ${JSON.stringify(props.coordinatorMode)}`);
    }
    (props.additionalHijackCidrs ?? []).forEach((c, i) => tryCidr(c, `additionalHijackCidrs[${i}]`, errors));
    (props.peerCidrs ?? []).forEach((c, i) => tryCidr(c, `peerCidrs[${i}]`, errors));
    const chart = Chart.of(this);
    for (const p of this.pools) {
      if (Chart.of(p) !== chart) errors.push(`spec.macvlan.ippools names SpiderIPPool "${p.poolName}" of another cluster; pools are per cluster, use one of this cluster`);
    }
    return errors;
  }
}
