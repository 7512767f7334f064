import { Construct } from 'constructs';
import { ProviderNetwork as ProviderNetworkResource } from '../../imports/kubeovn.io';
import { resolveInstallUnderlay } from '../kube-ovn/install-underlay';
import { checkKubeOvnCluster } from '../kube-ovn/kube-ovn-cluster';
import { checkExtraSpec, kubeOvnExtraSpecTarget, mergeExtraSpec } from '../kube-ovn/extra-spec';
import { checkInterfaceName, checkProviderNetworkName } from '../kube-ovn/names';
import { checkBoolean, stringList } from '../kube-ovn/spec-values';
import { addWarnings, checkDnsSubdomain, ClusterNetwork, clusterLabel, compareCodeUnits, duplicates } from '../rules';
import { UnderlayRegistry } from './registry';
import { Vlan, VlanOptions } from './vlan';

/** A provider network a Vlan can be bound to: a {@link ProviderNetwork} or the install-time one. */
export interface IProviderNetwork {
  /** Object name of the ProviderNetwork. */
  readonly providerNetworkName: string;
  /**
   * The cluster it belongs to, when known; a Vlan on it that is given no cluster takes this one.
   * @default - unknown
   */
  readonly cluster?: ClusterNetwork;
}

/** Nodes that bridge another NIC than the default one. */
export interface CustomInterface {
  /** The NIC on those nodes, e.g. `eth2` (at most 15 characters, no `/` or whitespace). */
  readonly interface: string;
  /** Node names. */
  readonly nodes: string[];
}

/** Props of {@link ProviderNetwork}. */
export interface ProviderNetworkProps {
  /**
   * Object name, at most 12 characters and not `int`: the OVS bridge is `br-<name>`.
   * @default - the construct id
   */
  readonly name?: string;
  /** The NIC every node bridges unless listed elsewhere, e.g. `eth1`. */
  readonly defaultInterface: string;
  /**
   * Nodes whose NIC for this network has another name.
   * @default - every node uses `defaultInterface`
   */
  readonly customInterfaces?: CustomInterface[];
  /**
   * Nodes that do not join this network (they get the `<name>.provider-network.kubernetes.io/exclude`
   * label and no bridge).
   * @default - none
   */
  readonly excludeNodes?: string[];
  /**
   * Swap the names of the OVS bridge and the NIC (the bridge takes the NIC's name).
   * @default false
   */
  readonly exchangeLinkName?: boolean;
  /**
   * Spec fields the typed props do not cover, rendered as given and checked against the ProviderNetwork CRD
   * schema of the bundle at synth (see {@link SubnetBaseProps.extraSpec}).
   * @default - none
   */
  readonly extraSpec?: Readonly<Record<string, unknown>>;
  /**
   * The cluster the provider network belongs to; its install-time underlay (if any) takes part in
   * the name, VLAN id and NIC checks. Passed on to the Vlans and subnets added here.
   * @default - no install-time underlay is assumed
   */
  readonly cluster?: ClusterNetwork;
}

/** Typed-props keys of the ProviderNetwork spec. */
const PROVIDER_NETWORK_SPEC_FIELDS: Readonly<Record<string, string>> = {
  defaultInterface: 'defaultInterface', customInterfaces: 'customInterfaces', excludeNodes: 'excludeNodes', exchangeLinkName: 'exchangeLinkName',
};

/** The L1 ProviderNetwork with extraSpec fields. */
class ProviderNetworkObject extends ProviderNetworkResource {
  /** The extra spec fields, as given (checked by the construct's validation). */
  public extraSpec?: unknown;

  public override toJson(): any {
    return mergeExtraSpec(super.toJson(), this.extraSpec, PROVIDER_NETWORK_SPEC_FIELDS);
  }
}

/** Wrong types from JavaScript in `customInterfaces`: a non-list, an entry that is no object, `nodes` that is no list. */
function checkCustomInterfacesShape(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    return [`spec.customInterfaces must be a list of { interface, nodes }, e.g. [{ interface: 'eth2', nodes: ['node1'] }], got ${JSON.stringify(value)}`];
  }
  const errors: string[] = [];
  value.forEach((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) {
      errors.push(`spec.customInterfaces[${i}] must be { interface, nodes }, e.g. { interface: 'eth2', nodes: ['node1'] }, got ${JSON.stringify(c)}`);
    } else if ((c as CustomInterface).nodes !== undefined && !Array.isArray((c as CustomInterface).nodes)) {
      errors.push(`spec.customInterfaces[${i}].nodes must be a list of node names, e.g. ['node1'], got ${JSON.stringify((c as CustomInterface).nodes)}`);
    }
  });
  return errors;
}

