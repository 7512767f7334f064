import { Construct } from 'constructs';
import { FleetCluster } from '../fleet/cluster';
import { addWarnings } from '../rules';
import { ChartValues, checkKubeOvnInstall, kubeOvnChartValues, ResolvedKubeOvnInstall } from './kube-ovn-chart';

/** Release name and namespace of the kube-ovn chart (its templates hard-code kube-system). */
export const KUBE_OVN_RELEASE = 'kube-ovn';
export const KUBE_OVN_NAMESPACE = 'kube-system';

/**
 * Kube-OVN installed on one cluster from the kube-ovn Helm chart, by Argo CD or Flux. Holds the
 * chart values derived from the fleet model and reports the install's problems with the
 * construct path; subclasses render the tool's object.
 */
export abstract class KubeOvnInstallation extends Construct {
  /** The cluster Kube-OVN is installed on. */
  public readonly cluster: FleetCluster;
  /** Options in force for this cluster. */
  public readonly install: ResolvedKubeOvnInstall;
  /** Helm values, nested as in the chart's values.yaml. */
  public readonly values: ChartValues;

  protected constructor(scope: Construct, id: string, cluster: FleetCluster, install: ResolvedKubeOvnInstall, tool: string) {
    super(scope, id);
    this.cluster = cluster;
    this.install = install;
    this.values = kubeOvnChartValues(cluster, install);
    const label = `cluster "${cluster.name}", kube-ovn chart (${tool})`;
    // computed once, at validation time: the fleet is complete by then
    let checked: { errors: string[]; warnings: string[] } | undefined;
    const check = () => (checked ??= checkKubeOvnInstall(cluster, install, this.values));
    this.node.addValidation({ validate: () => check().errors.map((e) => `${label}: ${e}`) });
    addWarnings(this, () => check().warnings.map((w) => `${label}: ${w}`));
  }
}
