import { Construct } from 'constructs';
import { DEFAULT_VPC, SubnetBase, SubnetBaseProps } from '../kube-ovn/subnet';
import { isExcluded } from '../kube-ovn/subnet-rules';
import { addWarnings, ClusterNetwork, tryIp } from '../rules';
import { otherCluster } from './same-cluster';
import type { IVlan } from './vlan';

/** Options of {@link Vlan.addSubnet}. */
export interface UnderlaySubnetOptions extends SubnetBaseProps {
  /**
   * Let OVN act as the gateway (`spec.gateway` becomes an OVN router port) for a physical network
   * that has none. Mutually exclusive with `u2oInterconnection`.
   * @default false
   */
  readonly logicalGateway?: boolean;
  /**
   * Connect this underlay subnet to a VPC router so its pods and overlay pods reach each other by
   * pod IP; other traffic still leaves through the physical gateway. Kube-OVN takes one more
   * address of the subnet for the router port. Mutually exclusive with `logicalGateway`.
   * @default false
   */
  readonly u2oInterconnection?: boolean;
  /**
   * The address the u2o router port takes, one per family. Only with `u2oInterconnection`.
   * @default - Kube-OVN picks a free address of the subnet
   */
  readonly u2oInterconnectionIp?: string;
  /**
   * The VPC whose router `u2oInterconnection` connects to. Underlay subnets have no VPC isolation
   * (their traffic is bridged to the physical network), so another VPC only matters with u2o.
   * @default 'ovn-cluster'
   */
  readonly vpc?: string;
  /**
   * Keep the subnet out of OVN-IC route advertisement. Underlay ranges belong to the physical
   * network, which routes them between sites, so they are not advertised unless you opt in with
   * `false`; that needs a router port in the default VPC (`logicalGateway` or
   * `u2oInterconnection`) and then the range must not overlap any other cluster's advertised one.
   * @default true
   */
  readonly disableInterConnection?: boolean;
}

/** Props of {@link UnderlaySubnet}. */
export interface UnderlaySubnetProps extends UnderlaySubnetOptions {
  /** The VLAN the subnet's pods are bridged onto. */
  readonly vlan: IVlan;
  /**
   * The cluster the subnet belongs to (see {@link SubnetBaseProps.cluster}).
   * @default - the VLAN's cluster (`vlan.cluster`); without one the cluster checks are skipped
   */
  readonly cluster?: ClusterNetwork;
}

/**
 * A Kube-OVN underlay `Subnet`: its pods get addresses of a physical network and reach it through
 * the VLAN's provider network. The protocol is derived from `cidrBlock`; `gateway` is the physical
 * gateway (or, with `logicalGateway`, the OVN router's address).
 *
 * OVN-IC connects overlay subnets only, so by default an underlay subnet renders
 * `disableInterConnection: true`: it stays on the cluster's route blacklist, and the cross-cluster
 * overlap check leaves it out (it only warns when another cluster advertises an overlapping range).
 * With `disableInterConnection: false` it is advertised like an overlay subnet (it needs a router
 * port for that) and checked like one.
 */
export class UnderlaySubnet extends SubnetBase {
  /**
   * True when OVN-IC (auto-route) advertises a subnet with these props: only on opt-in
   * (`disableInterConnection: false`), and only through a router port in the default VPC.
   */
  public static advertised(props: Pick<UnderlaySubnetOptions, 'disableInterConnection' | 'vpc' | 'logicalGateway' | 'u2oInterconnection'>): boolean {
    return !(props.disableInterConnection ?? true) && connectedToDefaultRouter(props);
  }

  /** The VLAN the subnet is bound to. */
  public readonly vlan: IVlan;
  /** True when OVN is the subnet's gateway. */
  public readonly logicalGateway: boolean;
  /** True when the subnet is connected to a VPC router for overlay-underlay traffic. */
  public readonly u2oInterconnection: boolean;
  /** The fixed u2o router port address, when given. */
  public readonly u2oInterconnectionIp?: string;

  constructor(scope: Construct, id: string, props: UnderlaySubnetProps) {
    const logicalGateway = props.logicalGateway ?? false;
    const u2oInterconnection = props.u2oInterconnection ?? false;
    // a subnet given no cluster belongs to its VLAN's
    super(scope, id, { ...props, cluster: props.cluster ?? props.vlan.cluster }, {
      vpc: props.vpc ?? DEFAULT_VPC,
      vlan: props.vlan.vlanName,
      disableInterConnection: props.disableInterConnection ?? true,
      spec: {
        logicalGateway,
        u2OInterconnection: u2oInterconnection,
        u2OInterconnectionIp: props.u2oInterconnectionIp,
      },
    });
    this.vlan = props.vlan;
    this.logicalGateway = logicalGateway;
    this.u2oInterconnection = u2oInterconnection;
    this.u2oInterconnectionIp = props.u2oInterconnectionIp;
    addWarnings(this, () => this.warnings().map((w) => `${this.label}: ${w}`));
  }