/** The node labels kube-ovn-cni sets for a provider network (upstream `pkg/util/const.go`). */
export interface ProviderNetworkNodeLabels {
  /** `true` once the bridge works on the node. */
  readonly ready: string;
  /** The bridged NIC's name. */
  readonly interface: string;
  /** The bridged NIC's MTU. */
  readonly mtu: string;
  /** `true` on excluded nodes. */
  readonly exclude: string;
}

/** The label keys for a provider network name. The docs' `...provider-network.ovn.kubernetes.io/...` is wrong; the code omits `ovn.`. */
export function providerNetworkNodeLabels(name: string): ProviderNetworkNodeLabels {
  const prefix = `${name}.provider-network.kubernetes.io`;
  return { ready: `${prefix}/ready`, interface: `${prefix}/interface`, mtu: `${prefix}/mtu`, exclude: `${prefix}/exclude` };
}

/**
 * A Kube-OVN `ProviderNetwork`: which node NIC each node puts into the OVS bridge `br-<name>` that
 * carries underlay traffic. Add VLANs on it with {@link addVlan}.
 */
export class ProviderNetwork extends Construct implements IProviderNetwork {
  /**
   * The provider network Kube-OVN created at install time (installUnderlay, PROVIDER_NAME), to bind
   * more Vlans to it. Throws when the cluster has no install-time underlay.
   */
  public static fromInstallUnderlay(cluster: ClusterNetwork): IProviderNetwork {
    const install = cluster.installUnderlay;
    if (!install) {
      throw new Error(`ProviderNetwork.fromInstallUnderlay: cluster "${cluster.name}" has no installUnderlay, so Kube-OVN creates no provider network at install; declare a ProviderNetwork instead`);
    }
    return { providerNetworkName: resolveInstallUnderlay(install).providerName, cluster };
  }

  /** Object name; the OVS bridge is `br-<name>`. */
  public readonly providerNetworkName: string;
  /** The NIC of every node not listed elsewhere. */
  public readonly defaultInterface: string;
  /** Nodes with another NIC, as given. */
  public readonly customInterfaces: readonly CustomInterface[];
  /** Nodes that do not join this network, as given. */
  public readonly excludeNodes: readonly string[];
  /** The node labels kube-ovn-cni sets for this network, e.g. to select nodes where it is ready. */
  public readonly nodeLabels: ProviderNetworkNodeLabels;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;
  /** The generated L1 object (construct id `Resource`). */
  protected readonly resource: ProviderNetworkResource;
  private readonly shapeErrors: string[];
  private readonly extraSpec: unknown;

