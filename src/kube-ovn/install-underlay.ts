import { checkSubnetAddressing } from './subnet-rules';
import { NetStack, netStackOf } from './net-stack';
import { Cidr, parseCidrList } from '../net';
import { checkDnsSubdomain } from '../rules';
import { checkInterfaceName, checkProviderNetworkName, checkVlanId } from './names';

/** Kube-OVN's install-time defaults (chart `values.yaml` v1.13.15, install.sh). */
export const INSTALL_UNDERLAY_DEFAULTS = {
  providerName: 'provider',
  vlanName: 'ovn-vlan',
  enableLb: true,
  exchangeLinkName: false,
  lsDnatModDlDst: true,
  logicalGateway: false,
  u2oInterconnection: false,
} as const;

/**
 * Kube-OVN installed with its default subnet `ovn-default` in underlay mode (install.sh / chart
 * `NETWORK_TYPE=vlan`). kube-ovn-controller then creates, on its own, the ProviderNetwork
 * `providerName` on `interfaceName`, the Vlan `vlanName` with `vlanId`, and `ovn-default` on that
 * VLAN with the cluster's `podCidr` (POD_CIDR). None of these three objects is rendered as a
 * manifest: they are chart values (see {@link kubeOvnUnderlayValues}).
 */
export interface InstallUnderlayProps {
  /** The node NIC that carries the underlay traffic (VLAN_INTERFACE_NAME), e.g. `eth1`. */
  readonly interfaceName: string;
  /** VLAN tag of the default subnet (VLAN_ID), 0-4095; 0 adds no tag. */
  readonly vlanId: number;
  /**
   * The physical gateway of POD_CIDR (POD_GATEWAY), one per family for dual stack.
   * @default - the first address of each pod CIDR, as Kube-OVN picks it
   */
  readonly podGateway?: string;
  /**
   * Addresses of POD_CIDR already used on the physical network (EXCLUDE_IPS): single IPs or
   * ranges `"a..b"`. Kube-OVN adds the gateway itself.
   * @default - none
   */
  readonly excludeIps?: string[];
  /**
   * Service load balancing in OVN (ENABLE_LB); underlay pods need it to reach Services.
   * @default true
   */
  readonly enableLb?: boolean;
  /**
   * Swap the names of the OVS bridge and the NIC of the default provider network
   * (EXCHANGE_LINK_NAME).
   * @default false
   */
  readonly exchangeLinkName?: boolean;
  /**
   * Let DNAT rewrite the destination MAC to speed up Service access (LS_DNAT_MOD_DL_DST).
   * @default true
   */
  readonly lsDnatModDlDst?: boolean;
  /**
   * Name of the ProviderNetwork Kube-OVN creates (PROVIDER_NAME); its bridge is `br-<name>`.
   * @default 'provider'
   */
  readonly providerName?: string;
  /**
   * Name of the Vlan Kube-OVN creates for ovn-default (VLAN_NAME).
   * @default 'ovn-vlan'
   */
  readonly vlanName?: string;
  /**
   * Give ovn-default an OVN logical gateway instead of the physical one (LOGICAL_GATEWAY).
   * Mutually exclusive with `u2oInterconnection`.
   * @default false
   */
  readonly logicalGateway?: boolean;
  /**
   * Connect ovn-default to the default VPC's router so overlay and underlay pods talk directly
   * (U2O_INTERCONNECTION). Mutually exclusive with `logicalGateway`.
   * @default false
   */
  readonly u2oInterconnection?: boolean;
}

/** The install-time underlay with every default filled in. */
export interface ResolvedInstallUnderlay {
  readonly interfaceName: string;
  readonly vlanId: number;
  readonly excludeIps: readonly string[];
  readonly enableLb: boolean;
  readonly exchangeLinkName: boolean;
  readonly lsDnatModDlDst: boolean;
  readonly providerName: string;
  readonly vlanName: string;
  readonly logicalGateway: boolean;
  readonly u2oInterconnection: boolean;
  readonly podGateway?: string;
}

/** Fills in Kube-OVN's defaults. */
export function resolveInstallUnderlay(props: InstallUnderlayProps): ResolvedInstallUnderlay {
  const d = INSTALL_UNDERLAY_DEFAULTS;
  return {
    interfaceName: props.interfaceName,
    vlanId: props.vlanId,
    podGateway: props.podGateway,
    excludeIps: [...(props.excludeIps ?? [])],
    enableLb: props.enableLb ?? d.enableLb,
    exchangeLinkName: props.exchangeLinkName ?? d.exchangeLinkName,
    lsDnatModDlDst: props.lsDnatModDlDst ?? d.lsDnatModDlDst,
    providerName: props.providerName ?? d.providerName,
    vlanName: props.vlanName ?? d.vlanName,
    logicalGateway: props.logicalGateway ?? d.logicalGateway,
    u2oInterconnection: props.u2oInterconnection ?? d.u2oInterconnection,
  };
}

