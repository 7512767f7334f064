import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterNetwork, clusterLabel } from '../rules';

/**
 * `cluster "x"` when `ref` (a provider network or Vlan referred to by `scope`) belongs to another
 * cluster than `scope`: it is a construct of another chart, or it names another cluster than the
 * one `scope` is given (e.g. `fromInstallUnderlay` of another cluster). Undefined when it is the same.
 */
export function otherCluster(scope: IConstruct, cluster: ClusterNetwork | undefined, ref: { readonly cluster?: ClusterNetwork }): string | undefined {
  if (Construct.isConstruct(ref) && Chart.of(ref) !== Chart.of(scope)) return clusterLabel(ref, ref.cluster);
  if (ref.cluster && cluster && ref.cluster.name !== cluster.name) return clusterLabel(scope, ref.cluster);
  return undefined;
}
