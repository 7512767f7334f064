/**
 * The CNI a cluster runs. OVN-IC and the Kube-OVN objects need Kube-OVN; any CNI can join
 * through Submariner.
 */
export class Cni {
  /** Kube-OVN: ovn-default, join subnet, OVN-IC capable. */
  public static readonly KUBE_OVN = new Cni('kube-ovn', true);
  /** ovn-kubernetes (cluster-ip-subnet as the pod CIDR). */
  public static readonly OVN_KUBERNETES = new Cni('ovn-kubernetes', false);
  /** Spiderpool with macvlan underlay pods. */
  public static readonly SPIDERPOOL_MACVLAN = new Cni('spiderpool-macvlan', false);

  /** Any other CNI, by name. */
  public static of(name: string): Cni {
    return new Cni(name, false);
  }

  private constructor(public readonly name: string, public readonly isKubeOvn: boolean) {}
}
