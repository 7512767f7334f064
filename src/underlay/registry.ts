import { IConstruct } from 'constructs';
import { InstallUnderlayProps, resolveInstallUnderlay } from '../kube-ovn/install-underlay';
import { ChartRegistry, ClusterNetwork, duplicates } from '../rules';

/** A provider network as the cluster-wide checks see it. */
export interface ProviderNetworkEntry {
  /** The declaring construct; undefined for the one Kube-OVN creates at install. */
  readonly construct?: IConstruct;
  readonly name: string;
  readonly defaultInterface: string;
  readonly customInterfaces: ReadonlyArray<{ readonly interface: string; readonly nodes: readonly string[] }>;
  readonly excludeNodes: readonly string[];
}

/** A Vlan as the cluster-wide checks see it. */
export interface VlanEntry {
  readonly construct?: IConstruct;
  readonly name: string;
  readonly id: number;
  readonly provider: string;
}

const INSTALLED = 'the one Kube-OVN creates at install (installUnderlay)';

/**
 * The ProviderNetworks and Vlans of one chart (= one cluster), plus the pair Kube-OVN creates itself
 * in install-time underlay mode. Rules that compare them (unique names, VLAN id conflicts, a NIC in
 * two bridges) are computed once per synth.
 */
export class UnderlayRegistry extends ChartRegistry {
  public static of(scope: IConstruct): UnderlayRegistry {
    return ChartRegistry.registryOf(scope, UnderlayRegistry);
  }

  private readonly providerNetworks: ProviderNetworkEntry[] = [];
  private readonly vlans: VlanEntry[] = [];
  private installUnderlay?: InstallUnderlayProps;

  /** The cluster of a member: its install-time underlay takes part in the checks. */
  public useCluster(cluster: ClusterNetwork | undefined): void {
    if (cluster?.installUnderlay && !this.installUnderlay) {
      this.installUnderlay = cluster.installUnderlay;
      this.changed();
    }
  }

  public addProviderNetwork(entry: ProviderNetworkEntry): void {
    this.providerNetworks.push(entry);
    this.changed();
  }

  public addVlan(entry: VlanEntry): void {
    this.vlans.push(entry);
    this.changed();
  }

  /** The install-time pair first: it exists before anything Git applies. */
  private entries(): { pns: ProviderNetworkEntry[]; vlans: VlanEntry[] } {
    const install = this.installUnderlay;
    if (!install) return { pns: this.providerNetworks, vlans: this.vlans };
    const u = resolveInstallUnderlay(install);
    return {
      pns: [{ name: u.providerName, defaultInterface: u.interfaceName, customInterfaces: [], excludeNodes: [] }, ...this.providerNetworks],
      vlans: [{ name: u.vlanName, id: u.vlanId, provider: u.providerName }, ...this.vlans],
    };
  }

  protected compute(): Map<IConstruct, string[]> {
    const result = new Map<IConstruct, string[]>();
    const push = (c: IConstruct | undefined, message: string) => {
      if (c) result.set(c, [...(result.get(c) ?? []), message]);
    };
    const { pns, vlans } = this.entries();

    for (const [kind, list] of [['ProviderNetwork', pns], ['Vlan', vlans]] as const) {
      for (const name of duplicates(list.map((e) => e.name))) {
        const same = list.filter((e) => e.name === name);
        const installed = same[0].construct === undefined;
        for (const e of same.slice(1)) {
          push(e.construct, installed
            ? `metadata.name "${name}" is the ${kind} Kube-OVN creates at install (installUnderlay); kube-ovn-controller owns it, choose another name or use ${kind}.fromInstallUnderlay() to refer to it`
            : `metadata.name "${name}" is used by another ${kind} in this cluster; give each ${kind} its own name`);
        }
      }
    }

    // kube-ovn-controller's checkVlanConflict: one non-zero id per provider network
    const byTag = new Map<string, VlanEntry[]>();
    for (const v of vlans.filter((x) => x.id !== 0 && Number.isInteger(x.id))) {
      const key = `${v.provider}\u0000${v.id}`;
      byTag.set(key, [...(byTag.get(key) ?? []), v]);
    }
    for (const same of byTag.values()) {
      const first = same[0];
      for (const v of same.slice(1).filter((x) => x.name !== first.name)) {
        const other = first.construct ? `Vlan "${first.name}"` : `Vlan "${first.name}", ${INSTALLED},`;
        push(v.construct, `spec.id ${v.id} is already used by ${other} on ProviderNetwork "${v.provider}"; kube-ovn-controller marks the later Vlan as conflicting and its subnets fail. Use another id or another provider network (id 0, untagged, may be shared)`);
      }
    }

    for (let j = 1; j < pns.length; j++) {
      for (let i = 0; i < j; i++) {
        const shared = sharedInterfaces(pns[i], pns[j]);
        if (shared.length === 0 || pns[i].name === pns[j].name) continue;
        const other = pns[i].construct ? `ProviderNetwork "${pns[i].name}"` : `ProviderNetwork "${pns[i].name}", ${INSTALLED},`;
        push(pns[j].construct, `bridges ${shared.join(', ')}, which ${other} already bridges; a NIC can join only one OVS bridge, so this provider network would not become ready there. Use another interface (customInterfaces) or exclude those nodes (excludeNodes) from one of them`);
      }
    }
    return result;
  }
}

/** The interface a provider network bridges on a node, or undefined when the node is excluded. */
function interfaceOn(pn: ProviderNetworkEntry, node: string): string | undefined {
  if (pn.excludeNodes.includes(node)) return undefined;
  return pn.customInterfaces.find((c) => c.nodes.includes(node))?.interface ?? pn.defaultInterface;
}

/** Where two provider networks would put the same NIC into their bridges, for messages. */
function sharedInterfaces(a: ProviderNetworkEntry, b: ProviderNetworkEntry): string[] {
  const named = new Set<string>();
  for (const pn of [a, b]) {
    pn.excludeNodes.forEach((n) => named.add(n));
    pn.customInterfaces.forEach((c) => c.nodes.forEach((n) => named.add(n)));
  }
  const result: string[] = [];
  // nodes neither names use both defaults; the node list is not known here, so assume such nodes exist
  if (a.defaultInterface === b.defaultInterface) result.push(`${b.defaultInterface} on every node neither of them lists`);
  for (const node of [...named].sort()) {
    const ia = interfaceOn(a, node);
    if (ia !== undefined && ia === interfaceOn(b, node)) result.push(`${ia} on node "${node}"`);
  }
  return result;
}
