import { Construct } from 'constructs';
import { addWarnings } from '../rules';
import type { DeliveredCluster } from './delivery';
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
  public readonly cluster: DeliveredCluster;
  /** Options in force for this cluster. */
  public readonly install: ResolvedKubeOvnInstall;
  /** Helm values, nested as in the chart's values.yaml. */
  public readonly values: ChartValues;

  protected constructor(scope: Construct, id: string, cluster: DeliveredCluster, install: ResolvedKubeOvnInstall, tool: string) {
    super(scope, id);
    this.cluster = cluster;
    this.install = install;
    this.values = kubeOvnChartValues(cluster.network, install, cluster.interconnected);
    const label = `cluster "${cluster.name}", kube-ovn chart (${tool})`;
    let checked: { errors: string[]; warnings: string[] } | undefined;
    const check = () => (checked ??= checkKubeOvnInstall(cluster.network, install, this.values, cluster.folder.subnets));
    this.node.addValidation({ validate: () => check().errors.map((e) => `${label}: ${e}`) });
    addWarnings(this, () => check().warnings.map((w) => `${label}: ${w}`));
  }
}
