import { App, Chart } from 'cdk8s';
import { ClusterNetwork, Cni, IcDatabase, InterconnectedCluster, InterconnectedClusterProps, KubeOvnImage } from '../../src';
import { collectProblems } from '../../src/rules/problems';

/**
 * The clusters of `twoClusterFleet()` (test/support/fleets.ts) as plain `ClusterNetwork` data, for
 * constructs built in a plain cdk8s chart: what the fleet resolves them to.
 */
export const AZ1: ClusterNetwork = {
  name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12',
  masterNodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], gatewayNodes: ['az1-gw1', 'az1-gw2', 'az1-gw3'],
  cni: Cni.KUBE_OVN, kubeOvnImage: KubeOvnImage.DEFAULT,
};
export const AZ2: ClusterNetwork = {
  name: 'az2', podCidr: '10.17.0.0/16', joinCidr: '100.65.0.0/16', serviceCidr: '10.96.0.0/12',
  masterNodeIps: ['192.168.66.1'], gatewayNodes: ['az2-gw1', 'az2-gw2', 'az2-gw3'],
  cni: Cni.KUBE_OVN, kubeOvnImage: KubeOvnImage.DEFAULT,
};

/** The IC database an IcServer on az1's masters runs (TS_NUM 3). */
export const AZ1_DB = IcDatabase.inCluster('az1', AZ1.masterNodeIps, 3);

/** A plain cdk8s chart (no fleet) named after the cluster, as the fleet names each cluster's chart. */
export function plainChart(name: string): Chart {
  // Testing.synth never writes: the App's output folder is never created
  return new Chart(new App(), name);
}

/** One InterconnectedCluster for `cluster` (default az2, on az1's database) in a plain chart. */
export function plainInterconnection(props: Partial<InterconnectedClusterProps> = {}, cluster: ClusterNetwork = AZ2) {
  const chart = plainChart(cluster.name);
  const ic = new InterconnectedCluster(chart, 'Interconnection', { cluster, icDatabase: AZ1_DB, ...props });
  return { chart, ic };
}

/** The errors and warnings of a chart's constructs, `[path] message`, as the fleet renderer collects them. */
export function problemsOf(chart: Chart): { errors: string[]; warnings: string[] } {
  return collectProblems(chart);
}
