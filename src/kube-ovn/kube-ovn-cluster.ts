import type { ClusterNetwork } from '../rules';

/**
 * Kube-OVN objects (kubeovn.io: Subnet, ProviderNetwork, Vlan) need a cluster that runs Kube-OVN:
 * elsewhere their CRDs do not exist and nothing acts on them. A cluster runs Kube-OVN when its `cni`
 * says so, or, without `cni`, when it has a join subnet (see `ClusterNetwork.cni`). Nothing is
 * checked without a cluster. The message has no label; the construct adds it.
 */
export function checkKubeOvnCluster(cluster: ClusterNetwork | undefined, kind: string): string[] {
  if (!cluster) return [];
  if (cluster.cni) {
    return cluster.cni.isKubeOvn ? [] : [`a ${kind} needs Kube-OVN, but the cluster's CNI is ${cluster.cni.name}, which serves no kubeovn.io objects; declare it in a Kube-OVN cluster or remove it`];
  }
  return cluster.joinCidr !== undefined ? [] : [`a ${kind} needs Kube-OVN, but the cluster has no join subnet (joinCidr), so its CNI is not Kube-OVN; give the cluster its joinCidr if it runs Kube-OVN, else remove the ${kind}`];
}