  constructor(scope: Construct, id: string, props: ProviderNetworkProps) {
    super(scope, id);
    this.providerNetworkName = props.name ?? id;
    this.cluster = props.cluster;
    this.defaultInterface = props.defaultInterface;
    // JavaScript callers have no type checker: a wrong type is reported by validation, not a crash.
    // An entry without `nodes` is what the CRD allows (kube-ovn-crd.yaml provider-networks.kubeovn.io:
    // `nodes` is not required) and changes nothing, so it reads as no nodes and gets the warning below.
    this.customInterfaces = (Array.isArray(props.customInterfaces) ? props.customInterfaces : []).map((c) => ({
      interface: c?.interface,
      nodes: Array.isArray(c?.nodes) ? [...c.nodes] : [],
    }));
    this.shapeErrors = checkCustomInterfacesShape(props.customInterfaces);
    this.shapeErrors.push(...checkBoolean(props.exchangeLinkName, 'spec.exchangeLinkName'));
    const excludeNodes = stringList(props.excludeNodes, 'spec.excludeNodes', 'node1', this.shapeErrors);
    this.excludeNodes = Array.isArray(props.excludeNodes) && excludeNodes ? [...excludeNodes] : [];
    this.extraSpec = props.extraSpec;
    this.nodeLabels = providerNetworkNodeLabels(this.providerNetworkName);

    // order means nothing to Kube-OVN: sort so the manifest never changes with declaration order
    const customInterfaces = [...this.customInterfaces]
      .map((c) => ({ interface: c.interface, nodes: [...c.nodes].sort() }))
      .sort((a, b) => compareCodeUnits(String(a.interface), String(b.interface)) || compareCodeUnits(a.nodes.join(), b.nodes.join()));
    const resource = new ProviderNetworkObject(this, 'Resource', {
      metadata: { name: this.providerNetworkName },
      spec: {
        defaultInterface: this.defaultInterface,
        customInterfaces: customInterfaces.length > 0 ? customInterfaces : undefined,
        excludeNodes: this.excludeNodes.length > 0 ? [...this.excludeNodes].sort() : undefined,
        exchangeLinkName: props.exchangeLinkName ?? false,
      },
    });
    resource.extraSpec = props.extraSpec;
    this.resource = resource;

    UnderlayRegistry.of(this).useCluster(props.cluster);
    UnderlayRegistry.of(this).addProviderNetwork({
      construct: this,
      name: this.providerNetworkName,
      defaultInterface: this.defaultInterface,
      customInterfaces: this.customInterfaces,
      excludeNodes: this.excludeNodes,
    });
    this.node.addValidation({ validate: () => this.validateProviderNetwork().map((e) => `${this.label}: ${e}`) });
    addWarnings(this, () => this.warnings().map((w) => `${this.label}: ${w}`));
  }

  /** Adds a VLAN on this provider network; several Vlans may share it. */
  public addVlan(id: string, options: VlanOptions): Vlan {
    return new Vlan(this, id, { ...options, providerNetwork: this, cluster: this.cluster });
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, ProviderNetwork "${this.providerNetworkName}"`;
  }

  private validateProviderNetwork(): string[] {
    const errors = [...checkKubeOvnCluster(this.cluster, 'ProviderNetwork'), ...this.shapeErrors];
    const nameError = checkProviderNetworkName(this.providerNetworkName);
    if (nameError) errors.push(`metadata.name ${nameError}`);
    const ifError = checkInterfaceName(this.defaultInterface);
    if (ifError) errors.push(`spec.defaultInterface ${ifError}`);

    const checkNodes = (nodes: readonly string[], field: string) => nodes.forEach((n, i) => {
      const e = checkDnsSubdomain(n);
      if (e) errors.push(`${field}[${i}]: node name ${e}`);
    });
    checkNodes(this.excludeNodes, 'spec.excludeNodes');
    for (const d of duplicates(this.excludeNodes)) errors.push(`spec.excludeNodes lists node "${d}" more than once; list each node once`);

    const owner = new Map<string, number>();
    this.customInterfaces.forEach((c, i) => {
      const field = `spec.customInterfaces[${i}]`;
      const e = checkInterfaceName(c.interface);
      if (e) errors.push(`${field}.interface ${e}`);
      checkNodes(c.nodes, `${field}.nodes`);
      for (const d of duplicates(c.nodes)) errors.push(`${field}.nodes lists node "${d}" more than once; list each node once`);
      for (const node of new Set(c.nodes)) {
        if (this.excludeNodes.includes(node)) {
          errors.push(`${field} lists node "${node}", which spec.excludeNodes also lists; an excluded node bridges no NIC, remove it from one of the two lists`);
        }
        const first = owner.get(node);
        if (first !== undefined) {
          errors.push(`${field} lists node "${node}", which spec.customInterfaces[${first}] (${this.customInterfaces[first].interface}) already lists; a node bridges one NIC per provider network, keep it under one interface`);
        } else {
          owner.set(node, i);
        }
      }
    });
    errors.push(...checkExtraSpec(this.extraSpec, PROVIDER_NETWORK_SPEC_FIELDS, kubeOvnExtraSpecTarget('ProviderNetwork', this.providerNetworkName, this.resource)));
    errors.push(...UnderlayRegistry.of(this).problemsFor(this));
    return errors;
  }

  private warnings(): string[] {
    const warnings: string[] = [];
    this.customInterfaces.forEach((c, i) => {
      if (c.nodes.length === 0) warnings.push(`spec.customInterfaces[${i}] (${c.interface}) lists no nodes, so it changes nothing; add the nodes that use ${c.interface} or remove the entry`);
    });
    return warnings;
  }
}


