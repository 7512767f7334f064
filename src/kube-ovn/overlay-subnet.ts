import { Construct } from 'constructs';
import { DEFAULT_VPC, SubnetBase, SubnetBaseProps } from './subnet';
import { isOvnProvider } from './subnet-spec';

/** Props of {@link OverlaySubnet}. */
export interface OverlaySubnetProps extends SubnetBaseProps {
  /**
   * Keep this subnet out of OVN-IC route advertisement (it stays reachable only inside its
   * cluster, and may then overlap subnets of other clusters).
   * @default false
   */
  readonly disableInterConnection?: boolean;
  /**
   * `spec.vpc`: the VPC of the subnet. OVN-IC interconnects the default VPC only, so a subnet of another VPC is
   * never advertised to other clusters (and may overlap their ranges); that VPC must exist in the cluster.
   * @default 'ovn-cluster'
   */
  readonly vpc?: string;
}

/**
 * A Kube-OVN overlay subnet, by default in the default VPC `ovn-cluster`, the kind OVN-IC interconnects. Every
 * field of the Subnet spec but the underlay ones (vlan, logicalGateway, u2oInterconnection) is a prop.
 */
export class OverlaySubnet extends SubnetBase {
  /** True when OVN-IC (auto-route) advertises a subnet with these props to the other clusters. */
  public static advertised(props: Pick<OverlaySubnetProps, 'disableInterConnection' | 'vpc' | 'provider'>): boolean {
    return !(props.disableInterConnection ?? false) && (props.vpc ?? DEFAULT_VPC) === DEFAULT_VPC && isOvnProvider(props.provider);
  }

  /** True when OVN-IC advertises this subnet (see {@link advertised}). */
  public override get advertisedThroughInterconnection(): boolean {
    return OverlaySubnet.advertised(this.overlayProps);
  }

  private readonly overlayProps: OverlaySubnetProps;

  constructor(scope: Construct, id: string, props: OverlaySubnetProps) {
    super(scope, id, props, {
      vpc: props.vpc ?? DEFAULT_VPC,
      disableInterConnection: props.disableInterConnection ?? false,
    });
    this.overlayProps = props;
  }
}