  /** True when the subnet has a port on the default VPC's router, which OVN-IC advertises from. */
  public get connectedToDefaultRouter(): boolean {
    return connectedToDefaultRouter(this);
  }

  /** Advertised only on opt-in, and only through a router port in the default VPC (the fleet's rules use the same {@link advertised}). */
  public override get advertisedThroughInterconnection(): boolean {
    return UnderlaySubnet.advertised(this);
  }

  protected override validateKind(): string[] {
    const errors: string[] = [];
    if (this.logicalGateway && this.u2oInterconnection) {
      errors.push('spec.logicalGateway and spec.u2oInterconnection are both true; Kube-OVN rejects the pair, keep logicalGateway (OVN is the gateway) or u2oInterconnection (the physical gateway stays, overlay pods become reachable)');
    }
    if (this.u2oInterconnectionIp !== undefined) {
      if (!this.u2oInterconnection) {
        errors.push(`spec.u2oInterconnectionIP ${this.u2oInterconnectionIp} is set but spec.u2oInterconnection is false; Kube-OVN clears it, set u2oInterconnection: true or remove the address`);
      }
      errors.push(...this.checkU2oIp(this.u2oInterconnectionIp));
    }
    if (!this.disableInterConnection) {
      if (this.vpc !== DEFAULT_VPC) {
        errors.push(`spec.disableInterConnection is false but spec.vpc is "${this.vpc}"; OVN-IC connects only the default VPC ${DEFAULT_VPC}, leave disableInterConnection at its default (true)`);
      } else if (!this.connectedToDefaultRouter) {
        errors.push('spec.disableInterConnection is false but the subnet has no port on the ovn-cluster router, so OVN-IC has nothing to advertise; set logicalGateway or u2oInterconnection, or leave disableInterConnection at its default (true)');
      }
    }
    const owner = otherCluster(this, this.cluster, this.vlan);
    if (owner) {
      errors.push(`spec.vlan "${this.vlan.vlanName}" is a Vlan of ${owner}; a subnet can only use a VLAN of its own cluster, declare one there`);
    }
    return errors;
  }

  /** Inside the CIDR (one per family), not excluded, not the gateway: Kube-OVN must be able to allocate it. */
  private checkU2oIp(value: string): string[] {
    const field = 'spec.u2oInterconnectionIP';
    const errors: string[] = [];
    const addressing = this.addressing;
    if (!addressing) return errors; // the cidrBlock problem is reported already
    const parts = value.split(',');
    if (parts.length > addressing.cidrs.length) {
      errors.push(`${field} "${value}" has ${parts.length} addresses but spec.cidrBlock has ${addressing.cidrs.length} CIDR(s); give at most one address per family`);
      return errors;
    }
    const seen = new Set<string>();
    for (const part of parts) {
      const ip = tryIp(part, field, errors);
      if (!ip) continue;
      if (seen.has(ip.family)) {
        errors.push(`${field} "${value}" has two ${ip.family} addresses; give at most one per family`);
        continue;
      }
      seen.add(ip.family);
      const cidr = addressing.cidrs.find((c) => c.family === ip.family);
      if (!cidr || !cidr.contains(ip)) {
        errors.push(`${field} ${ip.text} is not inside spec.cidrBlock ${this.cidrBlock}; Kube-OVN rejects it, use a free address of the subnet`);
      } else if (ip.value === cidr.network || (cidr.family === 'IPv4' && ip.value === cidr.last)) {
        errors.push(`${field} ${ip.text} is the ${ip.value === cidr.network ? 'network' : 'broadcast'} address of ${cidr}; use a free host address of the subnet`);
      } else if (addressing.gateways.some((g) => g.value === ip.value && g.family === ip.family)) {
        errors.push(`${field} ${ip.text} is the subnet's gateway; the u2o router port needs its own address, use a free one`);
      } else if (isExcluded(ip, addressing.excluded)) {
        errors.push(`${field} ${ip.text} is in spec.excludeIps, so Kube-OVN cannot allocate it; use an address outside excludeIps`);
      }
    }
    return errors;
  }

  private warnings(): string[] {
    if (this.vpc !== DEFAULT_VPC && !this.u2oInterconnection) {
      return [`spec.vpc is "${this.vpc}" without u2oInterconnection; underlay subnets have no VPC isolation (their traffic is bridged to the physical network), so the VPC only chooses the router u2oInterconnection connects to. Set u2oInterconnection: true or drop vpc`];
    }
    return [];
  }
}

/** A port on the default VPC's router, which OVN-IC advertises from: OVN as gateway or u2o interconnection. */
function connectedToDefaultRouter(props: Pick<UnderlaySubnetOptions, 'vpc' | 'logicalGateway' | 'u2oInterconnection'>): boolean {
  return (props.vpc ?? DEFAULT_VPC) === DEFAULT_VPC && !!(props.logicalGateway || props.u2oInterconnection);
}