/** What {@link kubeOvnUnderlayValues} and the checks need to know about a cluster. */
export interface InstallUnderlayCluster {
  /** POD_CIDR: `"v4"`, `"v6"` or `"v4,v6"`. */
  readonly podCidr: string;
  readonly installUnderlay?: InstallUnderlayProps;
}

/** The pod CIDRs and the chart values section they go to (the chart reads POD_CIDR from NET_STACK's). */
function podStackOf(podCidr: string): { netStack: NetStack; cidrs: Cidr[] } | undefined {
  const cidrs = parseCidrList(podCidr);
  const netStack = cidrs && netStackOf(cidrs);
  return netStack && cidrs ? { netStack, cidrs } : undefined;
}

/**
 * The Kube-OVN Helm chart values (chart v1.13.15 key names) that install the cluster's default
 * subnet in underlay mode, nested as in `values.yaml`; `{}` when the cluster has no install-time
 * underlay. Every default is written out, so the values say exactly what the cluster runs.
 * POD_CIDR and POD_GATEWAY go into the `ipv4`, `ipv6` or `dual_stack` section that
 * `networking.NET_STACK` selects. Pure: it reads only its argument and never fails; the cluster's
 * validation reports bad values.
 */
export function kubeOvnUnderlayValues(cluster: InstallUnderlayCluster): Record<string, unknown> {
  if (!cluster.installUnderlay) return {};
  const u = resolveInstallUnderlay(cluster.installUnderlay);
  const stack = podStackOf(cluster.podCidr);
  const podGateway = u.podGateway ?? stack?.cidrs.map((c) => c.at(1n).text).join(',');
  const values: Record<string, unknown> = {
    networking: {
      ...(stack ? { NET_STACK: stack.netStack } : {}),
      NETWORK_TYPE: 'vlan',
      EXCLUDE_IPS: u.excludeIps.join(','),
      EXCHANGE_LINK_NAME: u.exchangeLinkName,
      vlan: {
        PROVIDER_NAME: u.providerName,
        VLAN_INTERFACE_NAME: u.interfaceName,
        VLAN_NAME: u.vlanName,
        // values.yaml types it as a string ("100")
        VLAN_ID: String(u.vlanId),
      },
    },
    func: {
      ENABLE_LB: u.enableLb,
      LS_DNAT_MOD_DL_DST: u.lsDnatModDlDst,
      LOGICAL_GATEWAY: u.logicalGateway,
      U2O_INTERCONNECTION: u.u2oInterconnection,
    },
  };
  if (stack) {
    values[stack.netStack] = { POD_CIDR: cluster.podCidr, ...(podGateway ? { POD_GATEWAY: podGateway } : {}) };
  }
  return values;
}

/**
 * Kube-OVN's rules for the install-time underlay that need no live cluster. Each message names the
 * field and its chart value; the cluster prefixes `cluster "<name>": `.
 */
export function checkInstallUnderlay(cluster: InstallUnderlayCluster): string[] {
  if (!cluster.installUnderlay) return [];
  const u = resolveInstallUnderlay(cluster.installUnderlay);
  const errors: string[] = [];
  const ifError = checkInterfaceName(u.interfaceName);
  if (ifError) errors.push(`installUnderlay.interfaceName (VLAN_INTERFACE_NAME) ${ifError}`);
  const idError = checkVlanId(u.vlanId);
  if (idError) errors.push(`installUnderlay.vlanId (VLAN_ID) ${idError}`);
  const pnError = checkProviderNetworkName(u.providerName);
  if (pnError) errors.push(`installUnderlay.providerName (PROVIDER_NAME) ${pnError}`);
  const vlanError = checkDnsSubdomain(u.vlanName);
  if (vlanError) errors.push(`installUnderlay.vlanName (VLAN_NAME) ${vlanError} (it names the Vlan object)`);
  if (u.logicalGateway && u.u2oInterconnection) {
    errors.push('installUnderlay.logicalGateway (LOGICAL_GATEWAY) and installUnderlay.u2oInterconnection (U2O_INTERCONNECTION) are both true; kube-ovn-controller refuses to start with both, keep one of them');
  }
  // POD_CIDR itself is checked by the cluster; the gateway and exclusions only when it parses
  if (podStackOf(cluster.podCidr)) {
    const addressing: string[] = [];
    checkSubnetAddressing({ cidrBlock: cluster.podCidr, gateway: u.podGateway, excludeIps: u.excludeIps }, addressing, {
      cidrBlock: 'podCidr (POD_CIDR)',
      gateway: 'installUnderlay.podGateway (POD_GATEWAY)',
      excludeIps: 'installUnderlay.excludeIps (EXCLUDE_IPS)',
    });
    // the CIDR's own rules (reserved ranges, /32) are the cluster's podCidr check: reported there once
    errors.push(...addressing.filter((e) => !e.startsWith('podCidr (POD_CIDR) ')));
  }
  return errors;
}
