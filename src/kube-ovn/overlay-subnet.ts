import { Construct } from 'constructs';
import { DEFAULT_VPC, SubnetBase, SubnetBaseProps } from './subnet';

/** Props of {@link OverlaySubnet}. */
export interface OverlaySubnetProps extends SubnetBaseProps {
  /**
   * Keep this subnet out of OVN-IC route advertisement (it stays reachable only inside its
   * cluster, and may then overlap subnets of other clusters).
   * @default false
   */
  readonly disableInterConnection?: boolean;
  /**
   * SNAT pod traffic leaving the cluster.
   * @default false
   */
  readonly natOutgoing?: boolean;
}

/** A Kube-OVN overlay subnet in the default VPC `ovn-cluster`, the kind OVN-IC interconnects. */
export class OverlaySubnet extends SubnetBase {
  /** True when OVN-IC (auto-route) advertises a subnet with these props to the other clusters. */
  public static advertised(props: Pick<OverlaySubnetProps, 'disableInterConnection'>): boolean {
    return !(props.disableInterConnection ?? false);
  }

  constructor(scope: Construct, id: string, props: OverlaySubnetProps) {
    super(scope, id, props, {
      vpc: DEFAULT_VPC,
      disableInterConnection: props.disableInterConnection ?? false,
      spec: props.natOutgoing === undefined ? {} : { natOutgoing: props.natOutgoing },
    });
  }
}
